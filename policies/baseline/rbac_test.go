package baseline

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func binding(roleKind, roleName string, subjects ...map[string]any) map[string]any {
	list := make([]any, len(subjects))
	for i, s := range subjects {
		list[i] = s
	}
	return map[string]any{
		"metadata": map[string]any{"name": "b"},
		"roleRef":  map[string]any{"apiGroup": "rbac.authorization.k8s.io", "kind": roleKind, "name": roleName},
		"subjects": list,
	}
}

func subject(kind, name string) map[string]any {
	return map[string]any{"kind": kind, "name": name}
}

func TestClusterAdminBinding(t *testing.T) {
	admins := defaultAdminGroups()
	cases := []struct {
		name string
		b    map[string]any
		want []string
	}{
		{"the platform admins", binding("ClusterRole", "cluster-admin", subject("Group", "ip-platform:platform-admins")), nil},
		{"a developer group", binding("ClusterRole", "cluster-admin", subject("Group", "ip-platform:developers:trademark")),
			[]string{"binds cluster-admin to Group ip-platform:developers:trademark; only the platform admins' group (ip-platform:platform-admins)"}},
		{"a user next to the admins", binding("ClusterRole", "cluster-admin", subject("Group", "ip-platform:platform-admins"), subject("User", "jane")),
			[]string{"binds cluster-admin to User jane"}},
		{"a service account", binding("ClusterRole", "cluster-admin", map[string]any{"kind": "ServiceAccount", "name": "deployer", "namespace": "ci"}),
			[]string{"binds cluster-admin to ServiceAccount ci/deployer"}},
		{"another cluster role", binding("ClusterRole", "ip-platform:auditor", subject("Group", "ip-platform:auditors")), nil},
		{"a Role named cluster-admin", binding("Role", "cluster-admin", subject("User", "jane")), nil},
		{"role unknown at preview", binding("ClusterRole", "x", subject("User", "jane")), nil},
		{"subject unknown at preview", binding("ClusterRole", "cluster-admin", map[string]any{"kind": "Group", "name": unknownValue{}}), nil},
	}
	cases[6].b["roleRef"].(map[string]any)["name"] = unknownValue{}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assertMessages(t, tc.want, ClusterAdminBinding(props(tc.b), admins))
		})
	}
}

func TestClusterAdminPolicyJudgesEveryKindOfBinding(t *testing.T) {
	p := RBACClusterAdminPolicy()
	developers := props(binding("ClusterRole", "cluster-admin", subject("Group", "ip-platform:developers:trademark")))
	for _, typ := range []string{TypeClusterRoleBinding, TypeRoleBinding, TypeClusterRoleBindingPatch, TypeRoleBindingPatch} {
		assert.Len(t, p.CheckResource(Resource{Type: typ, Properties: developers}, "prod", nil), 1, typ)
	}
	assert.Empty(t, p.CheckResource(Resource{Type: TypeClusterRole, Properties: developers}, "prod", nil))
	assert.Empty(t, p.CheckResource(Resource{Type: TypeClusterRoleBinding, Properties: developers}, "prod",
		map[string]any{"adminGroups": []any{"ip-platform:developers:trademark"}}), "the admin groups are configurable")
}

func role(rules ...map[string]any) map[string]any {
	list := make([]any, len(rules))
	for i, r := range rules {
		list[i] = r
	}
	return map[string]any{"metadata": map[string]any{"name": "ip-platform:developer"}, "rules": list}
}

func rule(groups, resources, verbs []any) map[string]any {
	return map[string]any{"apiGroups": groups, "resources": resources, "verbs": verbs}
}

func TestRBACWildcards(t *testing.T) {
	read := []any{"get", "list", "watch"}
	cases := []struct {
		name string
		role map[string]any
		want []string
	}{
		{"explicit", role(rule([]any{""}, []any{"pods", "pods/log"}, read), rule([]any{"apps"}, []any{"deployments"}, read)), nil},
		{"every verb", role(rule([]any{""}, []any{"pods"}, []any{"*"})), []string{`rules[0].verbs holds "*"`}},
		{"every resource", role(rule([]any{""}, []any{"pods"}, read), rule([]any{"apps"}, []any{"*"}, read)), []string{`rules[1].resources holds "*"`}},
		{"every group", role(rule([]any{"*"}, []any{"deployments"}, read)), []string{`rules[0].apiGroups holds "*"`}},
		{"every scale subresource", role(rule([]any{"apps"}, []any{"*/scale"}, read)), []string{`rules[0].resources holds "*/scale"`}},
		{"all three", role(rule([]any{"*"}, []any{"*"}, []any{"*"})), []string{"apiGroups", "resources", "verbs"}},
		{"rules unknown at preview", map[string]any{"rules": unknownValue{}}, nil},
		{"verb unknown at preview", role(rule([]any{""}, []any{"pods"}, []any{unknownValue{}})), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assertMessages(t, tc.want, RBACWildcards(props(tc.role)))
		})
	}
}

func TestWildcardPolicyJudgesRolesAndHonoursExemptions(t *testing.T) {
	p := RBACWildcardPolicy()
	wild := props(role(rule([]any{"*"}, []any{"*"}, []any{"*"})))
	for _, typ := range []string{TypeRole, TypeClusterRole, TypeRolePatch, TypeClusterRolePatch} {
		assert.Len(t, p.CheckResource(Resource{Type: typ, Properties: wild}, "dev", nil), 3, typ)
	}
	assert.Empty(t, p.CheckResource(Resource{Type: TypeRoleBinding, Properties: wild}, "dev", nil))
	assert.Empty(t, p.CheckResource(Resource{Type: TypeClusterRole, Properties: wild}, "dev",
		map[string]any{"exemptRoles": []any{"ip-platform:developer"}}))
}
