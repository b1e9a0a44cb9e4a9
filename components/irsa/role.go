package irsa

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/iampolicy"
	"github.com/ip-platform/infra/internal/tags"
)

// RoleArgs describes an IRSA role.
type RoleArgs struct {
	// OidcProviderArn is the ARN of the cluster's IAM OIDC provider. Required.
	OidcProviderArn pulumi.StringInput
	// OidcIssuerURL is the cluster's OIDC issuer, "https://oidc.eks.<region>.amazonaws.com/id/<id>".
	// Required.
	OidcIssuerURL pulumi.StringInput
	// Namespace of the service account allowed to assume the role. Required.
	Namespace string
	// ServiceAccount is the name of the service account allowed to assume the role. Required.
	ServiceAccount string
	// ManagedPolicyArns are AWS managed or customer managed policy ARNs attached to the role.
	// Optional; defaults to none.
	ManagedPolicyArns []string
	// Policy is an inline policy document (JSON, built with internal/iampolicy). Optional; defaults
	// to none.
	Policy pulumi.StringInput
}

// Role is an IAM role one Kubernetes service account can assume.
type Role struct {
	pulumi.ResourceState

	// Arn is the role's ARN, for the service account's eks.amazonaws.com/role-arn annotation or an
	// add-on's serviceAccountRoleArn. It resolves only once every policy is attached, so whatever
	// consumes it starts with its permissions in place.
	Arn pulumi.StringOutput
	// Name is the role's name.
	Name pulumi.StringOutput
}

// NewRole creates the role, its trust policy for one service account, and its policies.
func NewRole(ctx *pulumi.Context, name string, args *RoleArgs, opts ...pulumi.ResourceOption) (*Role, error) {
	if err := validate(name, args); err != nil {
		return nil, err
	}
	r := &Role{}
	err := ctx.RegisterComponentResourceV2("ip-platform:irsa:Role", name, pulumi.Map{
		"namespace":         pulumi.String(args.Namespace),
		"serviceAccount":    pulumi.String(args.ServiceAccount),
		"managedPolicyArns": pulumi.ToStringArray(args.ManagedPolicyArns),
	}, r, opts...)
	if err != nil {
		return nil, err
	}
	parent := pulumi.Parent(r)

	subject := args.Namespace + "/" + args.ServiceAccount
	role, err := iam.NewRole(ctx, name, &iam.RoleArgs{
		Description:      pulumi.String("IRSA role for Kubernetes service account " + subject),
		AssumeRolePolicy: iampolicy.AssumeRoleWithWebIdentity(args.OidcProviderArn, args.OidcIssuerURL, args.Namespace, args.ServiceAccount),
		Tags:             tags.Name(name),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("irsa %s: role: %w", name, err)
	}

	var grants []pulumi.CustomResource
	for _, arn := range args.ManagedPolicyArns {
		attachment, err := iam.NewRolePolicyAttachment(ctx, name+"-"+policyName(arn), &iam.RolePolicyAttachmentArgs{
			Role:      role.Name,
			PolicyArn: pulumi.String(arn),
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("irsa %s: attach %s: %w", name, arn, err)
		}
		grants = append(grants, attachment)
	}
	if args.Policy != nil {
		inline, err := iam.NewRolePolicy(ctx, name+"-inline", &iam.RolePolicyArgs{
			Role:   role.Name,
			Policy: args.Policy,
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("irsa %s: inline policy: %w", name, err)
		}
		grants = append(grants, inline)
	}

	r.Arn = after(role.Arn, grants)
	r.Name = role.Name
	return r, ctx.RegisterResourceOutputs(r, pulumi.Map{
		"arn":  r.Arn,
		"name": r.Name,
	})
}

// after returns value carrying a dependency on every resource in deps: a resource built from it
// waits for them, although it does not read anything they produce.
func after(value pulumi.StringOutput, deps []pulumi.CustomResource) pulumi.StringOutput {
	if len(deps) == 0 {
		return value
	}
	all := []any{value}
	for _, d := range deps {
		all = append(all, d.ID())
	}
	return pulumi.All(all...).ApplyT(func(v []any) string { return v[0].(string) }).(pulumi.StringOutput)
}
