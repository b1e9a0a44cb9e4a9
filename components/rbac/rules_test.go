package rbac

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// grants reports whether rules allow verb on resource in the API group.
func grants(rules []Rule, group, resource, verb string) bool {
	return slices.ContainsFunc(rules, func(r Rule) bool {
		return slices.Contains(r.APIGroups, group) && slices.Contains(r.Resources, resource) && slices.Contains(r.Verbs, verb)
	})
}

func assertExplicit(t *testing.T, persona string, rules []Rule) {
	t.Helper()
	for i, r := range rules {
		assert.NotEmpty(t, r.APIGroups, "%s rule %d names no API group", persona, i)
		assert.NotEmpty(t, r.Resources, "%s rule %d names no resource", persona, i)
		assert.NotEmpty(t, r.Verbs, "%s rule %d names no verb", persona, i)
		for _, s := range slices.Concat(r.APIGroups, r.Resources, r.Verbs) {
			assert.NotContains(t, s, "*", "%s rule %d holds a wildcard: %v", persona, i, r)
		}
		assert.NotContains(t, r.Resources, "secrets", "%s may never read Secrets", persona)
	}
}

func TestDeveloperRulesReadTheirWorkloadsAndNothingElse(t *testing.T) {
	rules := DeveloperRules(false)
	assertExplicit(t, "developer", rules)
	for _, want := range []struct{ group, resource string }{
		{"apps", "deployments"}, {"apps", "replicasets"}, {"apps", "statefulsets"},
		{"", "pods"}, {"", "pods/log"}, {"", "services"}, {"", "configmaps"}, {"", "events"}, {"events.k8s.io", "events"},
		{"autoscaling", "horizontalpodautoscalers"}, {"policy", "poddisruptionbudgets"},
	} {
		for _, verb := range []string{"get", "list", "watch"} {
			assert.True(t, grants(rules, want.group, want.resource, verb), "developers must %s %s.%s", verb, want.resource, want.group)
		}
	}
	for _, r := range rules {
		assert.Equal(t, []string{"get", "list", "watch"}, r.Verbs, "without exec every developer rule is read-only: %v", r)
	}
	assert.False(t, grants(rules, "", "pods/exec", "create"))
	assert.False(t, grants(rules, "", "pods/portforward", "create"))
}

func TestDeveloperExecAddsExactlyExecAndPortForward(t *testing.T) {
	without, with := DeveloperRules(false), DeveloperRules(true)
	assertExplicit(t, "developer", with)
	assert.Equal(t, without, with[:len(without)], "exec adds a rule and changes none")
	assert.Equal(t, []Rule{{APIGroups: []string{""}, Resources: []string{"pods/exec", "pods/portforward"}, Verbs: []string{"create", "get"}}},
		with[len(without):])
	assert.False(t, grants(with, "", "pods/attach", "create"), "attach is not part of the exec grant")
}

func TestAuditorRulesAreAClusterWideViewWithoutSecrets(t *testing.T) {
	rules := AuditorRules()
	assertExplicit(t, "auditor", rules)
	for _, r := range rules {
		assert.Equal(t, []string{"get", "list", "watch"}, r.Verbs, "every auditor rule is read-only: %v", r)
		for _, res := range r.Resources {
			assert.False(t, strings.HasSuffix(res, "/exec") || strings.HasSuffix(res, "/portforward") ||
				strings.HasSuffix(res, "/attach") || strings.HasSuffix(res, "/proxy") || res == "serviceaccounts/token",
				"auditors must not reach into pods or nodes: %s", res)
		}
	}
	for _, want := range []struct{ group, resource string }{
		{"", "namespaces"}, {"", "nodes"}, {"", "pods"}, {"apps", "deployments"},
		{"rbac.authorization.k8s.io", "clusterrolebindings"}, {"rbac.authorization.k8s.io", "roles"},
		{"networking.k8s.io", "networkpolicies"}, {"admissionregistration.k8s.io", "validatingwebhookconfigurations"},
	} {
		assert.True(t, grants(rules, want.group, want.resource, "list"), "auditors must list %s.%s", want.resource, want.group)
	}
}
