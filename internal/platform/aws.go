package platform

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/autoscaler"
	"github.com/ip-platform/infra/components/cluster"
)

// buildAWSLayer creates everything in AWS: the network, the cluster and its nodes, the data tier,
// threat detection, the registry, and the roles, buckets, certificate and web ACL the Kubernetes
// layer refers to. It returns those values as the Kubernetes layer's inputs.
func (p *Platform) buildAWSLayer(ctx *pulumi.Context) (*ClusterInputs, error) {
	cfg := p.Config
	name := cfg.ClusterName()
	var err error
	// The primary explicit provider: the region comes from our own validated config, and default
	// tags put project, environment, stack and managed-by on every taggable AWS resource. The only
	// other one is the backup DR region's (data.go), with the same tags and account.
	p.AWS, err = aws.NewProvider(ctx, "aws", &aws.ProviderArgs{
		Region: pulumi.String(cfg.Region),
		// Credentials of any other account fail before anything is read or changed.
		AllowedAccountIds: pulumi.ToStringArray([]string{cfg.AccountID}),
		DefaultTags:       &aws.ProviderDefaultTagsArgs{Tags: pulumi.ToStringMap(cfg.Tags())},
	})
	if err != nil {
		return nil, fmt.Errorf("aws provider: %w", err)
	}
	onAWS := pulumi.Providers(p.AWS)

	if p.Network, err = buildNetwork(ctx, name, cfg, onAWS); err != nil {
		return nil, err
	}
	if p.Cluster, err = buildCluster(ctx, name, cfg, p.Network, onAWS); err != nil {
		return nil, err
	}
	if p.NodePools, err = buildNodePools(ctx, name, cfg, p.Network, p.Cluster, onAWS); err != nil {
		return nil, err
	}
	// coredns and the EBS CSI controller are Deployments: created before any node exists they
	// would sit degraded and fail the add-on's health check.
	nodes := nodePoolResources(p.NodePools)
	p.Addons, err = cluster.NewAddons(ctx, name, &cluster.AddonsArgs{
		ClusterName:      p.Cluster.Name,
		PodIdentityAgent: p.Cluster.PodIdentityAgent,
		Versions:         cfg.Cluster.AddonVersions,
	}, onAWS, pulumi.DependsOn(nodes))
	if err != nil {
		return nil, fmt.Errorf("cluster add-ons: %w", err)
	}
	for _, step := range []func(*pulumi.Context) error{p.buildData, p.buildSecurity, p.buildRegistry} {
		if err := step(ctx); err != nil {
			return nil, err
		}
	}

	in := &ClusterInputs{
		Provider:     p.Cluster.Provider,
		NodesReady:   nodes,
		VolumesReady: append(append([]pulumi.Resource{}, nodes...), p.Addons),
		ClusterName:  p.Cluster.Name,
		VpcID:        p.Network.VpcID.ToStringOutput(),
	}
	db, cache := p.Data.Database, p.Data.Cache
	in.DatabaseAddress, in.DatabasePort, in.DatabaseName, in.DatabaseSecretArn = db.Address, db.Port, db.DatabaseName, db.MasterSecretArn
	in.RedisEndpoint, in.RedisPort, in.RedisUser, in.RedisReplicationGroupArn = cache.PrimaryEndpoint, pulumi.Int(cache.Port), cache.User, cache.ReplicationGroupArn

	autoscalerRole, err := autoscaler.NewRole(ctx, name+"-cluster-autoscaler-pod-identity", &autoscaler.RoleArgs{
		ClusterName:      p.Cluster.Name,
		PodIdentityAgent: p.Cluster.PodIdentityAgent,
	}, onAWS)
	if err != nil {
		return nil, fmt.Errorf("cluster autoscaler role: %w", err)
	}
	p.addPodIdentity(in, "clusterAutoscalerRoleArn", autoscalerRole.Arn, autoscalerRole.Association)
	if err := p.buildServiceRoles(ctx, in); err != nil {
		return nil, err
	}
	if err := p.buildObservabilityCloud(ctx, in); err != nil {
		return nil, err
	}
	if err := p.buildGatewayEdge(ctx, in); err != nil {
		return nil, err
	}
	if err := p.buildScanReports(ctx, in); err != nil {
		return nil, err
	}
	return in, nil
}

// addPodIdentity records one workload's Pod Identity role: its association is what the Kubernetes
// layer's workloads wait for (in.IdentitiesReady), and its ARN a stack output named output.
func (p *Platform) addPodIdentity(in *ClusterInputs, output string, arn pulumi.StringOutput, association pulumi.Resource) {
	in.IdentitiesReady = append(in.IdentitiesReady, association)
	if p.PodIdentityRoles == nil {
		p.PodIdentityRoles = map[string]pulumi.StringOutput{}
	}
	p.PodIdentityRoles[output] = arn
}
