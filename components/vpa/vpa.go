package vpa

import (
	"fmt"

	helmv3 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/helmvalues"
)

// VerticalPodAutoscalerArgs describes the VPA installation of one cluster.
type VerticalPodAutoscalerArgs struct {
	// MetricsServerReplicas is the number of metrics-server pods, 1 to 3; use 2 in production so a
	// node drain does not blind every HPA. Defaults to 1.
	MetricsServerReplicas int
}

// VerticalPodAutoscaler is the VPA recommender with its CRDs, and metrics-server.
type VerticalPodAutoscaler struct {
	pulumi.ResourceState

	// Release is the VPA Helm release; VerticalPodAutoscaler objects depend on it (its CRDs).
	Release *helmv3.Release
}

// NewVerticalPodAutoscaler installs metrics-server and the VPA recommender.
func NewVerticalPodAutoscaler(ctx *pulumi.Context, name string, args *VerticalPodAutoscalerArgs, opts ...pulumi.ResourceOption) (*VerticalPodAutoscaler, error) {
	a := VerticalPodAutoscalerArgs{}
	if args != nil {
		a = *args
	}
	if a.MetricsServerReplicas == 0 {
		a.MetricsServerReplicas = 1
	}
	if a.MetricsServerReplicas < 1 || a.MetricsServerReplicas > 3 {
		return nil, fmt.Errorf("vpa %s: MetricsServerReplicas (%d) must be between 1 and 3", name, a.MetricsServerReplicas)
	}
	v := &VerticalPodAutoscaler{}
	err := ctx.RegisterComponentResourceV2("ip-platform:vpa:VerticalPodAutoscaler", name, pulumi.Map{
		"chartVersion":              pulumi.String(ChartVersion),
		"metricsServerChartVersion": pulumi.String(MetricsServerChartVersion),
	}, v, opts...)
	if err != nil {
		return nil, err
	}
	parent := pulumi.Parent(v)

	msValues, err := helmvalues.ToMap(metricsServerValues(a.MetricsServerReplicas))
	if err != nil {
		return nil, fmt.Errorf("vpa %s: %w", name, err)
	}
	if _, err := helmv3.NewRelease(ctx, name+"-metrics-server", &helmv3.ReleaseArgs{
		Name:           pulumi.String(metricsServerRelease),
		Namespace:      pulumi.String(MetricsServerNamespace),
		Chart:          pulumi.String(MetricsServerChartName),
		Version:        pulumi.String(MetricsServerChartVersion),
		RepositoryOpts: helmv3.RepositoryOptsArgs{Repo: pulumi.String(MetricsServerChartRepo)},
		Values:         pulumi.ToMap(msValues),
		Atomic:         pulumi.Bool(true),
		MaxHistory:     pulumi.Int(10),
	}, parent); err != nil {
		return nil, fmt.Errorf("vpa %s: metrics-server release: %w", name, err)
	}

	vpaValues, err := helmvalues.ToMap(buildValues())
	if err != nil {
		return nil, fmt.Errorf("vpa %s: %w", name, err)
	}
	v.Release, err = helmv3.NewRelease(ctx, name, &helmv3.ReleaseArgs{
		Name:            pulumi.String(releaseName),
		Namespace:       pulumi.String(Namespace),
		CreateNamespace: pulumi.Bool(true),
		Chart:           pulumi.String(ChartName),
		Version:         pulumi.String(ChartVersion),
		RepositoryOpts:  helmv3.RepositoryOptsArgs{Repo: pulumi.String(ChartRepo)},
		Values:          pulumi.ToMap(vpaValues),
		Atomic:          pulumi.Bool(true),
		MaxHistory:      pulumi.Int(10),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("vpa %s: helm release: %w", name, err)
	}
	return v, ctx.RegisterResourceOutputs(v, pulumi.Map{})
}
