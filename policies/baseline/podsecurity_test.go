package baseline

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNamespacePodSecurity(t *testing.T) {
	ns := func(labels map[string]any) map[string]any {
		return map[string]any{"metadata": map[string]any{"name": "trademark", "labels": labels}}
	}
	assert.Empty(t, NamespacePodSecurity(props(ns(map[string]any{LabelPodSecurityEnforce: "restricted"}))))
	assertMessages(t, []string{"is baseline; want restricted"}, NamespacePodSecurity(props(ns(map[string]any{LabelPodSecurityEnforce: "baseline"}))))
	assertMessages(t, []string{"is unset (privileged)"}, NamespacePodSecurity(props(ns(map[string]any{}))))

	p := NamespacePodSecurityPolicy()
	system := Resource{Type: TypeNamespace, Properties: props(map[string]any{"metadata": map[string]any{"name": "kube-system"}})}
	assert.Empty(t, p.CheckResource(system, "prod", nil), "kube-system is exempt by default")
	other := Resource{Type: TypeNamespace, Properties: props(ns(map[string]any{}))}
	assert.Empty(t, p.CheckResource(other, "prod", map[string]any{"exemptNamespaces": []any{"trademark"}}), "exemptions are configurable")
}

func TestContainerSecurityContext(t *testing.T) {
	good := goodContainer("api", "1", "1Gi")
	cases := []struct {
		name      string
		container map[string]any
		pod       map[string]any
		want      []string
	}{
		{"restricted", good, nil, nil},
		{"non-root set on the pod only", set(good, nil, "securityContext", "runAsNonRoot"), map[string]any{"runAsNonRoot": true}, nil},
		{"root", set(good, false, "securityContext", "runAsNonRoot"), nil, []string{"runAsNonRoot is not true"}},
		{"no security context", set(good, nil, "securityContext"), nil, []string{
			`container "api": securityContext: allowPrivilegeEscalation is not false; readOnlyRootFilesystem is not true; ` +
				"runAsNonRoot is not true (container or pod); capabilities.drop does not include ALL; seccompProfile.type is not RuntimeDefault",
		}},
		{"privileged", set(good, true, "securityContext", "privileged"), nil, []string{"privileged is true"}},
		{"writable root filesystem", set(good, false, "securityContext", "readOnlyRootFilesystem"), nil, []string{"readOnlyRootFilesystem is not true"}},
		{"security context unknown at preview", set(good, unknownValue{}, "securityContext"), nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			spec := map[string]any{"containers": []any{tc.container}}
			if tc.pod != nil {
				spec["securityContext"] = tc.pod
			}
			assertMessages(t, tc.want, ContainerSecurityContext(props(spec)))
		})
	}
}

func TestOnlyTheNodeAgentsNamespaceIsExemptByDefault(t *testing.T) {
	assert.Contains(t, defaultExemptNamespaces(), "observability-agents")
	assert.NotContains(t, defaultExemptNamespaces(), "observability", "the monitoring stack itself is judged like any namespace")

	namespace := func(name, enforce string) Resource {
		return Resource{Type: TypeNamespace, Properties: props(map[string]any{"metadata": map[string]any{
			"name": name, "labels": map[string]any{LabelPodSecurityEnforce: enforce},
		}})}
	}
	p := NamespacePodSecurityPolicy()
	assert.Empty(t, p.CheckResource(namespace("observability-agents", "privileged"), "prod", nil),
		"the node agents' namespace may enforce privileged")
	assertMessages(t, []string{"is privileged; want restricted"}, p.CheckResource(namespace("observability", "privileged"), "prod", nil))
	assertMessages(t, []string{"is baseline; want restricted"}, p.CheckResource(namespace("observability", "baseline"), "prod", nil))
	assert.Empty(t, p.CheckResource(namespace("observability", "restricted"), "prod", nil))
	// a configured list replaces the default one
	assertMessages(t, []string{"is privileged; want restricted"},
		p.CheckResource(namespace("observability-agents", "privileged"), "prod", map[string]any{"exemptNamespaces": []any{"kube-system"}}))

	// A host-level agent's pod spec: judged in observability, not in observability-agents.
	agent := set(goodContainer("node-exporter", "200m", "64Mi"), map[string]any{"readOnlyRootFilesystem": true}, "securityContext")
	daemonSet := func(ns string) Resource {
		d := set(deploymentOf("node-exporter", agent), ns, "metadata", "namespace")
		return Resource{Type: TypeDaemonSet, Properties: props(d)}
	}
	c := ContainerSecurityContextPolicy()
	assert.Empty(t, c.CheckResource(daemonSet("observability-agents"), "prod", nil))
	assertMessages(t, []string{`container "node-exporter": securityContext: allowPrivilegeEscalation is not false`},
		c.CheckResource(daemonSet("observability"), "prod", nil))
}
