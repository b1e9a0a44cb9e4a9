package baseline

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func release(chart string, values map[string]any) map[string]any {
	return map[string]any{"chart": chart, "version": "1.0.0", "values": values}
}

func TestHelmReleaseResources(t *testing.T) {
	sized := map[string]any{
		"requests": map[string]any{"cpu": "100m", "memory": "300Mi"},
		"limits":   map[string]any{"cpu": "500m", "memory": "600Mi"},
	}
	assert.Empty(t, HelmReleaseResources(props(release("cluster-autoscaler", map[string]any{"resources": sized}))))
	assertMessages(t, []string{"values.resources: no cpu request; no cpu limit; no memory request; no memory limit"},
		HelmReleaseResources(props(release("cluster-autoscaler", map[string]any{"replicaCount": 2}))))

	es := map[string]any{"resources": sized, "webhook": map[string]any{"resources": sized}}
	assertMessages(t, []string{"values.certController.resources: no cpu request"},
		HelmReleaseResources(props(release("oci://ghcr.io/external-secrets/charts/external-secrets", es)))) // every component is sized

	es["certController"] = map[string]any{"create": false}
	assert.Empty(t, HelmReleaseResources(props(release("external-secrets", es))), "a component switched off runs nothing")
	vpa := map[string]any{"recommender": map[string]any{"resources": sized}, "updater": map[string]any{"enabled": false}, "admissionController": map[string]any{"enabled": false}}
	assert.Empty(t, HelmReleaseResources(props(release("vpa", vpa))), "recommendation-only VPA runs the recommender alone")

	loki := map[string]any{
		"deploymentMode": "SingleBinary", "singleBinary": map[string]any{"replicas": 1, "resources": sized},
		"gateway": map[string]any{"resources": sized}, "chunksCache": map[string]any{"enabled": false}, "resultsCache": map[string]any{"enabled": false},
		"read": map[string]any{"replicas": 0},
	}
	assert.Empty(t, HelmReleaseResources(props(release("loki", loki))), "single-binary Loki runs no backend, read or write")
	assertMessages(t, []string{"values.backend.resources", "values.read.resources", "values.write.resources"},
		HelmReleaseResources(props(release("loki", set(set(loki, "SimpleScalable", "deploymentMode"), nil, "read")))))

	assert.Empty(t, HelmReleaseResources(props(release("some-other-chart", map[string]any{}))), "unknown charts are the advisory policy's")
	assert.Empty(t, HelmReleaseResources(props(release("cluster-autoscaler", map[string]any{"resources": unknownValue{}}))))
}

func TestHelmChartUnknownIsAdvisory(t *testing.T) {
	p := HelmChartUnknownPolicy()
	assert.Equal(t, "advisory", EnforcementName(p.Enforcement))
	assert.Len(t, p.CheckResource(Resource{Type: TypeHelmRelease, Properties: props(release("mystery", nil))}, "prod", nil), 1)
	assert.Empty(t, p.CheckResource(Resource{Type: TypeHelmRelease, Properties: props(release("cluster-autoscaler", nil))}, "prod", nil))
}
