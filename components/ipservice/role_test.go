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

// runRole creates the service's role named "<service>-irsa" under offline mocks.
func runRole(t *testing.T, args *RoleArgs) *offline.Mocks {
	t.Helper()
	return offlinetest.Run(t, func(ctx *pulumi.Context) error {
		_, err := NewRole(ctx, args.ServiceName+"-irsa", args)
		return err
	})
}

func TestRoleReadsOnlyTheServicesOwnSecrets(t *testing.T) {
	m := runRole(t, trademarkRoleArgs())
	p := named(t, m, rolePolicyType, "trademark-irsa-inline")
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
	own := "arn:aws:secretsmanager:eu-west-1:111122223333:secret:ip-platform/prod/trademark/*"
	var actions []string
	for _, s := range doc.Statement {
		assert.Equal(t, "Allow", s.Effect)
		actions = append(actions, s.Action...)
		switch s.Sid {
		case "ReadOwnSecrets":
			assert.ElementsMatch(t, []string{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"}, s.Action)
			assert.Equal(t, []string{dbSecret, cacheSecret, own}, s.Resource, "the role may read its own secrets only")
		case "ConnectToCache":
			assert.Equal(t, []string{cacheGroup, cacheUser}, s.Resource)
		default:
			assert.Equal(t, []string{"kms:Decrypt"}, s.Action)
			assert.Equal(t, "secretsmanager.eu-west-1.amazonaws.com", s.Condition["StringEquals"]["kms:ViaService"], "%s: decrypt only through Secrets Manager", s.Sid)
			secret := s.Condition["StringEquals"]["kms:EncryptionContext:SecretARN"] + s.Condition["StringLike"]["kms:EncryptionContext:SecretARN"]
			assert.Contains(t, []string{dbSecret, cacheSecret, own}, secret, "%s: decrypt only the service's secrets", s.Sid)
		}
	}
	assert.ElementsMatch(t, []string{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret",
		"kms:Decrypt", "kms:Decrypt", "kms:Decrypt", "elasticache:Connect"}, actions, "nothing beyond reading secrets and connecting to Redis")
}

func TestRoleTrustsOnlyTheServiceAccountTheServiceRunsAs(t *testing.T) {
	m := runRole(t, trademarkRoleArgs())
	role := named(t, m, "aws:iam/role:Role", "trademark-irsa")
	var trust struct{ Statement []map[string]any }
	require.NoError(t, json.Unmarshal([]byte(role.Input("assumeRolePolicy").(string)), &trust))
	require.Len(t, trust.Statement, 1)
	subject := trust.Statement[0]["Condition"].(map[string]any)["StringEquals"].(map[string]any)["oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub"]
	assert.Equal(t, "system:serviceaccount:trademark:trademark", subject)

	// The service account NewService creates for the same service is the one trusted.
	sm, _ := run(t, trademarkArgs())
	sa := named(t, sm, saType, "trademark-sa")
	assert.Equal(t, subject, "system:serviceaccount:"+sa.Input("metadata.namespace").(string)+":"+sa.Input("metadata.name").(string),
		"the role trusts a service account the service does not run as")
}

func TestBadRoleArgsAreRejectedNamingTheField(t *testing.T) {
	cases := []struct {
		desc     string
		edit     func(*RoleArgs)
		fragment string
	}{
		{"upper case name", func(a *RoleArgs) { a.ServiceName = "Trademark" }, "ServiceName"},
		{"no provider", func(a *RoleArgs) { a.OidcProviderArn = nil }, "OidcProviderArn is required"},
		{"no issuer", func(a *RoleArgs) { a.OidcIssuerURL = nil }, "OidcIssuerURL is required"},
		{"bad region", func(a *RoleArgs) { a.Region = "eu-west-1a" }, "Region"},
		{"bad account", func(a *RoleArgs) { a.AccountID = "1234" }, "AccountID"},
		{"wildcard secrets path", func(a *RoleArgs) { a.SecretsPath = "ip-platform/*" }, "SecretsPath"},
		{"no database secret", func(a *RoleArgs) { a.DatabaseSecretArn = nil }, "DatabaseSecretArn is required"},
		{"no cache settings", func(a *RoleArgs) { a.CacheSettingsSecretArn = nil }, "CacheSettingsSecretArn is required"},
		{"no replication group", func(a *RoleArgs) { a.CacheReplicationGroupArn = nil }, "CacheReplicationGroupArn is required"},
		{"no cache user", func(a *RoleArgs) { a.CacheUserArn = nil }, "CacheUserArn is required"},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			args := trademarkRoleArgs()
			tc.edit(args)
			m, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
				_, err := NewRole(ctx, "trademark-irsa", args)
				return err
			})
			require.Error(t, err, "args should have been rejected")
			assert.Contains(t, err.Error(), "ipservice trademark-irsa: ", "the error must name the role")
			assert.Contains(t, err.Error(), tc.fragment, "the error must name the field")
			assert.Empty(t, m.Resources(), "nothing may be registered before validation passes")
		})
	}
}
