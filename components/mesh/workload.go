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
	// GatewayCidrs are the blocks the gateway's load balancer sends from. Required.
	GatewayCidrs []string
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

// NewWorkload creates a service namespace's waypoint, its AuthorizationPolicy and the mTLS
// exception of the ports the gateway's load balancer reaches.
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
	if err := custom("-load-balancer-mtls", securityAPIVersion, "PeerAuthentication", meta(a.ServiceName+"-load-balancer", nil), loadBalancerPeerAuthenticationSpec(a)); err != nil {
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
	case len(a.GatewayCidrs) == 0:
		return a, fmt.Errorf("GatewayCidrs is required: the load balancer's blocks are the only source of API requests")
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

// gatewayPorts are the ports the gateway's load balancer reaches: the API port for requests, and
// the management port for its health checks of the readiness endpoint (the NetworkPolicies admit
// the same pair).
func gatewayPorts(a WorkloadArgs) []int {
	if a.ManagementPort == a.APIPort {
		return []int{a.APIPort}
	}
	return []int{a.APIPort, a.ManagementPort}
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
// The gateway has no mesh identity to name. Its AWS Application Load Balancer sends to pod
// addresses (target type ip) from its own addresses in the public subnets, in plaintext, from
// outside the cluster; a rule with principals would never match it and would cut the API off.
// So the API port (and the management port, where it health-checks the readiness endpoint) is
// allowed from the load balancer's blocks (ipBlocks: the connection's source address, which
// ztunnel sees unchanged, unlike remoteIpBlocks, which needs a waypoint and trusts a header).
// The management port is otherwise allowed only to Prometheus's identity: Prometheus joins the
// mesh, so its scrapes arrive over mTLS carrying its service account.
//
// Naming the gateway by identity would mean moving it into the mesh: an Istio ingress gateway
// behind the load balancer, whose service account the API port would then admit. That changes
// the gateway component and is left as a follow-up.
func authorizationSpec(a WorkloadArgs) map[string]any {
	return map[string]any{
		"selector": selector(a.ServiceName),
		"action":   "ALLOW",
		"rules": []any{
			map[string]any{
				"from": []any{map[string]any{"source": map[string]any{"ipBlocks": strs(a.GatewayCidrs)}}},
				"to":   []any{map[string]any{"operation": map[string]any{"ports": portStrings(gatewayPorts(a))}}},
			},
			map[string]any{
				"from": []any{map[string]any{"source": map[string]any{"principals": []any{Principal(a.Scraper.Namespace, a.Scraper.ServiceAccount)}}}},
				"to":   []any{map[string]any{"operation": map[string]any{"ports": portStrings([]int{a.ManagementPort})}}},
			},
		},
	}
}

// loadBalancerPeerAuthenticationSpec keeps the service STRICT except on the ports the load
// balancer reaches: it is outside the mesh and speaks plaintext, which a STRICT port refuses
// before any authorization. Only plaintext from the gateway's blocks gets further: the
// AuthorizationPolicy admits nothing else without an identity.
func loadBalancerPeerAuthenticationSpec(a WorkloadArgs) map[string]any {
	ports := map[string]any{}
	for _, p := range gatewayPorts(a) {
		ports[strconv.Itoa(p)] = map[string]any{"mode": MTLSPermissive}
	}
	return map[string]any{
		"selector":      selector(a.ServiceName),
		"mtls":          map[string]any{"mode": MTLSStrict},
		"portLevelMtls": ports,
	}
}

// waypointNetworkPolicy admits the waypoint's own flows through the namespace's default deny:
// mesh traffic to it (HBONE, from any enrolled pod: who may call the service is the
// AuthorizationPolicy's decision), Prometheus's scrapes, and out to istiod (configuration and
// certificates), cluster DNS and the service's pods.
func waypointNetworkPolicy(a WorkloadArgs) *networkingv1.NetworkPolicySpecArgs {
	tcp := func(p int) networkingv1.NetworkPolicyPortArgs {
		return networkingv1.NetworkPolicyPortArgs{Port: pulumi.Int(p), Protocol: pulumi.String("TCP")}
	}
	inNamespace := func(ns string, labels map[string]string) networkingv1.NetworkPolicyPeerArgs {
		return networkingv1.NetworkPolicyPeerArgs{
			NamespaceSelector: &metav1.LabelSelectorArgs{MatchLabels: pulumi.StringMap{"kubernetes.io/metadata.name": pulumi.String(ns)}},
			PodSelector:       &metav1.LabelSelectorArgs{MatchLabels: pulumi.ToStringMap(labels)},
		}
	}
	anyPod := networkingv1.NetworkPolicyPeerArgs{NamespaceSelector: &metav1.LabelSelectorArgs{}}
	service := networkingv1.NetworkPolicyPeerArgs{PodSelector: &metav1.LabelSelectorArgs{MatchLabels: pulumi.StringMap{labelName: pulumi.String(a.ServiceName)}}}
	return &networkingv1.NetworkPolicySpecArgs{
		PodSelector: &metav1.LabelSelectorArgs{MatchLabels: pulumi.StringMap{labelGatewayName: pulumi.String(WaypointName)}},
		PolicyTypes: pulumi.StringArray{pulumi.String("Ingress"), pulumi.String("Egress")},
		Ingress: networkingv1.NetworkPolicyIngressRuleArray{
			networkingv1.NetworkPolicyIngressRuleArgs{From: networkingv1.NetworkPolicyPeerArray{anyPod}, Ports: networkingv1.NetworkPolicyPortArray{tcp(HBONEPort)}},
			networkingv1.NetworkPolicyIngressRuleArgs{
				From:  networkingv1.NetworkPolicyPeerArray{inNamespace(a.Scraper.Namespace, a.Scraper.PodLabels)},
				Ports: networkingv1.NetworkPolicyPortArray{tcp(waypointMetricsPort)},
			},
		},
		Egress: networkingv1.NetworkPolicyEgressRuleArray{
			networkingv1.NetworkPolicyEgressRuleArgs{
				To:    networkingv1.NetworkPolicyPeerArray{inNamespace(Namespace, map[string]string{"app": "istiod"})},
				Ports: networkingv1.NetworkPolicyPortArray{tcp(istiodXDSPort)},
			},
			networkingv1.NetworkPolicyEgressRuleArgs{
				To: networkingv1.NetworkPolicyPeerArray{inNamespace("kube-system", map[string]string{"k8s-app": "kube-dns"})},
				Ports: networkingv1.NetworkPolicyPortArray{
					networkingv1.NetworkPolicyPortArgs{Port: pulumi.Int(53), Protocol: pulumi.String("UDP")}, tcp(53),
				},
			},
			networkingv1.NetworkPolicyEgressRuleArgs{To: networkingv1.NetworkPolicyPeerArray{service}, Ports: networkingv1.NetworkPolicyPortArray{tcp(HBONEPort)}},
		},
	}
}
