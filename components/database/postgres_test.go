package database

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

const (
	instanceType = "aws:rds/instance:Instance"
	alarmType    = "aws:cloudwatch/metricAlarm:MetricAlarm"
	topicArn     = "arn:aws:sns:eu-west-1:123456789012:alarms"
)

func prodArgs() *PostgresArgs {
	return &PostgresArgs{
		Identifier:                       "ip-platform-prod",
		EngineVersion:                    "17",
		InstanceClass:                    "db.m7g.large",
		MultiAz:                          true,
		AllocatedStorageGiB:              100,
		MaxAllocatedStorageGiB:           1000,
		BackupRetentionDays:              30,
		DeletionProtection:               true,
		Protect:                          true,
		PerformanceInsightsRetentionDays: 31,
		MonitoringIntervalSeconds:        15,
		VpcID:                            pulumi.String("vpc-1"),
		SubnetIDs:                        pulumi.ToStringArray([]string{"iso-a", "iso-b", "iso-c"}),
		ClientSecurityGroupID:            pulumi.String("sg-cluster"),
		AlarmTopicArn:                    pulumi.String(topicArn),
	}
}

func run(t *testing.T, edit func(*PostgresArgs)) (*offline.Mocks, *Postgres) {
	t.Helper()
	args := prodArgs()
	if edit != nil {
		edit(args)
	}
	var db *Postgres
	m := offlinetest.Run(t, func(ctx *pulumi.Context) (err error) {
		db, err = NewPostgres(ctx, "db", args)
		return err
	})
	return m, db
}

var (
	must  = offlinetest.Must
	await = offlinetest.Await
)

func TestProdInstanceIsMultiAzEncryptedPrivateAndProtected(t *testing.T) {
	m, _ := run(t, nil)
	db := must(t, m, instanceType, "db")

	assert.Equal(t, "postgres", db.Input("engine"))
	assert.Equal(t, "17", db.Input("engineVersion"))
	assert.Equal(t, true, db.Input("autoMinorVersionUpgrade"))
	assert.Equal(t, false, db.Input("allowMajorVersionUpgrade"), "a major upgrade must be deliberate")
	assert.Equal(t, "db.m7g.large", db.Input("instanceClass"))
	assert.Equal(t, true, db.Input("multiAz"), "prod fails over to a standby in another zone")
	assert.Equal(t, false, db.Input("publiclyAccessible"))
	assert.Equal(t, true, db.Input("storageEncrypted"))
	assert.Equal(t, "arn:aws:kms:eu-west-1:123456789012:key/db", db.Input("kmsKeyId"), "storage uses the component's own key")
	assert.Equal(t, "gp3", db.Input("storageType"))
	assert.Equal(t, 100.0, db.Input("allocatedStorage"))
	assert.Equal(t, 1000.0, db.Input("maxAllocatedStorage"), "storage autoscaling has a ceiling")
	assert.Equal(t, true, db.Input("deletionProtection"))
	assert.True(t, db.Protect, "the prod instance is protected in Pulumi")
	assert.True(t, must(t, m, "aws:kms/key:Key", "db").Protect, "the key that reads the snapshots is protected too")
	assert.Equal(t, "ip-platform-prod", db.Input("dbSubnetGroupName"))
	assert.Equal(t, []any{"db-sg-id"}, db.Input("vpcSecurityGroupIds"))
	assert.Equal(t, 5432.0, db.Input("port"))
}

func TestMasterPasswordIsManagedByRDS(t *testing.T) {
	m, db := run(t, nil)
	instance := must(t, m, instanceType, "db")

	assert.Equal(t, true, instance.Input("manageMasterUserPassword"))
	assert.Nil(t, instance.Input("password"), "no password may reach config, code or state")
	assert.Equal(t, "arn:aws:kms:eu-west-1:123456789012:key/db", instance.Input("masterUserSecretKmsKeyId"))
	assert.Equal(t, "platform_admin", instance.Input("username"))
	assert.Equal(t, "ipplatform", instance.Input("dbName"))
	assert.Equal(t, "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-ip-platform-prod-AbCdEf", await(t, db.MasterSecretArn))
	assert.Equal(t, "ip-platform-prod.c0ffee0ff1ne.eu-west-1.rds.amazonaws.com", await(t, db.Address))
	assert.Equal(t, 5432, await(t, db.Port))
	assert.Equal(t, "ipplatform", db.DatabaseName)
	assert.Equal(t, "db-sg-id", await(t, db.SecurityGroupID))
	assert.Equal(t, "arn:aws:kms:eu-west-1:123456789012:key/db", await(t, db.KmsKeyArn), "readers of the secret need this key")
}

