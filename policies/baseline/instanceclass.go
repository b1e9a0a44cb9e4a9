package baseline

import (
	"fmt"
	"path"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// defaultAllowedInstanceClasses are the instance classes each environment may run (glob patterns
// over EC2 instance types, RDS instance classes and ElastiCache node types). dev and staging stay
// on burstable and small general-purpose sizes; prod takes the current general-purpose and
// memory-optimised families up to 4xlarge. The spec's database (2000m, 4Gi) is a db.t4g.medium in
// dev and a db.m7g.large or db.r7g.large in prod; anything bigger is a decision worth a review.
func defaultAllowedInstanceClasses() map[string][]string {
	small := []string{"t3.*", "t3a.*", "t4g.*", "db.t3.*", "db.t4g.*", "cache.t3.*", "cache.t4g.*"}
	return map[string][]string{
		"dev": slices.Concat(small, []string{"m6i.large", "m6a.large", "m7i.large", "m7g.large"}),
		"staging": slices.Concat(small,
			sizes([]string{"m6i", "m6a", "m7i", "m7g"}, "large", "xlarge"),
			sizes([]string{"db.m6g", "db.m7g", "db.r6g", "db.r7g", "cache.m6g", "cache.m7g", "cache.r6g", "cache.r7g"}, "large")),
		"prod": slices.Concat(
			sizes([]string{"m6i", "m6a", "m7i", "m7a", "m7g", "c6i", "c7i", "c7g", "r6i", "r7i", "r7g"}, "large", "xlarge", "2xlarge", "4xlarge"),
			sizes([]string{"db.m6g", "db.m7g", "db.r6g", "db.r7g", "db.m6i", "db.r6i", "cache.m6g", "cache.m7g", "cache.r6g", "cache.r7g"}, "large", "xlarge", "2xlarge", "4xlarge")),
	}
}

func sizes(families []string, sizes ...string) []string {
	var out []string
	for _, f := range families {
		for _, s := range sizes {
			out = append(out, f+"."+s)
		}
	}
	return out
}

// InstanceClassPolicy is the cost guard: instance classes outside the environment's allow-list are
// reported, not blocked (a load test may need a bigger class for a day).
func InstanceClassPolicy() Policy {
	defaults := map[string]any{}
	for env, list := range defaultAllowedInstanceClasses() {
		defaults[env] = schemaStrings(list)
	}
	return Policy{
		Name:        "instance-class-allowlist",
		Description: "EC2 instance types, RDS instance classes and ElastiCache node types are in the environment's allow-list (cost guard).",
		Enforcement: policyx.EnforcementLevelAdvisory,
		Schema: &policyx.ConfigSchema{Properties: map[string]map[string]any{
			"allowed": {
				"type": "object", "default": defaults,
				"description":          "Glob patterns of allowed classes per environment (dev, staging, prod).",
				"additionalProperties": map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
			},
		}},
		CheckResource: func(r Resource, env string, config map[string]any) []string {
			classes := instanceClassesOf(r)
			if len(classes) == 0 {
				return nil
			}
			allowed := defaultAllowedInstanceClasses()[env]
			if raw, ok := config["allowed"].(map[string]any); ok {
				allowed = configStrings(raw, env, allowed)
			}
			return InstanceClasses(classes, env, allowed)
		},
	}
}

// instanceClassesOf returns the instance classes a resource asks for.
func instanceClassesOf(r Resource) []string {
	switch r.Type {
	case TypeRDSInstance, TypeRDSClusterInstance:
		return get(r.Properties, "instanceClass").one()
	case TypeRDSCluster:
		return get(r.Properties, "dbClusterInstanceClass").one()
	case TypeReplicationGroup:
		return get(r.Properties, "nodeType").one()
	case TypeEKSNodeGroup:
		return get(r.Properties, "instanceTypes").strings()
	case TypeLaunchTemplate, TypeEC2Instance:
		return get(r.Properties, "instanceType").one()
	}
	return nil
}

// InstanceClasses returns a message per class outside the environment's allowed patterns.
func InstanceClasses(classes []string, env string, allowed []string) []string {
	var out []string
	for _, c := range classes {
		if !matchesAny(c, allowed) {
			out = append(out, fmt.Sprintf("%s is not in the %s allow-list", c, env))
		}
	}
	return out
}

// one returns a single known string as a list (nothing when unset or unknown).
func (f field) one() []string {
	if s, ok := f.str(); ok && s != "" {
		return []string{s}
	}
	return nil
}

func matchesAny(class string, patterns []string) bool {
	for _, p := range patterns {
		if ok, err := path.Match(p, class); err == nil && ok {
			return true
		}
	}
	return false
}
