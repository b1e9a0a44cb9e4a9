package baseline

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// minProdBackupRetentionDays is the prod floor of automated backups: two weeks lets a corruption
// noticed after a weekend-long incident still be restored from before it began.
const minProdBackupRetentionDays = 14

// RDSPolicy: databases are encrypted and private everywhere; in prod they also survive the loss of
// a zone (Multi-AZ), a mistaken delete (deletion protection) and two weeks of undetected damage
// (backup retention).
func RDSPolicy() Policy {
	return Policy{
		Name:        "rds-baseline",
		Description: "RDS storage is encrypted and not publicly accessible; in prod Multi-AZ, deletion protection and backup retention >= 14 days.",
		Enforcement: policyx.EnforcementLevelMandatory,
		CheckResource: func(r Resource, env string, _ map[string]any) []string {
			switch r.Type {
			case TypeRDSInstance:
				return RDSInstance(r.Properties, env)
			case TypeRDSCluster:
				return RDSCluster(r.Properties, env)
			case TypeRDSClusterInstance:
				if get(r.Properties, "publiclyAccessible").isTrue() {
					return []string{"publiclyAccessible is true: the database would get a public address"}
				}
			}
			return nil
		},
	}
}

// RDSInstance judges a DB instance in an environment.
func RDSInstance(db property.Map, env string) []string {
	var out []string
	if get(db, "publiclyAccessible").isTrue() {
		out = append(out, "publiclyAccessible is true: the database would get a public address")
	}
	// A read replica inherits encryption and backups from its source.
	if get(db, "replicateSourceDb").known() {
		return out
	}
	if f := get(db, "storageEncrypted"); !f.unknown && !f.isTrue() {
		out = append(out, "storageEncrypted is not true")
	}
	if env != envProd {
		return out
	}
	if f := get(db, "multiAz"); !f.unknown && !f.isTrue() {
		out = append(out, "prod: multiAz is not true: losing the zone loses the database")
	}
	return append(out, prodProtection(db)...)
}

// RDSCluster judges a DB cluster (Aurora or a Multi-AZ DB cluster) in an environment.
func RDSCluster(db property.Map, env string) []string {
	var out []string
	if f := get(db, "storageEncrypted"); !f.unknown && !f.isTrue() {
		out = append(out, "storageEncrypted is not true")
	}
	if get(db, "publiclyAccessible").isTrue() { // Multi-AZ DB clusters take it on the cluster
		out = append(out, "publiclyAccessible is true: the database would get a public address")
	}
	if env != envProd {
		return out
	}
	// A Multi-AZ DB cluster (dbClusterInstanceClass set) always spans three zones; Aurora's storage
	// does too, and its compute is as available as its instances, which the program adds.
	return append(out, prodProtection(db)...)
}

func prodProtection(db property.Map) []string {
	var out []string
	if f := get(db, "deletionProtection"); !f.unknown && !f.isTrue() {
		out = append(out, "prod: deletionProtection is not true")
	}
	if f := get(db, "backupRetentionPeriod"); !f.unknown {
		days, ok := f.number()
		if !ok {
			days = 1 // the RDS default
		}
		if days < minProdBackupRetentionDays {
			out = append(out, fmt.Sprintf("prod: backupRetentionPeriod is %g days; want >= %d", days, minProdBackupRetentionDays))
		}
	}
	return out
}
