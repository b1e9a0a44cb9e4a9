package externalsecrets

import (
	"encoding/json"
	"fmt"
)

// values is the subset of the chart's values.yaml (deploy/charts/external-secrets) this component
// sets; everything else keeps the chart's default, which is already restricted (non-root, read-only
// root filesystem, all capabilities dropped, RuntimeDefault seccomp).
type values struct {
	// InstallCRDs installs the CRDs with the chart, so the SecretStores and ExternalSecrets of the
	// services can depend on this release.
	InstallCRDs      bool                `json:"installCRDs"`
	FullnameOverride string              `json:"fullnameOverride"`
	ReplicaCount     int                 `json:"replicaCount"`
	LeaderElect      bool                `json:"leaderElect"`
	ServiceAccount   serviceAccount      `json:"serviceAccount"`
	Resources        resourceValues      `json:"resources"`
	PDB              podDisruptionBudget `json:"podDisruptionBudget"`
	Webhook          component           `json:"webhook"`
	CertController   component           `json:"certController"`
}

type serviceAccount struct {
	Create      bool              `json:"create"`
	Name        string            `json:"name"`
	Annotations map[string]string `json:"annotations"`
}

type component struct {
	ReplicaCount int                 `json:"replicaCount"`
	Resources    resourceValues      `json:"resources"`
	PDB          podDisruptionBudget `json:"podDisruptionBudget"`
}

type resourceValues struct {
	Requests resourceList `json:"requests"`
	Limits   resourceList `json:"limits"`
}

type resourceList struct {
	CPU    string `json:"cpu"`
	Memory string `json:"memory"`
}

type podDisruptionBudget struct {
	Enabled      bool `json:"enabled"`
	MinAvailable int  `json:"minAvailable"`
}

func resources(cpuReq, memReq, cpuLim, memLim string) resourceValues {
	return resourceValues{Requests: resourceList{CPU: cpuReq, Memory: memReq}, Limits: resourceList{CPU: cpuLim, Memory: memLim}}
}

// buildValues returns the chart values for replicas pods of each ESO component whose service
// account assumes roleArn.
func buildValues(replicas int, roleArn string) values {
	// A budget of minAvailable 1 on a single replica would block every node drain.
	pdb := podDisruptionBudget{Enabled: replicas > 1, MinAvailable: 1}
	return values{
		InstallCRDs:      true,
		FullnameOverride: releaseName,
		ReplicaCount:     replicas,
		// Two controllers reconciling the same ExternalSecret would race; one leads.
		LeaderElect: replicas > 1,
		ServiceAccount: serviceAccount{
			Create:      true,
			Name:        ServiceAccount,
			Annotations: map[string]string{"eks.amazonaws.com/role-arn": roleArn},
		},
		// The controller caches every watched Secret; memory grows with their number.
		Resources: resources("50m", "128Mi", "200m", "512Mi"),
		PDB:       pdb,
		// The webhook validates every ESO object: without it, no SecretStore can be applied.
		Webhook:        component{ReplicaCount: replicas, Resources: resources("20m", "64Mi", "100m", "128Mi"), PDB: pdb},
		CertController: component{ReplicaCount: 1, Resources: resources("20m", "64Mi", "100m", "256Mi")},
	}
}

// toMap converts the values to the plain map a Helm release takes.
func (v values) toMap() (map[string]any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("marshal chart values: %w", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("unmarshal chart values: %w", err)
	}
	return m, nil
}
