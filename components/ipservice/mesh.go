package ipservice

import (
	"fmt"
	"maps"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	networkingv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/networking/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/mesh"
	"github.com/ip-platform/infra/internal/quantity"
)

// Mesh enrols the service in the ambient service mesh (components/mesh). The zero value leaves
// the service out of it, and MeshCanary is then refused.
type Mesh struct {
	// Enrolled labels the namespace into the mesh and through its waypoint
	// (mesh.NamespaceLabels), makes room in the quota for the waypoint's pods, admits mesh
	// traffic (HBONE) and the mesh's rewritten kubelet probes through the NetworkPolicies, and
	// routes the Service with an HTTPRoute (Route). Defaults to false.
	Enrolled bool
	// Route is the service's request policy in the mesh. Used only when Enrolled.
	Route Route
	// Edge sends the API's external requests through the mesh's ingress gateway: the service
	// gets a second HTTPRoute, on the gateway, with Route's timeouts and retries and the release's
	// weights, and its API port admits the gateway's pods instead of GatewayCidrs. Optional; needs
	// Enrolled, and GatewayCidrs must then be empty (nothing reaches the pods from the load
	// balancer directly).
	Edge *Edge
	// After are what the HTTPRoute waits for: the mesh's Gateway API CRDs and istiod
	// (mesh.Mesh.Ready). Optional.
	After []pulumi.Resource
}

// Route is the service's timeouts and retries, applied by its waypoint to requests addressed to
// the Service.
type Route struct {
	// TimeoutSeconds bounds a request, its retries included (HTTPRoute timeouts.request), 1 to
	// 300. Defaults to 15.
	TimeoutSeconds int
	// Retries is how many times a failed attempt (connection failure or 502, 503, 504) is
	// retried (HTTPRoute retry.attempts), 0 to 10; 0 never retries. Defaults to 0.
	Retries int
	// PerTryTimeoutSeconds bounds each attempt (timeouts.backendRequest), 1 to TimeoutSeconds.
	// Defaults to TimeoutSeconds.
	PerTryTimeoutSeconds int
}

// Edge is the ingress gateway the service's external requests come through
// (components/mesh.NewIngressGateway).
type Edge struct {
	// GatewayNamespace, GatewayName and Listener are the Gateway API Gateway and listener the
	// edge HTTPRoute attaches to. Required.
	GatewayNamespace string
	GatewayName      string
	Listener         string
	// Hostname is the API's public host name, the route's only hostname. Required.
	Hostname string
	// Path is the path prefix routed to the service. Defaults to "/" + ServiceName.
	Path string
	// PodLabels select the gateway's pods in GatewayNamespace: admitted to the API port and to
	// HBONE. Required.
	PodLabels map[string]string
}

// Bounds of a route's settings: beyond five minutes a request is a job, and more than ten retries
// turn a failing backend's outage into a retry storm.
const (
	defaultRouteTimeout = 15
	maxRouteTimeout     = 300
	maxRouteRetries     = 10
	// retryBackoff is the pause between attempts, so that a retry does not hit the same
	// overloaded pod in the same instant.
	retryBackoff = "100ms"
)

// routeRetryCodes are the responses worth retrying: the backend was unreachable or overloaded,
// so the request did not run (or ran nowhere that matters). A 500 may have had side effects.
var routeRetryCodes = []any{502, 503, 504}

func meshDefaults(a *ServiceArgs) {
	if e := a.Mesh.Edge; e != nil && e.Path == "" {
		edge := *e
		edge.Path = "/" + a.ServiceName
		a.Mesh.Edge = &edge
	}
	r := &a.Mesh.Route
	if r.TimeoutSeconds == 0 {
		r.TimeoutSeconds = defaultRouteTimeout
	}
	if r.PerTryTimeoutSeconds == 0 {
		r.PerTryTimeoutSeconds = r.TimeoutSeconds
	}
}

