package cluster

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/tags"
)

// controlPlaneLogTypes are the control-plane logs sent to CloudWatch: who called the API (api),
// what they changed (audit) and which IAM identity they were (authenticator), the record an incident
// review needs. controllerManager and scheduler are verbose and rarely read; enable them while
// debugging rather than paying for them always.
func controlPlaneLogTypes() []string {
	return []string{"api", "audit", "authenticator"}
}

// logGroupName is the group EKS writes control-plane logs to; the name is fixed by EKS.
func logGroupName(clusterName string) string {
	return "/aws/eks/" + clusterName + "/cluster"
}

// newLogGroup creates the control-plane log group before the cluster exists: otherwise EKS creates it
// on first write, unmanaged and with logs kept forever.
func newLogGroup(ctx *pulumi.Context, name, clusterName string, retentionDays int, parent pulumi.ResourceOption) (*cloudwatch.LogGroup, error) {
	group, err := cloudwatch.NewLogGroup(ctx, name+"-control-plane", &cloudwatch.LogGroupArgs{
		Name:            pulumi.String(logGroupName(clusterName)),
		RetentionInDays: pulumi.Int(retentionDays),
		Tags:            tags.Name(logGroupName(clusterName)),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("control plane log group: %w", err)
	}
	return group, nil
}