func TestBackupsSnapshotsAndWindows(t *testing.T) {
	m, _ := run(t, func(a *PostgresArgs) {
		a.BackupWindow, a.MaintenanceWindow = "01:00-01:30", "sat:22:00-sat:23:00"
	})
	db := must(t, m, instanceType, "db")

	assert.Equal(t, 30.0, db.Input("backupRetentionPeriod"))
	assert.Equal(t, "01:00-01:30", db.Input("backupWindow"))
	assert.Equal(t, "sat:22:00-sat:23:00", db.Input("maintenanceWindow"))
	assert.Equal(t, true, db.Input("copyTagsToSnapshot"))
	assert.Equal(t, false, db.Input("skipFinalSnapshot"))
	assert.Equal(t, "ip-platform-prod-final", db.Input("finalSnapshotIdentifier"))
	assert.Equal(t, false, db.Input("deleteAutomatedBackups"), "automated backups outlive the instance")
}

func TestDevInstanceIsSmallSingleAzAndDisposable(t *testing.T) {
	m, _ := run(t, func(a *PostgresArgs) {
		a.Identifier, a.InstanceClass, a.MultiAz = "ip-platform-dev", "db.t4g.medium", false
		a.DeletionProtection, a.Protect, a.SkipFinalSnapshot = false, false, true
		a.AllocatedStorageGiB, a.MaxAllocatedStorageGiB, a.BackupRetentionDays = 20, 100, 7
	})
	db := must(t, m, instanceType, "db")

	assert.Equal(t, false, db.Input("multiAz"))
	assert.Equal(t, "db.t4g.medium", db.Input("instanceClass"))
	assert.Equal(t, true, db.Input("skipFinalSnapshot"))
	assert.Nil(t, db.Input("finalSnapshotIdentifier"))
	assert.Equal(t, false, db.Input("deletionProtection"))
	assert.False(t, db.Protect)
	assert.Equal(t, true, db.Input("storageEncrypted"), "dev is encrypted too")
}

func TestSecurityGroupAdmitsPostgresFromTheClusterOnly(t *testing.T) {
	m, _ := run(t, nil)
	sg := must(t, m, "aws:ec2/securityGroup:SecurityGroup", "db-sg")

	assert.Equal(t, "vpc-1", sg.Input("vpcId"))
	ingress, ok := sg.Input("ingress").([]any)
	require.True(t, ok)
	require.Len(t, ingress, 1, "one rule: PostgreSQL from the cluster")
	rule := ingress[0].(map[string]any)
	assert.Equal(t, 5432.0, rule["fromPort"])
	assert.Equal(t, 5432.0, rule["toPort"])
	assert.Equal(t, "tcp", rule["protocol"])
	assert.Equal(t, []any{"sg-cluster"}, rule["securityGroups"])
	assert.Nil(t, rule["cidrBlocks"], "no CIDR is admitted")
	assert.Nil(t, sg.Input("egress"), "the database opens no connections")

	subnets := must(t, m, "aws:rds/subnetGroup:SubnetGroup", "db")
	assert.Equal(t, []any{"iso-a", "iso-b", "iso-c"}, subnets.Input("subnetIds"))
}

func TestParameterGroupForcesTLSAndLogsSlowStatements(t *testing.T) {
	m, _ := run(t, func(a *PostgresArgs) { a.EngineVersion = "16.9" })
	group := must(t, m, "aws:rds/parameterGroup:ParameterGroup", "db")
	db := must(t, m, instanceType, "db")

	assert.Equal(t, "postgres16", group.Input("family"), "the family follows the major version")
	assert.Equal(t, "ip-platform-prod-postgres16", group.Input("name"))
	assert.Equal(t, "ip-platform-prod-postgres16", db.Input("parameterGroupName"))
	params := map[string]map[string]any{}
	for _, p := range group.Input("parameters").([]any) {
		pm := p.(map[string]any)
		params[pm["name"].(string)] = pm
	}
	assert.Equal(t, "1", params["rds.force_ssl"]["value"], "unencrypted connections must be refused")
	assert.Equal(t, "1000", params["log_min_duration_statement"]["value"])
	assert.Equal(t, "1", params["log_connections"]["value"])
	assert.Equal(t, "pending-reboot", params["shared_preload_libraries"]["applyMethod"], "a static parameter waits for a reboot")
	assert.Equal(t, "immediate", params["rds.force_ssl"]["applyMethod"])
}

