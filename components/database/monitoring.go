package database

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/iampolicy"
	"github.com/ip-platform/infra/internal/tags"
)

// exportedLogs are the PostgreSQL logs RDS publishes to CloudWatch Logs.
func exportedLogs() []string { return []string{"postgresql", "upgrade"} }

// logGroupName is where RDS publishes an exported log; the name is fixed by RDS.
func logGroupName(identifier, log string) string {
	return "/aws/rds/instance/" + identifier + "/" + log
}

// newLogGroups creates the groups RDS writes to before the instance exists: otherwise RDS creates
// them itself, unmanaged and keeping logs forever.
func newLogGroups(ctx *pulumi.Context, name, identifier string, retentionDays int, parent pulumi.ResourceOption) ([]pulumi.Resource, error) {
	var groups []pulumi.Resource
	for _, log := range exportedLogs() {
		g, err := cloudwatch.NewLogGroup(ctx, name+"-"+log, &cloudwatch.LogGroupArgs{
			Name:            pulumi.String(logGroupName(identifier, log)),
			RetentionInDays: pulumi.Int(retentionDays),
			Tags:            tags.Name(logGroupName(identifier, log)),
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("%s log group: %w", log, err)
		}
		groups = append(groups, g)
	}
	return groups, nil
}

// newMonitoringRole is the role RDS assumes to publish enhanced monitoring (OS metrics per
// process) to CloudWatch Logs.
// The instance waits for the attachment too: RDS checks the role when it turns monitoring on.
func newMonitoringRole(ctx *pulumi.Context, name string, parent pulumi.ResourceOption) (*iam.Role, pulumi.Resource, error) {
	role, err := iam.NewRole(ctx, name+"-monitoring", &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(iampolicy.AssumeRoleForServices("monitoring.rds.amazonaws.com")),
		Description:      pulumi.String("RDS enhanced monitoring"),
		Tags:             tags.Name(name + "-monitoring"),
	}, parent)
	if err != nil {
		return nil, nil, fmt.Errorf("monitoring role: %w", err)
	}
	attachment, err := iam.NewRolePolicyAttachment(ctx, name+"-monitoring", &iam.RolePolicyAttachmentArgs{
		Role:      role.Name,
		PolicyArn: pulumi.String(iampolicy.ManagedPolicyArn("service-role/AmazonRDSEnhancedMonitoringRole")),
	}, parent)
	if err != nil {
		return nil, nil, fmt.Errorf("monitoring role policy: %w", err)
	}
	return role, attachment, nil
}
