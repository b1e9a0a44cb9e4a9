package baseline

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// minProdCacheReplicas: with two replicas in other zones, a failover still leaves a replica.
const minProdCacheReplicas = 2

// ElastiCachePolicy: Redis is encrypted at rest and in transit everywhere; in prod it fails over
// automatically across zones with at least two replicas.
func ElastiCachePolicy() Policy {
	return Policy{
		Name:        "elasticache-baseline",
		Description: "ElastiCache replication groups encrypt at rest and in transit; in prod automatic failover, Multi-AZ and >= 2 replicas.",
		Enforcement: policyx.EnforcementLevelMandatory,
		CheckResource: func(r Resource, env string, _ map[string]any) []string {
			if r.Type != TypeReplicationGroup {
				return nil
			}
			return ReplicationGroup(r.Properties, env)
		},
	}
}

// ReplicationGroup judges an ElastiCache replication group in an environment.
func ReplicationGroup(rg property.Map, env string) []string {
	var out []string
	for _, key := range []string{"atRestEncryptionEnabled", "transitEncryptionEnabled"} {
		if f := get(rg, key); !f.unknown && !f.isTrue() {
			out = append(out, key+" is not true")
		}
	}
	if env != envProd {
		return out
	}
	for _, key := range []string{"automaticFailoverEnabled", "multiAzEnabled"} {
		if f := get(rg, key); !f.unknown && !f.isTrue() {
			out = append(out, "prod: "+key+" is not true")
		}
	}
	if replicas, known := cacheReplicas(rg); known && replicas < minProdCacheReplicas {
		out = append(out, fmt.Sprintf("prod: %d replicas per shard; want >= %d", replicas, minProdCacheReplicas))
	}
	return out
}

// cacheReplicas returns the replicas per shard: numCacheClusters counts the primary, cluster mode
// says replicasPerNodeGroup; unset, a replication group is a lone primary.
func cacheReplicas(rg property.Map) (int, bool) {
	if f := get(rg, "replicasPerNodeGroup"); !f.missing {
		n, ok := f.number()
		return int(n), ok
	}
	f := get(rg, "numCacheClusters")
	if f.missing {
		return 0, true
	}
	n, ok := f.number()
	return int(n) - 1, ok
}
