package tests

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/components/cluster"
	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/plan"
)

const (
	accessEntryType        = "aws:eks/accessEntry:AccessEntry"
	accessAssociationType  = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation"
	roleType               = "kubernetes:rbac.authorization.k8s.io/v1:Role"
	roleBindingType        = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"
	clusterRoleBindingType = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding"
)

// entryOf returns the access entry of a principal, and its cluster-admin association if any.
func entryOf(t *testing.T, r *plan.Result, principal string) (offline.Resource, *offline.Resource) {
	t.Helper()
	var entries []offline.Resource
	for _, e := range ofType(r, accessEntryType) {
		if e.Input("principalArn") == principal {
			entries = append(entries, e)
		}
	}
	require.Len(t, entries, 1, "stack %s: one access entry for %s", r.Stack, principal)
	for _, a := range ofType(r, accessAssociationType) {
		if a.Name == entries[0].Name {
			return entries[0], &a
		}
	}
	return entries[0], nil
}

func TestEveryPersonaHasAnAccessEntryWithItsGroupsOrPolicy(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			r, cfg := planStack(t, stack), stackConfig(t, stack)
			a := cfg.Access
			require.NotEmpty(t, a.CIDeployerRoleArn, "the example stacks name a CI deployer")
			require.NotEmpty(t, a.AuditorRoleArns, "the example stacks name an auditor")

			admin, policy := entryOf(t, r, cfg.Cluster.AdminRoleArn)
			require.NotNil(t, policy, "the platform admin role is cluster admin through the EKS access policy")
			assert.Equal(t, cluster.ClusterAdminPolicyArn, policy.Input("policyArn"))
			assert.Equal(t, "ip-platform-"+stack+"-admin", admin.Name, "the admin entry keeps its name: a rename would replace it")

			ci, policy := entryOf(t, r, a.CIDeployerRoleArn)
			require.NotNil(t, policy, "the CI deployer needs the cluster-admin access policy")
			assert.Equal(t, cluster.ClusterAdminPolicyArn, policy.Input("policyArn"))
			assert.Equal(t, "cluster", policy.Input("accessScope.type"))
			assert.Nil(t, ci.Input("kubernetesGroups"))

			for _, arn := range a.PlatformAdminRoleArns {
				e, policy := entryOf(t, r, arn)
				assert.Nil(t, policy)
				assert.Equal(t, []any{"ip-platform:platform-admins"}, e.Input("kubernetesGroups"))
			}
			for _, arn := range a.AuditorRoleArns {
				e, policy := entryOf(t, r, arn)
				assert.Nil(t, policy, "an auditor's rights are RBAC, not an access policy")
				assert.Equal(t, []any{"ip-platform:auditors"}, e.Input("kubernetesGroups"))
			}
			for _, svc := range cfg.Services {
				require.NotEmpty(t, a.Developers[svc.Name], "the example stacks name %s's developers", svc.Name)
				for _, arn := range a.Developers[svc.Name] {
					e, policy := entryOf(t, r, arn)
					assert.Nil(t, policy)
					assert.Equal(t, []any{"ip-platform:developers:" + svc.Name}, e.Input("kubernetesGroups"))
				}
			}
		})
	}
}

func TestEachServiceNamespaceHasItsDevelopersRoleAndExecOnlyOutsideProd(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			r, cfg := planStack(t, stack), stackConfig(t, stack)
			assert.Equal(t, stack != "prod", cfg.Access.DeveloperExec)
			personas := only(t, r, "ip-platform:rbac:Personas")
			assert.Len(t, personas.DependsOn, len(spec), "the RBAC waits for the service namespaces only, not for the services' rollouts")
			for name := range spec {
				role := serviceObject(t, r, roleType, name, "ip-platform:developer")
				binding := serviceObject(t, r, roleBindingType, name, "ip-platform:developers")
				assert.Equal(t, "ip-platform:developer", binding.Input("roleRef.name"))
				assert.Equal(t, "ip-platform:developers:"+name, binding.Input("subjects[0].name"))
				for _, ns := range ofType(r, namespaceType) {
					if ns.Input("metadata.name") == name {
						// The roles are the component's children: they wait for what it waits for.
						assert.Contains(t, personas.DependsOn, ns.URN, "%s: the RBAC waits for the namespace", name)
					}
				}

				exec := false
				rules, _ := role.Input("rules").([]any)
				for _, rule := range rules {
					resources, _ := rule.(map[string]any)["resources"].([]any)
					exec = exec || slices.Contains(resources, any("pods/exec"))
					assert.NotContains(t, resources, "secrets", "%s: developers never read Secrets", name)
				}
				assert.Equal(t, stack != "prod", exec, "%s in %s: exec only outside prod", name, stack)
			}
		})
	}
}

func TestOnlyThePlatformAdminsAreBoundToClusterAdmin(t *testing.T) {
	for _, stack := range stacks {
		r := planStack(t, stack)
		var bound []any
		for _, typ := range []string{clusterRoleBindingType, roleBindingType} {
			for _, b := range ofType(r, typ) {
				if b.Input("roleRef.name") == "cluster-admin" {
					bound = append(bound, b.Input("subjects"))
				}
			}
		}
		assert.Equal(t, []any{[]any{map[string]any{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "ip-platform:platform-admins"}}}, bound, stack)
	}
}
