package nodepool

import (
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/tags"
)

// Capacity types of an EKS managed node group.
const (
	OnDemand = "ON_DEMAND"
	Spot     = "SPOT"
)

// Taint effects, in the EKS API spelling.
const (
	NoSchedule       = "NO_SCHEDULE"
	NoExecute        = "NO_EXECUTE"
	PreferNoSchedule = "PREFER_NO_SCHEDULE"
)

// Taint is a Kubernetes taint put on every node of the pool.
type Taint struct {
	// Key is the taint key, a Kubernetes qualified name ("dedicated", "example.com/gpu"). Required.
	Key string
	// Value is the taint value. Optional; defaults to empty.
	Value string
	// Effect is NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE (the EKS API spelling). Required.
	Effect string
}

// NodePoolArgs describes a managed node group.
type NodePoolArgs struct {
	// ClusterName is the name of the EKS cluster the nodes join. Required.
	ClusterName pulumi.StringInput
	// KubernetesVersion is the cluster's version (its output, so nodes upgrade after the control
	// plane). Optional: unset, the group takes the cluster's version at creation and stays there.
	KubernetesVersion pulumi.StringInput
	// SubnetIDs are the private subnets of every availability zone, so the pool (one Auto Scaling
	// group) spans them all and survives the loss of a zone. Required.
	SubnetIDs pulumi.StringArrayInput
	// InstanceTypes are the EC2 instance types, e.g. ["m6i.large"]; list sizes with the same vCPU and
	// memory, since cluster-autoscaler plans with the first. All must share one CPU architecture.
	// Required.
	InstanceTypes []string
	// CapacityType is ON_DEMAND or SPOT. Defaults to ON_DEMAND.
	CapacityType string
	// MinSize is the fewest nodes the autoscaler may leave; 0 lets the pool scale to zero. Defaults
	// to 0.
	MinSize int
	// MaxSize is the most nodes the autoscaler may add. Required, at least 1.
	MaxSize int
	// DesiredSize is the number of nodes at creation, between MinSize and MaxSize; the autoscaler owns
	// it afterwards. Defaults to MinSize, so a pool with MinSize 0 starts empty and gets its first
	// node when a pod needs it.
	DesiredSize int
	// MaxUnavailable is how many nodes a rolling update (AMI or launch template change) may take down
	// at once, 1 to 100. Defaults to 1.
	MaxUnavailable int
	// DiskSizeGiB is the size of the encrypted gp3 volume that holds container images, logs and
	// emptyDir volumes: the root volume on AL2023, the data volume on Bottlerocket (whose OS volume
	// keeps the AMI's size). Defaults to 50; at least 20.
	DiskSizeGiB int
	// AmiFamily is AL2023 or Bottlerocket; the x86_64 or arm64 image follows InstanceTypes. Defaults
	// to AL2023. Changing it replaces the node group (a new one comes up before the old drains).
	AmiFamily AmiFamily
	// Labels are Kubernetes labels put on every node. Keys in the kubernetes.io, k8s.io and
	// eks.amazonaws.com namespaces are reserved. Optional.
	Labels map[string]string
	// Taints are Kubernetes taints put on every node. Optional.
	Taints []Taint
}

// NodePool is an EKS managed node group with its node role.
type NodePool struct {
	pulumi.ResourceState

	// NodeGroupName is the EKS node group name.
	NodeGroupName pulumi.StringOutput
	// NodeRoleArn is the ARN of the nodes' IAM role, for the cluster's access entries.
	NodeRoleArn pulumi.StringOutput
}

