package externalsecrets

import (
	"encoding/json"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
)

func prodArgs() *OperatorArgs {
	return &OperatorArgs{
		OidcProviderArn: pulumi.String("arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC"),
		OidcIssuerURL:   pulumi.String("https://oidc.eks.eu-west-1.amazonaws.com/id/ABC"),
		Region:          "eu-west-1",
		AccountID:       "111122223333",
		SecretsPath:     "ip-platform/prod/platform",
		Replicas:        2,
	}
}

func run(t *testing.T, args *OperatorArgs) *offline.Mocks {
	t.Helper()
	m, err := offline.Run(offline.Program{Region: "eu-west-1"}, func(ctx *pulumi.Context) error {
		_, err := NewOperator(ctx, "eso", args)
		return err
	})
	require.NoError(t, err)
	return m
}

func TestChartIsPinnedWithCRDsAndLimits(t *testing.T) {
	m := run(t, prodArgs())
	r, ok := m.Named("kubernetes:helm.sh/v3:Release", "eso")
	require.True(t, ok, "no Helm release eso; registered: %v", m.Types())

	assert.Equal(t, "external-secrets", r.Input("chart"))
	assert.Equal(t, "0.16.2", r.Input("version"), "the chart must be pinned exactly")
	assert.Equal(t, "https://charts.external-secrets.io", r.Input("repositoryOpts.repo"))
	assert.Equal(t, "external-secrets", r.Input("namespace"))
	assert.Equal(t, true, r.Input("atomic"))
	assert.Equal(t, true, r.Input("values.installCRDs"), "the services' SecretStores need the CRDs")
	assert.Equal(t, true, r.Input("values.leaderElect"), "two controllers must elect a leader")
	for _, path := range []string{"values.resources", "values.webhook.resources", "values.certController.resources"} {
		res, _ := r.Input(path).(map[string]any)
		assert.Contains(t, res, "requests", "%s needs requests", path)
		assert.Contains(t, res, "limits", "%s needs limits", path)
	}
	assert.Equal(t, "arn:aws:iam::123456789012:role/eso-irsa", r.Input("values.serviceAccount.annotations").(map[string]any)["eks.amazonaws.com/role-arn"])
}

func TestSingleReplicaHasNoBlockingBudget(t *testing.T) {
	a := prodArgs()
	a.Replicas = 0
	m := run(t, a)
	r, _ := m.Named("kubernetes:helm.sh/v3:Release", "eso")
	assert.Equal(t, 1.0, r.Input("values.replicaCount"))
	assert.Equal(t, false, r.Input("values.podDisruptionBudget.enabled"), "minAvailable 1 on one pod would block node drains")
}

func TestRoleReadsOnlyThePlatformPath(t *testing.T) {
	m := run(t, prodArgs())
	p, ok := m.Named("aws:iam/rolePolicy:RolePolicy", "eso-irsa-inline")
	require.True(t, ok)
	var doc struct {
		Statement []struct{ Action, Resource []string }
	}
	require.NoError(t, json.Unmarshal([]byte(p.Input("policy").(string)), &doc))
	require.Len(t, doc.Statement, 1)
	assert.Equal(t, []string{"arn:aws:secretsmanager:eu-west-1:111122223333:secret:ip-platform/prod/platform/*"}, doc.Statement[0].Resource)
	assert.ElementsMatch(t, []string{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"}, doc.Statement[0].Action)
}

func TestBadArgsAreRejected(t *testing.T) {
	cases := map[string]func(*OperatorArgs){
		"OidcProviderArn": func(a *OperatorArgs) { a.OidcProviderArn = nil },
		"Region":          func(a *OperatorArgs) { a.Region = "eu-west-1a" },
		"AccountID":       func(a *OperatorArgs) { a.AccountID = "abc" },
		"SecretsPath":     func(a *OperatorArgs) { a.SecretsPath = "" },
		"Replicas":        func(a *OperatorArgs) { a.Replicas = 4 },
	}
	for field, edit := range cases {
		t.Run(field, func(t *testing.T) {
			a := prodArgs()
			edit(a)
			m, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
				_, err := NewOperator(ctx, "eso", a)
				return err
			})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "externalsecrets eso: "+field)
			assert.Empty(t, m.Resources())
		})
	}
}
