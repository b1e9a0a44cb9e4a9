package mesh

import (
	"fmt"
	"strconv"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	networkingv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/networking/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Scraper is the monitoring system admitted to a service's management port.
type Scraper struct {
	// Namespace and ServiceAccount are where it runs and as whom: its mesh identity
	// (Principal(Namespace, ServiceAccount)). Required.
	Namespace      string
	ServiceAccount string
	// PodLabels select its pods, the NetworkPolicy peer of its HBONE connections. Required.
	PodLabels map[string]string
}

// WorkloadArgs describes one service namespace enrolled in the mesh.
type WorkloadArgs struct {
	// ServiceName is the service's name: its pods carry app.kubernetes.io/name=ServiceName, and
	// it names the service's policies. Required.
	ServiceName string
	// Namespace is the service's namespace, enrolled with NamespaceLabels. Pass the namespace's
	// name output so that everything here waits for it. Required.
	Namespace pulumi.StringInput
	// APIPort is the port the gateway sends requests to. Required.
	APIPort int
	// ManagementPort serves health and metrics. Defaults to APIPort.
	ManagementPort int
	// Ingress is the mesh identity admitted to the API port: the ingress gateway's
	// (IngressPrincipal()), the only caller the API has. Required.
	Ingress string
	// Scraper is the Prometheus admitted to the management port. Required.
	Scraper Scraper
	// After are what the custom resources wait for: Mesh.Ready. Optional.
	After []pulumi.Resource
}

// Workload is a service namespace's mesh objects: its waypoint and its policies.
type Workload struct {
	pulumi.ResourceState

	// Waypoint is the name of the namespace's waypoint Gateway (WaypointName).
	Waypoint string
}

const labelName = "app.kubernetes.io/name"

// NewWorkload creates a service namespace's waypoint, its AuthorizationPolicy and the waypoint's
// NetworkPolicy.
func NewWorkload(ctx *pulumi.Context, name string, args *WorkloadArgs, opts ...pulumi.ResourceOption) (*Workload, error) {
	a, err := workloadDefaults(args)
	if err != nil {
		return nil, fmt.Errorf("mesh workload %s: %w", name, err)
	}
	w := &Workload{Waypoint: WaypointName}
	err = ctx.RegisterComponentResourceV2("ip-platform:mesh:Workload", name, pulumi.Map{
		"serviceName": pulumi.String(a.ServiceName),
		"waypoint":    pulumi.String(WaypointName),
	}, w, opts...)
	if err != nil {
		return nil, err
	}
	parent := pulumi.Parent(w)
	afterMesh := []pulumi.ResourceOption{parent, pulumi.DependsOn(a.After)}
	meta := func(objName string, labels map[string]string) *metav1.ObjectMetaArgs {
		l := map[string]string{labelName: a.ServiceName}
		for k, v := range partOf {
			l[k] = v
		}
		for k, v := range labels {
			l[k] = v
		}
		return &metav1.ObjectMetaArgs{Name: pulumi.String(objName), Namespace: a.Namespace, Labels: pulumi.ToStringMap(l)}
	}
	custom := func(suffix, apiVersion, kind string, m *metav1.ObjectMetaArgs, spec map[string]any) error {
		_, err := apiextensions.NewCustomResource(ctx, name+suffix, &apiextensions.CustomResourceArgs{
			ApiVersion: pulumi.String(apiVersion), Kind: pulumi.String(kind), Metadata: m,
			OtherFields: map[string]any{"spec": spec},
		}, afterMesh...)
		if err != nil {
			return fmt.Errorf("mesh workload %s: %s: %w", name, kind, err)
		}
		return nil
	}

	// Only Services' traffic goes through the waypoint (its default, made explicit): Prometheus
	// scrapes pod addresses, which ztunnel carries straight to the pod.
	if err := custom("-waypoint", gatewayAPIVersion, "Gateway", meta(WaypointName, map[string]string{"istio.io/waypoint-for": "service"}), waypointSpec()); err != nil {
		return nil, err
	}
	if err := custom("-authorization", securityAPIVersion, "AuthorizationPolicy", meta(a.ServiceName, nil), authorizationSpec(a)); err != nil {
		return nil, err
	}
	if _, err := networkingv1.NewNetworkPolicy(ctx, name+"-waypoint-network", &networkingv1.NetworkPolicyArgs{
		Metadata: meta(WaypointName, nil),
		Spec:     waypointNetworkPolicy(a),
	}, parent); err != nil {
		return nil, fmt.Errorf("mesh workload %s: waypoint NetworkPolicy: %w", name, err)
	}
	return w, ctx.RegisterResourceOutputs(w, pulumi.Map{"waypoint": pulumi.String(WaypointName)})
}

func workloadDefaults(args *WorkloadArgs) (WorkloadArgs, error) {
	if args == nil {
		return WorkloadArgs{}, fmt.Errorf("args are required")
	}
	a := *args
	if a.ManagementPort == 0 {
		a.ManagementPort = a.APIPort
	}
	switch {
	case a.ServiceName == "":
		return a, fmt.Errorf("ServiceName is required")
	case a.Namespace == nil:
		return a, fmt.Errorf("Namespace is required")
	case a.APIPort < 1 || a.APIPort > 65535:
		return a, fmt.Errorf("APIPort (%d) must be a port number", a.APIPort)
	case a.ManagementPort < 1 || a.ManagementPort > 65535:
		return a, fmt.Errorf("ManagementPort (%d) must be a port number", a.ManagementPort)
	case a.Ingress == "":
		return a, fmt.Errorf("Ingress is required: the ingress gateway's identity is the only source of API requests")
	case a.Scraper.Namespace == "" || a.Scraper.ServiceAccount == "":
		return a, fmt.Errorf("Scraper.Namespace and Scraper.ServiceAccount are required: they are Prometheus's mesh identity")
	case len(a.Scraper.PodLabels) == 0:
		return a, fmt.Errorf("Scraper.PodLabels is required")
	}
	return a, nil
}

func waypointSpec() map[string]any {
	return map[string]any{
		"gatewayClassName": WaypointClass,
		"listeners": []any{map[string]any{
			"name": "mesh", "port": HBONEPort, "protocol": "HBONE",
		}},
	}
}

func portStrings(ports []int) []any {
	out := make([]any, len(ports))
	for i, p := range ports {
		out[i] = strconv.Itoa(p)
	}
	return out
}

func strs(in []string) []any {
	out := make([]any, len(in))
	for i, s := range in {
		out[i] = s
	}
	return out
}

func selector(service string) map[string]any {
	return map[string]any{"matchLabels": map[string]any{labelName: service}}
}

// authorizationSpec mirrors the service's NetworkPolicies at the identity level. It selects the
// service's pods (not a waypoint), so ztunnel enforces it on every connection, and it uses only
// layer-4 attributes, all of which ztunnel understands. An ALLOW policy denies whatever none of
// its rules matches: that is the "nothing else".
//
// The API port admits the ingress gateway's identity alone. External requests reach the pods only
// through it: the ALB targets the gateway, and the gateway (an Istio proxy with its own
// certificate) opens HBONE to the pod itself, so ztunnel sees its service account. It goes to the
// pod directly, not through the namespace's waypoint: Istio's default for gateways, so that the
// route's weights and retries, which the gateway has already applied, are not applied twice. No
// other workload may call the API (service to service is not a flow the platform has); a waypoint
// carrying an in-cluster call arrives with its own identity and is refused here. The management
// port admits Prometheus's identity: Prometheus joins the mesh, so its scrapes arrive over mTLS
// carrying its service account. Nothing arrives in plaintext: STRICT mesh-wide, no exception.
func authorizationSpec(a WorkloadArgs) map[string]any {
	return map[string]any{
		"selector": selector(a.ServiceName),
		"action":   "ALLOW",
		"rules": []any{
			map[string]any{
				"from": []any{map[string]any{"source": map[string]any{"principals": []any{a.Ingress}}}},
				"to":   []any{map[string]any{"operation": map[string]any{"ports": portStrings([]int{a.APIPort})}}},
			},
			map[string]any{
				"from": []any{map[string]any{"source": map[string]any{"principals": []any{Principal(a.Scraper.Namespace, a.Scraper.ServiceAccount)}}}},
				"to":   []any{map[string]any{"operation": map[string]any{"ports": portStrings([]int{a.ManagementPort})}}},
			},
		},
	}
}

// waypointNetworkPolicy admits the waypoint's own flows through the namespace's default deny:
// mesh traffic to it (HBONE, from any enrolled pod: who may call the service is the
// AuthorizationPolicy's decision), Prometheus's scrapes, and out to istiod (configuration and
// certificates), cluster DNS and the service's pods.
func waypointNetworkPolicy(a WorkloadArgs) *networkingv1.NetworkPolicySpecArgs {
	anyPod := networkingv1.NetworkPolicyPeerArgs{NamespaceSelector: &metav1.LabelSelectorArgs{}}
	service := networkingv1.NetworkPolicyPeerArgs{PodSelector: &metav1.LabelSelectorArgs{MatchLabels: pulumi.StringMap{labelName: pulumi.String(a.ServiceName)}}}
	return &networkingv1.NetworkPolicySpecArgs{
		PodSelector: &metav1.LabelSelectorArgs{MatchLabels: pulumi.StringMap{LabelGatewayName: pulumi.String(WaypointName)}},
		PolicyTypes: pulumi.StringArray{pulumi.String("Ingress"), pulumi.String("Egress")},
		Ingress: networkingv1.NetworkPolicyIngressRuleArray{
			networkingv1.NetworkPolicyIngressRuleArgs{From: networkingv1.NetworkPolicyPeerArray{anyPod}, Ports: tcpPorts(HBONEPort)},
			networkingv1.NetworkPolicyIngressRuleArgs{
				From:  networkingv1.NetworkPolicyPeerArray{podsIn(a.Scraper.Namespace, a.Scraper.PodLabels)},
				Ports: tcpPorts(waypointMetricsPort),
			},
		},
		Egress: networkingv1.NetworkPolicyEgressRuleArray{
			istiodEgress(),
			dnsEgress(),
			networkingv1.NetworkPolicyEgressRuleArgs{To: networkingv1.NetworkPolicyPeerArray{service}, Ports: tcpPorts(HBONEPort)},
		},
	}
}
