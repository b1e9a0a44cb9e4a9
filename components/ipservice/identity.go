package ipservice

import (
	"fmt"

	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/irsa"
	"github.com/ip-platform/infra/internal/iampolicy"
)

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

// newIdentity creates the IRSA role and the service account that assumes it.
func newIdentity(ctx *pulumi.Context, name string, a ServiceArgs, ns pulumi.StringInput, opts ...pulumi.ResourceOption) (*irsa.Role, *corev1.ServiceAccount, error) {
	policy := pulumi.All(a.Database.SecretArn, a.Cache.SettingsSecretArn, a.Cache.ReplicationGroupArn, a.Cache.UserArn).ApplyT(func(v []any) string {
		return grants{
			region: a.Region, account: a.AccountID, path: a.SecretsPath,
			databaseSecret: v[0].(string), cacheSettings: v[1].(string),
			cacheReplicationGroup: v[2].(string), cacheUser: v[3].(string),
		}.policy()
	}).(pulumi.StringOutput)
	role, err := irsa.NewRole(ctx, name+"-irsa", &irsa.RoleArgs{
		OidcProviderArn: a.OidcProviderArn,
		OidcIssuerURL:   a.OidcIssuerURL,
		Namespace:       a.ServiceName,
		ServiceAccount:  a.ServiceName,
		Policy:          policy,
	}, opts...)
	if err != nil {
		return nil, nil, fmt.Errorf("iam role: %w", err)
	}
	sa, err := corev1.NewServiceAccount(ctx, name+"-sa", &corev1.ServiceAccountArgs{
		Metadata: &metav1.ObjectMetaArgs{
			Name:        pulumi.String(a.ServiceName),
			Namespace:   ns,
			Labels:      pulumi.ToStringMap(serviceLabels(a.ServiceName)),
			Annotations: pulumi.StringMap{"eks.amazonaws.com/role-arn": role.Arn},
		},
		// The service does not call the Kubernetes API; the IRSA web identity token (which it needs
		// to sign its Redis tokens) is projected by the EKS pod identity webhook regardless.
		AutomountServiceAccountToken: pulumi.Bool(false),
	}, opts...)
	if err != nil {
		return nil, nil, fmt.Errorf("service account: %w", err)
	}
	return role, sa, nil
}
