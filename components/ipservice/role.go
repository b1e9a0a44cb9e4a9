package ipservice

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/podidentity"
	"github.com/ip-platform/infra/internal/iampolicy"
)

// RoleArgs describes a service's Pod Identity role: what the service's own pods may do in AWS.
type RoleArgs struct {
	// ServiceName is the service's name, as in ServiceArgs: the role is associated with the
	// service account of that name in the namespace of that name, which NewService creates.
	// Required.
	ServiceName string
	// ClusterName is the EKS cluster the service runs in. Required.
	ClusterName pulumi.StringInput
	// PodIdentityAgent is the cluster's pod identity agent add-on (cluster.Cluster.PodIdentityAgent).
	// Required.
	PodIdentityAgent pulumi.Resource
	// CacheReplicationGroupArn and CacheUserArn are what elasticache:Connect is granted on: the
	// service signs its Redis tokens as that user with this role. Required.
	CacheReplicationGroupArn pulumi.StringInput
	CacheUserArn             pulumi.StringInput
	// Region and AccountID are where the database lives, for the rds-db:connect resource.
	// Required.
	Region    string
	AccountID string
	// DatabaseResourceID is the database instance's DbiResourceId (database.Postgres.ResourceID):
	// the service may connect as DatabaseUser(ServiceName) on that instance with IAM
	// authentication, as no other user and on no other instance. Required.
	DatabaseResourceID pulumi.StringInput
}

