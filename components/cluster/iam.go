package cluster

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/iampolicy"
	"github.com/ip-platform/infra/internal/tags"
)

// clusterRole is the IAM role the EKS control plane acts as, and the grants it must hold from before
// the cluster is created until after it is deleted.
type clusterRole struct {
	role   *iam.Role
	grants []pulumi.Resource
}

// secretsKeyUse lets the control plane use the secrets key: EKS checks it at cluster creation and
// calls it on every Secret read and write.
func secretsKeyUse(keyArn string) string {
	return iampolicy.New(iampolicy.Allow("EncryptKubernetesSecrets", []string{
		"kms:Encrypt",
		"kms:Decrypt",
		"kms:ListGrants",
		"kms:DescribeKey",
	}, keyArn)).JSON()
}

func newClusterRole(ctx *pulumi.Context, name, clusterName string, secretsKeyArn pulumi.StringOutput, parent pulumi.ResourceOption) (*clusterRole, error) {
	role, err := iam.NewRole(ctx, name+"-cluster", &iam.RoleArgs{
		Description:      pulumi.String("EKS control plane of " + clusterName),
		AssumeRolePolicy: pulumi.String(iampolicy.AssumeRoleForServices("eks.amazonaws.com")),
		Tags:             tags.Name(name + "-cluster"),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("cluster role: %w", err)
	}
	managed, err := iam.NewRolePolicyAttachment(ctx, name+"-cluster-AmazonEKSClusterPolicy", &iam.RolePolicyAttachmentArgs{
		Role:      role.Name,
		PolicyArn: pulumi.String(iampolicy.ManagedPolicyArn("AmazonEKSClusterPolicy")),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("cluster role policy: %w", err)
	}
	keyUse, err := iam.NewRolePolicy(ctx, name+"-cluster-secrets-key", &iam.RolePolicyArgs{
		Role:   role.Name,
		Policy: secretsKeyArn.ApplyT(secretsKeyUse).(pulumi.StringOutput),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("cluster role secrets key policy: %w", err)
	}
	return &clusterRole{role: role, grants: []pulumi.Resource{managed, keyUse}}, nil
}
