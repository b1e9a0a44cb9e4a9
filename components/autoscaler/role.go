package autoscaler

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/podidentity"
)

// RoleArgs describes the autoscaler's Pod Identity role, the AWS side of the autoscaler.
type RoleArgs struct {
	// ClusterName is the EKS cluster's name; the role may resize only the Auto Scaling groups
	// tagged as this cluster's. Required.
	ClusterName pulumi.StringInput
	// PodIdentityAgent is the cluster's pod identity agent add-on (cluster.Cluster.PodIdentityAgent).
	// Required.
	PodIdentityAgent pulumi.Resource
}

// NewRole creates the IAM role the autoscaler's service account (Namespace/ServiceAccount) gets
// through its pod identity association, with the policy of policy.go. Create it with the AWS
// provider; the autoscaler's release must depend on Role.Association.
func NewRole(ctx *pulumi.Context, name string, args *RoleArgs, opts ...pulumi.ResourceOption) (*podidentity.Role, error) {
	switch {
	case args == nil:
		return nil, fmt.Errorf("autoscaler %s: role args are required", name)
	case args.ClusterName == nil:
		return nil, fmt.Errorf("autoscaler %s: ClusterName is required", name)
	}
	role, err := podidentity.NewRole(ctx, name, &podidentity.RoleArgs{
		ClusterName:    args.ClusterName,
		Namespace:      Namespace,
		ServiceAccount: ServiceAccount,
		Agent:          args.PodIdentityAgent,
		Grants:         podidentity.Grants{Policy: args.ClusterName.ToStringOutput().ApplyT(policy).(pulumi.StringOutput)},
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("autoscaler %s: %w", name, err)
	}
	return role, nil
}
