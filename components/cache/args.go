package cache

import (
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/awslimits"
)

// RedisArgs configures a Redis.
type RedisArgs struct {
	// ReplicationGroupID is the physical replication group ID, e.g. "ip-platform-prod": 1-36
	// lower-case letters, digits and single dashes, starting with a letter (users append "-app").
	// Required.
	ReplicationGroupID string
	// Engine is "valkey" or "redis" (Redis OSS); both speak the Redis protocol, so clients do not
	// change. A running Redis OSS group switches to Valkey in place; ElastiCache has no way back.
	// Defaults to "valkey".
	Engine string
	// EngineVersion is a version the engine has and that supports IAM authentication: Valkey 7.2,
	// 8.0, 8.1 or 8.2; Redis OSS 7.0 or 7.1. It picks the parameter group family. Required.
	EngineVersion string
	// NodeType is the ElastiCache node type, e.g. "cache.m7g.large". Required.
	NodeType string
	// Replicas is the number of replicas of the primary, 0 to 5. With at least one, automatic
	// failover and Multi-AZ are on. Defaults to 0.
	Replicas int
	// AvailabilityZones are the zones the nodes are spread over, the primary in the first. Required.
	AvailabilityZones []string
	// SnapshotRetentionDays keeps daily snapshots, 0 (none) to 35. Defaults to 0.
	SnapshotRetentionDays int
	// SnapshotWindow is the daily snapshot window "hh24:mi-hh24:mi" in UTC. Defaults to
	// "01:00-02:00".
	SnapshotWindow string
	// MaintenanceWindow is "ddd:hh24:mi-ddd:hh24:mi" in UTC. Defaults to "sun:05:00-sun:06:00".
	MaintenanceWindow string
	// LogRetentionDays is the retention of the slow log and the engine log. Defaults to 30.
	LogRetentionDays int

	// VpcID is the VPC of the subnets. Required.
	VpcID pulumi.StringInput
	// SubnetIDs are the isolated subnets of the cache subnet group. Required.
	SubnetIDs pulumi.StringArrayInput
	// ClientSecurityGroupID is the only security group admitted on 6379: the EKS cluster security
	// group. Required.
	ClientSecurityGroupID pulumi.StringInput
	// AlarmTopicArn is the SNS topic the alarms notify. Required.
	AlarmTopicArn pulumi.StringInput
}

var (
	groupIDPattern = regexp.MustCompile(`^[a-z](-?[a-z0-9])*$`)
	nodePattern    = regexp.MustCompile(`^cache\.[a-z][a-z0-9-]*\.[a-z0-9]+$`)
)

const (
	maxGroupIDLength = 36 // ElastiCache allows 40; the application user appends "-app"
	maxReplicas      = 5  // replicas per shard
	maxSnapshotDays  = 35
)

// withDefaults validates args and returns a copy with the defaults filled in.
func withDefaults(name string, args *RedisArgs) (RedisArgs, error) {
	if args == nil {
		return RedisArgs{}, fmt.Errorf("cache %s: args are required", name)
	}
	a := *args
	if a.Engine == "" {
		a.Engine = awslimits.CacheEngineValkey
	}
	if a.SnapshotWindow == "" {
		a.SnapshotWindow = "01:00-02:00"
	}
	if a.MaintenanceWindow == "" {
		a.MaintenanceWindow = "sun:05:00-sun:06:00"
	}
	if a.LogRetentionDays == 0 {
		a.LogRetentionDays = 30
	}
	if err := a.validate(); err != nil {
		return RedisArgs{}, fmt.Errorf("cache %s: %w", name, err)
	}
	return a, nil
}

func (a *RedisArgs) validate() error {
	switch {
	case a.VpcID == nil:
		return fmt.Errorf("VpcID is required")
	case a.SubnetIDs == nil:
		return fmt.Errorf("SubnetIDs is required")
	case a.ClientSecurityGroupID == nil:
		return fmt.Errorf("ClientSecurityGroupID is required")
	case a.AlarmTopicArn == nil:
		return fmt.Errorf("AlarmTopicArn is required")
	case !groupIDPattern.MatchString(a.ReplicationGroupID) || len(a.ReplicationGroupID) > maxGroupIDLength:
		return fmt.Errorf("ReplicationGroupID %q must be 1-%d lower-case letters, digits and single dashes, starting with a letter", a.ReplicationGroupID, maxGroupIDLength)
	case !awslimits.ValidCacheEngine(a.Engine):
		return fmt.Errorf("Engine %q must be valkey or redis", a.Engine)
	case !validVersion(a.Engine, a.EngineVersion):
		return fmt.Errorf("EngineVersion %q must be a %s version ElastiCache offers with IAM authentication: %s",
			a.EngineVersion, awslimits.CacheEngineName(a.Engine), awslimits.CacheEngineVersionList(a.Engine))
	case !nodePattern.MatchString(a.NodeType):
		return fmt.Errorf("NodeType %q must be an ElastiCache node type such as cache.m7g.large", a.NodeType)
	case a.Replicas < 0 || a.Replicas > maxReplicas:
		return fmt.Errorf("Replicas (%d) must be from 0 to %d", a.Replicas, maxReplicas)
	case len(a.AvailabilityZones) == 0:
		return fmt.Errorf("AvailabilityZones is required")
	case a.Replicas > 0 && len(a.AvailabilityZones) < 2:
		return fmt.Errorf("AvailabilityZones must list at least 2 zones when there are replicas, got %d", len(a.AvailabilityZones))
	case a.SnapshotRetentionDays < 0 || a.SnapshotRetentionDays > maxSnapshotDays:
		return fmt.Errorf("SnapshotRetentionDays (%d) must be from 0 to %d", a.SnapshotRetentionDays, maxSnapshotDays)
	case !awslimits.ValidDailyWindow(a.SnapshotWindow):
		return fmt.Errorf("SnapshotWindow %q must be hh:mm-hh:mm in UTC", a.SnapshotWindow)
	case !awslimits.ValidWeeklyWindow(a.MaintenanceWindow):
		return fmt.Errorf("MaintenanceWindow %q must be ddd:hh:mm-ddd:hh:mm in UTC", a.MaintenanceWindow)
	case !awslimits.ValidLogRetention(a.LogRetentionDays):
		return fmt.Errorf("LogRetentionDays (%d) must be a CloudWatch Logs retention: %s", a.LogRetentionDays, awslimits.LogRetentionList())
	}
	return nil
}

func validVersion(engine, version string) bool {
	_, ok := awslimits.CacheParameterFamily(engine, version)
	return ok
}

// nodeZones places the primary and each replica round-robin over the zones, so three nodes over
// three zones survive the loss of any one zone with a replica to promote.
func nodeZones(zones []string, replicas int) []string {
	out := make([]string, replicas+1)
	for i := range out {
		out[i] = zones[i%len(zones)]
	}
	return out
}

// memberIDs are the IDs ElastiCache gives the nodes of a replication group: "<id>-001", ....
func memberIDs(groupID string, nodes int) []string {
	out := make([]string, nodes)
	for i := range out {
		out[i] = fmt.Sprintf("%s-%03d", groupID, i+1)
	}
	return out
}
