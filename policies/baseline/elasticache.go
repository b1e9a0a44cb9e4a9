package baseline

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// minProdCacheReplicas: with two replicas in other zones, a failover still leaves a replica.
const minProdCacheReplicas = 2

// ElastiCachePolicy: the cache runs Valkey or Redis OSS at a version with IAM authentication (the
// services' only way in), is encrypted at rest and in transit everywhere, and in prod fails over
// automatically across zones with at least two replicas.
func ElastiCachePolicy() Policy {
	return Policy{
		Name:        "elasticache-baseline",
		Description: "ElastiCache replication groups run valkey (>= 7.2) or redis (>= 7.0), the versions with IAM authentication, and encrypt at rest and in transit; in prod automatic failover, Multi-AZ and >= 2 replicas.",
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
	out := cacheEngine(rg)
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

// iamAuthSince is the first version of each engine with IAM authentication: Redis OSS 7.0, and
// Valkey from its first ElastiCache release, 7.2 ("Authenticating with IAM",
// docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth-iam.html, read 2026-12-02).
func iamAuthSince(engine string) (major, minor int, ok bool) {
	switch engine {
	case "valkey":
		return 7, 2, true
	case "redis":
		return 7, 0, true
	}
	return 0, 0, false
}

// cacheEngine judges engine and engineVersion. Unset, the provider's engine is redis and its
// version the newest, which passes; unknown values cannot be judged yet.
func cacheEngine(rg property.Map) []string {
	engine := "redis"
	if f := get(rg, "engine"); f.unknown {
		return nil
	} else if s, ok := f.str(); ok {
		engine = s
	}
	wantMajor, wantMinor, ok := iamAuthSince(engine)
	if !ok {
		return []string{fmt.Sprintf("engine %q is not valkey or redis", engine)}
	}
	version, ok := get(rg, "engineVersion").str()
	if !ok {
		return nil
	}
	major, minor := versionParts(version)
	if major < wantMajor || (major == wantMajor && minor < wantMinor) {
		return []string{fmt.Sprintf("engine %s %s has no IAM authentication; want >= %d.%d", engine, version, wantMajor, wantMinor)}
	}
	return nil
}

// versionParts reads "7.1", "6.x" or "5.0.6" as major and minor; a part that is not a number
// counts as 0.
func versionParts(version string) (int, int) {
	majorText, rest, _ := strings.Cut(version, ".")
	minorText, _, _ := strings.Cut(rest, ".")
	major, _ := strconv.Atoi(majorText)
	minor, _ := strconv.Atoi(minorText)
	return major, minor
}
