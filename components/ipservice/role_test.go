package ipservice

import (
	"encoding/json"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

const associationType = "aws:eks/podIdentityAssociation:PodIdentityAssociation"

// newRoleWithAgent registers the pod identity agent stand-in, applies edit to args and creates
// the service's Pod Identity role named "trademark-pod-identity".
func newRoleWithAgent(ctx *pulumi.Context, args *RoleArgs, edit func(*RoleArgs)) error {
	agent, err := offlinetest.PodIdentityAgent(ctx)
	if err != nil {
		return err
	}
	args.PodIdentityAgent = agent
	if edit != nil {
		edit(args)
	}
	_, err = NewRole(ctx, "trademark-pod-identity", args)
	return err
}

// policyStatements returns the statements of an inline role policy.
func policyStatements(t *testing.T, p offline.Resource) []struct {
	Sid       string
	Effect    string
	Action    []string
	Resource  []string
	Condition map[string]map[string]string
} {
	t.Helper()
	var doc struct {
		Statement []struct {
			Sid       string
			Effect    string
			Action    []string
			Resource  []string
			Condition map[string]map[string]string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(p.Input("policy").(string)), &doc))
	return doc.Statement
}

func TestPodRoleMayOnlyConnectToTheCacheAndToTheDatabaseAsItsOwnUser(t *testing.T) {
	cases := []struct {
		service, user string
	}{
		{"trademark", "trademark"},
		{"copyright", "copyright"},
		{"ip-search", "ip_search"}, // a dash is not a plain SQL identifier character
	}
	for _, tc := range cases {
		t.Run(tc.service, func(t *testing.T) {
			m := offlinetest.Run(t, func(ctx *pulumi.Context) error {
				return newRoleWithAgent(ctx, trademarkRoleArgs(), func(a *RoleArgs) { a.ServiceName = tc.service })
			})
			statements := policyStatements(t, named(t, m, rolePolicyType, "trademark-pod-identity-inline"))
			require.Len(t, statements, 2, "the pods' role connects to Redis and PostgreSQL and does nothing else: no secret, no KMS")
			assert.Equal(t, []string{"elasticache:Connect"}, statements[0].Action)
			assert.Equal(t, []string{cacheGroup, cacheUser}, statements[0].Resource)
			assert.Equal(t, []string{"rds-db:connect"}, statements[1].Action)
			assert.Equal(t, []string{"arn:aws:rds-db:eu-west-1:111122223333:dbuser:" + dbResourceID + "/" + tc.user}, statements[1].Resource,
				"the service may connect as its own database user on this instance only")
		})
	}
}

func TestPodRoleIsAssociatedWithTheAccountThePodsRunAs(t *testing.T) {
	m := offlinetest.Run(t, func(ctx *pulumi.Context) error { return newRoleWithAgent(ctx, trademarkRoleArgs(), nil) })
	role := named(t, m, "aws:iam/role:Role", "trademark-pod-identity")
	var trust struct{ Statement []map[string]any }
	require.NoError(t, json.Unmarshal([]byte(role.Input("assumeRolePolicy").(string)), &trust))
	require.Len(t, trust.Statement, 1)
	tags := trust.Statement[0]["Condition"].(map[string]any)["StringEquals"].(map[string]any)
	assoc := named(t, m, associationType, "trademark-pod-identity")

	// The account NewService's Deployments run as is the one associated and trusted.
	sm, _ := run(t, trademarkArgs())
	sa := named(t, sm, saType, "trademark-sa")
	for _, d := range sm.OfType(deploymentType) {
		assert.Equal(t, sa.Input("metadata.name"), d.Input("spec.template.spec.serviceAccountName"))
	}
	assert.Equal(t, sa.Input("metadata.namespace"), assoc.Input("namespace"))
	assert.Equal(t, sa.Input("metadata.name"), assoc.Input("serviceAccount"), "the association names an account the service does not run as")
	assert.Equal(t, sa.Input("metadata.namespace"), tags["aws:RequestTag/kubernetes-namespace"])
	assert.Equal(t, sa.Input("metadata.name"), tags["aws:RequestTag/kubernetes-service-account"])
	assert.Equal(t, "ip-platform-prod", tags["aws:RequestTag/eks-cluster-name"])
}

func TestSecretsRoleReadsOnlyTheServicesOwnSecrets(t *testing.T) {
	m := offlinetest.Run(t, func(ctx *pulumi.Context) error {
		_, err := NewSecretsRole(ctx, "trademark-secrets", trademarkSecretsRoleArgs())
		return err
	})
	own := "arn:aws:secretsmanager:eu-west-1:111122223333:secret:ip-platform/prod/trademark/*"
	var actions []string
	for _, s := range policyStatements(t, named(t, m, rolePolicyType, "trademark-secrets-inline")) {
		assert.Equal(t, "Allow", s.Effect)
		actions = append(actions, s.Action...)
		switch s.Sid {
		case "ReadOwnSecrets":
			assert.ElementsMatch(t, []string{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"}, s.Action)
			assert.Equal(t, []string{cacheSecret, own}, s.Resource, "the role may read its own secrets only, not the database's master secret")
		default:
			assert.Equal(t, []string{"kms:Decrypt"}, s.Action)
			assert.Equal(t, "secretsmanager.eu-west-1.amazonaws.com", s.Condition["StringEquals"]["kms:ViaService"], "%s: decrypt only through Secrets Manager", s.Sid)
			secret := s.Condition["StringEquals"]["kms:EncryptionContext:SecretARN"] + s.Condition["StringLike"]["kms:EncryptionContext:SecretARN"]
			assert.Contains(t, []string{cacheSecret, own}, secret, "%s: decrypt only the service's secrets", s.Sid)
		}
	}
	assert.ElementsMatch(t, []string{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret",
		"kms:Decrypt", "kms:Decrypt"}, actions, "nothing beyond reading the service's secrets")
	assert.Empty(t, m.OfType(associationType), "no pod gets the secrets role")
}

func TestSecretsRoleTrustsOnlyTheSecretsAccountTheSecretStoreUses(t *testing.T) {
	m := offlinetest.Run(t, func(ctx *pulumi.Context) error {
		_, err := NewSecretsRole(ctx, "trademark-secrets", trademarkSecretsRoleArgs())
		return err
	})
	role := named(t, m, "aws:iam/role:Role", "trademark-secrets")
	var trust struct{ Statement []map[string]any }
	require.NoError(t, json.Unmarshal([]byte(role.Input("assumeRolePolicy").(string)), &trust))
	require.Len(t, trust.Statement, 1)
	subject := trust.Statement[0]["Condition"].(map[string]any)["StringEquals"].(map[string]any)["oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub"]
	assert.Equal(t, "system:serviceaccount:trademark:trademark-secrets", subject)

	// The SecretStore NewService creates authenticates as exactly that account.
	sm, _ := run(t, trademarkArgs())
	store := named(t, sm, storeType, "trademark-secret-store")
	assert.Equal(t, subject, "system:serviceaccount:trademark:"+store.Input("spec.provider.aws.auth.jwt.serviceAccountRef.name").(string))
}

func TestBadRoleArgsAreRejectedNamingTheField(t *testing.T) {
	cases := []struct {
		desc     string
		edit     func(*RoleArgs)
		fragment string
	}{
		{"upper case name", func(a *RoleArgs) { a.ServiceName = "Trademark" }, "ServiceName"},
		{"no cluster", func(a *RoleArgs) { a.ClusterName = nil }, "ClusterName is required"},
		{"no agent", func(a *RoleArgs) { a.PodIdentityAgent = nil }, "PodIdentityAgent is required"},
		{"no replication group", func(a *RoleArgs) { a.CacheReplicationGroupArn = nil }, "CacheReplicationGroupArn is required"},
		{"no cache user", func(a *RoleArgs) { a.CacheUserArn = nil }, "CacheUserArn is required"},
		{"bad region", func(a *RoleArgs) { a.Region = "" }, "Region"},
		{"bad account", func(a *RoleArgs) { a.AccountID = "12" }, "AccountID"},
		{"no database resource id", func(a *RoleArgs) { a.DatabaseResourceID = nil }, "DatabaseResourceID is required"},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			m, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
				return newRoleWithAgent(ctx, trademarkRoleArgs(), tc.edit)
			})
			require.Error(t, err, "args should have been rejected")
			assert.Contains(t, err.Error(), "ipservice trademark-pod-identity: ", "the error must name the role")
			assert.Contains(t, err.Error(), tc.fragment, "the error must name the field")
			assert.Len(t, m.Resources(), 1, "nothing but the agent stand-in may be registered before validation passes")
		})
	}
}

