package dbusers

import (
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/podidentity"
	"github.com/ip-platform/infra/internal/iampolicy"
)

var accountID = regexp.MustCompile(`^[0-9]{12}$`)

// SecretsRoleArgs describes the role External Secrets reads the master secret with.
type SecretsRoleArgs struct {
	// Namespace is the bootstrap's namespace (BootstrapArgs.Namespace). Defaults to
	// DefaultNamespace.
	Namespace string
	// OidcProviderArn and OidcIssuerURL are the cluster's IAM OIDC provider. Required.
	OidcProviderArn pulumi.StringInput
	OidcIssuerURL   pulumi.StringInput
	// Region and AccountID are where the secret lives. Required.
	Region    string
	AccountID string
	// MasterSecretArn is the RDS-managed master secret (database.Postgres.MasterSecretArn).
	// Required.
	MasterSecretArn pulumi.StringInput
}

// NewSecretsRole creates the IRSA role of SecretsServiceAccount (IRSA because ESO exchanges that
// account's token itself, which Pod Identity cannot serve: components/podidentity). It may read the
// master secret and nothing else: the one grant of it in the program. Create it with the AWS
// provider; pass its Arn as BootstrapArgs.SecretsRoleArn.
func NewSecretsRole(ctx *pulumi.Context, name string, args *SecretsRoleArgs, opts ...pulumi.ResourceOption) (*podidentity.TokenRole, error) {
	if err := validateSecretsRole(args); err != nil {
		return nil, fmt.Errorf("dbusers %s: %w", name, err)
	}
	a := *args
	if a.Namespace == "" {
		a.Namespace = DefaultNamespace
	}
	policy := a.MasterSecretArn.ToStringOutput().ApplyT(func(secret string) string {
		return masterSecretPolicy(a.Region, a.AccountID, secret)
	}).(pulumi.StringOutput)
	role, err := podidentity.NewTokenRole(ctx, name, &podidentity.TokenRoleArgs{
		OidcProviderArn: a.OidcProviderArn,
		OidcIssuerURL:   a.OidcIssuerURL,
		Namespace:       a.Namespace,
		ServiceAccount:  SecretsServiceAccount,
		Grants:          podidentity.Grants{Policy: policy},
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("dbusers %s: %w", name, err)
	}
	return role, nil
}

// masterSecretPolicy reads the master secret's value and metadata (ESO reads the version first),
// and decrypts it only through Secrets Manager and only for that secret: the database's KMS key
// is not exported, so the key is any of the account's, narrowed by the SecretARN encryption
// context Secrets Manager always sets.
func masterSecretPolicy(region, account, secret string) string {
	decrypt := iampolicy.Allow("DecryptMasterSecret", []string{"kms:Decrypt"}, fmt.Sprintf("arn:aws:kms:%s:%s:key/*", region, account))
	decrypt.Condition = map[string]map[string]string{"StringEquals": {
		"kms:ViaService":                  "secretsmanager." + region + ".amazonaws.com",
		"kms:EncryptionContext:SecretARN": secret,
	}}
	return iampolicy.New(
		iampolicy.Allow("ReadMasterSecret", []string{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"}, secret),
		decrypt,
	).JSON()
}

func validateSecretsRole(a *SecretsRoleArgs) error {
	switch {
	case a == nil:
		return fmt.Errorf("role args are required")
	case a.Namespace != "" && !dnsLabel.MatchString(a.Namespace):
		return fmt.Errorf("Namespace %q must be a DNS label", a.Namespace)
	case a.OidcProviderArn == nil:
		return fmt.Errorf("OidcProviderArn is required")
	case a.OidcIssuerURL == nil:
		return fmt.Errorf("OidcIssuerURL is required")
	case !awsRegion.MatchString(a.Region):
		return fmt.Errorf("Region %q is not an AWS region name (e.g. eu-west-1)", a.Region)
	case !accountID.MatchString(a.AccountID):
		return fmt.Errorf("AccountID %q must be 12 digits", a.AccountID)
	case a.MasterSecretArn == nil:
		return fmt.Errorf("MasterSecretArn is required")
	}
	return nil
}
