package baseline

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestContainerResourcesRequireEphemeralStorage(t *testing.T) {
	good := goodContainer("api", "500m", "1Gi")
	cases := []struct {
		name      string
		container map[string]any
		want      []string // message fragments; none means compliant
	}{
		{"request and limit", good, nil},
		{"no ephemeral-storage limit", set(good, nil, "resources", "limits", "ephemeral-storage"), []string{`container "api": no ephemeral-storage limit`}},
		{"no ephemeral-storage request", set(good, nil, "resources", "requests", "ephemeral-storage"), []string{`container "api": no ephemeral-storage request`}},
		{"neither", set(set(good, nil, "resources", "requests", "ephemeral-storage"), nil, "resources", "limits", "ephemeral-storage"),
			[]string{`container "api": no ephemeral-storage request; no ephemeral-storage limit`}},
		{"limit below request", set(good, "128Mi", "resources", "limits", "ephemeral-storage"), []string{"limits.ephemeral-storage 128Mi is below requests.ephemeral-storage 256Mi"}},
		{"malformed", set(good, "lots", "resources", "limits", "ephemeral-storage"), []string{`limits.ephemeral-storage: ephemeral-storage quantity "lots"`}},
		{"Kubernetes' decimal suffixes are quantities too", set(good, "2G", "resources", "limits", "ephemeral-storage"), nil},
		{"unknown at preview", set(good, unknownValue{}, "resources", "limits", "ephemeral-storage"), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assertMessages(t, tc.want, ContainerResources(props(podSpecOf(tc.container)), defaultMaxCPU, defaultMaxMemory))
		})
	}
}

func TestContainerWithoutEphemeralStorageIsRefusedInEveryWorkloadKind(t *testing.T) {
	bare := set(goodContainer("job", "500m", "1Gi"), nil, "resources", "limits", "ephemeral-storage")
	p := ContainerResourcesPolicy()
	assert.Equal(t, "mandatory", EnforcementName(p.Enforcement), "the program's own containers must set it")
	for typ, obj := range map[string]map[string]any{
		TypeDeployment: {"spec": map[string]any{"template": map[string]any{"spec": podSpecOf(bare)}}},
		TypeJob:        {"spec": map[string]any{"template": map[string]any{"spec": podSpecOf(bare)}}},
		TypeCronJob:    {"spec": map[string]any{"jobTemplate": map[string]any{"spec": map[string]any{"template": map[string]any{"spec": podSpecOf(bare)}}}}},
	} {
		assertMessages(t, []string{`container "job": no ephemeral-storage limit`}, p.CheckResource(Resource{Type: typ, Properties: props(obj)}, "prod", nil))
	}
	spec := podSpecOf(goodContainer("app", "500m", "1Gi"))
	spec["initContainers"] = []any{bare}
	assertMessages(t, []string{`init container "job": no ephemeral-storage limit`},
		p.CheckResource(Resource{Type: TypePod, Properties: props(map[string]any{"spec": spec})}, "prod", nil))
}

func TestHelmReleaseEphemeralStorageIsAdvisory(t *testing.T) {
	p := HelmReleaseEphemeralStoragePolicy()
	assert.Equal(t, "advisory", EnforcementName(p.Enforcement), "the charts' pods follow their charts")

	cpuMemory := map[string]any{
		"requests": map[string]any{"cpu": "100m", "memory": "300Mi"},
		"limits":   map[string]any{"cpu": "500m", "memory": "600Mi"},
	}
	withStorage := set(set(cpuMemory, "256Mi", "requests", "ephemeral-storage"), "1Gi", "limits", "ephemeral-storage")
	check := func(chart string, values map[string]any) []string {
		return p.CheckResource(Resource{Type: TypeHelmRelease, Properties: props(release(chart, values))}, "prod", nil)
	}
	assert.Empty(t, check("cluster-autoscaler", map[string]any{"resources": withStorage}))
	assertMessages(t, []string{"no ephemeral-storage request or limit in values.resources: their pods' logs and emptyDirs are bounded only by the node's disk"},
		check("cluster-autoscaler", map[string]any{"resources": cpuMemory}))

	es := map[string]any{"resources": cpuMemory, "webhook": map[string]any{"resources": cpuMemory}, "certController": map[string]any{"create": false}}
	got := check("external-secrets", es)
	assertMessages(t, []string{"no ephemeral-storage request or limit in values.resources, values.webhook.resources:"}, got)
	assert.NotContains(t, got[0], "certController", "a component switched off runs nothing")

	es["resources"] = set(withStorage, "128Mi", "limits", "ephemeral-storage")
	got = check("external-secrets", es)
	assertMessages(t, []string{"no ephemeral-storage request or limit in values.webhook.resources:"}, got)
	assert.Contains(t, got[0], "; values.resources: limits.ephemeral-storage 128Mi is below requests.ephemeral-storage 256Mi", "one message for the release")

	assert.Empty(t, check("some-other-chart", map[string]any{}), "unknown charts are helm-chart-unknown's")
	assert.Empty(t, check("cluster-autoscaler", map[string]any{"resources": unknownValue{}}), "unknown at preview")
	assert.Empty(t, HelmReleaseResources(props(release("cluster-autoscaler", map[string]any{"resources": cpuMemory}))),
		"helm-release-resources, mandatory, still asks for CPU and memory only")
}
