package cluster

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

const (
	typeAccessEntry = "aws:eks/accessEntry:AccessEntry"
	typeAssociation = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation"

	testDeployerRole = "arn:aws:iam::123456789012:role/ci/ip-platform-ci-deployer"
	testAuditorRole  = "arn:aws:iam::123456789012:role/security-auditor"
)

func personaEntries() []AccessEntry {
	return []AccessEntry{
		{Persona: "ci-deployer", PrincipalArn: testDeployerRole, ClusterAdmin: true},
		{Persona: "auditor", PrincipalArn: testAuditorRole, KubernetesGroups: []string{"ip-platform:auditors"}},
	}
}

func TestGroupMembersGetAnEntryWithTheirGroupsAndNoPolicy(t *testing.T) {
	m, _ := runCluster(t, func(a *ClusterArgs) { a.AccessEntries = personaEntries() })
	entry := offlinetest.Must(t, m, typeAccessEntry, "prod-access-auditor-security-auditor")
	assert.Equal(t, testClusterName, entry.Input("clusterName"))
	assert.Equal(t, testAuditorRole, entry.Input("principalArn"))
	assert.Equal(t, "STANDARD", entry.Input("type"))
	assert.Equal(t, []any{"ip-platform:auditors"}, entry.Input("kubernetesGroups"))
	_, associated := m.Named(typeAssociation, "prod-access-auditor-security-auditor")
	assert.False(t, associated, "an auditor's rights are RBAC objects, not an EKS access policy")
}

func TestTheCIDeployerGetsTheClusterAdminPolicyAndTheProviderWaitsForIt(t *testing.T) {
	m, _ := runCluster(t, func(a *ClusterArgs) { a.AccessEntries = personaEntries() })
	// The IAM path (ci/) is not part of the name.
	entry := offlinetest.Must(t, m, typeAccessEntry, "prod-access-ci-deployer-ip-platform-ci-deployer")
	association := offlinetest.Must(t, m, typeAssociation, "prod-access-ci-deployer-ip-platform-ci-deployer")
	assert.Nil(t, entry.Input("kubernetesGroups"), "the deployer needs no group: the access policy is its right")
	assert.Equal(t, testDeployerRole, association.Input("principalArn"))
	assert.Equal(t, ClusterAdminPolicyArn, association.Input("policyArn"))
	assert.Equal(t, "cluster", association.Input("accessScope.type"))
	assert.Contains(t, association.DependsOn, entry.URN)

	provider := offlinetest.Must(t, m, typeK8sProvider, "prod-k8s")
	for _, r := range append(m.OfType(typeAccessEntry), m.OfType(typeAssociation)...) {
		assert.Contains(t, provider.DependsOn, r.URN, "the Kubernetes provider must wait for %s: CI may be the role deploying", r.Name)
	}
	assert.Len(t, m.OfType(typeAccessEntry), 3, "the admin's entry and one per AccessEntries item")
}

func TestTheAdminEntryIsUnchangedByThePersonas(t *testing.T) {
	m, _ := runCluster(t, func(a *ClusterArgs) { a.AccessEntries = personaEntries() })
	entry := offlinetest.Must(t, m, typeAccessEntry, "prod-admin")
	assert.Equal(t, testAdminRole, entry.Input("principalArn"))
	assert.Nil(t, entry.Input("kubernetesGroups"))
	assert.Equal(t, map[string]any{"Name": "prod-admin"}, entry.Input("tags"))
	association := offlinetest.Must(t, m, typeAssociation, "prod-admin")
	assert.Equal(t, ClusterAdminPolicyArn, association.Input("policyArn"))
}

func TestInvalidAccessEntriesAreRejected(t *testing.T) {
	cases := []struct {
		desc     string
		entries  []AccessEntry
		fragment string
	}{
		{"no persona", []AccessEntry{{PrincipalArn: testAuditorRole, KubernetesGroups: []string{"g"}}}, "AccessEntries[0].Persona"},
		{"assumed-role session", []AccessEntry{{Persona: "auditor", PrincipalArn: "arn:aws:sts::123456789012:assumed-role/auditor/jane", KubernetesGroups: []string{"g"}}}, "AccessEntries[0].PrincipalArn"},
		{"the admin again", []AccessEntry{{Persona: "auditor", PrincipalArn: testAdminRole, KubernetesGroups: []string{"g"}}}, "already given access by AdminRoleArn"},
		{"a role twice", []AccessEntry{
			{Persona: "auditor", PrincipalArn: testAuditorRole, KubernetesGroups: []string{"g"}},
			{Persona: "developer-trademark", PrincipalArn: testAuditorRole, KubernetesGroups: []string{"h"}},
		}, "AccessEntries[1].PrincipalArn"},
		{"same name in two accounts", []AccessEntry{
			{Persona: "auditor", PrincipalArn: testAuditorRole, KubernetesGroups: []string{"g"}},
			{Persona: "auditor", PrincipalArn: "arn:aws:iam::210987654321:role/security-auditor", KubernetesGroups: []string{"g"}},
		}, "AccessEntries[1]: persona"},
		{"grants nothing", []AccessEntry{{Persona: "auditor", PrincipalArn: testAuditorRole}}, "AccessEntries[0] grants nothing"},
		{"system group", []AccessEntry{{Persona: "auditor", PrincipalArn: testAuditorRole, KubernetesGroups: []string{"system:masters"}}}, "AccessEntries[0].KubernetesGroups[0]"},
		{"reserved group", []AccessEntry{{Persona: "auditor", PrincipalArn: testAuditorRole, KubernetesGroups: []string{"g", "eks:viewers"}}}, "AccessEntries[0].KubernetesGroups[1]"},
		{"group twice", []AccessEntry{{Persona: "auditor", PrincipalArn: testAuditorRole, KubernetesGroups: []string{"g", "g"}}}, "AccessEntries[0].KubernetesGroups[1] repeats"},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			args := validArgs()
			args.AccessEntries = tc.entries
			m, err := offline.Run(offline.Program{Region: testRegion}, func(ctx *pulumi.Context) error {
				_, err := NewCluster(ctx, "prod", args)
				return err
			})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.fragment)
			assert.Contains(t, err.Error(), "cluster prod:")
			assert.Empty(t, m.OfType(typeAccessEntry), "nothing is created from invalid args")
		})
	}
}
