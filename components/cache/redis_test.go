package cache

import (
	"encoding/json"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

const (
	groupType = "aws:elasticache/replicationGroup:ReplicationGroup"
	alarmType = "aws:cloudwatch/metricAlarm:MetricAlarm"
	topicArn  = "arn:aws:sns:eu-west-1:123456789012:alarms"
)

func prodArgs() *RedisArgs {
	return &RedisArgs{
		ReplicationGroupID:    "ip-platform-prod",
		EngineVersion:         "8.1", // Engine left to its default, valkey
		NodeType:              "cache.m7g.large",
		Replicas:              2,
		AvailabilityZones:     []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"},
		SnapshotRetentionDays: 7,
		VpcID:                 pulumi.String("vpc-1"),
		SubnetIDs:             pulumi.ToStringArray([]string{"iso-a", "iso-b", "iso-c"}),
		ClientSecurityGroupID: pulumi.String("sg-cluster"),
		AlarmTopicArn:         pulumi.String(topicArn),
	}
}

func run(t *testing.T, edit func(*RedisArgs)) (*offline.Mocks, *Redis) {
	t.Helper()
	args := prodArgs()
	if edit != nil {
		edit(args)
	}
	var r *Redis
	m := offlinetest.Run(t, func(ctx *pulumi.Context) (err error) {
		r, err = NewRedis(ctx, "cache", args)
		return err
	})
	return m, r
}

var (
	must  = offlinetest.Must
	await = offlinetest.Await
)

func TestProdGroupFailsOverAcrossThreeZones(t *testing.T) {
	m, _ := run(t, nil)
	g := must(t, m, groupType, "cache")

	assert.Equal(t, "ip-platform-prod", g.Input("replicationGroupId"))
	assert.Equal(t, "valkey", g.Input("engine"), "Valkey unless the stack asks for Redis OSS")
	assert.Equal(t, "8.1", g.Input("engineVersion"))
	assert.Equal(t, "cache.m7g.large", g.Input("nodeType"))
	assert.Equal(t, 3.0, g.Input("numCacheClusters"), "a primary and two replicas")
	assert.Equal(t, []any{"eu-west-1a", "eu-west-1b", "eu-west-1c"}, g.Input("preferredCacheClusterAzs"), "one node per zone")
	assert.Equal(t, true, g.Input("automaticFailoverEnabled"))
	assert.Equal(t, true, g.Input("multiAzEnabled"))
	assert.Nil(t, g.Input("numNodeGroups"), "cluster mode stays off: one shard")
}

func TestGroupIsEncryptedAndAuthenticatesWithIAMOnly(t *testing.T) {
	m, r := run(t, nil)
	g := must(t, m, groupType, "cache")

	assert.Equal(t, true, g.Input("atRestEncryptionEnabled"))
	assert.Equal(t, "arn:aws:kms:eu-west-1:123456789012:key/cache", g.Input("kmsKeyId"))
	assert.Equal(t, true, must(t, m, "aws:kms/key:Key", "cache").Input("enableKeyRotation"))
	assert.Equal(t, true, g.Input("transitEncryptionEnabled"))
	assert.Equal(t, "required", g.Input("transitEncryptionMode"), "plaintext connections are refused")
	assert.Nil(t, g.Input("authToken"), "no AUTH token may reach config or state")
	assert.Equal(t, []any{"ip-platform-prod"}, g.Input("userGroupIds"))

	users := must(t, m, "aws:elasticache/userGroup:UserGroup", "cache")
	assert.Equal(t, []any{"ip-platform-prod-default", "ip-platform-prod-app"}, users.Input("userIds"))

	def := must(t, m, "aws:elasticache/user:User", "cache-default")
	assert.Equal(t, "default", def.Input("userName"), "every user group must hold a user named default")
	assert.Equal(t, "off -@all", def.Input("accessString"), "the default user is switched off")
	assert.Nil(t, def.Input("passwords"))

	app := must(t, m, "aws:elasticache/user:User", "cache-app")
	assert.Equal(t, "iam", app.Input("authenticationMode.type"))
	assert.Equal(t, app.Input("userId"), app.Input("userName"), "IAM authentication needs user ID and name equal")
	assert.Nil(t, app.Input("passwords"))
	assert.Contains(t, app.Input("accessString"), "-@dangerous")
	assert.Equal(t, "ip-platform-prod-app", r.User)
	for _, u := range m.OfType("aws:elasticache/user:User") {
		assert.Nil(t, u.Input("authenticationMode.passwords"), "user %s must hold no password", u.Name)
	}
}

func TestConnectionSecretHoldsNoCredential(t *testing.T) {
	m, r := run(t, nil)
	secret := must(t, m, "aws:secretsmanager/secret:Secret", "cache-connection")
	version := must(t, m, "aws:secretsmanager/secretVersion:SecretVersion", "cache-connection")

	assert.Equal(t, "arn:aws:kms:eu-west-1:123456789012:key/cache", secret.Input("kmsKeyId"))
	var c map[string]any
	require.NoError(t, json.Unmarshal([]byte(version.Input("secretString").(string)), &c))
	assert.Equal(t, map[string]any{
		"host": "master.ip-platform-prod.c0ffee.eu-west-1.cache.amazonaws.com", "readerHost": "replica.ip-platform-prod.c0ffee.eu-west-1.cache.amazonaws.com",
		"port": 6379.0, "tls": true, "username": "ip-platform-prod-app", "authMode": "iam", "replicationGroupId": "ip-platform-prod",
	}, c)
	assert.Equal(t, "arn:aws:secretsmanager:eu-west-1:123456789012:secret/cache-connection", await(t, r.AuthSecretArn))
	assert.Equal(t, "master.ip-platform-prod.c0ffee.eu-west-1.cache.amazonaws.com", await(t, r.PrimaryEndpoint))
	assert.Equal(t, "replica.ip-platform-prod.c0ffee.eu-west-1.cache.amazonaws.com", await(t, r.ReaderEndpoint))
	assert.Equal(t, 6379, r.Port)
	assert.Equal(t, "cache-sg-id", await(t, r.SecurityGroupID))
	assert.Equal(t, "arn:aws:kms:eu-west-1:123456789012:key/cache", await(t, r.KmsKeyArn), "readers of the secret need this key")
}

func TestNetworkParametersSnapshotsAndLogs(t *testing.T) {
	m, _ := run(t, nil)
	g := must(t, m, groupType, "cache")

	sg := must(t, m, "aws:ec2/securityGroup:SecurityGroup", "cache-sg")
	ingress := sg.Input("ingress").([]any)
	require.Len(t, ingress, 1)
	rule := ingress[0].(map[string]any)
	assert.Equal(t, 6379.0, rule["fromPort"])
	assert.Equal(t, 6379.0, rule["toPort"])
	assert.Equal(t, []any{"sg-cluster"}, rule["securityGroups"], "Redis is reachable from the cluster only")
	assert.Nil(t, rule["cidrBlocks"])
	assert.Equal(t, []any{"cache-sg-id"}, g.Input("securityGroupIds"))

	assert.Equal(t, []any{"iso-a", "iso-b", "iso-c"}, must(t, m, "aws:elasticache/subnetGroup:SubnetGroup", "cache").Input("subnetIds"))
	assert.Equal(t, "ip-platform-prod", g.Input("subnetGroupName"))

	params := must(t, m, "aws:elasticache/parameterGroup:ParameterGroup", "cache")
	assert.Equal(t, "valkey8", params.Input("family"))
	assert.Equal(t, []any{map[string]any{"name": "maxmemory-policy", "value": "allkeys-lru"}}, params.Input("parameters"))
	assert.Equal(t, "ip-platform-prod-valkey8", g.Input("parameterGroupName"))

	assert.Equal(t, 7.0, g.Input("snapshotRetentionLimit"))
	assert.Equal(t, "01:00-02:00", g.Input("snapshotWindow"))
	assert.Equal(t, "sun:05:00-sun:06:00", g.Input("maintenanceWindow"))
	assert.Equal(t, "ip-platform-prod-final", g.Input("finalSnapshotIdentifier"))

	deliveries := map[string]any{}
	for _, d := range g.Input("logDeliveryConfigurations").([]any) {
		dm := d.(map[string]any)
		deliveries[dm["logType"].(string)] = dm["destination"]
		assert.Equal(t, "cloudwatch-logs", dm["destinationType"])
	}
	assert.Equal(t, map[string]any{
		"slow-log": "/aws/elasticache/ip-platform-prod/slow-log", "engine-log": "/aws/elasticache/ip-platform-prod/engine-log",
	}, deliveries)
	assert.Equal(t, 30.0, must(t, m, "aws:cloudwatch/logGroup:LogGroup", "cache-slow-log").Input("retentionInDays"))
}

func TestAlarmsCoverEveryNode(t *testing.T) {
	m, _ := run(t, nil)
	perNode := map[string][]string{}
	for _, a := range m.OfType(alarmType) {
		node := a.Input("dimensions.CacheClusterId").(string)
		perNode[node] = append(perNode[node], a.Input("metricName").(string))
		assert.Equal(t, []any{topicArn}, a.Input("alarmActions"), "alarm %s", a.Name)
		assert.Equal(t, "AWS/ElastiCache", a.Input("namespace"))
	}
	require.Len(t, perNode, 3, "alarms on each of the three nodes")
	for node, metrics := range perNode {
		assert.ElementsMatch(t, []string{"EngineCPUUtilization", "DatabaseMemoryUsagePercentage", "Evictions", "ReplicationLag"}, metrics, "node %s", node)
	}
	assert.Contains(t, perNode, "ip-platform-prod-003")
	assert.Equal(t, "Sum", must(t, m, alarmType, "cache-002-evictions").Input("statistic"))
}

func TestDevGroupIsOneNodeWithoutFailover(t *testing.T) {
	m, _ := run(t, func(a *RedisArgs) {
		a.ReplicationGroupID, a.NodeType, a.Replicas, a.SnapshotRetentionDays = "ip-platform-dev", "cache.t4g.small", 0, 0
		a.AvailabilityZones = []string{"eu-west-1a", "eu-west-1b"}
	})
	g := must(t, m, groupType, "cache")

	assert.Equal(t, 1.0, g.Input("numCacheClusters"))
	assert.Equal(t, []any{"eu-west-1a"}, g.Input("preferredCacheClusterAzs"))
	assert.Equal(t, false, g.Input("automaticFailoverEnabled"), "ElastiCache refuses failover without a replica")
	assert.Equal(t, false, g.Input("multiAzEnabled"))
	assert.Nil(t, g.Input("finalSnapshotIdentifier"), "no snapshots kept, none taken on delete")
	assert.Equal(t, true, g.Input("atRestEncryptionEnabled"), "dev is encrypted too")
	assert.Equal(t, true, g.Input("transitEncryptionEnabled"))
	for _, a := range m.OfType(alarmType) {
		assert.NotEqual(t, "ReplicationLag", a.Input("metricName"), "a lone node has no replication lag")
	}
}

func TestNodeZones(t *testing.T) {
	zones := []string{"a", "b", "c"}
	assert.Equal(t, []string{"a"}, nodeZones(zones, 0))
	assert.Equal(t, []string{"a", "b", "c"}, nodeZones(zones, 2))
	assert.Equal(t, []string{"a", "b", "c", "a", "b", "c"}, nodeZones(zones, 5), "replicas wrap round the zones")
	assert.Equal(t, []string{"g-001", "g-002"}, memberIDs("g", 2))
}

func TestInvalidArgsAreRejectedBeforeAnyResource(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*RedisArgs)
		field string
	}{
		{"group id upper case", func(a *RedisArgs) { a.ReplicationGroupID = "IP-Prod" }, "ReplicationGroupID"},
		{"group id too long", func(a *RedisArgs) { a.ReplicationGroupID = "a-very-long-replication-group-name-xyz" }, "ReplicationGroupID"},
		{"redis 6", func(a *RedisArgs) { a.Engine, a.EngineVersion = "redis", "6.2" }, "EngineVersion"},
		{"malformed version", func(a *RedisArgs) { a.EngineVersion = "8.x" }, "EngineVersion"},
		{"memcached", func(a *RedisArgs) { a.Engine = "memcached" }, "Engine"},
		{"engine in capitals", func(a *RedisArgs) { a.Engine = "Valkey" }, "Engine"},
		{"redis version on valkey", func(a *RedisArgs) { a.EngineVersion = "7.1" }, "EngineVersion"},
		{"valkey version on redis", func(a *RedisArgs) { a.Engine = "redis" }, "EngineVersion"},
		{"node type without prefix", func(a *RedisArgs) { a.NodeType = "m7g.large" }, "NodeType"},
		{"six replicas", func(a *RedisArgs) { a.Replicas = 6 }, "Replicas"},
		{"negative replicas", func(a *RedisArgs) { a.Replicas = -1 }, "Replicas"},
		{"no zones", func(a *RedisArgs) { a.AvailabilityZones = nil }, "AvailabilityZones"},
		{"replicas in one zone", func(a *RedisArgs) { a.AvailabilityZones = []string{"eu-west-1a"} }, "AvailabilityZones"},
		{"snapshot retention 36", func(a *RedisArgs) { a.SnapshotRetentionDays = 36 }, "SnapshotRetentionDays"},
		{"snapshot window format", func(a *RedisArgs) { a.SnapshotWindow = "1am" }, "SnapshotWindow"},
		{"maintenance window format", func(a *RedisArgs) { a.MaintenanceWindow = "sun 05:00" }, "MaintenanceWindow"},
		{"log retention 10", func(a *RedisArgs) { a.LogRetentionDays = 10 }, "LogRetentionDays"},
		{"no alarm topic", func(a *RedisArgs) { a.AlarmTopicArn = nil }, "AlarmTopicArn"},
		{"no client group", func(a *RedisArgs) { a.ClientSecurityGroupID = nil }, "ClientSecurityGroupID"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := prodArgs()
			tc.edit(args)
			m, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
				_, err := NewRedis(ctx, "cache", args)
				return err
			})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "cache cache: "+tc.field, "the error must name the field")
			assert.Empty(t, m.Resources())
		})
	}
}
