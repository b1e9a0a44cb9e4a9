package cache

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/awslimits"
	"github.com/ip-platform/infra/internal/tags"
)

// Alarm is one CloudWatch alarm on a node's AWS/ElastiCache metric.
type Alarm struct {
	// Node is the cache cluster (node) ID the alarm watches.
	Node        string
	Suffix      string
	Metric      string
	Statistic   string
	Threshold   float64
	Periods     int
	Description string
}

// alarms are per node: after a failover any node may be the primary, so every node carries the
// same alarms, replication lag included (a primary reports none, which is not a breach). Valkey
// publishes the same AWS/ElastiCache metrics as Redis OSS ("Metrics for Valkey and Redis OSS",
// docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.Redis.html, read 2026-12-02), so
// only the descriptions follow the engine: alarm names and metrics survive a switch unchanged.
func alarms(a RedisArgs) []Alarm {
	var out []Alarm
	engine := awslimits.CacheEngineName(a.Engine)
	for _, node := range memberIDs(a.ReplicationGroupID, a.Replicas+1) {
		on := engine + " " + node + ": "
		out = append(out,
			// EngineCPUUtilization is the engine thread's own CPU: command execution is
			// single-threaded in both engines, so the host's CPUUtilization hides a saturated
			// engine on a multi-core node.
			Alarm{node, "engine-cpu-high", "EngineCPUUtilization", "Average", 80, 3, on + "engine CPU above 80% for 15 minutes"},
			Alarm{node, "memory-high", "DatabaseMemoryUsagePercentage", "Average", 80, 3, on + "more than 80% of maxmemory used for 15 minutes"},
			Alarm{node, "evictions", "Evictions", "Sum", 1000, 3, on + "more than 1000 keys evicted per 5 minutes for 15 minutes: the node is too small"},
		)
		if a.Replicas > 0 {
			out = append(out, Alarm{node, "replication-lag-high", "ReplicationLag", "Average", 30, 3, on + "replica more than 30 seconds behind the primary for 15 minutes"})
		}
	}
	return out
}

// newAlarms creates the alarms; each notifies the topic when it fires and when it clears.
func newAlarms(ctx *pulumi.Context, name string, a RedisArgs, parent pulumi.ResourceOption) error {
	actions := pulumi.Array{a.AlarmTopicArn}
	for _, al := range alarms(a) {
		alarmName := al.Node + "-" + al.Suffix
		_, err := cloudwatch.NewMetricAlarm(ctx, name+strings.TrimPrefix(alarmName, a.ReplicationGroupID), &cloudwatch.MetricAlarmArgs{
			Name:               pulumi.String(alarmName),
			AlarmDescription:   pulumi.String(al.Description),
			Namespace:          pulumi.String("AWS/ElastiCache"),
			MetricName:         pulumi.String(al.Metric),
			Dimensions:         pulumi.StringMap{"CacheClusterId": pulumi.String(al.Node)},
			Statistic:          pulumi.String(al.Statistic),
			Period:             pulumi.Int(300),
			EvaluationPeriods:  pulumi.Int(al.Periods),
			ComparisonOperator: pulumi.String("GreaterThanThreshold"),
			Threshold:          pulumi.Float64(al.Threshold),
			TreatMissingData:   pulumi.String("notBreaching"),
			AlarmActions:       actions,
			OkActions:          actions,
			Tags:               tags.Name(alarmName),
		}, parent)
		if err != nil {
			return fmt.Errorf("alarm %s: %w", alarmName, err)
		}
	}
	return nil
}
