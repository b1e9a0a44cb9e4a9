package platform

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/apitests"
	"github.com/ip-platform/infra/components/autoscaler"
	"github.com/ip-platform/infra/components/cluster"
	"github.com/ip-platform/infra/components/gateway"
	"github.com/ip-platform/infra/components/network"
	"github.com/ip-platform/infra/components/nodepool"
	"github.com/ip-platform/infra/components/observability"
	"github.com/ip-platform/infra/components/registry"
	"github.com/ip-platform/infra/components/security"
	"github.com/ip-platform/infra/internal/charts"
	"github.com/ip-platform/infra/internal/config"
)

// Run is the Pulumi program: load config, build the platform, export its outputs.
func Run(ctx *pulumi.Context) error {
	return RunWith(Options{})(ctx)
}

// Options change how the program builds; the zero value is the program `pulumi up` runs.
type Options struct {
	// Charts installs the components' Helm releases; nil installs them with Helm. The real-engine
	// check (tests/e2e) passes Helm wrapped in a recorder, to list what it installed; unit tests
	// pass a charts.Skip. The stack's charts setting (a mirror) applies either way.
	Charts charts.Installer
}

// RunWith is Run with options, for callers that run the program inline (the Automation API).
func RunWith(opts Options) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		cfg, err := config.Load(ctx)
		if err != nil {
			return err
		}
		p, err := Build(ctx, cfg, opts)
		if err != nil {
			return err
		}
		p.Export(ctx)
		return nil
	}
}

// Platform holds the built components that later layers (data tier, services, observability)
// attach to.
type Platform struct {
	Config *config.Config
	// Charts installs every Helm release of the platform.
	Charts     charts.Installer
	AWS        *aws.Provider
	Network    *network.Vpc
	Cluster    *cluster.Cluster
	NodePools  []*nodepool.NodePool
	Addons     *cluster.Addons
	Autoscaler *autoscaler.ClusterAutoscaler
	// Observability is the monitoring stack (internal/platform/observability.go).
	Observability *observability.Observability
	// ObservabilityCloud is the monitoring stack's AWS side (Loki's bucket, its IRSA roles).
	ObservabilityCloud *observability.CloudResources
	// Data is the data tier (internal/platform/data.go).
	Data *Data
	// Gateway and Registry are the API gateway and the ECR repositories (internal/platform/gateway.go).
	Gateway  *gateway.Gateway
	Registry *registry.Registry
	// GatewayEdge and APIRecord are the gateway's AWS side and the API's DNS record (gateway.go).
	GatewayEdge *gateway.Edge
	APIRecord   *gateway.APIRecord
	// Services are the IP services and their operators (internal/platform/services.go).
	Services *Services
	// Mesh is the service mesh (internal/platform/mesh.go); nil where the stack turns it off.
	Mesh *Mesh
	// Security is GuardDuty, image scanning and security events (internal/platform/security.go);
	// nil where the stack turns them all off.
	Security *security.Monitoring
	// APITests are the load test and the security scan (internal/platform/apitests.go); nil
	// where the stack runs neither.
	APITests *apitests.Suite
	// In are the AWS values the Kubernetes layer is built on (internal/platform/inputs.go).
	In *ClusterInputs
	// PodIdentityRoles are the ARNs of the AWS layer's Pod Identity roles by the stack output they
	// are published as (aws.go addPodIdentity); empty on an existing cluster.
	PodIdentityRoles map[string]pulumi.StringOutput
}

// Build creates the platform for a validated configuration: the AWS layer (or, on an existing
// cluster, the values that stand for it), the Kubernetes layer on top, and the API's DNS record
// on the load balancer the Kubernetes layer's Ingresses get.
func Build(ctx *pulumi.Context, cfg *config.Config, opts Options) (*Platform, error) {
	installer, err := chartInstaller(cfg.Charts, opts.Charts)
	if err != nil {
		return nil, err
	}
	p := &Platform{Config: cfg, Charts: installer}
	if err := p.buildBudget(ctx); err != nil {
		return nil, err
	}
	if cfg.ExistingCluster != nil {
		p.In, err = existingClusterInputs(ctx, cfg)
	} else if err = checkDeployAccount(ctx, cfg); err == nil {
		// Only here is an AWS account touched: the Kubernetes layer alone never asks for one.
		p.In, err = p.buildAWSLayer(ctx)
	}
	if err != nil {
		return nil, err
	}
	if err := p.buildKubernetesLayer(ctx, opts); err != nil {
		return nil, err
	}
	if p.AWS != nil {
		if err := p.buildAPIRecord(ctx); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// buildKubernetesLayer creates everything in the cluster, from the AWS values in p.In.
func (p *Platform) buildKubernetesLayer(ctx *pulumi.Context, opts Options) error {
	cfg := p.Config
	var err error
	p.Autoscaler, err = autoscaler.NewClusterAutoscaler(ctx, cfg.ClusterName()+"-cluster-autoscaler", &autoscaler.ClusterAutoscalerArgs{
		ClusterName: p.In.ClusterName,
		Region:      cfg.Region,
		Replicas:    autoscalerReplicas(cfg),
		Charts:      p.Charts,
	}, pulumi.Provider(p.In.Provider), pulumi.DependsOn(p.In.podsReady()))
	if err != nil {
		return fmt.Errorf("cluster autoscaler: %w", err)
	}
	steps := []func(*pulumi.Context) error{
		func(ctx *pulumi.Context) error { return p.buildMesh(ctx) },
		p.buildServices,
		p.buildAccess,
		p.buildObservability,
		p.buildMeshIngress,
		p.buildMeshWorkloads,
		p.buildGateway,
		p.buildAPITests,
	}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return err
		}
	}
	return nil
}

