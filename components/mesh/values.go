package mesh

import "github.com/ip-platform/infra/internal/helmvalues"

// The charts' values, typed: the JSON tags are the keys of the charts' values.yaml at IstioVersion.
// Since Istio 1.24 the charts keep their defaults under `_internal_defaults_do_not_set` and take
// user values at the top level (istiod also still accepts its historical `pilot.` prefix, which
// its own profiles use); `profile` selects a bundled preset (files/profile-<name>.yaml), over which
// explicit values win.
//
// No `global.platform`: EKS is not one of the platforms the charts special-case (gke, k3d, k3s,
// microk8s, minikube, openshift); the defaults (CNI binaries in /opt/cni/bin, configuration in
// /etc/cni/net.d, chained after the VPC CNI) are what EKS nodes use.

// ambientProfile is the preset that turns istiod and istio-cni to ambient mode
// (PILOT_ENABLE_AMBIENT, cni.ambient.enabled and HBONE in the default proxy config).
const ambientProfile = "ambient"

type seccompProfile struct {
	Type string `json:"type"`
}

// runtimeDefault is the container runtime's default seccomp profile, required by the restricted
// Pod Security Standard.
var runtimeDefault = seccompProfile{Type: "RuntimeDefault"}

type toleration struct {
	Operator string `json:"operator"`
}

// tolerateEverything puts a node agent on every node, tainted pools included: ztunnel must run
// wherever an enrolled pod can (without it the pod's traffic has nowhere to go).
var tolerateEverything = []toleration{{Operator: "Exists"}}

// baseValues are the base chart's values (its CRDs and cluster roles need no settings).
type baseValues struct {
	// DefaultRevision makes istiod's validation webhook the default one.
	DefaultRevision string `json:"defaultRevision"`
}

type pilotValues struct {
	// AutoscaleEnabled is off: the replica count is ours (the chart's HPA would take it over).
	AutoscaleEnabled bool                 `json:"autoscaleEnabled"`
	ReplicaCount     int                  `json:"replicaCount"`
	Resources        helmvalues.Resources `json:"resources"`
	SeccompProfile   seccompProfile       `json:"seccompProfile"`
}

type waypointValues struct {
	// Resources of every waypoint's istio-proxy container. Waypoints run in the service
	// namespaces, whose LimitRange caps a container at the service's own limits (500m and 1Gi for
	// the smallest), so these must stay within them.
	Resources helmvalues.Resources `json:"resources"`
}

type istiodGlobal struct {
	Waypoint waypointValues `json:"waypoint"`
	// DefaultPodDisruptionBudget keeps one istiod up through a node drain when there are two.
	DefaultPodDisruptionBudget enabledValue `json:"defaultPodDisruptionBudget"`
}

type enabledValue struct {
	Enabled bool `json:"enabled"`
}

type gatewaysValues struct {
	// SeccompProfile of the gateways istiod deploys, waypoints included: the service namespaces
	// enforce the restricted Pod Security level, which requires it, and the waypoint template
	// sets everything else restricted asks for (non-root 1337, no privilege escalation, every
	// capability dropped).
	SeccompProfile seccompProfile `json:"seccompProfile"`
}

type meshConfigValues struct {
	// RootNamespace is where mesh-wide policy lives (the STRICT PeerAuthentication).
	RootNamespace string `json:"rootNamespace"`
	// TrustDomain is the SPIFFE trust domain of every workload identity (TrustDomain).
	TrustDomain string `json:"trustDomain"`
}

// istiodValues are the istiod chart's values.
type istiodValues struct {
	Profile    string           `json:"profile"`
	Pilot      pilotValues      `json:"pilot"`
	Global     istiodGlobal     `json:"global"`
	Gateways   gatewaysValues   `json:"gateways"`
	MeshConfig meshConfigValues `json:"meshConfig"`
}

type cniAmbient struct {
	Enabled bool `json:"enabled"`
}

// cniValues are the istio-cni chart's values.
type cniValues struct {
	Profile   string               `json:"profile"`
	Ambient   cniAmbient           `json:"ambient"`
	Resources helmvalues.Resources `json:"resources"`
}

// ztunnelValues are the ztunnel chart's values (it has no ambient profile: it is ambient-only).
type ztunnelValues struct {
	Resources   helmvalues.Resources `json:"resources"`
	Tolerations []toleration         `json:"tolerations"`
}

// Sizing. Requests are what a small cluster of three services needs; limits leave room for a
// burst without letting a leak starve the node. ztunnel's memory grows with the number of pods
// and connections (the chart's request, 512Mi, is sized for ~200k pods); ours are a few hundred.
var (
	istiodResources  = helmvalues.NewResources("200m", "512Mi", "1", "2Gi")
	cniResources     = helmvalues.NewResources("50m", "64Mi", "200m", "256Mi")
	ztunnelResources = helmvalues.NewResources("100m", "128Mi", "500m", "512Mi")
	// WaypointResources are each waypoint proxy's requests and limits. A service namespace's
	// quota must make room for two of them (the waypoint and its rollout surge pod).
	WaypointResources = helmvalues.NewResources("100m", "128Mi", "500m", "512Mi")
)

func buildBaseValues() baseValues { return baseValues{DefaultRevision: "default"} }

func buildIstiodValues(replicas int) istiodValues {
	return istiodValues{
		Profile: ambientProfile,
		Pilot: pilotValues{
			AutoscaleEnabled: false,
			ReplicaCount:     replicas,
			Resources:        istiodResources,
			SeccompProfile:   runtimeDefault,
		},
		Global: istiodGlobal{
			Waypoint:                   waypointValues{Resources: WaypointResources},
			DefaultPodDisruptionBudget: enabledValue{Enabled: replicas > 1},
		},
		Gateways:   gatewaysValues{SeccompProfile: runtimeDefault},
		MeshConfig: meshConfigValues{RootNamespace: Namespace, TrustDomain: TrustDomain},
	}
}

func buildCNIValues() cniValues {
	return cniValues{Profile: ambientProfile, Ambient: cniAmbient{Enabled: true}, Resources: cniResources}
}

func buildZtunnelValues() ztunnelValues {
	return ztunnelValues{Resources: ztunnelResources, Tolerations: tolerateEverything}
}