func TestBadSecretsRoleArgsAreRejectedNamingTheField(t *testing.T) {
	cases := []struct {
		desc     string
		edit     func(*SecretsRoleArgs)
		fragment string
	}{
		{"upper case name", func(a *SecretsRoleArgs) { a.ServiceName = "Trademark" }, "ServiceName"},
		{"no provider", func(a *SecretsRoleArgs) { a.OidcProviderArn = nil }, "OidcProviderArn is required"},
		{"no issuer", func(a *SecretsRoleArgs) { a.OidcIssuerURL = nil }, "OidcIssuerURL is required"},
		{"bad region", func(a *SecretsRoleArgs) { a.Region = "eu-west-1a" }, "Region"},
		{"bad account", func(a *SecretsRoleArgs) { a.AccountID = "1234" }, "AccountID"},
		{"wildcard secrets path", func(a *SecretsRoleArgs) { a.SecretsPath = "ip-platform/*" }, "SecretsPath"},
		{"no cache settings", func(a *SecretsRoleArgs) { a.CacheSettingsSecretArn = nil }, "CacheSettingsSecretArn is required"},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			args := trademarkSecretsRoleArgs()
			tc.edit(args)
			m, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
				_, err := NewSecretsRole(ctx, "trademark-secrets", args)
				return err
			})
			require.Error(t, err, "args should have been rejected")
			assert.Contains(t, err.Error(), "ipservice trademark-secrets: ", "the error must name the role")
			assert.Contains(t, err.Error(), tc.fragment, "the error must name the field")
			assert.Empty(t, m.Resources(), "nothing may be registered before validation passes")
		})
	}
}
