package autoscaler

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/irsa"
)

// RoleArgs describes the autoscaler's IRSA role, the AWS side of the autoscaler.
type RoleArgs struct {
	// ClusterName is the EKS cluster's name; the role may resize only the Auto Scaling groups
	// tagged as this cluster's. Required.
	ClusterName pulumi.StringInput
	// OidcProviderArn is the ARN of the cluster's IAM OIDC provider. Required.
	OidcProviderArn pulumi.StringInput
	// OidcIssuerURL is the cluster's OIDC issuer URL. Required.
	OidcIssuerURL pulumi.StringInput
}

// NewRole creates the IAM role the autoscaler's service account (Namespace/ServiceAccount)
// assumes, with the policy of policy.go. Pass its Arn as ClusterAutoscalerArgs.RoleArn; create it
// with the AWS provider.
func NewRole(ctx *pulumi.Context, name string, args *RoleArgs, opts ...pulumi.ResourceOption) (*irsa.Role, error) {
	switch {
	case args == nil:
		return nil, fmt.Errorf("autoscaler %s: role args are required", name)
	case args.ClusterName == nil:
		return nil, fmt.Errorf("autoscaler %s: ClusterName is required", name)
	}
	role, err := irsa.NewRole(ctx, name, &irsa.RoleArgs{
		OidcProviderArn: args.OidcProviderArn,
		OidcIssuerURL:   args.OidcIssuerURL,
		Namespace:       Namespace,
		ServiceAccount:  ServiceAccount,
		Policy:          args.ClusterName.ToStringOutput().ApplyT(policy).(pulumi.StringOutput),
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("autoscaler %s: %w", name, err)
	}
	return role, nil
}
