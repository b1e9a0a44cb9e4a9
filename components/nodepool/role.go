package nodepool

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/iampolicy"
	"github.com/ip-platform/infra/internal/tags"
)

// nodePolicies returns the only managed policies a node needs. AmazonEKS_CNI_Policy is deliberately
// absent: the VPC CNI has its own IRSA role, so workloads that reach the node's credentials cannot
// attach or detach network interfaces.
func nodePolicies() []string {
	return []string{
		// join the cluster and describe its own instance
		"AmazonEKSWorkerNodePolicy",
		// pull images from ECR, including the EKS add-on images
		"AmazonEC2ContainerRegistryReadOnly",
		// Session Manager: break-glass shell on a node without SSH keys, a bastion or an open port
		"AmazonSSMManagedInstanceCore",
	}
}

// newNodeRole creates the role EC2 instances of the pool assume, and attaches nodePolicies. It
// returns the attachments so the node group can wait for them.
func newNodeRole(ctx *pulumi.Context, name string, parent pulumi.ResourceOption) (*iam.Role, []pulumi.Resource, error) {
	role, err := iam.NewRole(ctx, name+"-node", &iam.RoleArgs{
		Description:      pulumi.String("EKS managed node group " + name + " instances"),
		AssumeRolePolicy: pulumi.String(iampolicy.AssumeRoleForServices("ec2.amazonaws.com")),
		Tags:             tags.Name(name + "-node"),
	}, parent)
	if err != nil {
		return nil, nil, fmt.Errorf("nodepool %s: node role: %w", name, err)
	}
	var grants []pulumi.Resource
	for _, policy := range nodePolicies() {
		attachment, err := iam.NewRolePolicyAttachment(ctx, name+"-node-"+policy, &iam.RolePolicyAttachmentArgs{
			Role:      role.Name,
			PolicyArn: pulumi.String(iampolicy.ManagedPolicyArn(policy)),
		}, parent)
		if err != nil {
			return nil, nil, fmt.Errorf("nodepool %s: attach %s: %w", name, policy, err)
		}
		grants = append(grants, attachment)
	}
	return role, grants, nil
}
