package config

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDataTierProfilesPerEnvironment(t *testing.T) {
	prod, err := parse(validProd())
	require.NoError(t, err)
	assert.True(t, prod.Database.MultiAz, "prod database fails over to a standby")
	assert.True(t, prod.Database.DeletionProtection)
	assert.GreaterOrEqual(t, prod.Database.BackupRetentionDays, 14)
	assert.Equal(t, "db.m7g.large", prod.Database.InstanceClass, "2 vCPUs and 8 GiB: the spec's 2000m/4Gi with headroom")
	assert.Equal(t, 2, prod.Cache.Replicas, "three cache nodes, one per zone")
	assert.Equal(t, prod.Backup.RetentionDays, prod.Backup.DrRetentionDays, "DR copies keep what the primary keeps unless set")
	assert.Empty(t, prod.Backup.DrRegion, "cross-region copy is opt-in")

	dev, err := parse(with(validProd(), map[string]string{
		"ip-platform:environment":       "dev",
		"ip-platform:availabilityZones": `["eu-west-1a","eu-west-1b"]`,
	}))
	require.NoError(t, err)
	assert.False(t, dev.Database.MultiAz, "dev saves the standby")
	assert.False(t, dev.Database.DeletionProtection)
	assert.Equal(t, "db.t4g.medium", dev.Database.InstanceClass)
	assert.Equal(t, 0, dev.Cache.Replicas, "dev runs one cache node")
}

func TestDataTierStackValuesOverrideTheProfile(t *testing.T) {
	cfg, err := parse(with(validProd(), map[string]string{
		"ip-platform:database": `{"engineVersion":"16.9","instanceClass":"db.r7g.xlarge","readReplicas":1,"backupRetentionDays":35}`,
		"ip-platform:cache":    `{"replicas":3,"nodeType":"cache.r7g.large"}`,
		"ip-platform:backup":   `{"retentionDays":90,"drRegion":"eu-central-1"}`,
	}))
	require.NoError(t, err)
	assert.Equal(t, "16.9", cfg.Database.EngineVersion)
	assert.Equal(t, "db.r7g.xlarge", cfg.Database.InstanceClass)
	assert.Equal(t, 1, cfg.Database.ReadReplicas)
	assert.Equal(t, 35, cfg.Database.BackupRetentionDays)
	assert.True(t, cfg.Database.MultiAz, "fields left out keep the profile's value")
	assert.Equal(t, 3, cfg.Cache.Replicas)
	assert.Equal(t, "eu-central-1", cfg.Backup.DrRegion)
	assert.Equal(t, 90, cfg.Backup.DrRetentionDays, "the DR copy follows retentionDays")
}

