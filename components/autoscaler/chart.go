package autoscaler

import "github.com/ip-platform/infra/internal/charts"

// The chart is pinned exactly: a floating version would change the autoscaler, its RBAC and its
// flags under a deploy that changed nothing.
const (
	// ChartName is the upstream cluster-autoscaler chart.
	ChartName = "cluster-autoscaler"
	// ChartRepo is the chart repository published from github.com/kubernetes/autoscaler.
	ChartRepo = "https://kubernetes.github.io/autoscaler"
	// ChartVersion 9.59.0 is the newest chart release (2026-07-21, in the chart mirror, its values
	// a superset of 9.50.1's); it ships appVersion 1.35.0. No chart ships cluster-autoscaler 1.36
	// yet (kubernetes/autoscaler PR #10091, chart 9.59.1 with image v1.36.0, still open on
	// 2026-09-12), and the autoscaler's minor must match the cluster's (cluster-autoscaler
	// README, "Releases"), so the image is set to AppVersion, v1.36.1 (release
	// cluster-autoscaler-1.36.1, 2026-07-23, registry.k8s.io/autoscaling/cluster-autoscaler), for
	// the stacks' Kubernetes 1.36. Drop the image override when a chart ships 1.36.
	// renovate: datasource=helm depName=cluster-autoscaler registryUrl=https://kubernetes.github.io/autoscaler
	ChartVersion = "9.59.0"
	// AppVersion is the cluster-autoscaler version deployed: image.tag v<AppVersion>, the minor
	// of the stacks' Kubernetes version (internal/config.DefaultKubernetesVersion).
	AppVersion = "1.36.1"
)

// Where the autoscaler runs and as whom; the pod identity association and the role's trust policy
// name exactly this service account.
const (
	Namespace      = "kube-system"
	ServiceAccount = "cluster-autoscaler"
	// releaseName is the Helm release name and, through fullnameOverride, the name of the
	// Deployment and its RBAC objects. One autoscaler per cluster, so a fixed name.
	releaseName = "cluster-autoscaler"
)

// Chart is the pinned chart, declared to the pinned list (charts.Pin).
var Chart = charts.Pin(charts.Chart{Name: ChartName, Repo: ChartRepo, Version: ChartVersion})
