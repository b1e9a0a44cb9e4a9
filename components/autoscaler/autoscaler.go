package autoscaler

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/charts"
)

// Resources are the autoscaler pod's CPU and memory requests and limits, as Kubernetes quantities.
// Limits are always set: platform policy requires them on every Helm release.
type Resources struct {
	// CPURequest defaults to "100m".
	CPURequest string
	// MemoryRequest defaults to "300Mi"; the autoscaler holds every pod and node in memory, so
	// raise it for clusters beyond a few hundred nodes.
	MemoryRequest string
	// CPULimit defaults to "500m", headroom for the burst of scheduling simulations during a large
	// scale-up. At least CPURequest.
	CPULimit string
	// MemoryLimit defaults to "600Mi". At least MemoryRequest.
	MemoryLimit string
}

// ClusterAutoscalerArgs describes the autoscaler of one cluster.
type ClusterAutoscalerArgs struct {
	// ClusterName is the EKS cluster's name; it selects the node groups to manage. Required.
	ClusterName pulumi.StringInput
	// Region is the cluster's AWS region, e.g. "eu-west-1". Required.
	Region string
	// Replicas is the number of autoscaler pods, 1 to 3; one is the leader, the others take over
	// if it goes (use 2 in production). Defaults to 1.
	Replicas int
	// Resources are the pod's requests and limits; empty fields take their defaults.
	Resources Resources
	// Expander is how the autoscaler picks a node group to grow: least-waste, random, most-pods or
	// least-nodes. Defaults to least-waste (the group left with the least idle CPU and memory).
	Expander string
	// Charts installs the chart. Optional; nil installs with Helm.
	Charts charts.Installer
}

// ClusterAutoscaler is cluster-autoscaler running in kube-system as the service account NewRole's
// pod identity association names.
type ClusterAutoscaler struct {
	pulumi.ResourceState

	// Release is the chart's release.
	Release pulumi.Resource
}

// NewClusterAutoscaler installs the pinned chart. The role and its association are NewRole's,
// created apart so this runs against any cluster; pass the association in opts (DependsOn), so the
// pods start with their credentials.
func NewClusterAutoscaler(ctx *pulumi.Context, name string, args *ClusterAutoscalerArgs, opts ...pulumi.ResourceOption) (*ClusterAutoscaler, error) {
	a, err := withDefaults(name, args)
	if err != nil {
		return nil, err
	}
	ca := &ClusterAutoscaler{}
	err = ctx.RegisterComponentResourceV2("ip-platform:autoscaler:ClusterAutoscaler", name, pulumi.Map{
		"region":       pulumi.String(a.Region),
		"replicas":     pulumi.Int(a.Replicas),
		"chartVersion": pulumi.String(ChartVersion),
	}, ca, opts...)
	if err != nil {
		return nil, err
	}
	parent := pulumi.Parent(ca)

	chartValues := a.ClusterName.ToStringOutput().ApplyT(func(clusterName string) (map[string]any, error) {
		return buildValues(a, clusterName).toMap()
	}).(pulumi.MapOutput)
	ca.Release, err = charts.Or(a.Charts).Install(ctx, name, charts.Release{
		Name:      releaseName,
		Namespace: pulumi.String(Namespace),
		Chart:     Chart,
		Values:    chartValues,
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("autoscaler %s: %w", name, err)
	}

	return ca, ctx.RegisterResourceOutputs(ca, pulumi.Map{})
}