// NewRole creates the IAM role the service's pods get through their service account's pod
// identity association: they may connect to the cache as its user and to the database as the
// service's own user (DatabaseUser), nothing else. Create it with the AWS provider; NewService
// must depend on Role.Association.
func NewRole(ctx *pulumi.Context, name string, args *RoleArgs, opts ...pulumi.ResourceOption) (*podidentity.Role, error) {
	if err := validateRole(args); err != nil {
		return nil, fmt.Errorf("ipservice %s: %w", name, err)
	}
	a := *args
	policy := pulumi.All(a.CacheReplicationGroupArn, a.CacheUserArn, a.DatabaseResourceID).ApplyT(func(v []any) string {
		return iampolicy.New(
			iampolicy.Allow("ConnectToCache", []string{"elasticache:Connect"}, v[0].(string), v[1].(string)),
			iampolicy.Allow("ConnectToDatabaseAsOwnUser", []string{"rds-db:connect"},
				DatabaseUserArn(a.Region, a.AccountID, v[2].(string), DatabaseUser(a.ServiceName))),
		).JSON()
	}).(pulumi.StringOutput)
	role, err := podidentity.NewRole(ctx, name, &podidentity.RoleArgs{
		ClusterName:    a.ClusterName,
		Namespace:      a.ServiceName,
		ServiceAccount: a.ServiceName,
		Agent:          a.PodIdentityAgent,
		Grants:         podidentity.Grants{Policy: policy},
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("ipservice %s: %w", name, err)
	}
	return role, nil
}

// validateRole checks role args; errors name the field.
func validateRole(a *RoleArgs) error {
	switch {
	case a == nil:
		return fmt.Errorf("role args are required")
	case len(a.ServiceName) > maxServiceNameLength || !dnsLabel.MatchString(a.ServiceName):
		return fmt.Errorf("ServiceName %q must be a DNS label of at most %d characters (lower case letters, digits, dashes)", a.ServiceName, maxServiceNameLength)
	case a.ClusterName == nil:
		return fmt.Errorf("ClusterName is required")
	case a.PodIdentityAgent == nil:
		return fmt.Errorf("PodIdentityAgent is required (cluster.Cluster.PodIdentityAgent)")
	case a.CacheReplicationGroupArn == nil:
		return fmt.Errorf("CacheReplicationGroupArn is required")
	case a.CacheUserArn == nil:
		return fmt.Errorf("CacheUserArn is required")
	case !region.MatchString(a.Region):
		return fmt.Errorf("Region %q is not an AWS region name (e.g. eu-west-1)", a.Region)
	case !accountID.MatchString(a.AccountID):
		return fmt.Errorf("AccountID %q must be 12 digits", a.AccountID)
	case a.DatabaseResourceID == nil:
		return fmt.Errorf("DatabaseResourceID is required (database.Postgres.ResourceID)")
	}
	return nil
}

// DatabaseUser is the PostgreSQL role a service connects as: its name with dashes turned into
// underscores, so it is a plain SQL identifier (service names are DNS labels; components/dbusers
// still quotes it). One role per service is what keeps a leak in one service out of the others'
// data.
func DatabaseUser(service string) string { return strings.ReplaceAll(service, "-", "_") }

// DatabaseUserArn is the rds-db:connect resource of one database user on one instance, as IAM
// database authentication names it (the instance by its DbiResourceId, not its identifier).
func DatabaseUserArn(region, account, resourceID, user string) string {
	return fmt.Sprintf("arn:aws:rds-db:%s:%s:dbuser:%s/%s", region, account, resourceID, user)
}

// SecretsRoleArgs describes the role External Secrets reads a service's secrets with.
type SecretsRoleArgs struct {
	// ServiceName is the service's name, as in ServiceArgs: the role trusts the token of the
	// service account SecretsServiceAccount(ServiceName) in the namespace of that name, which
	// NewService creates. Required.
	ServiceName string
	// OidcProviderArn is the ARN of the cluster's IAM OIDC provider. Required.
	OidcProviderArn pulumi.StringInput
	// OidcIssuerURL is the cluster's OIDC issuer URL. Required.
	OidcIssuerURL pulumi.StringInput
	// Region is the AWS region of the secrets, e.g. "eu-west-1". Required.
	Region string
	// AccountID is the 12-digit AWS account of the secrets. Required.
	AccountID string
	// SecretsPath is the service's own prefix in Secrets Manager, "ip-platform/<stack>/<service>";
	// the role may read every secret under it. Required.
	SecretsPath string
	// CacheSettingsSecretArn is the secret with the cache's connection settings (no credential).
	// Required.
	CacheSettingsSecretArn pulumi.StringInput
}

// NewSecretsRole creates the IRSA role of the service's secrets service account: External Secrets
// exchanges that account's token for it to sync the service's secrets into its namespace (the one
// consumer Pod Identity cannot serve, components/podidentity). No pod runs as that account. Pass
// its Arn as ServiceArgs.SecretsRoleArn; create it with the AWS provider.
func NewSecretsRole(ctx *pulumi.Context, name string, args *SecretsRoleArgs, opts ...pulumi.ResourceOption) (*podidentity.TokenRole, error) {
	if err := validateSecretsRole(args); err != nil {
		return nil, fmt.Errorf("ipservice %s: %w", name, err)
	}
	a := *args
	policy := a.CacheSettingsSecretArn.ToStringOutput().ApplyT(func(cacheSettings string) string {
		return secretGrants{region: a.Region, account: a.AccountID, path: a.SecretsPath, cacheSettings: cacheSettings}.policy()
	}).(pulumi.StringOutput)
	role, err := podidentity.NewTokenRole(ctx, name, &podidentity.TokenRoleArgs{
		OidcProviderArn: a.OidcProviderArn,
		OidcIssuerURL:   a.OidcIssuerURL,
		Namespace:       a.ServiceName,
		ServiceAccount:  SecretsServiceAccount(a.ServiceName),
		Grants:          podidentity.Grants{Policy: policy},
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("ipservice %s: %w", name, err)
	}
	return role, nil
}

// validateSecretsRole checks secrets role args; errors name the field.
func validateSecretsRole(a *SecretsRoleArgs) error {
	switch {
	case a == nil:
		return fmt.Errorf("role args are required")
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
	case a.CacheSettingsSecretArn == nil:
		return fmt.Errorf("CacheSettingsSecretArn is required")
	}
	return nil
}

// secretReadActions are all the role may do with a secret: read its value and its metadata (ESO
// reads the version before the value). No List: a service has no business discovering others.
var secretReadActions = []string{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"}

// secretGrants are the ARNs the service's secrets role is scoped to.
type secretGrants struct {
	region, account, path string
	cacheSettings         string
}

// policy lets the role read exactly the service's secrets (the cache's connection settings and
// everything under the service's own path; Secrets Manager appends a random suffix to a secret's
// ARN, hence the wildcard on the path). Not the database's master secret: the services connect as
// their own users with IAM authentication, and only components/dbusers reads that secret.
//
// The data tier encrypts its secrets with customer managed KMS keys whose ARNs it does not export,
// so decryption is granted on any key of the account but only through Secrets Manager and only for
// these secrets (the SecretARN encryption context Secrets Manager always sets).
func (g secretGrants) policy() string {
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
		iampolicy.Allow("ReadOwnSecrets", secretReadActions, g.cacheSettings, own),
		decrypt("DecryptCacheSettings", "StringEquals", g.cacheSettings),
		decrypt("DecryptOwnSecrets", "StringLike", own),
	).JSON()
}
