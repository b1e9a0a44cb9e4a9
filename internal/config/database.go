package config

import (
	"regexp"
	"strings"

	"github.com/ip-platform/infra/internal/awslimits"
)

// Database holds the PostgreSQL (Amazon RDS) settings.
type Database struct {
	// EngineVersion is "16" or "17" (RDS picks the newest minor and auto-upgrades it) or a pinned
	// minor such as "17.7".
	EngineVersion          string
	InstanceClass          string
	MultiAz                bool
	AllocatedStorageGiB    int
	MaxAllocatedStorageGiB int
	BackupRetentionDays    int
	// BackupWindow is "hh24:mi-hh24:mi" in UTC; MaintenanceWindow "ddd:hh24:mi-ddd:hh24:mi".
	BackupWindow      string
	MaintenanceWindow string
	// DeletionProtection also marks the database protected in Pulumi.
	DeletionProtection               bool
	ReadReplicas                     int
	PerformanceInsightsRetentionDays int
	MonitoringIntervalSeconds        int
	LogRetentionDays                 int
	// BootstrapImage is the PostgreSQL client image the database users Job runs
	// (components/dbusers); unset, defaultBootstrapImage of EngineVersion.
	BootstrapImage string
}

// Cache holds the cache's settings: an ElastiCache replication group speaking the Redis protocol.
type Cache struct {
	// Engine is "valkey" (the default) or "redis" (Redis OSS).
	Engine string
	// EngineVersion is a version of Engine; unset, the engine's default (defaultCacheVersion).
	EngineVersion         string
	NodeType              string
	Replicas              int
	SnapshotRetentionDays int
	SnapshotWindow        string
	MaintenanceWindow     string
	LogRetentionDays      int
}

// Backup holds the AWS Backup plan of the database.
type Backup struct {
	RetentionDays int
	// Schedule is an AWS Backup cron expression, in UTC.
	Schedule string
	// DrRegion receives a copy of every recovery point; empty means no cross-region copy.
	DrRegion        string
	DrRetentionDays int
}

// Limits of the data tier, from the RDS, ElastiCache and AWS Backup APIs.
const (
	maxBackupRetentionDays   = 35 // RDS automated backups
	prodMinBackupDays        = 14 // prod keeps two weeks of point-in-time recovery
	maxCacheReplicas         = 5  // ElastiCache: replicas per shard
	prodMinCacheReplicas     = 2  // one primary and two replicas, one node per zone
	minStorageGiB            = 20 // gp3 on RDS
	maxStorageGiB            = 65536
	maxReadReplicas          = 5
	maxSnapshotRetentionDays = 35 // ElastiCache
	maxBackupPlanDays        = 36500
)

var (
	postgresVersionPattern = regexp.MustCompile(`^(16|17)(\.[0-9]+)?$`)
	dbClassPattern         = regexp.MustCompile(`^db\.[a-z][a-z0-9-]*\.[a-z0-9]+$`)
	cacheNodePattern       = regexp.MustCompile(`^cache\.[a-z][a-z0-9-]*\.[a-z0-9]+$`)
	cronPattern            = regexp.MustCompile(`^cron\(\S+( \S+){5}\)$`)
)

// dataProfile is an environment's data-tier defaults.
type dataProfile struct {
	database Database
	cache    Cache
	backup   Backup
}

// dataProfileFor returns the environment's data-tier defaults. Instance classes map the spec's
// 2000m CPU / 4Gi memory to 2 vCPUs and at least 4 GiB (README: "Database sizing").
func dataProfileFor(env Environment) dataProfile {
	// Windows in UTC: backups at night in Europe and America alike, maintenance an hour after on
	// Sunday, so the two never overlap.
	db := Database{
		EngineVersion: "17", BackupWindow: "02:00-03:00", MaintenanceWindow: "sun:04:00-sun:05:00",
	}
	// Valkey by default: node-hours cost less than Redis OSS on the same node type, it is the
	// engine AWS develops, and a Redis OSS group switches to it in place. EngineVersion is left
	// to parseCache, since it depends on the engine a stack may choose.
	cache := Cache{Engine: awslimits.CacheEngineValkey, SnapshotWindow: "01:00-02:00", MaintenanceWindow: "sun:05:00-sun:06:00"}
	backup := Backup{Schedule: "cron(0 6 * * ? *)"} // after the RDS backup and maintenance windows
	switch env {
	case Prod:
		db.InstanceClass, db.MultiAz, db.DeletionProtection = "db.m7g.large", true, true
		db.AllocatedStorageGiB, db.MaxAllocatedStorageGiB = 100, 1000
		db.BackupRetentionDays, db.PerformanceInsightsRetentionDays, db.MonitoringIntervalSeconds = 30, 31, 15
		db.LogRetentionDays = 365
		cache.NodeType, cache.Replicas, cache.SnapshotRetentionDays, cache.LogRetentionDays = "cache.m7g.large", 2, 7, 365
		backup.RetentionDays, backup.DrRetentionDays = 35, 35
	case Staging:
		db.InstanceClass, db.MultiAz = "db.m7g.large", true
		db.AllocatedStorageGiB, db.MaxAllocatedStorageGiB = 50, 200
		db.BackupRetentionDays, db.PerformanceInsightsRetentionDays, db.MonitoringIntervalSeconds = 14, 7, 60
		db.LogRetentionDays = 30
		cache.NodeType, cache.Replicas, cache.SnapshotRetentionDays, cache.LogRetentionDays = "cache.m7g.large", 1, 3, 30
		backup.RetentionDays, backup.DrRetentionDays = 14, 14
	default: // Dev: one zone, burstable, no failover
		db.InstanceClass = "db.t4g.medium"
		db.AllocatedStorageGiB, db.MaxAllocatedStorageGiB = 20, 100
		db.BackupRetentionDays, db.PerformanceInsightsRetentionDays, db.MonitoringIntervalSeconds = 7, 7, 60
		db.LogRetentionDays = 7
		cache.NodeType, cache.SnapshotRetentionDays, cache.LogRetentionDays = "cache.t4g.small", 1, 7
		backup.RetentionDays, backup.DrRetentionDays = 7, 7
	}
	return dataProfile{database: db, cache: cache, backup: backup}
}

