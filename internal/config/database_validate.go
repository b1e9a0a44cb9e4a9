package config

import (
	"strings"

	"github.com/ip-platform/infra/internal/awslimits"
)

// validateData checks the data tier against AWS limits and the environment's floor.
func validateData(p *problems, c *Config) {
	validateDatabase(p, c)
	validateCache(p, c)
	validateBackup(p, c)
}

func validateDatabase(p *problems, c *Config) {
	d, k := c.Database, func(f string) string { return key("database." + f) }
	if !postgresVersionPattern.MatchString(d.EngineVersion) {
		p.add(k("engineVersion"), "must be a PostgreSQL major version 16 or 17, optionally with a minor (17 or 17.7), got %q", d.EngineVersion)
	} else {
		validateBootstrapImage(p, k("bootstrapImage"), d.BootstrapImage)
	}
	switch {
	case !dbClassPattern.MatchString(d.InstanceClass):
		p.add(k("instanceClass"), "must be an RDS instance class such as db.m7g.large, got %q", d.InstanceClass)
	case c.Environment == Prod && strings.HasPrefix(d.InstanceClass, "db.t"):
		p.add(k("instanceClass"), "must not be a burstable db.t* class in prod (it throttles to its baseline once CPU credits run out), got %q", d.InstanceClass)
	}
	if c.Environment != Dev && !d.MultiAz {
		p.add(k("multiAz"), "must be true in %s: the database must fail over to a standby in another zone", c.Environment)
	}
	if d.AllocatedStorageGiB < minStorageGiB || d.AllocatedStorageGiB > maxStorageGiB {
		p.add(k("allocatedStorageGiB"), "must be from %d to %d (gp3 limits), got %d", minStorageGiB, maxStorageGiB, d.AllocatedStorageGiB)
	}
	// RDS storage autoscaling needs the ceiling at least 10% above the allocated storage.
	if minMax := d.AllocatedStorageGiB + (d.AllocatedStorageGiB+9)/10; d.MaxAllocatedStorageGiB < minMax || d.MaxAllocatedStorageGiB > maxStorageGiB {
		p.add(k("maxAllocatedStorageGiB"), "must be from %d (allocatedStorageGiB + 10%%) to %d, got %d", minMax, maxStorageGiB, d.MaxAllocatedStorageGiB)
	}
	switch {
	case d.BackupRetentionDays < 1 || d.BackupRetentionDays > maxBackupRetentionDays:
		p.add(k("backupRetentionDays"), "must be from 1 to %d (0 would turn off automated backups and point-in-time recovery), got %d", maxBackupRetentionDays, d.BackupRetentionDays)
	case c.Environment == Prod && d.BackupRetentionDays < prodMinBackupDays:
		p.add(k("backupRetentionDays"), "must be at least %d in prod, got %d", prodMinBackupDays, d.BackupRetentionDays)
	}
	if c.Environment == Prod && !d.DeletionProtection {
		p.add(k("deletionProtection"), "must be true in prod")
	}
	if d.ReadReplicas < 0 || d.ReadReplicas > maxReadReplicas {
		p.add(k("readReplicas"), "must be from 0 to %d, got %d", maxReadReplicas, d.ReadReplicas)
	}
	if !validInsightsRetention(d.PerformanceInsightsRetentionDays) {
		p.add(k("performanceInsightsRetentionDays"), "must be 7, a multiple of 31 up to 713, or 731 (Performance Insights retention), got %d", d.PerformanceInsightsRetentionDays)
	}
	if !awslimits.ValidMonitoringInterval(d.MonitoringIntervalSeconds) {
		p.add(k("monitoringIntervalSeconds"), "must be one of 1, 5, 10, 15, 30, 60 (enhanced monitoring is always on), got %d", d.MonitoringIntervalSeconds)
	}
	validateRetention(p, k("logRetentionDays"), d.LogRetentionDays)
	validateWindows(p, k("backupWindow"), d.BackupWindow, k("maintenanceWindow"), d.MaintenanceWindow, rdsMinWindowMinutes)
}

