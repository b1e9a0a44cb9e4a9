package autoscaler

import (
	"fmt"

	helmv3 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/irsa"
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
	// ClusterName is the EKS cluster's name; it selects the node groups to manage and scopes the
	// IAM policy. Required.
	ClusterName pulumi.StringInput
	// Region is the cluster's AWS region, e.g. "eu-west-1". Required.
	Region string
	// OidcProviderArn is the ARN of the cluster's IAM OIDC provider. Required.
	OidcProviderArn pulumi.StringInput
	// OidcIssuerURL is the cluster's OIDC issuer URL. Required.
	OidcIssuerURL pulumi.StringInput
	// Replicas is the number of autoscaler pods, 1 to 3; one is the leader, the others take over
	// if it goes (use 2 in production). Defaults to 1.
	Replicas int
	// Resources are the pod's requests and limits; empty fields take their defaults.
	Resources Resources
	// Expander is how the autoscaler picks a node group to grow: least-waste, random, most-pods or
	// least-nodes. Defaults to least-waste (the group left with the least idle CPU and memory).
	Expander string
}

// ClusterAutoscaler is cluster-autoscaler running in kube-system with its IRSA role.
type ClusterAutoscaler struct {
	pulumi.ResourceState

	// RoleArn is the ARN of the autoscaler's IAM role.
	RoleArn pulumi.StringOutput
}

// NewClusterAutoscaler creates the autoscaler's IRSA role and installs the pinned chart.
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

	clusterName := a.ClusterName.ToStringOutput()
	role, err := irsa.NewRole(ctx, name+"-irsa", &irsa.RoleArgs{
		OidcProviderArn: a.OidcProviderArn,
		OidcIssuerURL:   a.OidcIssuerURL,
		Namespace:       Namespace,
		ServiceAccount:  ServiceAccount,
		Policy:          clusterName.ApplyT(policy).(pulumi.StringOutput),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("autoscaler %s: iam role: %w", name, err)
	}

	chartValues := pulumi.All(clusterName, role.Arn).ApplyT(func(v []any) (map[string]any, error) {
		return buildValues(a, v[0].(string), v[1].(string)).toMap()
	}).(pulumi.MapOutput)

	_, err = helmv3.NewRelease(ctx, name, &helmv3.ReleaseArgs{
		Name:      pulumi.String(releaseName),
		Namespace: pulumi.String(Namespace),
		Chart:     pulumi.String(ChartName),
		Version:   pulumi.String(ChartVersion),
		RepositoryOpts: helmv3.RepositoryOptsArgs{
			Repo: pulumi.String(ChartRepo),
		},
		Values: chartValues,
		// A failed upgrade rolls back rather than leaving the cluster without a working autoscaler.
		Atomic: pulumi.Bool(true),
		// Helm keeps one Secret per revision in kube-system; bound them.
		MaxHistory: pulumi.Int(10),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("autoscaler %s: helm release: %w", name, err)
	}

	ca.RoleArn = role.Arn
	return ca, ctx.RegisterResourceOutputs(ca, pulumi.Map{
		"roleArn": ca.RoleArn,
	})
}