func parseDatabase(p *problems, values map[string]string, defaults Database) Database {
	d := defaults
	if o := structured(p, values, "database"); o != nil {
		o.string("engineVersion", &d.EngineVersion)
		o.string("instanceClass", &d.InstanceClass)
		o.bool("multiAz", &d.MultiAz)
		o.int("allocatedStorageGiB", &d.AllocatedStorageGiB)
		o.int("maxAllocatedStorageGiB", &d.MaxAllocatedStorageGiB)
		o.int("backupRetentionDays", &d.BackupRetentionDays)
		o.string("backupWindow", &d.BackupWindow)
		o.string("maintenanceWindow", &d.MaintenanceWindow)
		o.bool("deletionProtection", &d.DeletionProtection)
		o.int("readReplicas", &d.ReadReplicas)
		o.int("performanceInsightsRetentionDays", &d.PerformanceInsightsRetentionDays)
		o.int("monitoringIntervalSeconds", &d.MonitoringIntervalSeconds)
		o.int("logRetentionDays", &d.LogRetentionDays)
		o.string("bootstrapImage", &d.BootstrapImage)
		o.done()
	}
	if d.BootstrapImage == "" {
		d.BootstrapImage = defaultBootstrapImage(d.EngineVersion)
	}
	return d
}

// defaultBootstrapImage is the official postgres alpine image of the engine's major version, pinned
// to a minor and an alpine release, so psql speaks the server's version and a rebuild of the tag
// cannot change what ran: a new pin is a reviewed change (and re-runs the Job, which is
// idempotent). An unknown major gets none, and validateDatabase names engineVersion.
func defaultBootstrapImage(engineVersion string) string {
	major, _, _ := strings.Cut(engineVersion, ".")
	switch major {
	case "16":
		return "docker.io/library/postgres:16.10-alpine3.22"
	case "17":
		return "docker.io/library/postgres:17.6-alpine3.22"
	}
	return ""
}

func parseCache(p *problems, values map[string]string, defaults Cache) Cache {
	c := defaults
	if o := structured(p, values, "cache"); o != nil {
		o.string("engine", &c.Engine)
		o.string("engineVersion", &c.EngineVersion)
		o.string("nodeType", &c.NodeType)
		o.int("replicas", &c.Replicas)
		o.int("snapshotRetentionDays", &c.SnapshotRetentionDays)
		o.string("snapshotWindow", &c.SnapshotWindow)
		o.string("maintenanceWindow", &c.MaintenanceWindow)
		o.int("logRetentionDays", &c.LogRetentionDays)
		o.done()
	}
	if c.EngineVersion == "" {
		c.EngineVersion = defaultCacheVersion(c.Engine)
	}
	return c
}

// defaultCacheVersion is the version a stack gets when it names only the engine: the newest
// Redis OSS (7.1), and for Valkey 8.1, a year in service; 8.2 adds vector search, which the
// services do not use. An unknown engine gets none, and validateCache names the engine key.
func defaultCacheVersion(engine string) string {
	switch engine {
	case awslimits.CacheEngineValkey:
		return "8.1"
	case awslimits.CacheEngineRedis:
		return "7.1"
	}
	return ""
}

func parseBackup(p *problems, values map[string]string, defaults Backup) Backup {
	b := defaults
	drDaysSet := false
	if o := structured(p, values, "backup"); o != nil {
		o.int("retentionDays", &b.RetentionDays)
		o.string("schedule", &b.Schedule)
		o.string("drRegion", &b.DrRegion)
		_, drDaysSet = o.fields["drRetentionDays"]
		o.int("drRetentionDays", &b.DrRetentionDays)
		o.done()
	}
	if !drDaysSet {
		b.DrRetentionDays = b.RetentionDays // the DR copy keeps what the primary keeps
	}
	return b
}

// parseData reads the data tier's keys over the environment's defaults.
func parseData(p *problems, values map[string]string, cfg *Config) {
	prof := dataProfileFor(cfg.Environment)
	cfg.Database = parseDatabase(p, values, prof.database)
	cfg.Cache = parseCache(p, values, prof.cache)
	cfg.Backup = parseBackup(p, values, prof.backup)
}