func buildNetwork(ctx *pulumi.Context, name string, cfg *config.Config, opts ...pulumi.ResourceOption) (*network.Vpc, error) {
	vpc, err := network.NewVpc(ctx, name, &network.VpcArgs{
		CidrBlock:            cfg.VpcCidr,
		AvailabilityZones:    cfg.AvailabilityZones,
		Region:               cfg.Region,
		ClusterName:          name,
		NatGateways:          network.NatGatewayMode(cfg.Network.NatGateways),
		InterfaceEndpoints:   cfg.Network.InterfaceEndpoints,
		FlowLogRetentionDays: cfg.Network.FlowLogRetentionDays,
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("network: %w", err)
	}
	return vpc, nil
}

func buildCluster(ctx *pulumi.Context, name string, cfg *config.Config, vpc *network.Vpc, opts ...pulumi.ResourceOption) (*cluster.Cluster, error) {
	c, err := cluster.NewCluster(ctx, name, &cluster.ClusterArgs{
		ClusterName:          name,
		Version:              cfg.Cluster.Version,
		Region:               cfg.Region,
		SubnetIDs:            vpc.PrivateSubnetIDs,
		EndpointPublicAccess: cfg.Cluster.EndpointPublicAccess,
		PublicAccessCidrs:    cfg.Cluster.PublicAccessCidrs,
		AdminRoleArn:         cfg.Cluster.AdminRoleArn,
		AccessEntries:        accessEntries(cfg),
		LogRetentionDays:     cfg.Cluster.LogRetentionDays,
		AddonVersions:        cfg.Cluster.AddonVersions,
		SupportType:          cfg.Cluster.SupportType,
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("cluster: %w", err)
	}
	return c, nil
}

func buildNodePools(ctx *pulumi.Context, name string, cfg *config.Config, vpc *network.Vpc, c *cluster.Cluster, opts ...pulumi.ResourceOption) ([]*nodepool.NodePool, error) {
	pools := make([]*nodepool.NodePool, 0, len(cfg.NodePools))
	for _, pool := range cfg.NodePools {
		taints := make([]nodepool.Taint, len(pool.Taints))
		for i, t := range pool.Taints {
			taints[i] = nodepool.Taint{Key: t.Key, Value: t.Value, Effect: t.Effect}
		}
		np, err := nodepool.NewNodePool(ctx, name+"-"+pool.Name, &nodepool.NodePoolArgs{
			ClusterName:       c.Name,
			KubernetesVersion: c.Version,
			SubnetIDs:         vpc.PrivateSubnetIDs,
			InstanceTypes:     pool.InstanceTypes,
			CapacityType:      pool.CapacityType,
			MinSize:           pool.MinSize,
			MaxSize:           pool.MaxSize,
			DesiredSize:       pool.DesiredSize,
			MaxUnavailable:    pool.MaxUnavailable,
			DiskSizeGiB:       pool.DiskSizeGiB,
			AmiFamily:         nodepool.AmiFamily(pool.AmiFamily),
			Labels:            pool.Labels,
			Taints:            taints,
		}, opts...)
		if err != nil {
			return nil, fmt.Errorf("node pool %s: %w", pool.Name, err)
		}
		pools = append(pools, np)
	}
	return pools, nil
}

func nodePoolResources(pools []*nodepool.NodePool) []pulumi.Resource {
	out := make([]pulumi.Resource, len(pools))
	for i, p := range pools {
		out[i] = p
	}
	return out
}

// autoscalerReplicas runs two autoscalers (one leader, one standby) where a stuck scale-up costs
// the most.
func autoscalerReplicas(cfg *config.Config) int {
	if cfg.HighlyAvailable() {
		return 2
	}
	return 1
}
