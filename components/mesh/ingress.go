package mesh

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/charts"
	"github.com/ip-platform/infra/internal/helmvalues"
)

// IngressBackend is a service namespace the ingress gateway sends requests to.
type IngressBackend struct {
	// Namespace is the service's namespace, allowed to attach HTTPRoutes to the Gateway. Required.
	Namespace string
	// PodLabels select the service's pods. Required.
	PodLabels map[string]string
	// APIPort is the pods' API port. Required.
	APIPort int
}

// IngressGatewayArgs describes the mesh's ingress gateway.
type IngressGatewayArgs struct {
	// Hostname is the API's public host name, the only one the Gateway's listener accepts (the
	// ALB in front forwards the client's Host header). Required.
	Hostname string
	// LoadBalancerCidrs are the blocks the load balancer in front sends from (its subnets): the
	// only sources admitted to the gateway's HTTP and readiness ports. Required.
	LoadBalancerCidrs []string
	// Backends are the service namespaces behind the gateway. Required, at least one.
	Backends []IngressBackend
	// Scraper is the Prometheus admitted to the gateway's metrics port. Required.
	Scraper Scraper
	// MinReplicas and MaxReplicas bound the gateway's HPA: MinReplicas from 1, MaxReplicas from
	// MinReplicas to 20. Defaults to 1 and 3. Above one replica the chart adds a PodDisruptionBudget
	// keeping one up.
	MinReplicas int
	MaxReplicas int
	// Resources of each gateway pod's Envoy. Defaults to IngressGatewayResources.
	Resources helmvalues.Resources
	// Charts installs the gateway chart. Optional; nil installs with Helm.
	Charts charts.Installer
	// After are what the Gateway waits for: Mesh.Ready (the Gateway API CRDs and istiod). Optional.
	After []pulumi.Resource
}

// IngressGatewayResources is the default size of a gateway pod: requests for the services' steady
// traffic, limits for a burst (the HPA adds pods long before a pod reaches them).
var IngressGatewayResources = helmvalues.NewResources("100m", "128Mi", "1", "512Mi")

// maxIngressReplicas bounds the HPA: beyond it the gateway is not what needs fixing.
const maxIngressReplicas = 20

// IngressGateway is the mesh's entry for external traffic: the gateway chart's Envoy pods, the
// Gateway API Gateway bound to them, and their namespace's policies.
type IngressGateway struct {
	pulumi.ResourceState

	// Namespace, ServiceName and Port are where the load balancer in front sends requests.
	Namespace   string
	ServiceName string
	Port        int
	// ReadinessPath and ReadinessPort are its health check.
	ReadinessPath string
	ReadinessPort int
	// GatewayName and Listener are what the services' edge HTTPRoutes attach to.
	GatewayName string
	Listener    string
}

// NewIngressGateway installs the gateway chart in its own namespace and binds a Gateway of class
// istio to it.
//
// Why the chart and a bound Gateway rather than a Gateway alone (for which istiod would create
// the Deployment and Service): the chart's objects are ours, so their size, HPA, PDB, zone spread
// and restricted securityContext are typed values that the chart check and the real-engine check
// prove, where istiod's would exist only at run time and, in the real-engine check (where istiod
// is a stand-in), not at all. The Gateway names the chart's Service in spec.addresses, which tells
// istiod to configure those pods instead of deploying its own (Istio's "manual deployment",
// istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/#manual-deployment, read
// 2026-12-02).
func NewIngressGateway(ctx *pulumi.Context, name string, args *IngressGatewayArgs, opts ...pulumi.ResourceOption) (*IngressGateway, error) {
	a, err := ingressDefaults(args)
	if err != nil {
		return nil, fmt.Errorf("mesh ingress gateway %s: %w", name, err)
	}
	g := &IngressGateway{
		Namespace: IngressNamespace, ServiceName: IngressGatewayName, Port: IngressHTTPPort,
		ReadinessPath: IngressReadinessPath, ReadinessPort: IngressReadinessPort,
		GatewayName: IngressGatewayName, Listener: IngressListener,
	}
	if err := ctx.RegisterComponentResourceV2("ip-platform:mesh:IngressGateway", name, pulumi.Map{
		"hostname":     pulumi.String(a.Hostname),
		"minReplicas":  pulumi.Int(a.MinReplicas),
		"maxReplicas":  pulumi.Int(a.MaxReplicas),
		"chartVersion": pulumi.String(GatewayChart.Version),
	}, g, opts...); err != nil {
		return nil, err
	}
	if err := g.build(ctx, name, a); err != nil {
		return nil, fmt.Errorf("mesh ingress gateway %s: %w", name, err)
	}
	return g, ctx.RegisterResourceOutputs(g, pulumi.Map{
		"namespace": pulumi.String(g.Namespace), "service": pulumi.String(g.ServiceName), "principal": pulumi.String(IngressPrincipal()),
	})
}

