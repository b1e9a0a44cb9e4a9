package ipservice

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/irsa"
	"github.com/ip-platform/infra/internal/iampolicy"
)

// RoleArgs describes a service's IRSA role, the AWS side of the service.
type RoleArgs struct {
	// ServiceName is the service's name, as in ServiceArgs: the role trusts the service account
	// of that name in the namespace of that name, which NewService creates. Required.
	ServiceName string
	// OidcProviderArn is the ARN of the cluster's IAM OIDC provider. Required.
	OidcProviderArn pulumi.StringInput
	// OidcIssuerURL is the cluster's OIDC issuer URL. Required.
	OidcIssuerURL pulumi.StringInput
	// Region is the AWS region of the secrets and the cache, e.g. "eu-west-1". Required.
	Region string
	// AccountID is the 12-digit AWS account of the secrets. Required.
	AccountID string
	// SecretsPath is the service's own prefix in Secrets Manager, "ip-platform/<stack>/<service>";
	// the role may read every secret under it. Required.
	SecretsPath string
	// DatabaseSecretArn is the Secrets Manager secret with the database credentials
	// (Database.SecretArn of the service). Required.
	DatabaseSecretArn pulumi.StringInput
	// CacheSettingsSecretArn is the secret with the cache's connection settings (no credential).
	// Required.
	CacheSettingsSecretArn pulumi.StringInput
	// CacheReplicationGroupArn and CacheUserArn are what elasticache:Connect is granted on: the
	// service signs its Redis tokens as that user with this role. Required.
	CacheReplicationGroupArn pulumi.StringInput
	CacheUserArn             pulumi.StringInput
}

// NewRole creates the IAM role the service's service account assumes: it may read the service's
// own secrets and connect to the cache as its user, nothing else. Pass its Arn as
// ServiceArgs.RoleArn; create it with the AWS provider.
func NewRole(ctx *pulumi.Context, name string, args *RoleArgs, opts ...pulumi.ResourceOption) (*irsa.Role, error) {
	if args == nil {
		return nil, fmt.Errorf("ipservice %s: role args are required", name)
	}
	if err := validateRole(args); err != nil {
		return nil, fmt.Errorf("ipservice %s: %w", name, err)
	}
	a := *args
	policy := pulumi.All(a.DatabaseSecretArn, a.CacheSettingsSecretArn, a.CacheReplicationGroupArn, a.CacheUserArn).ApplyT(func(v []any) string {
		return grants{
			region: a.Region, account: a.AccountID, path: a.SecretsPath,
			databaseSecret: v[0].(string), cacheSettings: v[1].(string),
			cacheReplicationGroup: v[2].(string), cacheUser: v[3].(string),
		}.policy()
	}).(pulumi.StringOutput)
	role, err := irsa.NewRole(ctx, name, &irsa.RoleArgs{
		OidcProviderArn: a.OidcProviderArn,
		OidcIssuerURL:   a.OidcIssuerURL,
		Namespace:       a.ServiceName,
		ServiceAccount:  a.ServiceName,
		Policy:          policy,
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("ipservice %s: %w", name, err)
	}
	return role, nil
}

// validateRole checks role args; errors name the field.
func validateRole(a *RoleArgs) error {
	switch {
	case len(a.ServiceName) > maxServiceNameLength || !dnsLabel.MatchString(a.ServiceName):
		return fmt.Errorf("ServiceName %q must be a DNS label of at most %d characters (lower case letters, digits, dashes)", a.ServiceName, maxServiceNameLength)
	case a.OidcProviderArn == nil:
		return fmt.Errorf("OidcProviderArn is required")
	case a.OidcIssuerURL == nil:
		return fmt.Errorf("OidcIssuerURL is required")
	case !region.MatchString(a.Region):
		return fmt.Errorf("Region %q is not an AWS region name (e.g. eu-west-1)", a.Region)
	case !accountID.MatchString(a.AccountID):
		return fmt.Errorf("AccountID %q must be 12 digits", a.AccountID)
	case !secretsPath.MatchString(a.SecretsPath) || strings.ContainsAny(a.SecretsPath, "*?"):
		return fmt.Errorf("SecretsPath %q must be a Secrets Manager name prefix such as ip-platform/prod/trademark", a.SecretsPath)
	case a.DatabaseSecretArn == nil:
		return fmt.Errorf("DatabaseSecretArn is required")
	case a.CacheSettingsSecretArn == nil:
		return fmt.Errorf("CacheSettingsSecretArn is required")
	case a.CacheReplicationGroupArn == nil:
		return fmt.Errorf("CacheReplicationGroupArn is required")
	case a.CacheUserArn == nil:
		return fmt.Errorf("CacheUserArn is required")
	}
	return nil
}

// secretReadActions are all the role may do with a secret: read its value and its metadata (ESO
// reads the version before the value). No List: a service has no business discovering others.
var secretReadActions = []string{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"}

// grants are the ARNs the service's role is scoped to.
type grants struct {
	region, account, path            string
	databaseSecret, cacheSettings    string
	cacheReplicationGroup, cacheUser string
}

// policy lets the role read exactly the service's secrets (the database secret, the cache's
// connection settings and everything under the service's own path; Secrets Manager appends a
// random suffix to a secret's ARN, hence the wildcard on the path) and connect to the cache as its
// user.
//
// The data tier encrypts its secrets with customer managed KMS keys whose ARNs it does not export,
// so decryption is granted on any key of the account but only through Secrets Manager and only for
// these secrets (the SecretARN encryption context Secrets Manager always sets).
func (g grants) policy() string {
	own := fmt.Sprintf("arn:aws:secretsmanager:%s:%s:secret:%s/*", g.region, g.account, g.path)
	keys := fmt.Sprintf("arn:aws:kms:%s:%s:key/*", g.region, g.account)
	viaSecretsManager := "secretsmanager." + g.region + ".amazonaws.com"
	decrypt := func(sid, operator, secret string) iampolicy.Statement {
		s := iampolicy.Allow(sid, []string{"kms:Decrypt"}, keys)
		s.Condition = map[string]map[string]string{"StringEquals": {"kms:ViaService": viaSecretsManager}}
		if s.Condition[operator] == nil {
			s.Condition[operator] = map[string]string{}
		}
		s.Condition[operator]["kms:EncryptionContext:SecretARN"] = secret
		return s
	}
	return iampolicy.New(
		iampolicy.Allow("ReadOwnSecrets", secretReadActions, g.databaseSecret, g.cacheSettings, own),
		decrypt("DecryptDatabaseSecret", "StringEquals", g.databaseSecret),
		decrypt("DecryptCacheSettings", "StringEquals", g.cacheSettings),
		decrypt("DecryptOwnSecrets", "StringLike", own),
		iampolicy.Allow("ConnectToCache", []string{"elasticache:Connect"}, g.cacheReplicationGroup, g.cacheUser),
	).JSON()
}