func TestParseRejectsBadDataTierValues(t *testing.T) {
	db := func(v string) map[string]string { return map[string]string{"ip-platform:database": v} }
	cache := func(v string) map[string]string { return map[string]string{"ip-platform:cache": v} }
	backup := func(v string) map[string]string { return map[string]string{"ip-platform:backup": v} }
	staging := func(m map[string]string) map[string]string {
		m["ip-platform:environment"] = "staging"
		return m
	}
	cases := []struct {
		name    string
		changes map[string]string
		key     string
		allowed string
	}{
		{"engine version 15", db(`{"engineVersion":"15.4"}`), "ip-platform:database.engineVersion", "major version 16 or 17"},
		{"malformed engine version", db(`{"engineVersion":"17.x"}`), "ip-platform:database.engineVersion", "optionally with a minor"},
		{"engine version with patch", db(`{"engineVersion":"17.7.1"}`), "ip-platform:database.engineVersion", "16 or 17"},
		{"bootstrap image without tag", db(`{"bootstrapImage":"docker.io/library/postgres"}`), "ip-platform:database.bootstrapImage", "must pin a tag or a digest"},
		{"bootstrap image latest", db(`{"bootstrapImage":"postgres:latest"}`), "ip-platform:database.bootstrapImage", "must not be tagged latest"},
		{"bootstrap image bad digest", db(`{"bootstrapImage":"postgres@sha256:abc"}`), "ip-platform:database.bootstrapImage", "digest sha256:"},
		{"bootstrap image registry port only", db(`{"bootstrapImage":"registry:5000/postgres"}`), "ip-platform:database.bootstrapImage", "must pin a tag"},
		{"instance class without db prefix", db(`{"instanceClass":"m7g.large"}`), "ip-platform:database.instanceClass", "RDS instance class such as db.m7g.large"},
		{"instance class with spaces", db(`{"instanceClass":"db m7g large"}`), "ip-platform:database.instanceClass", "RDS instance class"},
		{"burstable class in prod", db(`{"instanceClass":"db.t4g.large"}`), "ip-platform:database.instanceClass", "burstable"},
		{"single-AZ database in prod", db(`{"multiAz":false}`), "ip-platform:database.multiAz", "must be true in prod"},
		{"single-AZ database in staging", staging(db(`{"multiAz":false}`)), "ip-platform:database.multiAz", "must be true in staging"},
		{"storage below gp3 minimum", db(`{"allocatedStorageGiB":10}`), "ip-platform:database.allocatedStorageGiB", "from 20 to 65536"},
		{"autoscaling ceiling too low", db(`{"allocatedStorageGiB":100,"maxAllocatedStorageGiB":105}`), "ip-platform:database.maxAllocatedStorageGiB", "from 110 (allocatedStorageGiB + 10%)"},
		{"retention zero", db(`{"backupRetentionDays":0}`), "ip-platform:database.backupRetentionDays", "from 1 to 35"},
		{"retention above 35", db(`{"backupRetentionDays":36}`), "ip-platform:database.backupRetentionDays", "from 1 to 35"},
		{"retention short for prod", db(`{"backupRetentionDays":7}`), "ip-platform:database.backupRetentionDays", "at least 14 in prod"},
		{"no deletion protection in prod", db(`{"deletionProtection":false}`), "ip-platform:database.deletionProtection", "must be true in prod"},
		{"too many read replicas", db(`{"readReplicas":6}`), "ip-platform:database.readReplicas", "from 0 to 5"},
		{"bad insights retention", db(`{"performanceInsightsRetentionDays":30}`), "ip-platform:database.performanceInsightsRetentionDays", "multiple of 31"},
		{"monitoring off", db(`{"monitoringIntervalSeconds":0}`), "ip-platform:database.monitoringIntervalSeconds", "1, 5, 10, 15, 30, 60"},
		{"bad log retention", db(`{"logRetentionDays":10}`), "ip-platform:database.logRetentionDays", "CloudWatch Logs retention"},
		{"backup window format", db(`{"backupWindow":"2am-3am"}`), "ip-platform:database.backupWindow", "hh:mm-hh:mm"},
		{"backup window hour 24", db(`{"backupWindow":"24:00-01:00"}`), "ip-platform:database.backupWindow", "hh:mm-hh:mm"},
		{"backup window too short", db(`{"backupWindow":"02:00-02:15"}`), "ip-platform:database.backupWindow", "at least 30 minutes"},
		{"maintenance window format", db(`{"maintenanceWindow":"sunday 04:00"}`), "ip-platform:database.maintenanceWindow", "ddd:hh:mm-ddd:hh:mm"},
		{"maintenance window capital day", db(`{"maintenanceWindow":"Sun:04:00-Sun:05:00"}`), "ip-platform:database.maintenanceWindow", "lower-case day"},
		{"backup overlapping maintenance", db(`{"backupWindow":"04:30-05:30"}`), "ip-platform:database.maintenanceWindow", "must not overlap ip-platform:database.backupWindow"},
		{"overlap across midnight", db(`{"backupWindow":"23:30-00:30","maintenanceWindow":"mon:00:00-mon:01:00"}`), "ip-platform:database.maintenanceWindow", "must not overlap"},
		{"database not an object", db(`["db.m7g.large"]`), "ip-platform:database", "must be an object"},
		{"misspelt database field", db(`{"multiAZ":true}`), "ip-platform:database.multiAZ", "not a known key; allowed: engineVersion"},
		{"cache engine memcached", cache(`{"engine":"memcached"}`), "ip-platform:cache.engine", "must be valkey or redis (Redis OSS)"},
		{"cache engine capitalised", cache(`{"engine":"Valkey"}`), "ip-platform:cache.engine", "must be valkey or redis"},
		{"cache engine empty", cache(`{"engine":""}`), "ip-platform:cache.engine", "must be valkey or redis"},
		{"redis 6", cache(`{"engine":"redis","engineVersion":"6.2"}`), "ip-platform:cache.engineVersion", "Redis version ElastiCache offers with IAM authentication: 7.0 or 7.1"},
		{"redis 7.2 does not exist", cache(`{"engine":"redis","engineVersion":"7.2"}`), "ip-platform:cache.engineVersion", "7.0 or 7.1"},
		{"malformed redis version", cache(`{"engine":"redis","engineVersion":"7"}`), "ip-platform:cache.engineVersion", "7.0 or 7.1"},
		{"redis version kept on valkey", cache(`{"engineVersion":"7.1"}`), "ip-platform:cache.engineVersion", "Valkey version ElastiCache offers with IAM authentication: 7.2, 8.0, 8.1 or 8.2 (for Redis 7.0 or 7.1, set ip-platform:cache.engine)"},
		{"valkey 7.0 does not exist", cache(`{"engine":"valkey","engineVersion":"7.0"}`), "ip-platform:cache.engineVersion", "7.2, 8.0, 8.1 or 8.2"},
		{"valkey 9 not offered", cache(`{"engineVersion":"9.0"}`), "ip-platform:cache.engineVersion", "7.2, 8.0, 8.1 or 8.2"},
		{"valkey major only", cache(`{"engineVersion":"8"}`), "ip-platform:cache.engineVersion", "7.2, 8.0, 8.1 or 8.2"},
		{"node type without cache prefix", cache(`{"nodeType":"m7g.large"}`), "ip-platform:cache.nodeType", "ElastiCache node type such as cache.m7g.large"},
		{"node type with db prefix", cache(`{"nodeType":"db.m7g.large"}`), "ip-platform:cache.nodeType", "ElastiCache node type"},
		{"burstable cache in prod", cache(`{"nodeType":"cache.t4g.medium"}`), "ip-platform:cache.nodeType", "burstable"},
		{"replicas above five", cache(`{"replicas":6}`), "ip-platform:cache.replicas", "from 0 to 5"},
		{"negative replicas", cache(`{"replicas":-1}`), "ip-platform:cache.replicas", "from 0 to 5"},
		{"one replica in prod", cache(`{"replicas":1}`), "ip-platform:cache.replicas", "at least 2 in prod"},
		{"no replica in staging", staging(cache(`{"replicas":0}`)), "ip-platform:cache.replicas", "at least 1 in staging"},
		{"snapshot retention above 35", cache(`{"snapshotRetentionDays":40}`), "ip-platform:cache.snapshotRetentionDays", "from 0 to 35"},
		{"no snapshots in prod", cache(`{"snapshotRetentionDays":0}`), "ip-platform:cache.snapshotRetentionDays", "at least 1 in prod"},
		{"snapshot window too short", cache(`{"snapshotWindow":"01:00-01:30"}`), "ip-platform:cache.snapshotWindow", "at least 60 minutes"},
		{"snapshot overlapping maintenance", cache(`{"snapshotWindow":"05:00-06:00"}`), "ip-platform:cache.maintenanceWindow", "must not overlap"},
		{"backup retention zero", backup(`{"retentionDays":0}`), "ip-platform:backup.retentionDays", "from 1 to 36500"},
		{"backup retention short for prod", backup(`{"retentionDays":7}`), "ip-platform:backup.retentionDays", "at least 14 in prod"},
		{"backup schedule not cron", backup(`{"schedule":"daily"}`), "ip-platform:backup.schedule", "cron expression with six fields"},
		{"backup cron with five fields", backup(`{"schedule":"cron(0 3 * * *)"}`), "ip-platform:backup.schedule", "six fields"},
		{"malformed dr region", backup(`{"drRegion":"Frankfurt"}`), "ip-platform:backup.drRegion", "AWS region name"},
		{"dr region same as primary", backup(`{"drRegion":"eu-west-1"}`), "ip-platform:backup.drRegion", "must differ from the stack's region eu-west-1"},
		{"dr retention zero", backup(`{"drRegion":"eu-central-1","drRetentionDays":0}`), "ip-platform:backup.drRetentionDays", "from 1 to 36500"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := parse(with(validProd(), tc.changes))
			require.Error(t, err, "a stack with %s must not parse", tc.name)
			assert.Nil(t, cfg)
			assert.Contains(t, err.Error(), tc.key+" ", "the message must name the key path")
			assert.Contains(t, err.Error(), tc.allowed, "the message must say what is allowed")
		})
	}
}