func ingressDefaults(args *IngressGatewayArgs) (IngressGatewayArgs, error) {
	if args == nil {
		return IngressGatewayArgs{}, fmt.Errorf("args are required")
	}
	a := *args
	if a.MinReplicas == 0 {
		a.MinReplicas = 1
	}
	if a.MaxReplicas == 0 {
		a.MaxReplicas = max(3, a.MinReplicas)
	}
	if a.Resources == (helmvalues.Resources{}) {
		a.Resources = IngressGatewayResources
	}
	switch {
	case a.Hostname == "":
		return a, fmt.Errorf("Hostname is required: the listener accepts the API's host name only")
	case len(a.LoadBalancerCidrs) == 0:
		return a, fmt.Errorf("LoadBalancerCidrs is required: the load balancer's blocks are the only source of requests")
	case len(a.Backends) == 0:
		return a, fmt.Errorf("Backends is required: at least one service namespace")
	case a.Scraper.Namespace == "" || len(a.Scraper.PodLabels) == 0:
		return a, fmt.Errorf("Scraper.Namespace and Scraper.PodLabels are required")
	case a.MinReplicas < 1:
		return a, fmt.Errorf("MinReplicas (%d) must be at least 1", a.MinReplicas)
	case a.MaxReplicas < a.MinReplicas || a.MaxReplicas > maxIngressReplicas:
		return a, fmt.Errorf("MaxReplicas (%d) must be from MinReplicas (%d) to %d", a.MaxReplicas, a.MinReplicas, maxIngressReplicas)
	}
	for i, b := range a.Backends {
		if b.Namespace == "" || len(b.PodLabels) == 0 || b.APIPort < 1 || b.APIPort > 65535 {
			return a, fmt.Errorf("Backends[%d] needs Namespace, PodLabels and an APIPort from 1 to 65535", i)
		}
	}
	return a, nil
}

func (g *IngressGateway) build(ctx *pulumi.Context, name string, a IngressGatewayArgs) error {
	parent := pulumi.Parent(g)
	ns, err := corev1.NewNamespace(ctx, name+"-namespace", &corev1.NamespaceArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(IngressNamespace), Labels: pulumi.ToStringMap(ingressNamespaceLabels())},
	}, parent)
	if err != nil {
		return fmt.Errorf("namespace: %w", err)
	}
	namespace := ns.Metadata.Name().Elem()
	if err := ingressNetworkPolicies(ctx, name, namespace, a, parent); err != nil {
		return err
	}
	values, err := helmvalues.ToMap(buildGatewayValues(a))
	if err != nil {
		return fmt.Errorf("gateway values: %w", err)
	}
	// After the control plane: the gateway's pods get their Envoy from istiod's injection webhook
	// (the chart's image is "auto") and their configuration and certificate from istiod.
	release, err := charts.Or(a.Charts).Install(ctx, name+"-chart", charts.Release{
		Name: IngressGatewayName, Namespace: namespace, Chart: GatewayChart, Values: pulumi.ToMap(values),
	}, parent, pulumi.DependsOn(a.After))
	if err != nil {
		return fmt.Errorf("gateway chart: %w", err)
	}
	if _, err := apiextensions.NewCustomResource(ctx, name+"-gateway", &apiextensions.CustomResourceArgs{
		ApiVersion: pulumi.String(gatewayAPIVersion), Kind: pulumi.String("Gateway"),
		Metadata:    &metav1.ObjectMetaArgs{Name: pulumi.String(IngressGatewayName), Namespace: namespace, Labels: pulumi.ToStringMap(partOf)},
		OtherFields: map[string]any{"spec": ingressGatewaySpec(a)},
	}, parent, pulumi.DependsOn(append([]pulumi.Resource{release}, a.After...))); err != nil {
		return fmt.Errorf("gateway: %w", err)
	}
	return nil
}

// ingressNamespaceLabels: restricted at every level, and out of ambient capture (the gateway is a
// proxy with its own mTLS).
func ingressNamespaceLabels() map[string]string {
	l := map[string]string{
		"pod-security.kubernetes.io/enforce": "restricted",
		"pod-security.kubernetes.io/warn":    "restricted",
		"pod-security.kubernetes.io/audit":   "restricted",
	}
	for k, v := range partOf {
		l[k] = v
	}
	return l
}

// ingressGatewaySpec is the Gateway bound to the chart's Service: one plain-HTTP listener for the
// API's host name, routes attachable from the service namespaces only.
func ingressGatewaySpec(a IngressGatewayArgs) map[string]any {
	namespaces := make([]string, 0, len(a.Backends))
	for _, b := range a.Backends {
		namespaces = append(namespaces, b.Namespace)
	}
	slices.Sort(namespaces)
	return map[string]any{
		"gatewayClassName": "istio",
		"addresses": []any{map[string]any{
			"type": "Hostname", "value": IngressGatewayName + "." + IngressNamespace + ".svc.cluster.local",
		}},
		"listeners": []any{map[string]any{
			"name": IngressListener, "port": IngressHTTPPort, "protocol": "HTTP", "hostname": a.Hostname,
			"allowedRoutes": map[string]any{
				"kinds": []any{map[string]any{"kind": "HTTPRoute"}},
				"namespaces": map[string]any{"from": "Selector", "selector": map[string]any{
					"matchExpressions": []any{map[string]any{"key": namespaceNameLabel, "operator": "In", "values": strs(namespaces)}},
				}},
			},
		}},
	}
}