func TestMonitoringInsightsAndLogs(t *testing.T) {
	m, _ := run(t, nil)
	db := must(t, m, instanceType, "db")
	role := must(t, m, "aws:iam/role:Role", "db-monitoring")
	attachment := must(t, m, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "db-monitoring")

	assert.Equal(t, true, db.Input("performanceInsightsEnabled"))
	assert.Equal(t, 31.0, db.Input("performanceInsightsRetentionPeriod"))
	assert.Equal(t, "arn:aws:kms:eu-west-1:123456789012:key/db", db.Input("performanceInsightsKmsKeyId"))
	assert.Equal(t, 15.0, db.Input("monitoringInterval"))
	assert.Equal(t, "arn:aws:iam::123456789012:role/db-monitoring", db.Input("monitoringRoleArn"))
	assert.Contains(t, role.Input("assumeRolePolicy"), "monitoring.rds.amazonaws.com")
	assert.Equal(t, "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole", attachment.Input("policyArn"))
	assert.Contains(t, db.DependsOn, attachment.URN, "RDS checks the monitoring role when the instance is created")

	assert.Equal(t, []any{"postgresql", "upgrade"}, db.Input("enabledCloudwatchLogsExports"))
	group := must(t, m, "aws:cloudwatch/logGroup:LogGroup", "db-postgresql")
	assert.Equal(t, "/aws/rds/instance/ip-platform-prod/postgresql", group.Input("name"), "RDS writes to this exact group")
	assert.Contains(t, db.DependsOn, group.URN, "the group must exist before RDS creates an unmanaged one")

	key := must(t, m, "aws:kms/key:Key", "db")
	assert.Equal(t, true, key.Input("enableKeyRotation"))
}

func TestAlarmsNotifyTheTopic(t *testing.T) {
	m, _ := run(t, nil)
	byMetric := map[string]offline.Resource{}
	for _, a := range m.OfType(alarmType) {
		byMetric[a.Input("metricName").(string)] = a
		assert.Equal(t, []any{topicArn}, a.Input("alarmActions"), "alarm %s", a.Name)
		assert.Equal(t, []any{topicArn}, a.Input("okActions"), "alarm %s", a.Name)
		assert.Equal(t, "AWS/RDS", a.Input("namespace"))
		assert.Equal(t, map[string]any{"DBInstanceIdentifier": "ip-platform-prod"}, a.Input("dimensions"))
	}
	for _, metric := range []string{"CPUUtilization", "FreeStorageSpace", "FreeableMemory", "DatabaseConnections"} {
		assert.Contains(t, byMetric, metric, "an alarm on %s", metric)
	}
	assert.NotContains(t, byMetric, "ReplicaLag", "a Multi-AZ standby is synchronous: no replica, no lag")
	assert.Equal(t, 10.0*gib, byMetric["FreeStorageSpace"].Input("threshold"), "10% of 100 GiB")
	assert.Equal(t, 0.8*gib, byMetric["FreeableMemory"].Input("threshold"), "10% of db.m7g.large's 8 GiB")
	assert.Equal(t, 720.0, byMetric["DatabaseConnections"].Input("threshold"), "80% of the 901 connections RDS allows 8 GiB")
	assert.Equal(t, "ip-platform-prod-cpu-high", byMetric["CPUUtilization"].Input("name"))
}

func TestReadReplicasFollowThePrimaryAndHaveLagAlarms(t *testing.T) {
	m, db := run(t, func(a *PostgresArgs) { a.ReadReplicas = 2 })
	replicas := m.OfType(instanceType)
	require.Len(t, replicas, 3, "the primary and two replicas")

	r := must(t, m, instanceType, "db-replica-2")
	assert.Equal(t, "ip-platform-prod-replica-2", r.Input("identifier"))
	assert.Equal(t, "ip-platform-prod", r.Input("replicateSourceDb"))
	assert.Equal(t, false, r.Input("publiclyAccessible"))
	assert.Equal(t, true, r.Input("storageEncrypted"))
	assert.Nil(t, r.Input("manageMasterUserPassword"), "a replica takes the primary's users")
	assert.Equal(t, "/aws/rds/instance/ip-platform-prod-replica-2/postgresql", must(t, m, "aws:cloudwatch/logGroup:LogGroup", "db-replica-2-postgresql").Input("name"))

	lag := must(t, m, alarmType, "db-replica-2-replica-lag-high")
	assert.Equal(t, "ReplicaLag", lag.Input("metricName"))
	assert.Equal(t, map[string]any{"DBInstanceIdentifier": "ip-platform-prod-replica-2"}, lag.Input("dimensions"))
	assert.Len(t, await(t, db.ReplicaAddresses), 2)
}