func validateCache(p *problems, c *Config) {
	cc, k := c.Cache, func(f string) string { return key("cache." + f) }
	switch {
	case !awslimits.ValidCacheEngine(cc.Engine):
		p.add(k("engine"), "must be valkey or redis (Redis OSS), got %q", cc.Engine)
	case !validCacheVersion(cc.Engine, cc.EngineVersion):
		// Only versions with IAM authentication (Valkey 7.2 on, Redis OSS 7 on) are offered: the
		// services have no other way in.
		p.add(k("engineVersion"), "must be a %s version ElastiCache offers with IAM authentication: %s (for %s, set %s), got %q",
			awslimits.CacheEngineName(cc.Engine), awslimits.CacheEngineVersionList(cc.Engine), otherCacheEngineVersions(cc.Engine), k("engine"), cc.EngineVersion)
	}
	switch {
	case !cacheNodePattern.MatchString(cc.NodeType):
		p.add(k("nodeType"), "must be an ElastiCache node type such as cache.m7g.large, got %q", cc.NodeType)
	case c.Environment == Prod && strings.HasPrefix(cc.NodeType, "cache.t"):
		p.add(k("nodeType"), "must not be a burstable cache.t* type in prod, got %q", cc.NodeType)
	}
	switch {
	case cc.Replicas < 0 || cc.Replicas > maxCacheReplicas:
		p.add(k("replicas"), "must be from 0 to %d (ElastiCache replicas per shard), got %d", maxCacheReplicas, cc.Replicas)
	case c.Environment == Prod && cc.Replicas < prodMinCacheReplicas:
		p.add(k("replicas"), "must be at least %d in prod (a primary and two replicas, one node per zone), got %d", prodMinCacheReplicas, cc.Replicas)
	case c.Environment == Staging && cc.Replicas < 1:
		p.add(k("replicas"), "must be at least 1 in staging: automatic failover needs a replica")
	}
	if cc.SnapshotRetentionDays < 0 || cc.SnapshotRetentionDays > maxSnapshotRetentionDays {
		p.add(k("snapshotRetentionDays"), "must be from 0 to %d, got %d", maxSnapshotRetentionDays, cc.SnapshotRetentionDays)
	} else if c.Environment != Dev && cc.SnapshotRetentionDays < 1 {
		p.add(k("snapshotRetentionDays"), "must be at least 1 in %s", c.Environment)
	}
	validateRetention(p, k("logRetentionDays"), cc.LogRetentionDays)
	validateWindows(p, k("snapshotWindow"), cc.SnapshotWindow, k("maintenanceWindow"), cc.MaintenanceWindow, elasticacheMinWindowMinutes)
}

func validateBackup(p *problems, c *Config) {
	b, k := c.Backup, func(f string) string { return key("backup." + f) }
	switch {
	case b.RetentionDays < 1 || b.RetentionDays > maxBackupPlanDays:
		p.add(k("retentionDays"), "must be from 1 to %d, got %d", maxBackupPlanDays, b.RetentionDays)
	case c.Environment == Prod && b.RetentionDays < prodMinBackupDays:
		p.add(k("retentionDays"), "must be at least %d in prod, got %d", prodMinBackupDays, b.RetentionDays)
	}
	if !cronPattern.MatchString(b.Schedule) {
		p.add(k("schedule"), "must be an AWS Backup cron expression with six fields such as cron(0 6 * * ? *), got %q", b.Schedule)
	}
	switch {
	case b.DrRegion == "":
	case !regionPattern.MatchString(b.DrRegion):
		p.add(k("drRegion"), "must be an AWS region name such as eu-central-1, got %q", b.DrRegion)
	case b.DrRegion == c.Region:
		p.add(k("drRegion"), "must differ from the stack's region %s: a copy in the same region survives nothing", c.Region)
	}
	if b.DrRetentionDays < 1 || b.DrRetentionDays > maxBackupPlanDays {
		p.add(k("drRetentionDays"), "must be from 1 to %d, got %d", maxBackupPlanDays, b.DrRetentionDays)
	}
}

func validCacheVersion(engine, version string) bool {
	_, ok := awslimits.CacheParameterFamily(engine, version)
	return ok
}

// otherCacheEngineVersions names the other engine and its versions, for a stack that kept a version
// of one engine while the engine changed (a Redis OSS 7.1 pinned before Valkey was the default).
func otherCacheEngineVersions(engine string) string {
	for _, e := range awslimits.CacheEngines() {
		if e != engine {
			return awslimits.CacheEngineName(e) + " " + awslimits.CacheEngineVersionList(e)
		}
	}
	return ""
}

// validInsightsRetention reports whether days is a Performance Insights retention period.
func validInsightsRetention(days int) bool { return awslimits.ValidInsightsRetention(days) }

// validateBootstrapImage: the database users Job runs as the master user, so what it runs must be
// exactly what was reviewed: a tag other than latest, or a digest.
func validateBootstrapImage(p *problems, k, image string) {
	repo, digest, byDigest := strings.Cut(image, "@")
	last := repo[strings.LastIndex(repo, "/")+1:]
	name, tag, tagged := strings.Cut(last, ":")
	switch {
	case byDigest && !digestPattern.MatchString(digest):
		p.add(k, "must be pinned by a digest sha256:<64 lower-case hex digits>, got %q", image)
	case name == "" || strings.ContainsAny(image, " \t"):
		p.add(k, "must be a container image reference such as docker.io/library/postgres:17.6-alpine3.22, got %q", image)
	case !byDigest && (!tagged || tag == ""):
		p.add(k, "must pin a tag or a digest (no tag means latest), got %q", image)
	case strings.EqualFold(tag, "latest"):
		p.add(k, "must not be tagged latest: pin a version tag or a digest, got %q", image)
	case tagged && !tagPattern.MatchString(tag):
		p.add(k, "must have an image tag of letters, digits, '_', '.', '-', got %q", image)
	}
}
