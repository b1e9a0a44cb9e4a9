package autoscaler

import "github.com/ip-platform/infra/internal/charts"

// The chart is pinned exactly: a floating version would change the autoscaler, its RBAC and its
// flags under a deploy that changed nothing.
const (
	// ChartName is the upstream cluster-autoscaler chart.
	ChartName = "cluster-autoscaler"
	// ChartRepo is the chart repository published from github.com/kubernetes/autoscaler.
	ChartRepo = "https://kubernetes.github.io/autoscaler"
	// ChartVersion 9.50.1 ships appVersion 1.33.0, i.e. cluster-autoscaler v1.33.0 for Kubernetes
	// 1.33 (the repository's index.yaml lists 9.47.0 to 9.51.0 with appVersion 1.33.0; the
	// compatibility table in cluster-autoscaler/README.md maps Kubernetes 1.33 to chart 9.47.0+ and
	// 1.34 to 9.51.0+, so 9.50.1 is the last release squarely on 1.33). Bump it with the cluster's
	// minor version.
	// renovate: datasource=helm depName=cluster-autoscaler registryUrl=https://kubernetes.github.io/autoscaler
	ChartVersion = "9.50.1"
	// AppVersion is the cluster-autoscaler version ChartVersion deploys (its default image tag).
	AppVersion = "1.33.0"
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
