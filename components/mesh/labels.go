package mesh

import "fmt"

// Namespace is the control plane's namespace and the mesh's root namespace: mesh-wide policy
// (the STRICT PeerAuthentication) lives here.
const Namespace = "istio-system"

// TrustDomain is the SPIFFE trust domain of every workload identity in the mesh.
const TrustDomain = "cluster.local"

// API versions of the custom resources the mesh creates.
const (
	securityAPIVersion   = "security.istio.io/v1"
	gatewayAPIVersion    = "gateway.networking.k8s.io/v1"
	monitoringAPIVersion = "monitoring.coreos.com/v1"
)

// mTLS modes of a PeerAuthentication.
const (
	MTLSStrict     = "STRICT"
	MTLSPermissive = "PERMISSIVE"
)

// Labels and values that enrol workloads and route them through a waypoint.
const (
	// LabelDataplaneMode enrols a namespace's (or a pod's) workloads in the ambient mesh.
	LabelDataplaneMode = "istio.io/dataplane-mode"
	// DataplaneModeAmbient is LabelDataplaneMode's value for the ambient data plane.
	DataplaneModeAmbient = "ambient"
	// LabelUseWaypoint on a namespace sends traffic to its Services through the named waypoint.
	LabelUseWaypoint = "istio.io/use-waypoint"
	// WaypointName is the name of each service namespace's waypoint Gateway.
	WaypointName = "waypoint"
	// WaypointClass is the GatewayClass istiod deploys waypoints for.
	WaypointClass = "istio-waypoint"
	// LabelGatewayName is the label istiod puts on a Gateway's pods (waypoints included).
	LabelGatewayName = "gateway.networking.k8s.io/gateway-name"
)

// Ports and addresses of the ambient data plane that NetworkPolicies must admit.
const (
	// HBONEPort is where mesh traffic enters a pod: ztunnel tunnels every connection between
	// enrolled pods (and to waypoints) over mTLS to this port, and unwraps it inside the pod.
	HBONEPort = 15008
	// ProbeSourceCIDR is where the kubelet's probes come from once a pod is enrolled: istio-cni
	// SNATs them to this link-local address so that ztunnel lets them through without mTLS. A
	// default-deny NetworkPolicy must admit it on the probed ports.
	ProbeSourceCIDR = "169.254.7.127/32"
	// istiodXDSPort serves configuration and certificates to ztunnel and the waypoints.
	istiodXDSPort = 15012
	// waypointMetricsPort serves a waypoint's Envoy and agent metrics (/stats/prometheus).
	waypointMetricsPort = 15020
)

// partOf marks the mesh's objects as the platform's.
var partOf = map[string]string{"app.kubernetes.io/part-of": "ip-platform"}

// Principal is the SPIFFE identity of a service account in the mesh, as AuthorizationPolicy
// principals name it ("cluster.local/ns/<namespace>/sa/<account>").
func Principal(namespace, serviceAccount string) string {
	return fmt.Sprintf("%s/ns/%s/sa/%s", TrustDomain, namespace, serviceAccount)
}

// NamespaceLabels are the labels that enrol a service namespace in the ambient mesh and send its
// Services' traffic through the namespace's waypoint (WaypointName).
func NamespaceLabels() map[string]string {
	return map[string]string{LabelDataplaneMode: DataplaneModeAmbient, LabelUseWaypoint: WaypointName}
}

// namespaceNameLabel is set by Kubernetes on every namespace (1.22+): it selects one by name.
const namespaceNameLabel = "kubernetes.io/metadata.name"
