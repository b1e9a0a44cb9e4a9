package baseline

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestIPServiceLimits(t *testing.T) {
	spec := SpecServiceLimits()
	cases := []struct {
		name       string
		deployment map[string]any
		want       []string
	}{
		{"trademark at the spec's limits", deploymentOf("trademark", goodContainer("trademark", "500m", "1Gi")), nil},
		{"recommendation at the spec's limits, spelled in cores", deploymentOf("recommendation", goodContainer("recommendation", "1", "2Gi")), nil},
		{"trademark raised to 2 CPUs", deploymentOf("trademark", goodContainer("trademark", "2", "1Gi")), []string{`trademark: container "trademark" has limits.cpu 2; the spec says 500m`}},
		{"copyright with less memory", deploymentOf("copyright", goodContainer("copyright", "500m", "512Mi")), []string{"limits.memory 512Mi; the spec says 1Gi"}},
		{"the service container is found by name, not position", deploymentOf("trademark", goodContainer("proxy", "100m", "128Mi"), goodContainer("trademark", "500m", "1Gi")), nil},
		{"no limits at all", deploymentOf("copyright", set(goodContainer("copyright", "1", "1Gi"), nil, "resources", "limits")), []string{"sets no cpu limit", "sets no memory limit"}},
		{"not an IP service", deploymentOf("grafana", goodContainer("grafana", "2", "4Gi")), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assertMessages(t, tc.want, IPServiceLimits(props(tc.deployment), spec))
		})
	}
}

func TestIPServiceLimitsComeFromThePolicyConfig(t *testing.T) {
	p := IPServiceLimitsPolicy()
	r := Resource{Type: TypeDeployment, Properties: props(deploymentOf("trademark", goodContainer("trademark", "2", "1Gi")))}
	assert.Len(t, p.CheckResource(r, "prod", nil), 1, "the spec's 500m by default")
	raised := map[string]any{"services": map[string]any{"trademark": map[string]any{"cpu": "2", "memory": "1Gi"}}}
	assert.Empty(t, p.CheckResource(r, "prod", raised), "a pack configured for 2 CPUs accepts them")
}

func TestIPServiceAvailability(t *testing.T) {
	deployment := Resource{Type: TypeDeployment, URN: "urn:trademark", Properties: props(deploymentOf("trademark", goodContainer("trademark", "500m", "1Gi")))}
	hpa := Resource{Type: TypeHPA, URN: "urn:hpa", Properties: props(map[string]any{
		"metadata": map[string]any{"namespace": "trademark"},
		"spec":     map[string]any{"scaleTargetRef": map[string]any{"kind": "Deployment", "name": "trademark"}},
	})}
	pdb := Resource{Type: TypePDB, URN: "urn:pdb", Properties: props(map[string]any{
		"metadata": map[string]any{"namespace": "trademark"},
		"spec":     map[string]any{"selector": map[string]any{"matchLabels": map[string]any{LabelName: "trademark"}}},
	})}
	services := serviceNames(SpecServiceLimits())

	assert.Empty(t, IPServiceAvailability([]Resource{deployment, hpa, pdb}, services))
	assert.Empty(t, IPServiceAvailability(nil, services), "a stack without the services has nothing to scale")

	got := IPServiceAvailability([]Resource{deployment}, services)
	if assert.Len(t, got, 2) {
		assert.Equal(t, "urn:trademark", got[0].URN, "reported on the service's Deployment")
		assert.Contains(t, got[0].Message, "trademark has no HorizontalPodAutoscaler")
		assert.Contains(t, got[1].Message, "trademark has no PodDisruptionBudget")
	}

	elsewhere := pdb
	elsewhere.Properties = props(set(map[string]any{"spec": map[string]any{"selector": map[string]any{"matchLabels": map[string]any{LabelName: "trademark"}}}}, "default", "metadata", "namespace"))
	got = IPServiceAvailability([]Resource{deployment, hpa, elsewhere}, services)
	assert.Len(t, got, 1, "a PDB in another namespace protects nothing")
}
