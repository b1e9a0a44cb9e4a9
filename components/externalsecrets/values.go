package externalsecrets

import "github.com/ip-platform/infra/internal/helmvalues"

// values is the subset of the chart's values.yaml (deploy/charts/external-secrets) this component
// sets; everything else keeps the chart's default, which is already restricted (non-root, read-only
// root filesystem, all capabilities dropped, RuntimeDefault seccomp).
type values struct {
	// InstallCRDs installs the CRDs with the chart, so the SecretStores and ExternalSecrets of the
	// services can depend on this release.
	InstallCRDs      bool                      `json:"installCRDs"`
	FullnameOverride string                    `json:"fullnameOverride"`
	ReplicaCount     int                       `json:"replicaCount"`
	LeaderElect      bool                      `json:"leaderElect"`
	ServiceAccount   helmvalues.ServiceAccount `json:"serviceAccount"`
	// PodAnnotations are the controller's (the webhook and cert controller call no AWS API).
	PodAnnotations map[string]string    `json:"podAnnotations"`
	Resources      helmvalues.Resources `json:"resources"`
	PDB            podDisruptionBudget  `json:"podDisruptionBudget"`
	Webhook        component            `json:"webhook"`
	CertController component            `json:"certController"`
}

type component struct {
	ReplicaCount int                  `json:"replicaCount"`
	Resources    helmvalues.Resources `json:"resources"`
	PDB          podDisruptionBudget  `json:"podDisruptionBudget"`
}

type podDisruptionBudget struct {
	Enabled      bool `json:"enabled"`
	MinAvailable int  `json:"minAvailable"`
}

// buildValues returns the chart values for replicas pods of each ESO component.
func buildValues(replicas int) values {
	// A budget of minAvailable 1 on a single replica would block every node drain.
	pdb := podDisruptionBudget{Enabled: replicas > 1, MinAvailable: 1}
	return values{
		InstallCRDs:      true,
		FullnameOverride: releaseName,
		ReplicaCount:     replicas,
		// Two controllers reconciling the same ExternalSecret would race; one leads.
		LeaderElect: replicas > 1,
		// No role annotation: the operator's pod identity association names this service account.
		ServiceAccount: helmvalues.ServiceAccount{Create: true, Name: ServiceAccount},
		PodAnnotations: helmvalues.CredentialsAnnotations(),
		// The controller caches every watched Secret; memory grows with their number.
		Resources: helmvalues.NewResources("50m", "128Mi", "200m", "512Mi"),
		PDB:       pdb,
		// The webhook validates every ESO object: without it, no SecretStore can be applied.
		Webhook:        component{ReplicaCount: replicas, Resources: helmvalues.NewResources("20m", "64Mi", "100m", "128Mi"), PDB: pdb},
		CertController: component{ReplicaCount: 1, Resources: helmvalues.NewResources("20m", "64Mi", "100m", "256Mi")},
	}
}