// NewNodePool creates the node role, the launch template, the managed node group and, for a pool
// that can scale to zero, its cluster-autoscaler node-template tags.
func NewNodePool(ctx *pulumi.Context, name string, args *NodePoolArgs, opts ...pulumi.ResourceOption) (*NodePool, error) {
	a, err := withDefaults(name, args)
	if err != nil {
		return nil, err
	}
	ami, err := amiType(a.AmiFamily, a.InstanceTypes)
	if err != nil {
		return nil, fmt.Errorf("nodepool %s: InstanceTypes: %w", name, err)
	}

	pool := &NodePool{}
	err = ctx.RegisterComponentResourceV2("ip-platform:nodepool:NodePool", name, pulumi.Map{
		"instanceTypes": pulumi.ToStringArray(a.InstanceTypes),
		"capacityType":  pulumi.String(a.CapacityType),
		"minSize":       pulumi.Int(a.MinSize),
		"maxSize":       pulumi.Int(a.MaxSize),
		"amiFamily":     pulumi.String(string(a.AmiFamily)),
		"amiType":       pulumi.String(ami),
	}, pool, opts...)
	if err != nil {
		return nil, err
	}
	parent := pulumi.Parent(pool)

	role, grants, err := newNodeRole(ctx, name, parent)
	if err != nil {
		return nil, err
	}
	lt, err := newLaunchTemplate(ctx, name, a.AmiFamily, a.DiskSizeGiB, parent)
	if err != nil {
		return nil, err
	}

	ng, err := eks.NewNodeGroup(ctx, name, &eks.NodeGroupArgs{
		ClusterName: a.ClusterName,
		// A prefix rather than a fixed name: changing an immutable setting (instance types, subnets)
		// replaces the node group, and a unique name lets the new one come up before the old drains.
		NodeGroupNamePrefix: pulumi.String(name + "-"),
		NodeRoleArn:         role.Arn,
		Version:             a.KubernetesVersion,
		SubnetIds:           a.SubnetIDs,
		InstanceTypes:       pulumi.ToStringArray(a.InstanceTypes),
		CapacityType:        pulumi.String(a.CapacityType),
		AmiType:             pulumi.String(ami),
		ScalingConfig: eks.NodeGroupScalingConfigArgs{
			MinSize:     pulumi.Int(a.MinSize),
			MaxSize:     pulumi.Int(a.MaxSize),
			DesiredSize: pulumi.Int(a.DesiredSize),
		},
		UpdateConfig: eks.NodeGroupUpdateConfigArgs{
			MaxUnavailable: pulumi.Int(a.MaxUnavailable),
		},
		Labels: pulumi.ToStringMap(a.Labels),
		Taints: nodeGroupTaints(a.Taints),
		Tags:   tags.Name(name),
		LaunchTemplate: eks.NodeGroupLaunchTemplateArgs{
			Id: lt.ID().ToStringOutput(),
			// The latest version, so editing the template rolls the nodes onto it.
			Version: lt.LatestVersion.ApplyT(strconv.Itoa).(pulumi.StringOutput),
		},
	}, parent,
		// Nodes need their policies to join, and must drain before the policies go on delete.
		pulumi.DependsOn(grants),
		// cluster-autoscaler owns the desired size after creation; without this every deploy would
		// reset the pool to DesiredSize and undo (or force) a scale-up.
		pulumi.IgnoreChanges([]string{"scalingConfig.desiredSize"}))
	if err != nil {
		return nil, fmt.Errorf("nodepool %s: node group: %w", name, err)
	}

	if a.MinSize == 0 {
		if err := tagForScaleFromZero(ctx, name, ng, a.Labels, a.Taints, parent); err != nil {
			return nil, err
		}
	}

	pool.NodeGroupName = ng.NodeGroupName
	pool.NodeRoleArn = role.Arn
	return pool, ctx.RegisterResourceOutputs(pool, pulumi.Map{
		"nodeGroupName": pool.NodeGroupName,
		"nodeRoleArn":   pool.NodeRoleArn,
	})
}

// withDefaults validates args and returns a copy with the defaults filled in.
func withDefaults(name string, args *NodePoolArgs) (NodePoolArgs, error) {
	if args == nil {
		return NodePoolArgs{}, fmt.Errorf("nodepool %s: args are required", name)
	}
	a := *args
	a.InstanceTypes = slices.Clone(args.InstanceTypes)
	a.Labels = maps.Clone(args.Labels)
	a.Taints = slices.Clone(args.Taints)
	if a.CapacityType == "" {
		a.CapacityType = OnDemand
	}
	if a.DesiredSize == 0 {
		a.DesiredSize = a.MinSize
	}
	if a.MaxUnavailable == 0 {
		a.MaxUnavailable = 1
	}
	if a.DiskSizeGiB == 0 {
		a.DiskSizeGiB = 50
	}
	if a.AmiFamily == "" {
		a.AmiFamily = AL2023
	}
	if err := validate(name, &a); err != nil {
		return NodePoolArgs{}, err
	}
	return a, nil
}

// nodeGroupTaints converts taints to the node group's input, keeping their order.
func nodeGroupTaints(taints []Taint) eks.NodeGroupTaintArray {
	out := eks.NodeGroupTaintArray{}
	for _, t := range taints {
		out = append(out, eks.NodeGroupTaintArgs{
			Key:    pulumi.String(t.Key),
			Value:  pulumi.String(t.Value),
			Effect: pulumi.String(t.Effect),
		})
	}
	return out
}
