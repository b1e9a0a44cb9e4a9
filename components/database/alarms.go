package database

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/tags"
)

// Alarm is one CloudWatch alarm on an instance's AWS/RDS metric.
type Alarm struct {
	// Instance is the DB instance identifier the alarm watches.
	Instance string
	// Suffix ends the alarm's name: "<instance>-<suffix>".
	Suffix     string
	Metric     string
	Comparison string
	Threshold  float64
	// Periods of five minutes the metric must breach before the alarm fires.
	Periods     int
	Description string
}

const (
	gib = 1 << 30
	mib = 1 << 20
	// fallbackFreeableMemoryBytes is the memory floor for classes classMemoryGiB does not know.
	fallbackFreeableMemoryBytes = 256 * mib
	// fallbackConnections is the connection ceiling for classes classMemoryGiB does not know.
	fallbackConnections = 400
)

// alarms are the alarms of the primary (identifiers[0]) and its read replicas (the rest).
func alarms(a PostgresArgs, identifiers []string) []Alarm {
	memory, known := classMemoryGiB(a.InstanceClass)
	freeMemory, connections := float64(fallbackFreeableMemoryBytes), float64(fallbackConnections)
	if known {
		freeMemory = memory * gib / 10
		connections = float64(defaultMaxConnections(memory) * 8 / 10)
	}
	// Storage autoscaling grows the disk when less than 10% is free; this fires when it cannot
	// (ceiling reached, or within the six hours after a previous growth).
	freeStorage := float64(max(a.AllocatedStorageGiB/10, 2)) * gib

	var out []Alarm
	for i, id := range identifiers {
		out = append(out,
			Alarm{id, "cpu-high", "CPUUtilization", "GreaterThanThreshold", 80, 3,
				"PostgreSQL " + id + ": CPU above 80% for 15 minutes"},
			Alarm{id, "free-storage-low", "FreeStorageSpace", "LessThanThreshold", freeStorage, 1,
				fmt.Sprintf("PostgreSQL %s: less than %.0f GiB of storage free", id, freeStorage/gib)},
			Alarm{id, "freeable-memory-low", "FreeableMemory", "LessThanThreshold", freeMemory, 3,
				fmt.Sprintf("PostgreSQL %s: less than %.0f MiB of memory free for 15 minutes", id, freeMemory/mib)},
			Alarm{id, "connections-high", "DatabaseConnections", "GreaterThanThreshold", connections, 2,
				fmt.Sprintf("PostgreSQL %s: more than %.0f connections (80%% of max_connections) for 10 minutes", id, connections)},
		)
		if i > 0 {
			out = append(out, Alarm{id, "replica-lag-high", "ReplicaLag", "GreaterThanThreshold", 60, 3,
				"PostgreSQL " + id + ": replica more than 60 seconds behind the primary for 15 minutes"})
		}
	}
	return out
}

// newAlarms creates the alarms; each notifies the topic when it fires and when it clears.
func newAlarms(ctx *pulumi.Context, name string, a PostgresArgs, identifiers []string, parent pulumi.ResourceOption) error {
	actions := pulumi.Array{a.AlarmTopicArn}
	for _, al := range alarms(a, identifiers) {
		alarmName := al.Instance + "-" + al.Suffix
		_, err := cloudwatch.NewMetricAlarm(ctx, name+strings.TrimPrefix(alarmName, a.Identifier), &cloudwatch.MetricAlarmArgs{
			Name:               pulumi.String(alarmName),
			AlarmDescription:   pulumi.String(al.Description),
			Namespace:          pulumi.String("AWS/RDS"),
			MetricName:         pulumi.String(al.Metric),
			Dimensions:         pulumi.StringMap{"DBInstanceIdentifier": pulumi.String(al.Instance)},
			Statistic:          pulumi.String("Average"),
			Period:             pulumi.Int(300),
			EvaluationPeriods:  pulumi.Int(al.Periods),
			ComparisonOperator: pulumi.String(al.Comparison),
			Threshold:          pulumi.Float64(al.Threshold),
			// No data means the instance is stopped or being replaced, which RDS events report.
			TreatMissingData: pulumi.String("notBreaching"),
			AlarmActions:     actions,
			OkActions:        actions,
			Tags:             tags.Name(alarmName),
		}, parent)
		if err != nil {
			return fmt.Errorf("alarm %s: %w", alarmName, err)
		}
	}
	return nil
}
