package baseline

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func podSpecOf(containers ...map[string]any) map[string]any {
	list := make([]any, len(containers))
	for i, c := range containers {
		list[i] = c
	}
	return map[string]any{"containers": list, "securityContext": map[string]any{"runAsNonRoot": true}}
}

func TestContainerResources(t *testing.T) {
	good := goodContainer("api", "500m", "1Gi")
	cases := []struct {
		name      string
		container map[string]any
		want      []string // message fragments; none means compliant
	}{
		{"requests and limits within the maxima", good, nil},
		{"no limits", set(good, nil, "resources", "limits"), []string{`container "api": no cpu limit; no memory limit`}},
		{"no memory request", set(good, nil, "resources", "requests", "memory"), []string{"no memory request"}},
		{"limit below request", set(good, "50m", "resources", "limits", "cpu"), []string{"limits.cpu 50m is below requests.cpu 100m"}},
		{"above the maximum", set(good, "64Gi", "resources", "limits", "memory"), []string{"limits.memory 64Gi is above the maximum 12Gi"}},
		{"malformed quantity", set(good, "lots", "resources", "limits", "cpu"), []string{"limits.cpu: cpu quantity"}},
		{"limits unknown at preview", set(good, unknownValue{}, "resources", "limits"), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := ContainerResources(props(podSpecOf(tc.container)), defaultMaxCPU, defaultMaxMemory)
			assertMessages(t, tc.want, got)
		})
	}
}

func TestContainerResourcesCoverEveryWorkloadKindAndInitContainers(t *testing.T) {
	noLimits := set(goodContainer("init", "1", "1Gi"), nil, "resources", "limits")
	spec := podSpecOf(goodContainer("app", "1", "1Gi"))
	spec["initContainers"] = []any{noLimits}
	p := ContainerResourcesPolicy()
	for typ, obj := range map[string]map[string]any{
		TypeDeployment:  {"spec": map[string]any{"template": map[string]any{"spec": spec}}},
		TypeStatefulSet: {"spec": map[string]any{"template": map[string]any{"spec": spec}}},
		TypeDaemonSet:   {"spec": map[string]any{"template": map[string]any{"spec": spec}}},
		TypeJob:         {"spec": map[string]any{"template": map[string]any{"spec": spec}}},
		TypeCronJob:     {"spec": map[string]any{"jobTemplate": map[string]any{"spec": map[string]any{"template": map[string]any{"spec": spec}}}}},
		TypePod:         {"spec": spec},
	} {
		got := p.CheckResource(Resource{Type: typ, Properties: props(obj)}, "dev", nil)
		assertMessages(t, []string{`init container "init": no cpu limit; no memory limit`}, got)
	}
	assert.Empty(t, p.CheckResource(Resource{Type: TypeNamespace, Properties: props(map[string]any{})}, "dev", nil), "not a workload")
}

func TestContainerResourcesMaximaAreConfigurable(t *testing.T) {
	p := ContainerResourcesPolicy()
	r := Resource{Type: TypePod, Properties: props(map[string]any{"spec": podSpecOf(goodContainer("api", "2", "4Gi"))})}
	assert.Empty(t, p.CheckResource(r, "prod", nil))
	got := p.CheckResource(r, "prod", map[string]any{"maxCpu": "1", "maxMemory": "2Gi"})
	assertMessages(t, []string{"limits.cpu 2 is above the maximum 1; limits.memory 4Gi is above the maximum 2Gi"}, got)
}

// assertMessages checks that got has exactly one message per wanted fragment, in order.
func assertMessages(t *testing.T, want, got []string) {
	t.Helper()
	if !assert.Len(t, got, len(want), "violations: %q", got) {
		return
	}
	for i := range want {
		assert.Contains(t, got[i], want[i])
	}
}
