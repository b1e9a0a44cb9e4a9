package backup

import (
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

const (
	planType  = "aws:backup/plan:Plan"
	vaultType = "aws:backup/vault:Vault"
	dbArn     = "arn:aws:rds:eu-west-1:123456789012:db:ip-platform-prod"
)

func args() *PlanArgs {
	return &PlanArgs{PlanName: "ip-platform-prod-data", ResourceArns: pulumi.ToStringArray([]string{dbArn}), RetentionDays: 35}
}

func run(t *testing.T, a *PlanArgs, withDr bool) *offline.Mocks {
	t.Helper()
	return offlinetest.Run(t, func(ctx *pulumi.Context) error {
		if withDr {
			dr, err := aws.NewProvider(ctx, "aws-dr", &aws.ProviderArgs{Region: pulumi.String("eu-central-1")})
			if err != nil {
				return err
			}
			a.DrProvider = dr
		}
		_, err := NewPlan(ctx, "backup", a)
		return err
	})
}

var must = offlinetest.Must

func TestDailyPlanIntoAnEncryptedVault(t *testing.T) {
	m := run(t, args(), false)
	vault := must(t, m, vaultType, "backup")
	plan := must(t, m, planType, "backup")
	selection := must(t, m, "aws:backup/selection:Selection", "backup")

	assert.Equal(t, "ip-platform-prod-data", vault.Input("name"))
	assert.Equal(t, "arn:aws:kms:eu-west-1:123456789012:key/backup", vault.Input("kmsKeyArn"), "the vault uses its own key")
	assert.Equal(t, true, must(t, m, "aws:kms/key:Key", "backup").Input("enableKeyRotation"))

	assert.Equal(t, "cron(0 6 * * ? *)", plan.Input("rules[0].schedule"), "daily, clear of the RDS windows")
	assert.Equal(t, "ip-platform-prod-data", plan.Input("rules[0].targetVaultName"))
	assert.Equal(t, 35.0, plan.Input("rules[0].lifecycle.deleteAfter"))
	assert.Nil(t, plan.Input("rules[0].copyActions"), "no cross-region copy unless asked")

	assert.Equal(t, []any{dbArn}, selection.Input("resources"))
	assert.Equal(t, "backup-id", selection.Input("planId"))
	assert.Equal(t, "arn:aws:iam::123456789012:role/backup-role", selection.Input("iamRoleArn"))
	role := must(t, m, "aws:iam/role:Role", "backup-role")
	assert.Contains(t, role.Input("assumeRolePolicy"), "backup.amazonaws.com")
	att := must(t, m, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "backup-AWSBackupServiceRolePolicyForBackup")
	assert.Equal(t, "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup", att.Input("policyArn"))
	assert.Contains(t, selection.DependsOn, att.URN, "the role must hold its policy before the first job")
}

func TestCrossRegionCopyGoesToAVaultInTheDrRegion(t *testing.T) {
	a := args()
	a.DrRetentionDays = 90
	m := run(t, a, true)
	plan := must(t, m, planType, "backup")
	drVault := must(t, m, vaultType, "backup-dr")
	drProvider := must(t, m, "pulumi:providers:aws", "aws-dr")

	assert.Equal(t, "ip-platform-prod-data-dr", drVault.Input("name"))
	assert.Equal(t, drProvider.URN+"::aws-dr-id", drVault.Provider, "the DR vault must be created in the DR region")
	assert.Equal(t, drProvider.URN+"::aws-dr-id", must(t, m, "aws:kms/key:Key", "backup-dr").Provider, "its key too")
	assert.Empty(t, must(t, m, vaultType, "backup").Provider, "the primary vault stays on the caller's provider")
	assert.Equal(t, drProvider.URN+"::aws-dr-id", must(t, m, "aws:kms/alias:Alias", "backup-dr").Provider, "and its alias")
	assert.Equal(t, "arn:aws:kms:eu-central-1:123456789012:key/backup-dr", drVault.Input("kmsKeyArn"),
		"the DR vault is encrypted with its own key in the DR region (copies are re-encrypted with the destination vault's key)")
	assert.Equal(t, "arn:aws:backup:eu-central-1:123456789012:vault/backup-dr", plan.Input("rules[0].copyActions[0].destinationVaultArn"),
		"recovery points are copied to the vault in the DR region")
	assert.Equal(t, 90.0, plan.Input("rules[0].copyActions[0].lifecycle.deleteAfter"))
}

func TestInvalidArgsAreRejected(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*PlanArgs)
		field string
	}{
		{"bad name", func(a *PlanArgs) { a.PlanName = "my plan" }, "PlanName"},
		{"no resources", func(a *PlanArgs) { a.ResourceArns = nil }, "ResourceArns"},
		{"five-field cron", func(a *PlanArgs) { a.Schedule = "cron(0 6 * * *)" }, "Schedule"},
		{"rate expression", func(a *PlanArgs) { a.Schedule = "rate(1 day)" }, "Schedule"},
		{"negative retention", func(a *PlanArgs) { a.RetentionDays = -1 }, "RetentionDays"},
		{"retention above 100 years", func(a *PlanArgs) { a.RetentionDays = 40000 }, "RetentionDays"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := args()
			tc.edit(a)
			m, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
				_, err := NewPlan(ctx, "backup", a)
				return err
			})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "backup backup: "+tc.field)
			assert.Empty(t, m.Resources())
		})
	}
}