// checkMesh validates Mesh against the release strategy.
func checkMesh(a *ServiceArgs) error {
	if a.Release.Strategy == MeshCanary && !a.Mesh.Enrolled {
		return fmt.Errorf("Release.Strategy %s needs Mesh.Enrolled: the mesh's waypoint applies the weights", MeshCanary)
	}
	if err := checkEdge(a); err != nil {
		return err
	}
	r := a.Mesh.Route
	switch {
	case r.TimeoutSeconds < 1 || r.TimeoutSeconds > maxRouteTimeout:
		return fmt.Errorf("Mesh.Route.TimeoutSeconds (%d) must be from 1 to %d", r.TimeoutSeconds, maxRouteTimeout)
	case r.Retries < 0 || r.Retries > maxRouteRetries:
		return fmt.Errorf("Mesh.Route.Retries (%d) must be from 0 to %d", r.Retries, maxRouteRetries)
	case r.PerTryTimeoutSeconds < 1 || r.PerTryTimeoutSeconds > r.TimeoutSeconds:
		return fmt.Errorf("Mesh.Route.PerTryTimeoutSeconds (%d) must be from 1 to TimeoutSeconds (%d)", r.PerTryTimeoutSeconds, r.TimeoutSeconds)
	}
	return nil
}

func checkEdge(a *ServiceArgs) error {
	e := a.Mesh.Edge
	switch {
	case e == nil:
		return nil
	case !a.Mesh.Enrolled:
		return fmt.Errorf("Mesh.Edge needs Mesh.Enrolled: the ingress gateway reaches the pods over the mesh")
	case len(a.GatewayCidrs) > 0:
		return fmt.Errorf("GatewayCidrs must be empty with Mesh.Edge: the API is reached through the ingress gateway only")
	case e.GatewayNamespace == "" || e.GatewayName == "" || e.Listener == "":
		return fmt.Errorf("Mesh.Edge.GatewayNamespace, GatewayName and Listener are required")
	case e.Hostname == "":
		return fmt.Errorf("Mesh.Edge.Hostname is required")
	case len(e.PodLabels) == 0:
		return fmt.Errorf("Mesh.Edge.PodLabels is required: they name the gateway's pods in the NetworkPolicies")
	case !strings.HasPrefix(e.Path, "/") || (len(e.Path) > 1 && strings.HasSuffix(e.Path, "/")):
		return fmt.Errorf("Mesh.Edge.Path %q must be an absolute path prefix such as /trademark", e.Path)
	}
	return nil
}

// namespaceMeshLabels are the enrolment labels of an enrolled service's namespace.
func namespaceMeshLabels(a ServiceArgs) map[string]string {
	if !a.Mesh.Enrolled {
		return nil
	}
	return mesh.NamespaceLabels()
}

// waypointPods is the room an enrolled namespace's quota keeps for its waypoint: the waypoint
// itself and the surge pod of its rolling update.
const waypointPods = 2

// meshQuota adds the waypoint's pods to the namespace's hard limits (quota's units: pods, millicores
// and MiB), so a waypoint never stalls the service's own scale-up.
func meshQuota(a ServiceArgs) (pods int, cpuReq, cpuLim, memReq, memLim int64, err error) {
	if !a.Mesh.Enrolled {
		return 0, 0, 0, 0, 0, nil
	}
	r := mesh.WaypointResources
	parse := func(q string, f func(string) (int64, error)) int64 {
		v, e := f(q)
		if e != nil && err == nil {
			err = fmt.Errorf("waypoint resources: %w", e)
		}
		return v
	}
	n := int64(waypointPods)
	cpuReq = n * parse(r.Requests.CPU, quantity.CPU)
	cpuLim = n * parse(r.Limits.CPU, quantity.CPU)
	memReq = n * parse(r.Requests.Memory, quantity.Memory) >> 20
	memLim = n * parse(r.Limits.Memory, quantity.Memory) >> 20
	return waypointPods, cpuReq, cpuLim, memReq, memLim, err
}

