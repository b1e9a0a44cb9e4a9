package network

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/awslimits"
	"github.com/ip-platform/infra/internal/iampolicy"
	"github.com/ip-platform/infra/internal/tags"
)

// DefaultFlowLogRetentionDays is how long flow logs are kept when VpcArgs does not say: enough to
// investigate an incident noticed weeks later, without paying to store a year of them.
const DefaultFlowLogRetentionDays = 30

// validRetentionDays reports whether CloudWatch Logs accepts days as a flow log retention period.
func validRetentionDays(days int) bool { return awslimits.ValidLogRetention(days) }

// flowLogGroupName is the CloudWatch log group holding the VPC's flow logs.
func flowLogGroupName(name string) string {
	return "/aws/vpc/" + name + "/flow-logs"
}

// flowLogDeliveryPolicy lets the flow logs service write to one log group and nothing else. The
// ":*" form covers the group's log streams, which is where PutLogEvents is authorised.
func flowLogDeliveryPolicy(logGroupArn string) string {
	return iampolicy.New(iampolicy.Allow("DeliverFlowLogs", []string{
		"logs:CreateLogStream",
		"logs:PutLogEvents",
		"logs:DescribeLogGroups",
		"logs:DescribeLogStreams",
	}, logGroupArn, logGroupArn+":*")).JSON()
}

// newFlowLogs records all traffic (accepted and rejected) of the VPC: the evidence an incident
// review needs, and what CIS AWS Foundations 3.9 asks for.
func newFlowLogs(ctx *pulumi.Context, name string, vpc *ec2.Vpc, retentionDays int, parent pulumi.ResourceOption) error {
	logical := name + "-flow-logs"
	group, err := cloudwatch.NewLogGroup(ctx, logical, &cloudwatch.LogGroupArgs{
		Name:            pulumi.String(flowLogGroupName(name)),
		RetentionInDays: pulumi.Int(retentionDays),
		Tags:            tags.Name(flowLogGroupName(name)),
	}, parent)
	if err != nil {
		return fmt.Errorf("flow log group: %w", err)
	}
	role, err := iam.NewRole(ctx, logical, &iam.RoleArgs{
		Description:      pulumi.String("VPC flow logs delivery to " + flowLogGroupName(name)),
		AssumeRolePolicy: pulumi.String(iampolicy.AssumeRoleForServices("vpc-flow-logs.amazonaws.com")),
		Tags:             tags.Name(logical),
	}, parent)
	if err != nil {
		return fmt.Errorf("flow log role: %w", err)
	}
	policy, err := iam.NewRolePolicy(ctx, logical, &iam.RolePolicyArgs{
		Role:   role.Name,
		Policy: group.Arn.ApplyT(flowLogDeliveryPolicy).(pulumi.StringOutput),
	}, parent)
	if err != nil {
		return fmt.Errorf("flow log role policy: %w", err)
	}
	// After the role policy: a flow log created before its role may write shows a delivery error
	// until AWS retries.
	if _, err := ec2.NewFlowLog(ctx, logical, &ec2.FlowLogArgs{
		VpcId:              vpc.ID(),
		TrafficType:        pulumi.String("ALL"),
		LogDestinationType: pulumi.String("cloud-watch-logs"),
		LogDestination:     group.Arn,
		IamRoleArn:         role.Arn,
		Tags:               tags.Name(logical),
	}, parent, pulumi.DependsOn([]pulumi.Resource{policy})); err != nil {
		return fmt.Errorf("flow log: %w", err)
	}
	return nil
}
