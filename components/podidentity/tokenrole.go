package podidentity

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/iampolicy"
	"github.com/ip-platform/infra/internal/tags"
)

// TokenRoleArgs describes an IRSA role: one a service account's token is exchanged for with STS.
// Only for consumers that cannot use Pod Identity (see the package comment).
type TokenRoleArgs struct {
	// OidcProviderArn is the ARN of the cluster's IAM OIDC provider. Required.
	OidcProviderArn pulumi.StringInput
	// OidcIssuerURL is the cluster's OIDC issuer, "https://oidc.eks.<region>.amazonaws.com/id/<id>".
	// Required.
	OidcIssuerURL pulumi.StringInput
	// Namespace of the service account whose token may be exchanged for the role. Required.
	Namespace string
	// ServiceAccount is that service account's name. Required.
	ServiceAccount string
	// Grants are what the role may do.
	Grants
}

// TokenRole is an IAM role one Kubernetes service account's token can be exchanged for.
type TokenRole struct {
	pulumi.ResourceState

	// Arn is the role's ARN, for the service account's eks.amazonaws.com/role-arn annotation. It
	// resolves only once every policy is attached.
	Arn pulumi.StringOutput
	// Name is the role's name.
	Name pulumi.StringOutput
}

// NewTokenRole creates the role, its trust policy for one service account's token, and its
// policies.
func NewTokenRole(ctx *pulumi.Context, name string, args *TokenRoleArgs, opts ...pulumi.ResourceOption) (*TokenRole, error) {
	if err := validateTokenRole(args); err != nil {
		return nil, fmt.Errorf("podidentity %s: %w", name, err)
	}
	r := &TokenRole{}
	// The type was ip-platform:irsa:Role while IRSA served every workload: the alias keeps the
	// roles made then (Grafana's, the services' secrets roles) instead of replacing them.
	opts = append(opts, pulumi.Aliases([]pulumi.Alias{{Type: pulumi.String("ip-platform:irsa:Role")}}))
	err := ctx.RegisterComponentResourceV2("ip-platform:podidentity:TokenRole", name, pulumi.Map{
		"namespace":         pulumi.String(args.Namespace),
		"serviceAccount":    pulumi.String(args.ServiceAccount),
		"managedPolicyArns": pulumi.ToStringArray(args.ManagedPolicyArns),
	}, r, opts...)
	if err != nil {
		return nil, err
	}
	subject := args.Namespace + "/" + args.ServiceAccount
	role, arn, err := newRoleWithGrants(ctx, name, "IRSA role for Kubernetes service account "+subject,
		iampolicy.AssumeRoleWithWebIdentity(args.OidcProviderArn, args.OidcIssuerURL, args.Namespace, args.ServiceAccount),
		args.Grants, tags.Name(name), pulumi.Parent(r))
	if err != nil {
		return nil, fmt.Errorf("podidentity %s: %w", name, err)
	}
	r.Arn, r.Name = arn, role.Name
	return r, ctx.RegisterResourceOutputs(r, pulumi.Map{"arn": r.Arn, "name": r.Name})
}

func validateTokenRole(args *TokenRoleArgs) error {
	switch {
	case args == nil:
		return fmt.Errorf("args are required")
	case args.OidcProviderArn == nil:
		return fmt.Errorf("OidcProviderArn is required")
	case args.OidcIssuerURL == nil:
		return fmt.Errorf("OidcIssuerURL is required")
	}
	return validateSubjectAndGrants(args.Namespace, args.ServiceAccount, args.Grants)
}
