package externalsecrets

import (
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/podidentity"
	"github.com/ip-platform/infra/internal/iampolicy"
)

// RoleArgs describes the operator's Pod Identity role, the AWS side of the operator.
type RoleArgs struct {
	// ClusterName is the EKS cluster the operator runs in. Required.
	ClusterName pulumi.StringInput
	// PodIdentityAgent is the cluster's pod identity agent add-on (cluster.Cluster.PodIdentityAgent).
	// Required.
	PodIdentityAgent pulumi.Resource
	// Region is the AWS region of the secrets, e.g. "eu-west-1". Required.
	Region string
	// AccountID is the 12-digit AWS account of the secrets. Required.
	AccountID string
	// SecretsPath is the platform's shared prefix in Secrets Manager the operator may read,
	// "ip-platform/<stack>/platform". Required.
	SecretsPath string
}

var (
	accountID   = regexp.MustCompile(`^[0-9]{12}$`)
	region      = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$`)
	secretsPath = regexp.MustCompile(`^[A-Za-z0-9/_+=.@-]+$`)
)

// NewRole creates the IAM role the operator's service account (Namespace/ServiceAccount) gets
// through its pod identity association: it may read the platform's shared secrets and nothing
// else. Create it with the AWS provider; the operator's release must depend on Role.Association.
func NewRole(ctx *pulumi.Context, name string, args *RoleArgs, opts ...pulumi.ResourceOption) (*podidentity.Role, error) {
	switch {
	case args == nil:
		return nil, fmt.Errorf("externalsecrets %s: role args are required", name)
	case !region.MatchString(args.Region):
		return nil, fmt.Errorf("externalsecrets %s: Region %q is not an AWS region name (e.g. eu-west-1)", name, args.Region)
	case !accountID.MatchString(args.AccountID):
		return nil, fmt.Errorf("externalsecrets %s: AccountID %q must be 12 digits", name, args.AccountID)
	case !secretsPath.MatchString(args.SecretsPath):
		return nil, fmt.Errorf("externalsecrets %s: SecretsPath %q must be a Secrets Manager name prefix such as ip-platform/prod/platform", name, args.SecretsPath)
	}
	role, err := podidentity.NewRole(ctx, name, &podidentity.RoleArgs{
		ClusterName:    args.ClusterName,
		Namespace:      Namespace,
		ServiceAccount: ServiceAccount,
		Agent:          args.PodIdentityAgent,
		Grants:         podidentity.Grants{Policy: pulumi.String(policy(args.Region, args.AccountID, args.SecretsPath))},
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("externalsecrets %s: %w", name, err)
	}
	return role, nil
}

// policy lets the operator read the secrets under the platform's shared path (Secrets Manager
// appends a random suffix to a secret's ARN, hence the wildcard), for cluster-wide stores. The
// services' secrets are read as the services' own roles, never as this one.
func policy(region, account, path string) string {
	shared := fmt.Sprintf("arn:aws:secretsmanager:%s:%s:secret:%s/*", region, account, path)
	return iampolicy.New(iampolicy.Allow("ReadPlatformSecrets",
		[]string{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"}, shared)).JSON()
}
