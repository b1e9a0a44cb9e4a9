package cluster

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

const (
	testClusterName = "ip-platform-prod"
	testRegion      = "eu-west-1"
	testAdminRole   = "arn:aws:iam::123456789012:role/ip-platform-deployer"
	// testIssuer is the issuer the offline mocks give every EKS cluster in testRegion.
	testIssuer = "https://oidc.eks.eu-west-1.amazonaws.com/id/0FFL1NE0PLAN"
	// testProviderArn is the ARN the offline mocks give the OIDC provider for testIssuer.
	testProviderArn = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/0FFL1NE0PLAN"

	typeCluster     = "aws:eks/cluster:Cluster"
	typeAddon       = "aws:eks/addon:Addon"
	typeRole        = "aws:iam/role:Role"
	typeAttachment  = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	typePodIdentity = "aws:eks/podIdentityAssociation:PodIdentityAssociation"
	typeK8sProvider = "pulumi:providers:kubernetes"
)

func validArgs() *ClusterArgs {
	return &ClusterArgs{
		ClusterName:  testClusterName,
		Version:      "1.33",
		Region:       testRegion,
		SubnetIDs:    pulumi.ToStringArray([]string{"subnet-a", "subnet-b", "subnet-c"}),
		AdminRoleArn: testAdminRole,
	}
}

// runCluster builds one Cluster named "prod" from validArgs changed by edit, under offline mocks.
func runCluster(t *testing.T, edit func(*ClusterArgs)) (*offline.Mocks, *Cluster) {
	t.Helper()
	args := validArgs()
	if edit != nil {
		edit(args)
	}
	var c *Cluster
	m := offlinetest.Run(t, func(ctx *pulumi.Context) (err error) {
		c, err = NewCluster(ctx, "prod", args)
		return err
	})
	return m, c
}

// await resolves an output recorded during a finished run.
func await(t *testing.T, o pulumi.Output) internals.UnsafeAwaitOutputResult {
	t.Helper()
	res, err := internals.UnsafeAwaitOutput(context.Background(), o)
	require.NoError(t, err)
	return res
}

// trustCondition returns the StringEquals condition of a single-statement IRSA trust policy.
func trustCondition(t *testing.T, role offline.Resource) map[string]any {
	t.Helper()
	doc, ok := role.Input("assumeRolePolicy").(string)
	require.True(t, ok, "role %s has no resolved trust policy", role.Name)
	var policy struct {
		Statement []struct {
			Condition map[string]map[string]any
		}
	}
	require.NoError(t, json.Unmarshal([]byte(doc), &policy))
	require.Len(t, policy.Statement, 1)
	return policy.Statement[0].Condition["StringEquals"]
}