// meshIngressRules admit the ambient data plane through the namespace's default deny, once the
// namespace is enrolled: Prometheus's scrapes now arrive over HBONE (mesh.HBONEPort) rather than
// on the management port, and so does what the namespace's waypoint forwards (every request
// addressed to the Service from inside the mesh: whether it may call is the AuthorizationPolicy's
// decision, by identity, not a dropped packet's); the kubelet's probes come from
// mesh.ProbeSourceCIDR (istio-cni rewrites them so ztunnel can tell them from mesh traffic)
// rather than from the node. The ingress gateway's rule is in the ingress policy
// (networkPolicies), beside the load balancer's it replaces.
func meshIngressRules(a ServiceArgs) networkingv1.NetworkPolicyIngressRuleArray {
	if !a.Mesh.Enrolled {
		return nil
	}
	probed := []int{a.ManagementPort}
	waypoint := networkingv1.NetworkPolicyPeerArgs{PodSelector: &metav1.LabelSelectorArgs{MatchLabels: pulumi.StringMap{mesh.LabelGatewayName: pulumi.String(mesh.WaypointName)}}}
	return networkingv1.NetworkPolicyIngressRuleArray{
		networkingv1.NetworkPolicyIngressRuleArgs{
			From: networkingv1.NetworkPolicyPeerArray{
				inNamespace(ObservabilityNamespace, map[string]string{LabelName: PrometheusName}),
				waypoint,
			},
			Ports: networkingv1.NetworkPolicyPortArray{port(pulumi.Int(mesh.HBONEPort), "TCP")},
		},
		networkingv1.NetworkPolicyIngressRuleArgs{
			From:  ipBlocks([]string{mesh.ProbeSourceCIDR}),
			Ports: tcpPorts(probed),
		},
	}
}

// routeBackend is one Service an HTTPRoute rule sends to.
type routeBackend struct {
	// suffix is the Service's name after the service name ("" for the main Service).
	suffix string
	// selector is the Service's pod selector on top of the name label; nil for the main Service,
	// which exists anyway.
	selector map[string]string
	weight   int
}

// routeBackends are the backends of the service's HTTPRoute: its own Service, or under
// MeshCanary the stable and canary tracks' Services at the configured weights.
func routeBackends(a ServiceArgs) []routeBackend {
	if a.Release.Strategy != MeshCanary {
		return []routeBackend{{weight: 1}}
	}
	return []routeBackend{
		{suffix: "-" + trackStable, selector: map[string]string{LabelTrack: trackStable}, weight: 100 - a.Release.CanaryWeight},
		{suffix: "-" + trackCanary, selector: map[string]string{LabelTrack: trackCanary}, weight: a.Release.CanaryWeight},
	}
}

// routeRule is the rule both of the service's HTTPRoutes apply: its backends at the release's
// weights, its timeouts and its retries, from the one Route and Release the service was given.
func routeRule(a ServiceArgs) map[string]any {
	r := a.Mesh.Route
	backends := routeBackends(a)
	refs := make([]any, len(backends))
	for i, b := range backends {
		refs[i] = map[string]any{"name": a.ServiceName + b.suffix, "port": a.APIPort, "weight": b.weight}
	}
	rule := map[string]any{
		"backendRefs": refs,
		"timeouts": map[string]any{
			"request":        strconv.Itoa(r.TimeoutSeconds) + "s",
			"backendRequest": strconv.Itoa(r.PerTryTimeoutSeconds) + "s",
		},
	}
	if r.Retries > 0 {
		// retry is in Gateway API's experimental channel (v1.4.0), whose CRDs the mesh installs.
		rule["retry"] = map[string]any{"attempts": r.Retries, "codes": routeRetryCodes, "backoff": retryBackoff}
	}
	return rule
}

// httpRouteSpec attaches the route to the service's own Service (GAMMA: a Service parent is
// mesh routing, applied by the namespace's waypoint) on the API port only: probes and scrapes
// on the management port are not requests to time out or retry.
func httpRouteSpec(a ServiceArgs) map[string]any {
	return map[string]any{
		"parentRefs": []any{map[string]any{"group": "", "kind": "Service", "name": a.ServiceName, "port": a.APIPort}},
		"rules":      []any{routeRule(a)},
	}
}

