package backup

import (
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/backup"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/iampolicy"
	"github.com/ip-platform/infra/internal/tags"
)

// PlanArgs configures a Plan.
type PlanArgs struct {
	// PlanName is the physical name of the plan, vault and role, e.g. "ip-platform-prod-data":
	// letters, digits, '-' and '_', at most 50 characters. Required.
	PlanName string
	// ResourceArns are the resources backed up, e.g. the RDS instance's ARN. Required.
	ResourceArns pulumi.StringArrayInput
	// Schedule is when the daily backup starts, an AWS Backup cron expression in UTC. Defaults to
	// "cron(0 6 * * ? *)".
	Schedule string
	// RetentionDays is how long each recovery point is kept, 1 to 36500. Defaults to 35.
	RetentionDays int
	// DrProvider is an AWS provider for the DR region. When set, a vault is created there and
	// every recovery point is copied to it. Defaults to nil: no cross-region copy.
	DrProvider pulumi.ProviderResource
	// DrRetentionDays is how long the DR copies are kept, 1 to 36500. Defaults to RetentionDays.
	DrRetentionDays int
}

// Plan is an AWS Backup vault and daily plan, with an optional DR copy.
type Plan struct {
	pulumi.ResourceState

	// VaultArn is the primary vault's ARN.
	VaultArn pulumi.StringOutput
	// DrVaultArn is the DR vault's ARN; empty without DrProvider.
	DrVaultArn pulumi.StringOutput
	// PlanID is the backup plan's ID.
	PlanID pulumi.StringOutput
}

