package externalsecrets

import (
	"fmt"
	"regexp"

	helmv3 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/irsa"
	"github.com/ip-platform/infra/internal/helmvalues"
	"github.com/ip-platform/infra/internal/iampolicy"
)

// OperatorArgs describes the operator of one cluster.
type OperatorArgs struct {
	// OidcProviderArn is the ARN of the cluster's IAM OIDC provider. Required.
	OidcProviderArn pulumi.StringInput
	// OidcIssuerURL is the cluster's OIDC issuer URL. Required.
	OidcIssuerURL pulumi.StringInput
	// Region is the AWS region of the secrets, e.g. "eu-west-1". Required.
	Region string
	// AccountID is the 12-digit AWS account of the secrets. Required.
	AccountID string
	// SecretsPath is the platform's shared prefix in Secrets Manager the operator may read,
	// "ip-platform/<stack>/platform". Required.
	SecretsPath string
	// Replicas of the controller and the webhook, 1 to 3 (use 2 in production: the webhook
	// admits every ESO object). Defaults to 1.
	Replicas int
}

// Operator is the External Secrets Operator with its CRDs.
type Operator struct {
	pulumi.ResourceState

	// Release is the Helm release; custom resources of ESO's CRDs depend on it.
	Release *helmv3.Release
	// RoleArn is the ARN of the operator's IRSA role.
	RoleArn pulumi.StringOutput
}

var (
	accountID   = regexp.MustCompile(`^[0-9]{12}$`)
	region      = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$`)
	secretsPath = regexp.MustCompile(`^[A-Za-z0-9/_+=.@-]+$`)
)

func withDefaults(name string, args *OperatorArgs) (OperatorArgs, error) {
	if args == nil {
		return OperatorArgs{}, fmt.Errorf("externalsecrets %s: args are required", name)
	}
	a := *args
	if a.Replicas == 0 {
		a.Replicas = 1
	}
	switch {
	case a.OidcProviderArn == nil:
		return a, fmt.Errorf("externalsecrets %s: OidcProviderArn is required", name)
	case a.OidcIssuerURL == nil:
		return a, fmt.Errorf("externalsecrets %s: OidcIssuerURL is required", name)
	case !region.MatchString(a.Region):
		return a, fmt.Errorf("externalsecrets %s: Region %q is not an AWS region name (e.g. eu-west-1)", name, a.Region)
	case !accountID.MatchString(a.AccountID):
		return a, fmt.Errorf("externalsecrets %s: AccountID %q must be 12 digits", name, a.AccountID)
	case !secretsPath.MatchString(a.SecretsPath):
		return a, fmt.Errorf("externalsecrets %s: SecretsPath %q must be a Secrets Manager name prefix such as ip-platform/prod/platform", name, a.SecretsPath)
	case a.Replicas < 1 || a.Replicas > 3:
		return a, fmt.Errorf("externalsecrets %s: Replicas (%d) must be between 1 and 3", name, a.Replicas)
	}
	return a, nil
}

// NewOperator creates the operator's IRSA role and installs the pinned chart.
func NewOperator(ctx *pulumi.Context, name string, args *OperatorArgs, opts ...pulumi.ResourceOption) (*Operator, error) {
	a, err := withDefaults(name, args)
	if err != nil {
		return nil, err
	}
	op := &Operator{}
	err = ctx.RegisterComponentResourceV2("ip-platform:externalsecrets:Operator", name, pulumi.Map{
		"replicas":     pulumi.Int(a.Replicas),
		"chartVersion": pulumi.String(ChartVersion),
	}, op, opts...)
	if err != nil {
		return nil, err
	}
	parent := pulumi.Parent(op)

	shared := fmt.Sprintf("arn:aws:secretsmanager:%s:%s:secret:%s/*", a.Region, a.AccountID, a.SecretsPath)
	role, err := irsa.NewRole(ctx, name+"-irsa", &irsa.RoleArgs{
		OidcProviderArn: a.OidcProviderArn,
		OidcIssuerURL:   a.OidcIssuerURL,
		Namespace:       Namespace,
		ServiceAccount:  ServiceAccount,
		Policy: pulumi.String(iampolicy.New(iampolicy.Allow("ReadPlatformSecrets",
			[]string{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"}, shared)).JSON()),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("externalsecrets %s: iam role: %w", name, err)
	}

	chartValues := role.Arn.ApplyT(func(arn string) (map[string]any, error) {
		return helmvalues.ToMap(buildValues(a.Replicas, arn))
	}).(pulumi.MapOutput)
	op.Release, err = helmv3.NewRelease(ctx, name, &helmv3.ReleaseArgs{
		Name:            pulumi.String(releaseName),
		Namespace:       pulumi.String(Namespace),
		CreateNamespace: pulumi.Bool(true),
		Chart:           pulumi.String(ChartName),
		Version:         pulumi.String(ChartVersion),
		RepositoryOpts:  helmv3.RepositoryOptsArgs{Repo: pulumi.String(ChartRepo)},
		Values:          chartValues,
		// A failed upgrade rolls back rather than leaving services without secret syncing.
		Atomic:     pulumi.Bool(true),
		MaxHistory: pulumi.Int(10),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("externalsecrets %s: helm release: %w", name, err)
	}

	op.RoleArn = role.Arn
	return op, ctx.RegisterResourceOutputs(op, pulumi.Map{"roleArn": op.RoleArn})
}
