package mesh

import (
	"github.com/ip-platform/infra/internal/charts"
	"github.com/ip-platform/infra/internal/helmvalues"
)

// GatewayChart is Istio's gateway chart: an Envoy Deployment that istiod configures, with its
// Service, ServiceAccount, HPA and PodDisruptionBudget, at the same release as the control plane.
// renovate: datasource=helm depName=gateway registryUrl=https://istio-release.storage.googleapis.com/charts
var GatewayChart = charts.Pin(charts.Chart{Name: "gateway", Repo: istioRepo, Version: "1.30.8"})

// The ingress gateway's names and ports. The chart names its Deployment, Service and
// ServiceAccount after the release and labels the pods app=<release>, istio=<release without the
// "istio-" prefix>.
const (
	// IngressNamespace is the ingress gateway's own namespace (Pod Security restricted).
	IngressNamespace = "istio-ingress"
	// IngressGatewayName names the release, its Deployment, Service and ServiceAccount, and the
	// Gateway API Gateway bound to them.
	IngressGatewayName = "ingress-gateway"
	// IngressListener is the Gateway's one listener, the HTTPRoutes' sectionName.
	IngressListener = "http"
	// IngressHTTPPort is where the load balancer sends requests (plain HTTP: TLS ends at the ALB).
	IngressHTTPPort = 80
	// IngressReadinessPort and IngressReadinessPath are Envoy's readiness endpoint, what the load
	// balancer health-checks (the chart's status-port).
	IngressReadinessPort = 15021
	IngressReadinessPath = "/healthz/ready"
	// ingressMetricsPort is Envoy's Prometheus endpoint (/stats/prometheus), the chart's
	// http-envoy-prom container port.
	ingressMetricsPort = 15090
)

// IngressPodLabels select the ingress gateway's pods: the chart's selector labels.
func IngressPodLabels() map[string]string {
	return map[string]string{"app": IngressGatewayName, "istio": IngressGatewayName}
}

// IngressPrincipal is the ingress gateway's mesh identity: what the services' AuthorizationPolicies
// admit on their API ports.
func IngressPrincipal() string { return Principal(IngressNamespace, IngressGatewayName) }

// gatewayValues are the gateway chart's values at IstioVersion (its values.schema.json refuses
// unknown keys, so a misspelt one fails the install and the chart check).
type gatewayValues struct {
	Service   gatewayService       `json:"service"`
	Resources helmvalues.Resources `json:"resources"`
	// Autoscaling is the chart's HPA, on CPU: Envoy's cost grows with requests per second.
	Autoscaling gatewayAutoscaling `json:"autoscaling"`
	// PodDisruptionBudget is rendered by the chart only when MinReplicas > 1.
	PodDisruptionBudget       gatewayPDB                 `json:"podDisruptionBudget"`
	SecurityContext           gatewayPodSecurityContext  `json:"securityContext"`
	TopologySpreadConstraints []topologySpreadConstraint `json:"topologySpreadConstraints"`
	Labels                    map[string]string          `json:"labels"`
}

type gatewayService struct {
	// Type ClusterIP: the ALB in front (an Ingress, target type ip) sends to the pods; the chart's
	// default, LoadBalancer, would have the controller build a second, unprotected load balancer.
	Type  string        `json:"type"`
	Ports []servicePort `json:"ports"`
}

type servicePort struct {
	Name       string `json:"name"`
	Port       int    `json:"port"`
	Protocol   string `json:"protocol"`
	TargetPort int    `json:"targetPort"`
}

type gatewayAutoscaling struct {
	Enabled                        bool `json:"enabled"`
	MinReplicas                    int  `json:"minReplicas"`
	MaxReplicas                    int  `json:"maxReplicas"`
	TargetCPUUtilizationPercentage int  `json:"targetCPUUtilizationPercentage"`
}

type gatewayPDB struct {
	MinAvailable int `json:"minAvailable"`
}

type sysctl struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// gatewayPodSecurityContext replaces the chart's pod securityContext (which is only the sysctl),
// so it carries the sysctl too.
type gatewayPodSecurityContext struct {
	RunAsNonRoot   bool           `json:"runAsNonRoot"`
	SeccompProfile seccompProfile `json:"seccompProfile"`
	Sysctls        []sysctl       `json:"sysctls"`
}

type topologySpreadConstraint struct {
	MaxSkew           int                `json:"maxSkew"`
	TopologyKey       string             `json:"topologyKey"`
	WhenUnsatisfiable string             `json:"whenUnsatisfiable"`
	LabelSelector     labelSelectorValue `json:"labelSelector"`
}

type labelSelectorValue struct {
	MatchLabels map[string]string `json:"matchLabels"`
}

// gatewayCPUTarget is the HPA's CPU target: Envoy's latency stays flat well past it, and the
// headroom absorbs a burst while a new pod starts.
const gatewayCPUTarget = 70

func buildGatewayValues(a IngressGatewayArgs) gatewayValues {
	pods := IngressPodLabels()
	return gatewayValues{
		Service: gatewayService{Type: "ClusterIP", Ports: []servicePort{
			{Name: "status-port", Port: IngressReadinessPort, Protocol: "TCP", TargetPort: IngressReadinessPort},
			{Name: "http2", Port: IngressHTTPPort, Protocol: "TCP", TargetPort: IngressHTTPPort},
		}},
		Resources: a.Resources,
		Autoscaling: gatewayAutoscaling{
			Enabled: true, MinReplicas: a.MinReplicas, MaxReplicas: a.MaxReplicas, TargetCPUUtilizationPercentage: gatewayCPUTarget,
		},
		PodDisruptionBudget: gatewayPDB{MinAvailable: 1},
		// restricted asks for non-root and the runtime's seccomp profile; the chart's container
		// securityContext already drops every capability and forbids privilege escalation. The
		// sysctl (a "safe" one, allowed at every Pod Security level) lets the non-root Envoy bind
		// port 80.
		SecurityContext: gatewayPodSecurityContext{
			RunAsNonRoot: true, SeccompProfile: runtimeDefault,
			Sysctls: []sysctl{{Name: "net.ipv4.ip_unprivileged_port_start", Value: "0"}},
		},
		// Spread over zones: a zone's loss leaves the other zones' gateways serving; ScheduleAnyway
		// so that a single-zone dev-sized pool still schedules them.
		TopologySpreadConstraints: []topologySpreadConstraint{{
			MaxSkew: 1, TopologyKey: "topology.kubernetes.io/zone", WhenUnsatisfiable: "ScheduleAnyway",
			LabelSelector: labelSelectorValue{MatchLabels: pods},
		}},
		// The gateway is a mesh proxy of its own (mTLS with its own identity): ztunnel must not
		// capture it (the chart's default label, kept explicit because labels replaces it).
		Labels: map[string]string{LabelDataplaneMode: "none"},
	}
}
