package vpa

import "github.com/ip-platform/infra/internal/helmvalues"

type seccompProfile struct {
	Type string `json:"type"`
}

type podSecurityContext struct {
	RunAsNonRoot   bool           `json:"runAsNonRoot"`
	RunAsUser      int64          `json:"runAsUser"`
	SeccompProfile seccompProfile `json:"seccompProfile"`
}

type capabilities struct {
	Drop []string `json:"drop"`
}

type securityContext struct {
	AllowPrivilegeEscalation bool         `json:"allowPrivilegeEscalation"`
	ReadOnlyRootFilesystem   bool         `json:"readOnlyRootFilesystem"`
	Capabilities             capabilities `json:"capabilities"`
}

type enabled struct {
	Enabled bool `json:"enabled"`
}

type recommender struct {
	Enabled            bool                 `json:"enabled"`
	ReplicaCount       int                  `json:"replicaCount"`
	Resources          helmvalues.Resources `json:"resources"`
	PodSecurityContext podSecurityContext   `json:"podSecurityContext"`
	SecurityContext    securityContext      `json:"securityContext"`
}

// values is the subset of the Fairwinds chart's values.yaml this component sets.
type values struct {
	Recommender         recommender `json:"recommender"`
	Updater             enabled     `json:"updater"`
	AdmissionController enabled     `json:"admissionController"`
	// MetricsServer stays off here: metrics-server is its own release (see metricsServerValues).
	MetricsServer enabled `json:"metrics-server"`
}

// nobody is the unprivileged user the VPA images run as (the chart's default).
const nobody = 65534

// buildValues returns the VPA chart values: the recommender only, restricted.
func buildValues() values {
	return values{
		Recommender: recommender{
			Enabled: true,
			// One recommender: it keeps its history in VerticalPodAutoscalerCheckpoint objects, so a
			// restart loses nothing.
			ReplicaCount:       1,
			Resources:          helmvalues.NewResources("50m", "256Mi", "200m", "512Mi"),
			PodSecurityContext: podSecurityContext{RunAsNonRoot: true, RunAsUser: nobody, SeccompProfile: seccompProfile{Type: "RuntimeDefault"}},
			SecurityContext:    securityContext{AllowPrivilegeEscalation: false, ReadOnlyRootFilesystem: true, Capabilities: capabilities{Drop: []string{"ALL"}}},
		},
		Updater:             enabled{Enabled: false},
		AdmissionController: enabled{Enabled: false},
		MetricsServer:       enabled{Enabled: false},
	}
}

type metricsServerPDB struct {
	Enabled        bool `json:"enabled"`
	MaxUnavailable int  `json:"maxUnavailable"`
}

// metricsServer is the subset of the metrics-server chart's values this component sets.
type metricsServer struct {
	Replicas            int                  `json:"replicas"`
	Resources           helmvalues.Resources `json:"resources"`
	PodDisruptionBudget metricsServerPDB     `json:"podDisruptionBudget"`
	// PriorityClassName: without metrics every HPA freezes, so it is scheduled before workloads.
	PriorityClassName string `json:"priorityClassName"`
}

// metricsServerValues returns the metrics-server values for replicas pods.
func metricsServerValues(replicas int) metricsServer {
	return metricsServer{
		Replicas:            replicas,
		Resources:           helmvalues.NewResources("100m", "200Mi", "500m", "400Mi"),
		PodDisruptionBudget: metricsServerPDB{Enabled: replicas > 1, MaxUnavailable: 1},
		PriorityClassName:   "system-cluster-critical",
	}
}
