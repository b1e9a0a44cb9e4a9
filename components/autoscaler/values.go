package autoscaler

import "github.com/ip-platform/infra/internal/helmvalues"

// values is the subset of the chart's values.yaml this component sets. Field names follow the
// chart (kubernetes/autoscaler charts/cluster-autoscaler/values.yaml); everything else keeps the
// chart's default.
type values struct {
	CloudProvider string `json:"cloudProvider"`
	// AwsRegion becomes the pod's AWS_REGION: without it the AWS SDK asks the instance metadata
	// service, which pods cannot reach on nodes with a hop limit of 1 (components/nodepool).
	AwsRegion     string        `json:"awsRegion"`
	AutoDiscovery autoDiscovery `json:"autoDiscovery"`
	// Image sets the autoscaler's tag to AppVersion, the cluster's minor (chart.go says why the
	// chart's own default is not).
	Image image `json:"image"`
	// FullnameOverride keeps object names readable ("cluster-autoscaler" rather than
	// "<release>-aws-cluster-autoscaler").
	FullnameOverride         string                   `json:"fullnameOverride"`
	Rbac                     rbac                     `json:"rbac"`
	PodAnnotations           map[string]string        `json:"podAnnotations"`
	ReplicaCount             int                      `json:"replicaCount"`
	ExtraArgs                map[string]string        `json:"extraArgs"`
	Resources                helmvalues.Resources     `json:"resources"`
	PodDisruptionBudget      podDisruptionBudget      `json:"podDisruptionBudget"`
	PriorityClassName        string                   `json:"priorityClassName"`
	SecurityContext          podSecurityContext       `json:"securityContext"`
	ContainerSecurityContext containerSecurityContext `json:"containerSecurityContext"`
}

type image struct {
	Tag string `json:"tag"`
}

type autoDiscovery struct {
	// ClusterName selects the Auto Scaling groups tagged k8s.io/cluster-autoscaler/enabled and
	// k8s.io/cluster-autoscaler/<ClusterName> (the chart's default autoDiscovery.tags).
	ClusterName string `json:"clusterName"`
}

type rbac struct {
	ServiceAccount helmvalues.ServiceAccount `json:"serviceAccount"`
}

type podDisruptionBudget struct {
	MaxUnavailable int `json:"maxUnavailable"`
}

type podSecurityContext struct {
	RunAsNonRoot bool  `json:"runAsNonRoot"`
	RunAsUser    int64 `json:"runAsUser"`
	RunAsGroup   int64 `json:"runAsGroup"`
	// FSGroup makes the projected Pod Identity token readable by the non-root user.
	FSGroup        int64          `json:"fsGroup"`
	SeccompProfile seccompProfile `json:"seccompProfile"`
}

type seccompProfile struct {
	Type string `json:"type"`
}

type containerSecurityContext struct {
	AllowPrivilegeEscalation bool         `json:"allowPrivilegeEscalation"`
	ReadOnlyRootFilesystem   bool         `json:"readOnlyRootFilesystem"`
	Capabilities             capabilities `json:"capabilities"`
}

type capabilities struct {
	Drop []string `json:"drop"`
}

// nobody is the unprivileged user and group the autoscaler runs as; its image is a static binary
// that needs no particular user.
const nobody = 65534

// buildValues returns the chart values for an autoscaler of cluster clusterName. a has its
// defaults filled in.
func buildValues(a ClusterAutoscalerArgs, clusterName string) values {
	return values{
		CloudProvider:    "aws",
		AwsRegion:        a.Region,
		AutoDiscovery:    autoDiscovery{ClusterName: clusterName},
		Image:            image{Tag: "v" + AppVersion},
		FullnameOverride: releaseName,
		Rbac:             rbac{ServiceAccount: helmvalues.ServiceAccount{Create: true, Name: ServiceAccount}},
		PodAnnotations:   helmvalues.CredentialsAnnotations(),
		// Replicas beyond the first are warm standbys: leader election (on by default) lets one act.
		ReplicaCount: a.Replicas,
		ExtraArgs: map[string]string{
			"expander": a.Expander,
			// Keep node groups that differ only by zone the same size, so zonal capacity stays even.
			// EKS's own per-group labels (eks.amazonaws.com/nodegroup) are ignored by the AWS
			// provider when comparing groups.
			"balance-similar-node-groups": "true",
			// Without this, any node running a kube-system pod (CoreDNS, metrics-server) is never
			// removed; those pods have PodDisruptionBudgets, which the autoscaler honours when it
			// drains.
			"skip-nodes-with-system-pods": "false",
		},
		Resources: helmvalues.NewResources(a.Resources.CPURequest, a.Resources.MemoryRequest,
			a.Resources.CPULimit, a.Resources.MemoryLimit),
		// One pod may be evicted at a time: with a single replica node drains are not blocked (the
		// autoscaler is briefly absent), with two the standby takes over.
		PodDisruptionBudget: podDisruptionBudget{MaxUnavailable: 1},
		// The component that adds capacity must not be the pod preempted for lack of it.
		PriorityClassName: "system-cluster-critical",
		SecurityContext: podSecurityContext{
			RunAsNonRoot:   true,
			RunAsUser:      nobody,
			RunAsGroup:     nobody,
			FSGroup:        nobody,
			SeccompProfile: seccompProfile{Type: "RuntimeDefault"},
		},
		ContainerSecurityContext: containerSecurityContext{
			AllowPrivilegeEscalation: false,
			ReadOnlyRootFilesystem:   true,
			Capabilities:             capabilities{Drop: []string{"ALL"}},
		},
	}
}

// toMap converts the values to the plain map a Helm release takes.
func (v values) toMap() (map[string]any, error) { return helmvalues.ToMap(v) }
