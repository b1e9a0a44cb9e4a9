package cost

import (
	"fmt"
	"strings"
)

// performanceInsightsFreeDays is the retention Performance Insights keeps at no charge; longer
// retention is billed per vCPU.
const performanceInsightsFreeDays = 7

// priceRDSInstance: the instance class, twice for Multi-AZ (a standby in a second zone is billed as
// an instance, and so is its storage), gp3 storage, backups beyond the free size, and the master
// user secret RDS keeps in Secrets Manager. A read replica is an instance of its own and is
// priced the same way.
func priceRDSInstance(c *pricing, r Resource) {
	class := r.str("instanceClass")
	if class == "" {
		c.unpriced(r, "instanceClass is not known")
		return
	}
	copies, note := 1.0, "Single-AZ"
	if r.flag("multiAz") {
		copies, note = 2, "Multi-AZ: primary and standby"
	}
	if r.str("replicateSourceDb") != "" {
		note += "; read replica"
	}
	c.hourly(r, "rds."+class, copies, note)

	storage, _ := r.num("allocatedStorage")
	switch st := r.str("storageType"); st {
	case "gp3":
		c.add(r, "rds.gp3.storage", storage*copies, fmt.Sprintf("%g GB x %g (%s)", storage, copies, note))
	default:
		c.unpriced(r, fmt.Sprintf("storage type %q has no price entry", st))
	}
	c.add(r, "rds.backup.gb", c.share(AssumeRdsBackupGb, r.Type), "assumed backup storage beyond the free 100% of provisioned storage")
	if r.flag("manageMasterUserPassword") {
		c.add(r, "secretsmanager.secret", 1, "the master user secret RDS creates and rotates")
	}
	if r.flag("performanceInsightsEnabled") && r.numOr("performanceInsightsRetentionPeriod", performanceInsightsFreeDays) > performanceInsightsFreeDays {
		c.unpriced(r, fmt.Sprintf("Performance Insights retention of %g days is billed per vCPU beyond the free %d days; no rate was found on a page read",
			r.numOr("performanceInsightsRetentionPeriod", 0), performanceInsightsFreeDays))
	}
	if r.numOr("monitoringInterval", 0) > 0 {
		c.unpriced(r, "Enhanced Monitoring is billed as CloudWatch Logs ingestion of the RDSOSMetrics group, which the program does not create and the assumptions do not cover")
	}
}

// priceReplicationGroup: node type x nodes, nodes being numCacheClusters (cluster mode off) or
// shards x (replicas + 1). Snapshot storage beyond the free one per node is usage and not priced.
func priceReplicationGroup(c *pricing, r Resource) {
	nodeType := r.str("nodeType")
	nodes, ok := r.num("numCacheClusters")
	if !ok {
		shards := r.numOr("numNodeGroups", 1)
		nodes = shards * (r.numOr("replicasPerNodeGroup", 0) + 1)
	}
	engine := r.str("engine")
	note := fmt.Sprintf("%g x %s (%s)", nodes, nodeType, engine)
	if strings.EqualFold(engine, "valkey") {
		note += "; Valkey priced at the node rate read, which AWS discounts for Valkey"
	}
	c.hourly(r, "elasticache."+nodeType, nodes, note)
	if r.numOr("snapshotRetentionLimit", 0) > 1 {
		c.unpriced(r, fmt.Sprintf("snapshots kept %g days: storage beyond the free backup per node is billed per GB; no rate was found on a page read", r.numOr("snapshotRetentionLimit", 0)))
	}
}

// priceBackupVault: the snapshots the backup plan keeps, the same assumed size in every vault (the
// DR vault holds the copies of the primary's).
func priceBackupVault(c *pricing, r Resource) {
	c.add(r, "backup.storage.gb", c.assume.Value(AssumeBackupVaultGb), "assumed snapshot storage in this vault")
}