func TestWindowsOverlap(t *testing.T) {
	cases := []struct {
		daily, weekly string
		overlap       bool
	}{
		{"02:00-03:00", "sun:04:00-sun:05:00", false},
		{"02:00-03:00", "sun:02:30-sun:03:30", true},
		{"02:00-03:00", "sun:03:00-sun:04:00", false}, // windows touching at an edge share no minute
		{"23:00-01:00", "tue:00:30-tue:01:30", true},  // the daily window wraps midnight
		{"12:00-13:00", "sat:23:00-sun:12:30", true},  // the weekly window spans days
		{"12:00-13:00", "sun:23:00-mon:01:00", false}, // the weekly window wraps the week's end
	}
	for _, tc := range cases {
		d, err := parseDailyWindow(tc.daily)
		require.NoError(t, err)
		w, err := parseWeeklyWindow(tc.weekly)
		require.NoError(t, err)
		assert.Equal(t, tc.overlap, overlaps(d, w), "daily %s against weekly %s", tc.daily, tc.weekly)
	}
}

func TestInsightsRetention(t *testing.T) {
	for _, ok := range []int{7, 31, 62, 713, 731} {
		assert.True(t, validInsightsRetention(ok), "%d days is a Performance Insights retention", ok)
	}
	for _, bad := range []int{0, 14, 30, 744, 732} {
		assert.False(t, validInsightsRetention(bad), "%d days is not a Performance Insights retention", bad)
	}
}

func TestBootstrapImageFollowsTheEngineMajorUnlessSet(t *testing.T) {
	cases := []struct {
		database string
		want     string
	}{
		{`{"engineVersion":"17"}`, "docker.io/library/postgres:17.6-alpine3.22"},
		{`{"engineVersion":"16.4"}`, "docker.io/library/postgres:16.10-alpine3.22"},
		{`{"engineVersion":"17","bootstrapImage":"111122223333.dkr.ecr.us-east-1.amazonaws.com/mirror/postgres:17.6-alpine3.22"}`, "111122223333.dkr.ecr.us-east-1.amazonaws.com/mirror/postgres:17.6-alpine3.22"},
		{`{"bootstrapImage":"postgres@sha256:` + strings.Repeat("ab", 32) + `"}`, "postgres@sha256:" + strings.Repeat("ab", 32)},
	}
	for _, tc := range cases {
		t.Run(tc.database, func(t *testing.T) {
			cfg, err := parse(with(validProd(), map[string]string{"ip-platform:database": tc.database}))
			require.NoError(t, err)
			assert.Equal(t, tc.want, cfg.Database.BootstrapImage)
		})
	}
}
