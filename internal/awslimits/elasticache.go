package awslimits

import (
	"slices"
	"strings"
)

// The two ElastiCache engines the platform's cache runs on, in the API's spelling.
const (
	CacheEngineValkey = "valkey"
	CacheEngineRedis  = "redis"
)

// CacheEngines lists the engines a replication group may run, the default first.
func CacheEngines() []string { return []string{CacheEngineValkey, CacheEngineRedis} }

// cacheFamilies maps each engine version ElastiCache offers node-based caches, from the first that
// supports IAM authentication on, to the parameter group family of that version:
//   - Valkey 7.2, 8.0, 8.1 and 8.2 ("Supported engines and versions" and "Engine versions and
//     upgrading in ElastiCache", docs.aws.amazon.com/AmazonElastiCache/latest/dg/engine-versions.html,
//     read 2026-12-02); families valkey7 (7.2) and valkey8 (8.x) ("Engine specific parameters",
//     .../dg/ParameterGroups.Engine.html, read 2026-12-02). Valkey 9.x is left out until its
//     parameter group family is documented in that table.
//   - Redis OSS 7.0 and 7.1, family redis7: IAM authentication needs Redis OSS 7 or later
//     ("Authenticating with IAM", .../dg/auth-iam.html, read 2026-12-02) and 7.1 is the last
//     Redis OSS release ElastiCache offers.
func cacheFamilies(engine string) map[string]string {
	switch engine {
	case CacheEngineValkey:
		return map[string]string{"7.2": "valkey7", "8.0": "valkey8", "8.1": "valkey8", "8.2": "valkey8"}
	case CacheEngineRedis:
		return map[string]string{"7.0": "redis7", "7.1": "redis7"}
	}
	return nil
}

// ValidCacheEngine reports whether engine is one of CacheEngines.
func ValidCacheEngine(engine string) bool { return slices.Contains(CacheEngines(), engine) }

// CacheEngineVersions returns the versions of engine the platform accepts, oldest first; none for
// an engine outside CacheEngines.
func CacheEngineVersions(engine string) []string {
	families := cacheFamilies(engine)
	out := make([]string, 0, len(families))
	for v := range families {
		out = append(out, v)
	}
	slices.Sort(out) // one digit each side of the dot, so string order is version order
	return out
}

// CacheParameterFamily returns the parameter group family of an engine version, and whether the
// engine has that version at all.
func CacheParameterFamily(engine, version string) (string, bool) {
	family, ok := cacheFamilies(engine)[version]
	return family, ok
}

// CacheEngineVersionList lists an engine's versions for an error message: "7.2, 8.0, 8.1 or 8.2".
func CacheEngineVersionList(engine string) string {
	versions := CacheEngineVersions(engine)
	if len(versions) < 2 {
		return strings.Join(versions, "")
	}
	last := len(versions) - 1
	return strings.Join(versions[:last], ", ") + " or " + versions[last]
}

// CacheEngineName is the engine's product name for descriptions and messages.
func CacheEngineName(engine string) string {
	switch engine {
	case CacheEngineValkey:
		return "Valkey"
	case CacheEngineRedis:
		return "Redis" // the name every description made before Valkey already carries
	}
	return engine
}