// edgeRouteSpec attaches the same rule to the ingress gateway's listener for the API's host name
// and the service's path prefix. The gateway sends to the pods directly (not through the
// waypoint, Istio's default for gateways), so each external request is weighed, timed and
// retried once, here.
func edgeRouteSpec(a ServiceArgs) map[string]any {
	e := a.Mesh.Edge
	rule := routeRule(a)
	rule["matches"] = []any{map[string]any{"path": map[string]any{"type": "PathPrefix", "value": e.Path}}}
	return map[string]any{
		"parentRefs": []any{map[string]any{
			"group": "gateway.networking.k8s.io", "kind": "Gateway",
			"namespace": e.GatewayNamespace, "name": e.GatewayName, "sectionName": e.Listener,
		}},
		"hostnames": []any{e.Hostname},
		"rules":     []any{rule},
	}
}

// meshObjects creates an enrolled service's mesh NetworkPolicy and HTTPRoute, and under MeshCanary
// the Services of its two tracks that the route weighs.
func (s serviceObjects) meshObjects() error {
	if !s.a.Mesh.Enrolled {
		return nil
	}
	// Its own policy beside the ingress one: NetworkPolicies add up, and the gateway's policy
	// keeps saying exactly what the load balancer may reach.
	if _, err := networkingv1.NewNetworkPolicy(s.ctx, s.name+"-mesh", &networkingv1.NetworkPolicyArgs{
		Metadata: s.meta("-mesh"),
		Spec: &networkingv1.NetworkPolicySpecArgs{
			PodSelector: &metav1.LabelSelectorArgs{MatchLabels: pulumi.ToStringMap(serviceLabels(s.a.ServiceName))},
			PolicyTypes: pulumi.StringArray{pulumi.String("Ingress")},
			Ingress:     meshIngressRules(s.a),
		},
	}, s.opts...); err != nil {
		return fmt.Errorf("mesh network policy: %w", err)
	}
	var backends []pulumi.Resource
	for _, b := range routeBackends(s.a) {
		if b.selector == nil {
			continue
		}
		selector := serviceLabels(s.a.ServiceName)
		maps.Copy(selector, b.selector)
		svc, err := corev1.NewService(s.ctx, s.name+"-service"+b.suffix, &corev1.ServiceArgs{
			Metadata: s.meta(b.suffix),
			Spec: &corev1.ServiceSpecArgs{
				Type:     pulumi.String("ClusterIP"),
				Selector: pulumi.ToStringMap(selector),
				Ports: corev1.ServicePortArray{corev1.ServicePortArgs{
					Name: pulumi.String(portAPI), Port: pulumi.Int(s.a.APIPort), TargetPort: pulumi.String(portAPI), Protocol: pulumi.String("TCP"),
				}},
			},
		}, s.opts...)
		if err != nil {
			return fmt.Errorf("service%s: %w", b.suffix, err)
		}
		backends = append(backends, svc)
	}
	opts := append(append([]pulumi.ResourceOption{}, s.opts...), pulumi.DependsOn(append(append([]pulumi.Resource{}, s.a.Mesh.After...), backends...)))
	route := func(suffix string, spec map[string]any) error {
		_, err := apiextensions.NewCustomResource(s.ctx, s.name+"-route"+suffix, &apiextensions.CustomResourceArgs{
			ApiVersion:  pulumi.String("gateway.networking.k8s.io/v1"),
			Kind:        pulumi.String("HTTPRoute"),
			Metadata:    s.meta(suffix),
			OtherFields: map[string]any{"spec": spec},
		}, opts...)
		if err != nil {
			return fmt.Errorf("http route%s: %w", suffix, err)
		}
		return nil
	}
	if err := route("", httpRouteSpec(s.a)); err != nil {
		return err
	}
	if s.a.Mesh.Edge == nil {
		return nil
	}
	return route("-edge", edgeRouteSpec(s.a))
}
