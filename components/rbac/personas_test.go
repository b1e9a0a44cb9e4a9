package rbac

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

const (
	typeRole               = "kubernetes:rbac.authorization.k8s.io/v1:Role"
	typeRoleBinding        = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"
	typeClusterRole        = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole"
	typeClusterRoleBinding = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding"
)

func services() []Team {
	return []Team{{Name: "trademark"}, {Name: "copyright"}, {Name: "recommendation"}}
}

func run(t *testing.T, args *PersonasArgs) (*offline.Mocks, *Personas) {
	t.Helper()
	var p *Personas
	m := offlinetest.Run(t, func(ctx *pulumi.Context) (err error) {
		p, err = NewPersonas(ctx, "prod-rbac", args)
		return err
	})
	return m, p
}

// rulesOf reads a Role's or ClusterRole's recorded rules back as Rules.
func rulesOf(t *testing.T, r offline.Resource) []Rule {
	t.Helper()
	raw, ok := r.Input("rules").([]any)
	require.True(t, ok, "%s has no rules", r.Name)
	strs := func(v any) []string {
		var out []string
		for _, e := range v.([]any) {
			out = append(out, e.(string))
		}
		return out
	}
	out := make([]Rule, len(raw))
	for i, e := range raw {
		m := e.(map[string]any)
		out[i] = Rule{APIGroups: strs(m["apiGroups"]), Resources: strs(m["resources"]), Verbs: strs(m["verbs"])}
	}
	return out
}

