package podidentity

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/iampolicy"
	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

// runPodIdentity builds the pod identity agent add-on and one Role for the load balancer
// controller, edited by edit, under offline mocks.
func runPodIdentity(t *testing.T, edit func(*RoleArgs)) (*offline.Mocks, *Role, error) {
	t.Helper()
	var role *Role
	m, err := offline.Run(offline.Program{Region: offlinetest.Region}, func(ctx *pulumi.Context) error {
		agent, err := eks.NewAddon(ctx, "agent", &eks.AddonArgs{ClusterName: pulumi.String("ip-platform-prod"), AddonName: pulumi.String("eks-pod-identity-agent")})
		if err != nil {
			return err
		}
		args := &RoleArgs{
			ClusterName:    pulumi.String("ip-platform-prod"),
			Namespace:      "kube-system",
			ServiceAccount: "aws-load-balancer-controller",
			Agent:          agent,
			Grants:         Grants{Policy: pulumi.String(iampolicy.New(iampolicy.Allow("Describe", []string{"ec2:DescribeSubnets"}, "*")).JSON())},
		}
		if edit != nil {
			edit(args)
		}
		role, err = NewRole(ctx, "lbc", args)
		return err
	})
	return m, role, err
}

func TestPodIdentityTrustAdmitsOnlyThisServiceAccountOfThisCluster(t *testing.T) {
	m, _, err := runPodIdentity(t, nil)
	require.NoError(t, err)
	role := offlinetest.Must(t, m, "aws:iam/role:Role", "lbc")
	var policy struct{ Statement []map[string]any }
	require.NoError(t, json.Unmarshal([]byte(role.Input("assumeRolePolicy").(string)), &policy))
	require.Len(t, policy.Statement, 1)
	stmt := policy.Statement[0]
	assert.Equal(t, map[string]any{"Service": []any{"pods.eks.amazonaws.com"}}, stmt["Principal"])
	assert.Equal(t, []any{"sts:AssumeRole", "sts:TagSession"}, stmt["Action"], "Pod Identity tags the session, so TagSession is required")
	assert.Equal(t, map[string]any{"StringEquals": map[string]any{
		"aws:RequestTag/eks-cluster-name":           "ip-platform-prod",
		"aws:RequestTag/kubernetes-namespace":       "kube-system",
		"aws:RequestTag/kubernetes-service-account": "aws-load-balancer-controller",
	}}, stmt["Condition"])
	assert.NotContains(t, role.Input("assumeRolePolicy"), "AssumeRoleWithWebIdentity")
}

func TestPodIdentityAssociationBindsTheRoleAfterTheAgent(t *testing.T) {
	m, role, err := runPodIdentity(t, nil)
	require.NoError(t, err)
	assoc := offlinetest.Must(t, m, "aws:eks/podIdentityAssociation:PodIdentityAssociation", "lbc")
	assert.Equal(t, "ip-platform-prod", assoc.Input("clusterName"))
	assert.Equal(t, "kube-system", assoc.Input("namespace"))
	assert.Equal(t, "aws-load-balancer-controller", assoc.Input("serviceAccount"))
	assert.Equal(t, "arn:aws:iam::123456789012:role/lbc", assoc.Input("roleArn"))

	agent := offlinetest.Must(t, m, "aws:eks/addon:Addon", "agent")
	assert.Contains(t, assoc.DependsOn, agent.URN, "the association must wait for the pod identity agent")
	inline := offlinetest.Must(t, m, "aws:iam/rolePolicy:RolePolicy", "lbc-inline")
	assert.Contains(t, assoc.DependsOn, inline.URN, "pods get the role only once its policy is attached")
	assert.Equal(t, "arn:aws:iam::123456789012:role/lbc", offlinetest.Await(t, role.Arn))
}

func TestPodIdentityRoleArnWaitsForTheAssociation(t *testing.T) {
	var consumer string
	m, err := offline.Run(offline.Program{Region: offlinetest.Region}, func(ctx *pulumi.Context) error {
		agent, err := eks.NewAddon(ctx, "agent", &eks.AddonArgs{ClusterName: pulumi.String("c"), AddonName: pulumi.String("eks-pod-identity-agent")})
		if err != nil {
			return err
		}
		role, err := NewRole(ctx, "cni", &RoleArgs{
			ClusterName: pulumi.String("c"), Namespace: "kube-system", ServiceAccount: "aws-node", Agent: agent,
			Grants: Grants{ManagedPolicyArns: []string{iampolicy.ManagedPolicyArn("AmazonEKS_CNI_Policy")}},
		})
		if err != nil {
			return err
		}
		_, err = eks.NewAddon(ctx, "consumer", &eks.AddonArgs{ClusterName: role.Arn, AddonName: pulumi.String("vpc-cni")})
		consumer = "consumer"
		return err
	})
	require.NoError(t, err)
	assoc := offlinetest.Must(t, m, "aws:eks/podIdentityAssociation:PodIdentityAssociation", "cni")
	addon := offlinetest.Must(t, m, "aws:eks/addon:Addon", consumer)
	assert.True(t, slices.Contains(addon.DependsOn, assoc.URN), "a consumer of Role.Arn must wait for the association; depends on %v", addon.DependsOn)
	offlinetest.Must(t, m, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "cni-AmazonEKS_CNI_Policy")
}

func TestPodIdentityValidationNamesTheField(t *testing.T) {
	cases := []struct {
		desc  string
		edit  func(*RoleArgs)
		field string
	}{
		{"no cluster", func(a *RoleArgs) { a.ClusterName = nil }, "ClusterName"},
		{"no agent", func(a *RoleArgs) { a.Agent = nil }, "Agent"},
		{"no namespace", func(a *RoleArgs) { a.Namespace = "" }, "Namespace"},
		{"bad service account", func(a *RoleArgs) { a.ServiceAccount = "a:b" }, "ServiceAccount"},
		{"policy name not ARN", func(a *RoleArgs) { a.ManagedPolicyArns = []string{"ReadOnly"} }, "ManagedPolicyArns"},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			m, _, err := runPodIdentity(t, tc.edit)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.field)
			assert.Len(t, m.Resources(), 1, "only the agent add-on may be registered before validation passes")
		})
	}
}
