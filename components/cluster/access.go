package cluster

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/tags"
)

// clusterAdminPolicyArn is the EKS access policy equivalent to Kubernetes' cluster-admin.
const clusterAdminPolicyArn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"

// newAdminAccess grants roleArn cluster admin through an access entry, visible in code and state,
// instead of the implicit admin EKS can give to whoever created the cluster. It returns what must
// exist before anything authenticates as that role.
func newAdminAccess(ctx *pulumi.Context, name string, clusterName pulumi.StringInput, roleArn string, parent pulumi.ResourceOption) ([]pulumi.Resource, error) {
	entry, err := eks.NewAccessEntry(ctx, name+"-admin", &eks.AccessEntryArgs{
		ClusterName:  clusterName,
		PrincipalArn: pulumi.String(roleArn),
		Type:         pulumi.String("STANDARD"),
		Tags:         tags.Name(name + "-admin"),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("admin access entry: %w", err)
	}
	association, err := eks.NewAccessPolicyAssociation(ctx, name+"-admin", &eks.AccessPolicyAssociationArgs{
		ClusterName: clusterName,
		// The entry's principalArn output ties the association to the entry, which must exist first.
		PrincipalArn: entry.PrincipalArn,
		PolicyArn:    pulumi.String(clusterAdminPolicyArn),
		AccessScope:  eks.AccessPolicyAssociationAccessScopeArgs{Type: pulumi.String("cluster")},
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("admin access policy: %w", err)
	}
	return []pulumi.Resource{entry, association}, nil
}