func groupSubject(name string) []any {
	return []any{map[string]any{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": name}}
}

func TestEveryObjectSitsUnderTheComponent(t *testing.T) {
	m, _ := run(t, &PersonasArgs{Teams: services()})
	offlinetest.AssertSubtree(t, m, "ip-platform:rbac:Personas", "prod-rbac-")
}

func TestOnlyThePlatformAdminsAreBoundToClusterAdmin(t *testing.T) {
	m, p := run(t, &PersonasArgs{Teams: services()})
	admins := offlinetest.Must(t, m, typeClusterRoleBinding, "prod-rbac-platform-admins")
	assert.Equal(t, "ip-platform:platform-admins", admins.Input("metadata.name"))
	assert.Equal(t, map[string]any{"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"}, admins.Input("roleRef"))
	assert.Equal(t, groupSubject("ip-platform:platform-admins"), admins.Input("subjects"))

	for _, typ := range []string{typeClusterRoleBinding, typeRoleBinding} {
		for _, b := range m.OfType(typ) {
			if b.Name != admins.Name {
				assert.NotEqual(t, "cluster-admin", b.Input("roleRef.name"), "%s %s binds cluster-admin", typ, b.Name)
			}
		}
	}
	assert.Equal(t, AdminGroup, p.Groups["platform-admin"])
}

func TestTheAuditorSeesTheClusterWithoutSecrets(t *testing.T) {
	m, _ := run(t, &PersonasArgs{Teams: services()})
	role := offlinetest.Must(t, m, typeClusterRole, "prod-rbac-auditor")
	assert.Equal(t, "ip-platform:auditor", role.Input("metadata.name"))
	assert.Equal(t, AuditorRules(), rulesOf(t, role))

	binding := offlinetest.Must(t, m, typeClusterRoleBinding, "prod-rbac-auditor")
	assert.Equal(t, "ip-platform:auditors", binding.Input("metadata.name"))
	assert.Equal(t, map[string]any{"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "ip-platform:auditor"}, binding.Input("roleRef"))
	assert.Equal(t, groupSubject("ip-platform:auditors"), binding.Input("subjects"))
	assert.Contains(t, binding.PropertyDependencies["roleRef"], role.URN, "the binding waits for its role")
}

func TestEachTeamReadsOnlyItsOwnNamespace(t *testing.T) {
	m, p := run(t, &PersonasArgs{Teams: services()})
	assert.Len(t, m.OfType(typeRole), 3)
	assert.Len(t, m.OfType(typeRoleBinding), 3)
	for _, team := range []string{"trademark", "copyright", "recommendation"} {
		role := offlinetest.Must(t, m, typeRole, "prod-rbac-developer-"+team)
		assert.Equal(t, team, role.Input("metadata.namespace"), "a team's role lives in its service's namespace")
		assert.Equal(t, "ip-platform:developer", role.Input("metadata.name"))
		assert.Equal(t, DeveloperRules(false), rulesOf(t, role))
		assert.Equal(t, "developer-"+team, role.Input("metadata.labels.ip-platform/persona"))

		binding := offlinetest.Must(t, m, typeRoleBinding, "prod-rbac-developer-"+team)
		assert.Equal(t, team, binding.Input("metadata.namespace"))
		assert.Equal(t, map[string]any{"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "ip-platform:developer"}, binding.Input("roleRef"))
		assert.Equal(t, groupSubject("ip-platform:developers:"+team), binding.Input("subjects"))
		assert.Equal(t, "ip-platform:developers:"+team, p.Groups["developer-"+team])
	}
}

func TestExecFollowsDeveloperExec(t *testing.T) {
	// As prod runs it: no exec.
	m, _ := run(t, &PersonasArgs{Teams: services()})
	for _, r := range m.OfType(typeRole) {
		assert.False(t, grants(rulesOf(t, r), "", "pods/exec", "create"), "%s: no exec in prod", r.Name)
		assert.False(t, grants(rulesOf(t, r), "", "pods/portforward", "create"), "%s: no port-forward in prod", r.Name)
	}
	// As dev runs it.
	m, _ = run(t, &PersonasArgs{Teams: services(), DeveloperExec: true})
	for _, r := range m.OfType(typeRole) {
		assert.Equal(t, DeveloperRules(true), rulesOf(t, r))
		for _, verb := range []string{"create", "get"} {
			assert.True(t, grants(rulesOf(t, r), "", "pods/exec", verb), "%s: exec in dev", r.Name)
			assert.True(t, grants(rulesOf(t, r), "", "pods/portforward", verb), "%s: port-forward in dev", r.Name)
		}
	}
	auditor := offlinetest.Must(t, m, typeClusterRole, "prod-rbac-auditor")
	assert.False(t, grants(rulesOf(t, auditor), "", "pods/exec", "create"), "exec is a developer grant only")
}

func TestANamespaceCanBeNamedForATeam(t *testing.T) {
	m, _ := run(t, &PersonasArgs{Teams: []Team{{Name: "trademark", Namespace: "tm"}}})
	assert.Equal(t, "tm", offlinetest.Must(t, m, typeRole, "prod-rbac-developer-trademark").Input("metadata.namespace"))
}

func TestWithoutTeamsOnlyAdminsAndAuditors(t *testing.T) {
	m, _ := run(t, nil)
	assert.Empty(t, m.OfType(typeRole))
	assert.Len(t, m.OfType(typeClusterRoleBinding), 2)
}

func TestInvalidTeamsAreRejected(t *testing.T) {
	cases := []struct {
		desc     string
		teams    []Team
		fragment string
	}{
		{"no name", []Team{{}}, "Teams[0].Name is required"},
		{"upper case", []Team{{Name: "Trademark"}}, "Teams[0].Name"},
		{"bad namespace", []Team{{Name: "trademark", Namespace: "tm_1"}}, "Teams[0].Namespace"},
		{"team twice", []Team{{Name: "trademark"}, {Name: "trademark", Namespace: "tm"}}, "Teams[1].Name"},
		{"namespace twice", []Team{{Name: "trademark"}, {Name: "copyright", Namespace: "trademark"}}, "Teams[1].Namespace"},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			m, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
				_, err := NewPersonas(ctx, "prod-rbac", &PersonasArgs{Teams: tc.teams})
				return err
			})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "rbac prod-rbac: "+tc.fragment)
			assert.Empty(t, m.Resources(), "nothing is created from invalid args")
		})
	}
}
