package baseline

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// clusterAdmin is Kubernetes' built-in superuser ClusterRole.
const clusterAdmin = "cluster-admin"

// defaultAdminGroups are the Kubernetes groups allowed to hold cluster-admin: the platform admins'
// (components/rbac). The CI deployer's admin rights are an EKS access policy, not a binding.
func defaultAdminGroups() []string { return []string{"ip-platform:platform-admins"} }

func isBinding(typ string) bool {
	return slices.Contains([]string{TypeClusterRoleBinding, TypeRoleBinding, TypeClusterRoleBindingPatch, TypeRoleBindingPatch}, typ)
}

func isRole(typ string) bool {
	return slices.Contains([]string{TypeClusterRole, TypeRole, TypeClusterRolePatch, TypeRolePatch}, typ)
}

// RBACClusterAdminPolicy: only the platform admins' group is bound to cluster-admin. Anyone else
// bound to it could read every Secret and grant themselves anything; other personas get roles that
// list what they may do.
func RBACClusterAdminPolicy() Policy {
	return Policy{
		Name:        "rbac-cluster-admin-binding",
		Description: "No ClusterRoleBinding or RoleBinding to cluster-admin except the platform admins' group.",
		Enforcement: policyx.EnforcementLevelMandatory,
		Schema: &policyx.ConfigSchema{Properties: map[string]map[string]any{"adminGroups": {
			"type": "array", "items": map[string]any{"type": "string"},
			"default":     schemaStrings(defaultAdminGroups()),
			"description": "Kubernetes groups that may be bound to cluster-admin.",
		}}},
		CheckResource: func(r Resource, _ string, config map[string]any) []string {
			if !isBinding(r.Type) {
				return nil
			}
			return ClusterAdminBinding(r.Properties, configStrings(config, "adminGroups", defaultAdminGroups()))
		},
	}
}

// ClusterAdminBinding judges a (Cluster)RoleBinding: if it binds cluster-admin, every subject must
// be one of adminGroups.
func ClusterAdminBinding(b property.Map, adminGroups []string) []string {
	kind, kindKnown := get(b, "roleRef", "kind").str()
	name, nameKnown := get(b, "roleRef", "name").str()
	if !kindKnown || !nameKnown || kind != "ClusterRole" || name != clusterAdmin {
		return nil
	}
	var out []string
	for _, s := range get(b, "subjects").maps() {
		kind, kindKnown := get(s, "kind").str()
		name, nameKnown := get(s, "name").str()
		if !kindKnown || !nameKnown || (kind == "Group" && slices.Contains(adminGroups, name)) {
			continue
		}
		if ns, ok := get(s, "namespace").str(); ok && ns != "" {
			name = ns + "/" + name
		}
		out = append(out, fmt.Sprintf("binds cluster-admin to %s %s; only the platform admins' group (%s) may hold cluster-admin: bind a role listing what it needs",
			kind, name, strings.Join(adminGroups, ", ")))
	}
	return out
}

// RBACWildcardPolicy: Roles and ClusterRoles list their API groups, resources and verbs. A "*"
// grants what does not exist yet (every CRD installed later, every new verb); only the built-in
// cluster-admin, which the platform admins alone are bound to, holds wildcards.
func RBACWildcardPolicy() Policy {
	return Policy{
		Name:        "rbac-no-wildcards",
		Description: `Roles and ClusterRoles name their apiGroups, resources and verbs explicitly: no "*".`,
		Enforcement: policyx.EnforcementLevelMandatory,
		Schema: &policyx.ConfigSchema{Properties: map[string]map[string]any{"exemptRoles": {
			"type": "array", "items": map[string]any{"type": "string"},
			"default":     []any{},
			"description": "Names of Roles and ClusterRoles allowed to hold wildcards.",
		}}},
		CheckResource: func(r Resource, _ string, config map[string]any) []string {
			if !isRole(r.Type) || slices.Contains(configStrings(config, "exemptRoles", nil), objectName(r)) {
				return nil
			}
			return RBACWildcards(r.Properties)
		},
	}
}

// RBACWildcards reports each rule field of a Role or ClusterRole that holds a wildcard ("*", or a
// pattern such as "*/scale").
func RBACWildcards(role property.Map) []string {
	var out []string
	for i, rule := range get(role, "rules").maps() {
		for _, field := range []string{"apiGroups", "resources", "verbs"} {
			for _, v := range get(rule, field).strings() {
				if strings.Contains(v, "*") {
					out = append(out, fmt.Sprintf("rules[%d].%s holds %q: list the %s explicitly", i, field, v, field))
				}
			}
		}
	}
	return out
}