func TestInvalidArgsAreRejectedBeforeAnyResource(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*PostgresArgs)
		field string
	}{
		{"identifier upper case", func(a *PostgresArgs) { a.Identifier = "IP-Prod" }, "Identifier"},
		{"identifier double dash", func(a *PostgresArgs) { a.Identifier = "ip--prod" }, "Identifier"},
		{"engine 15", func(a *PostgresArgs) { a.EngineVersion = "15.4" }, "EngineVersion"},
		{"malformed engine", func(a *PostgresArgs) { a.EngineVersion = "seventeen" }, "EngineVersion"},
		{"class without prefix", func(a *PostgresArgs) { a.InstanceClass = "m7g.large" }, "InstanceClass"},
		{"storage too small", func(a *PostgresArgs) { a.AllocatedStorageGiB = 5 }, "AllocatedStorageGiB"},
		{"ceiling below 110%", func(a *PostgresArgs) { a.MaxAllocatedStorageGiB = 105 }, "MaxAllocatedStorageGiB"},
		{"retention 36", func(a *PostgresArgs) { a.BackupRetentionDays = 36 }, "BackupRetentionDays"},
		{"log retention 10", func(a *PostgresArgs) { a.LogRetentionDays = 10 }, "LogRetentionDays"},
		{"retention negative", func(a *PostgresArgs) { a.BackupRetentionDays = -1 }, "BackupRetentionDays"},
		{"backup window format", func(a *PostgresArgs) { a.BackupWindow = "2-3" }, "BackupWindow"},
		{"maintenance window format", func(a *PostgresArgs) { a.MaintenanceWindow = "sunday" }, "MaintenanceWindow"},
		{"six replicas", func(a *PostgresArgs) { a.ReadReplicas = 6 }, "ReadReplicas"},
		{"insights 30 days", func(a *PostgresArgs) { a.PerformanceInsightsRetentionDays = 30 }, "PerformanceInsightsRetentionDays"},
		{"monitoring 2s", func(a *PostgresArgs) { a.MonitoringIntervalSeconds = 2 }, "MonitoringIntervalSeconds"},
		{"protected yet disposable", func(a *PostgresArgs) { a.SkipFinalSnapshot = true }, "SkipFinalSnapshot"},
		{"no client group", func(a *PostgresArgs) { a.ClientSecurityGroupID = nil }, "ClientSecurityGroupID"},
		{"no alarm topic", func(a *PostgresArgs) { a.AlarmTopicArn = nil }, "AlarmTopicArn"},
		{"reserved master user", func(a *PostgresArgs) { a.MasterUsername = "rdsadmin" }, "MasterUsername"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := prodArgs()
			tc.edit(args)
			m, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
				_, err := NewPostgres(ctx, "db", args)
				return err
			})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "database db: "+tc.field, "the error must name the field")
			assert.Empty(t, m.Resources(), "nothing may be created from invalid args")
		})
	}
}

func TestClassMemory(t *testing.T) {
	cases := []struct {
		class string
		gib   float64
		known bool
	}{
		{"db.t4g.medium", 4, true},
		{"db.t3.micro", 1, true},
		{"db.m7g.large", 8, true},
		{"db.m6i.2xlarge", 32, true},
		{"db.r7g.xlarge", 32, true},
		{"db.x2g.large", 0, false},
		{"db.m7g.metal", 0, false},
		{"m7g.large", 0, false},
	}
	for _, tc := range cases {
		gib, known := classMemoryGiB(tc.class)
		assert.Equal(t, tc.known, known, "is %s known", tc.class)
		assert.Equal(t, tc.gib, gib, "memory of %s", tc.class)
	}
	assert.Equal(t, 450, defaultMaxConnections(4), "RDS gives a 4 GiB instance about 450 connections")
	assert.Equal(t, 5000, defaultMaxConnections(512), "RDS caps max_connections at 5000")
}
