package cache

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/elasticache"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/tags"
)

// The two logs delivered, in the ElastiCache API spelling. Both engines deliver both (slow log:
// Valkey 7.x and Redis OSS 6.0 on; engine log: Valkey 7.x and Redis OSS 6.2 on; "Log delivery",
// docs.aws.amazon.com/AmazonElastiCache/latest/dg/Log_Delivery.html, read 2026-12-02), so a switch
// keeps the same log groups. Valkey 8.1's command log is not delivered: pulumi-aws v6 accepts only
// these two log types.
const (
	slowLog   = "slow-log"
	engineLog = "engine-log"
)

func logGroupName(groupID, log string) string { return "/aws/elasticache/" + groupID + "/" + log }

// newLogGroups creates one group per delivered log, with a retention.
func newLogGroups(ctx *pulumi.Context, name, groupID string, retentionDays int, parent pulumi.ResourceOption) (map[string]*cloudwatch.LogGroup, error) {
	out := map[string]*cloudwatch.LogGroup{}
	for _, log := range []string{slowLog, engineLog} {
		g, err := cloudwatch.NewLogGroup(ctx, name+"-"+log, &cloudwatch.LogGroupArgs{
			Name:            pulumi.String(logGroupName(groupID, log)),
			RetentionInDays: pulumi.Int(retentionDays),
			Tags:            tags.Name(logGroupName(groupID, log)),
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("%s group: %w", log, err)
		}
		out[log] = g
	}
	return out, nil
}

// logDelivery sends one log as JSON (one parsable record per line) to its group.
func logDelivery(group *cloudwatch.LogGroup, log string) elasticache.ReplicationGroupLogDeliveryConfigurationArgs {
	return elasticache.ReplicationGroupLogDeliveryConfigurationArgs{
		Destination:     group.Name,
		DestinationType: pulumi.String("cloudwatch-logs"),
		LogFormat:       pulumi.String("json"),
		LogType:         pulumi.String(log),
	}
}
