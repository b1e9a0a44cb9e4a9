package vpa

import (
	"fmt"

	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/charts"
	"github.com/ip-platform/infra/internal/helmvalues"
)

// VerticalPodAutoscalerArgs describes the VPA installation of one cluster.
type VerticalPodAutoscalerArgs struct {
	// MetricsServerReplicas is the number of metrics-server pods, 1 to 3; use 2 in production so a
	// node drain does not blind every HPA. Defaults to 1.
	MetricsServerReplicas int
	// Charts installs the charts. Optional; nil installs with Helm.
	Charts charts.Installer
}

// VerticalPodAutoscaler is the VPA recommender with its CRDs, and metrics-server.
type VerticalPodAutoscaler struct {
	pulumi.ResourceState

	// Release is the VPA chart's release; VerticalPodAutoscaler objects depend on it (its CRDs).
	Release pulumi.Resource
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
	installer := charts.Or(a.Charts)

	msValues, err := helmvalues.ToMap(metricsServerValues(a.MetricsServerReplicas))
	if err != nil {
		return nil, fmt.Errorf("vpa %s: %w", name, err)
	}
	if _, err := installer.Install(ctx, name+"-metrics-server", charts.Release{
		Name:      metricsServerRelease,
		Namespace: pulumi.String(MetricsServerNamespace),
		Chart:     MetricsServerChart,
		Values:    pulumi.ToMap(msValues),
	}, parent); err != nil {
		return nil, fmt.Errorf("vpa %s: metrics-server: %w", name, err)
	}

	// The namespace is ours, not Helm's (CreateNamespace): it carries the Pod Security labels, and
	// it exists even where the chart is skipped.
	ns, err := corev1.NewNamespace(ctx, name+"-namespace", &corev1.NamespaceArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(Namespace), Labels: pulumi.ToStringMap(namespaceLabels())},
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("vpa %s: namespace: %w", name, err)
	}
	vpaValues, err := helmvalues.ToMap(buildValues())
	if err != nil {
		return nil, fmt.Errorf("vpa %s: %w", name, err)
	}
	v.Release, err = installer.Install(ctx, name, charts.Release{
		Name:      releaseName,
		Namespace: ns.Metadata.Name().Elem(),
		Chart:     Chart,
		Values:    pulumi.ToMap(vpaValues),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("vpa %s: %w", name, err)
	}
	return v, ctx.RegisterResourceOutputs(v, pulumi.Map{})
}

// namespaceLabels enforce the restricted Pod Security Standard, which the recommender (the only
// component installed) meets with the security contexts of values.go, and audit and warn at the
// same level, pinned to "latest" so the level follows the cluster's Kubernetes version.
func namespaceLabels() map[string]string {
	l := map[string]string{"app.kubernetes.io/part-of": "ip-platform"}
	for _, mode := range []string{"enforce", "audit", "warn"} {
		l["pod-security.kubernetes.io/"+mode] = "restricted"
		l["pod-security.kubernetes.io/"+mode+"-version"] = "latest"
	}
	return l
}
