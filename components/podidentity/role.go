package podidentity

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/iampolicy"
	"github.com/ip-platform/infra/internal/tags"
)

// RoleArgs describes the EKS Pod Identity role of one service account.
type RoleArgs struct {
	// ClusterName is the EKS cluster the association is made in; the trust policy admits sessions
	// of that cluster only. Required.
	ClusterName pulumi.StringInput
	// Namespace and ServiceAccount name the one service account whose pods get the role. Required.
	Namespace      string
	ServiceAccount string
	// Agent is the eks-pod-identity-agent add-on, which serves the credentials on every node; the
	// association waits for it. Required.
	Agent pulumi.Resource
	// Grants are what the role may do.
	Grants
}

// Role is an IAM role that the pods of one Kubernetes service account get through EKS Pod Identity.
type Role struct {
	pulumi.ResourceState

	// Arn is the role's ARN. It resolves only once every policy is attached and the association
	// exists.
	Arn pulumi.StringOutput
	// Name is the role's name.
	Name pulumi.StringOutput
	// Association binds the role to the service account. EKS injects the credentials into pods as
	// they are created, so whatever runs pods of that service account must depend on it (pods
	// started before it exists run without credentials until restarted).
	Association *eks.PodIdentityAssociation
}

// NewRole creates the role, its trust policy for EKS Pod Identity sessions of one service account
// of one cluster, its policies and its pod identity association.
func NewRole(ctx *pulumi.Context, name string, args *RoleArgs, opts ...pulumi.ResourceOption) (*Role, error) {
	if err := validateRole(args); err != nil {
		return nil, fmt.Errorf("podidentity %s: %w", name, err)
	}
	r := &Role{}
	err := ctx.RegisterComponentResourceV2("ip-platform:podidentity:Role", name, pulumi.Map{
		"namespace":         pulumi.String(args.Namespace),
		"serviceAccount":    pulumi.String(args.ServiceAccount),
		"managedPolicyArns": pulumi.ToStringArray(args.ManagedPolicyArns),
	}, r, opts...)
	if err != nil {
		return nil, err
	}
	parent := pulumi.Parent(r)
	subject := args.Namespace + "/" + args.ServiceAccount
	trust := args.ClusterName.ToStringOutput().ApplyT(func(cluster string) string {
		return iampolicy.AssumeRoleForPodIdentity(cluster, args.Namespace, args.ServiceAccount)
	}).(pulumi.StringOutput)
	role, arn, err := newRoleWithGrants(ctx, name, "EKS Pod Identity role for Kubernetes service account "+subject,
		trust, args.Grants, tags.Name(name), parent)
	if err != nil {
		return nil, fmt.Errorf("podidentity %s: %w", name, err)
	}
	r.Association, err = eks.NewPodIdentityAssociation(ctx, name, &eks.PodIdentityAssociationArgs{
		ClusterName:    args.ClusterName,
		Namespace:      pulumi.String(args.Namespace),
		ServiceAccount: pulumi.String(args.ServiceAccount),
		RoleArn:        arn,
		Tags:           tags.Name(name),
	}, parent, pulumi.DependsOn([]pulumi.Resource{args.Agent}))
	if err != nil {
		return nil, fmt.Errorf("podidentity %s: association: %w", name, err)
	}
	r.Arn = after(arn, []pulumi.CustomResource{r.Association})
	r.Name = role.Name
	return r, ctx.RegisterResourceOutputs(r, pulumi.Map{"arn": r.Arn, "name": r.Name})
}

func validateRole(args *RoleArgs) error {
	switch {
	case args == nil:
		return fmt.Errorf("args are required")
	case args.ClusterName == nil:
		return fmt.Errorf("ClusterName is required")
	case args.Agent == nil:
		return fmt.Errorf("Agent is required (the eks-pod-identity-agent add-on, Cluster.PodIdentityAgent)")
	}
	return validateSubjectAndGrants(args.Namespace, args.ServiceAccount, args.Grants)
}