var (
	planNamePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,50}$`)
	cronPattern     = regexp.MustCompile(`^cron\(\S+( \S+){5}\)$`)
)

const (
	maxRetentionDays = 36500
	// keyDeletionWindowDays is the longest wait KMS allows: without the key no recovery point in
	// the vault can be restored.
	keyDeletionWindowDays = 30
	// The job must start within an hour and finish within a day, or AWS Backup reports it failed
	// and the alarm on failed jobs (observability) catches it.
	startWindowMinutes      = 60
	completionWindowMinutes = 24 * 60
)

func withDefaults(name string, args *PlanArgs) (PlanArgs, error) {
	if args == nil {
		return PlanArgs{}, fmt.Errorf("backup %s: args are required", name)
	}
	a := *args
	if a.Schedule == "" {
		// Clear of the database's backup (02:00-03:00) and maintenance (sun 04:00-05:00)
		// windows, during which RDS would hold the snapshot back.
		a.Schedule = "cron(0 6 * * ? *)"
	}
	if a.RetentionDays == 0 {
		a.RetentionDays = 35
	}
	if a.DrRetentionDays == 0 {
		a.DrRetentionDays = a.RetentionDays
	}
	switch {
	case !planNamePattern.MatchString(a.PlanName):
		return PlanArgs{}, fmt.Errorf("backup %s: PlanName %q must be 1-50 letters, digits, '-' or '_'", name, a.PlanName)
	case a.ResourceArns == nil:
		return PlanArgs{}, fmt.Errorf("backup %s: ResourceArns is required", name)
	case !cronPattern.MatchString(a.Schedule):
		return PlanArgs{}, fmt.Errorf("backup %s: Schedule %q must be a cron expression with six fields such as cron(0 6 * * ? *)", name, a.Schedule)
	case a.RetentionDays < 1 || a.RetentionDays > maxRetentionDays:
		return PlanArgs{}, fmt.Errorf("backup %s: RetentionDays (%d) must be from 1 to %d", name, a.RetentionDays, maxRetentionDays)
	case a.DrRetentionDays < 1 || a.DrRetentionDays > maxRetentionDays:
		return PlanArgs{}, fmt.Errorf("backup %s: DrRetentionDays (%d) must be from 1 to %d", name, a.DrRetentionDays, maxRetentionDays)
	}
	return a, nil
}

// NewPlan creates the vault, the plan and its selection, and the DR vault when asked.
func NewPlan(ctx *pulumi.Context, name string, args *PlanArgs, opts ...pulumi.ResourceOption) (*Plan, error) {
	a, err := withDefaults(name, args)
	if err != nil {
		return nil, err
	}
	p := &Plan{}
	if err := ctx.RegisterComponentResourceV2("ip-platform:backup:Plan", name, pulumi.Map{
		"planName":      pulumi.String(a.PlanName),
		"schedule":      pulumi.String(a.Schedule),
		"retentionDays": pulumi.Int(a.RetentionDays),
		"drCopy":        pulumi.Bool(a.DrProvider != nil),
	}, p, opts...); err != nil {
		return nil, err
	}
	if err := build(ctx, name, a, p); err != nil {
		return nil, fmt.Errorf("backup %s: %w", name, err)
	}
	return p, ctx.RegisterResourceOutputs(p, pulumi.Map{
		"vaultArn": p.VaultArn, "drVaultArn": p.DrVaultArn, "planId": p.PlanID,
	})
}

func build(ctx *pulumi.Context, name string, a PlanArgs, p *Plan) error {
	parent := pulumi.Parent(p)
	vault, err := newVault(ctx, name, a.PlanName, parent)
	if err != nil {
		return err
	}
	rule := backup.PlanRuleArgs{
		RuleName:          pulumi.String("daily"),
		TargetVaultName:   vault.Name,
		Schedule:          pulumi.String(a.Schedule),
		StartWindow:       pulumi.Int(startWindowMinutes),
		CompletionWindow:  pulumi.Int(completionWindowMinutes),
		Lifecycle:         &backup.PlanRuleLifecycleArgs{DeleteAfter: pulumi.Int(a.RetentionDays)},
		RecoveryPointTags: pulumi.StringMap{"Name": pulumi.String(a.PlanName)},
	}
	p.DrVaultArn = pulumi.String("").ToStringOutput()
	if a.DrProvider != nil {
		// The DR vault is a child like the rest, but lives in the DR region through its provider.
		drVault, err := newVault(ctx, name+"-dr", a.PlanName+"-dr", parent, pulumi.Provider(a.DrProvider))
		if err != nil {
			return fmt.Errorf("dr %w", err)
		}
		rule.CopyActions = backup.PlanRuleCopyActionArray{backup.PlanRuleCopyActionArgs{
			DestinationVaultArn: drVault.Arn,
			Lifecycle:           &backup.PlanRuleCopyActionLifecycleArgs{DeleteAfter: pulumi.Int(a.DrRetentionDays)},
		}}
		p.DrVaultArn = drVault.Arn
	}
	plan, err := backup.NewPlan(ctx, name, &backup.PlanArgs{
		Name:  pulumi.String(a.PlanName),
		Rules: backup.PlanRuleArray{rule},
		Tags:  tags.Name(a.PlanName),
	}, parent)
	if err != nil {
		return fmt.Errorf("plan: %w", err)
	}
	role, attachments, err := newRole(ctx, name, a.PlanName, parent)
	if err != nil {
		return err
	}
	if _, err := backup.NewSelection(ctx, name, &backup.SelectionArgs{
		Name:       pulumi.String(a.PlanName),
		PlanId:     plan.ID().ToStringOutput(),
		IamRoleArn: role.Arn,
		Resources:  a.ResourceArns,
	}, parent, pulumi.DependsOn(attachments)); err != nil {
		return fmt.Errorf("selection: %w", err)
	}
	p.VaultArn = vault.Arn
	p.PlanID = plan.ID().ToStringOutput()
	return nil
}

// newVault creates a vault encrypted with its own rotated key (AWS Backup re-encrypts copies with
// the destination vault's key, so the DR vault needs one in its region).
func newVault(ctx *pulumi.Context, name, vaultName string, opts ...pulumi.ResourceOption) (*backup.Vault, error) {
	key, err := kms.NewKey(ctx, name, &kms.KeyArgs{
		Description:          pulumi.String("Recovery points in the AWS Backup vault " + vaultName),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(keyDeletionWindowDays),
		Tags:                 tags.Name(vaultName),
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("vault key: %w", err)
	}
	if _, err := kms.NewAlias(ctx, name, &kms.AliasArgs{
		Name: pulumi.String("alias/" + vaultName + "-backup"), TargetKeyId: key.KeyId,
	}, opts...); err != nil {
		return nil, fmt.Errorf("vault key alias: %w", err)
	}
	vault, err := backup.NewVault(ctx, name, &backup.VaultArgs{
		Name:      pulumi.String(vaultName),
		KmsKeyArn: key.Arn,
		Tags:      tags.Name(vaultName),
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("vault: %w", err)
	}
	return vault, nil
}

// newRole is the role AWS Backup assumes to take and restore the snapshots.
func newRole(ctx *pulumi.Context, name, planName string, parent pulumi.ResourceOption) (*iam.Role, []pulumi.Resource, error) {
	role, err := iam.NewRole(ctx, name+"-role", &iam.RoleArgs{
		Name:             pulumi.String(planName + "-backup"),
		AssumeRolePolicy: pulumi.String(iampolicy.AssumeRoleForServices("backup.amazonaws.com")),
		Description:      pulumi.String("AWS Backup plan " + planName),
		Tags:             tags.Name(planName + "-backup"),
	}, parent)
	if err != nil {
		return nil, nil, fmt.Errorf("role: %w", err)
	}
	var attachments []pulumi.Resource
	for _, policy := range []string{"AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForRestores"} {
		att, err := iam.NewRolePolicyAttachment(ctx, name+"-"+policy, &iam.RolePolicyAttachmentArgs{
			Role:      role.Name,
			PolicyArn: pulumi.String(iampolicy.ManagedPolicyArn("service-role/" + policy)),
		}, parent)
		if err != nil {
			return nil, nil, fmt.Errorf("role policy %s: %w", policy, err)
		}
		attachments = append(attachments, att)
	}
	return role, attachments, nil
}
