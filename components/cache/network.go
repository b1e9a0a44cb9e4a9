package cache

import (
	"fmt"
	"maps"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/elasticache"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/secgroup"
	"github.com/ip-platform/infra/internal/tags"
)

// newSecurityGroup admits Redis from the client security group only, and has no egress rule.
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

// parameters are the Redis settings the platform fixes.
func parameters() map[string]string {
	return map[string]string{
		// The services use Redis as a cache: when memory is full, evict the least recently used
		// key rather than refuse writes (the default volatile-lru refuses them once no key has a
		// TTL). The evictions alarm says when the node is too small.
		"maxmemory-policy": "allkeys-lru",
	}
}

// newParameterGroup is named after the family, so a major upgrade creates the new group first.
func newParameterGroup(ctx *pulumi.Context, name string, a RedisArgs, parent pulumi.ResourceOption) (*elasticache.ParameterGroup, error) {
	family := "redis7"
	groupName := a.ReplicationGroupID + "-" + family
	var params elasticache.ParameterGroupParameterArray
	values := parameters()
	for _, k := range slices.Sorted(maps.Keys(values)) { // a stable order keeps previews quiet
		params = append(params, elasticache.ParameterGroupParameterArgs{Name: pulumi.String(k), Value: pulumi.String(values[k])})
	}
	group, err := elasticache.NewParameterGroup(ctx, name, &elasticache.ParameterGroupArgs{
		Name:        pulumi.String(groupName),
		Family:      pulumi.String(family),
		Description: pulumi.String("Redis " + a.ReplicationGroupID + ": cache eviction"),
		Parameters:  params,
		Tags:        tags.Name(groupName),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("parameter group: %w", err)
	}
	return group, nil
}
