package cache

import (
	"fmt"
	"maps"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/elasticache"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/awslimits"
	"github.com/ip-platform/infra/internal/secgroup"
	"github.com/ip-platform/infra/internal/tags"
)

// newSecurityGroup admits the cache port from the client security group only, and has no egress
// rule. Its name and description say Redis whatever the engine: both are fixed at creation, and
// changing them would replace the group under a running cache.
func newSecurityGroup(ctx *pulumi.Context, name string, a RedisArgs, parent pulumi.ResourceOption) (*ec2.SecurityGroup, error) {
	return secgroup.NewClientOnly(ctx, name+"-sg", secgroup.ClientOnlyArgs{
		VpcID:                 a.VpcID,
		Description:           fmt.Sprintf("Redis %s: %d from the EKS cluster only", a.ReplicationGroupID, Port),
		Port:                  Port,
		ClientSecurityGroupID: a.ClientSecurityGroupID,
		RuleDescription:       "Redis (TLS) from pods and nodes of the EKS cluster",
		Name:                  a.ReplicationGroupID + "-redis",
	}, parent)
}

// parameters are the engine settings the platform fixes; Valkey 7.2 takes the Redis OSS 7
// parameters and Valkey 8 keeps this one ("Engine specific parameters", docs.aws.amazon.com/
// AmazonElastiCache/latest/dg/ParameterGroups.Engine.html, read 2026-12-02).
func parameters() map[string]string {
	return map[string]string{
		// The services use Redis as a cache: when memory is full, evict the least recently used
		// key rather than refuse writes (the default volatile-lru refuses them once no key has a
		// TTL). The evictions alarm says when the node is too small.
		"maxmemory-policy": "allkeys-lru",
	}
}

// newParameterGroup is named after the family, so a major upgrade or the switch from Redis OSS to
// Valkey (redis7 to valkey8) replaces it by creating the new group before the old one is deleted:
// the replication group moves to the new group in the same update. A group's family cannot change
// in place.
func newParameterGroup(ctx *pulumi.Context, name string, a RedisArgs, parent pulumi.ResourceOption) (*elasticache.ParameterGroup, error) {
	family, _ := awslimits.CacheParameterFamily(a.Engine, a.EngineVersion) // validated in withDefaults
	groupName := a.ReplicationGroupID + "-" + family
	var params elasticache.ParameterGroupParameterArray
	values := parameters()
	for _, k := range slices.Sorted(maps.Keys(values)) { // a stable order keeps previews quiet
		params = append(params, elasticache.ParameterGroupParameterArgs{Name: pulumi.String(k), Value: pulumi.String(values[k])})
	}
	group, err := elasticache.NewParameterGroup(ctx, name, &elasticache.ParameterGroupArgs{
		Name:   pulumi.String(groupName),
		Family: pulumi.String(family),
		// The description cannot change in place either; for Redis OSS it stays what it always was.
		Description: pulumi.String(awslimits.CacheEngineName(a.Engine) + " " + a.ReplicationGroupID + ": cache eviction"),
		Parameters:  params,
		Tags:        tags.Name(groupName),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("parameter group: %w", err)
	}
	return group, nil
}
