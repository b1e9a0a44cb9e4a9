package vpa

import "github.com/ip-platform/infra/internal/charts"

// The charts are pinned exactly: a floating version would change cluster-wide components under a
// deploy that changed nothing.
const (
	// ChartName is the Fairwinds VPA chart.
	ChartName = "vpa"
	// ChartRepo is Fairwinds' stable chart repository (github.com/FairwindsOps/charts, stable/vpa).
	ChartRepo = "https://charts.fairwinds.com/stable"
	// ChartVersion 4.10.1 deploys VPA 1.4.1 (appVersion; `helm search repo fairwinds-stable/vpa`
	// quoted in FairwindsOps/charts#1678 lists 4.10.1 with app version 1.4.1 as the latest). The
	// value names used here (recommender, updater, admissionController: enabled, replicaCount,
	// resources, podSecurityContext, securityContext) are those of stable/vpa/values.yaml.
	// renovate: datasource=helm depName=vpa registryUrl=https://charts.fairwinds.com/stable
	ChartVersion = "4.10.1"
	// AppVersion is the VPA version ChartVersion deploys.
	AppVersion = "1.4.1"

	// MetricsServerChartName is the upstream metrics-server chart.
	MetricsServerChartName = "metrics-server"
	// MetricsServerChartRepo is published from github.com/kubernetes-sigs/metrics-server.
	MetricsServerChartRepo = "https://kubernetes-sigs.github.io/metrics-server/"
	// MetricsServerChartVersion 3.12.2 deploys metrics-server 0.7.2 (canonical/k8s-snap#804:
	// "Update metrics-server to 0.7.2 and chart to 3.12.2"), which supports Kubernetes 1.19+.
	// renovate: datasource=helm depName=metrics-server registryUrl=https://kubernetes-sigs.github.io/metrics-server/
	MetricsServerChartVersion = "3.12.2"
)

// Where the releases run.
const (
	Namespace              = "vpa"
	MetricsServerNamespace = "kube-system"
	releaseName            = "vpa"
	metricsServerRelease   = "metrics-server"
)

// The pinned charts, declared to the pinned list (charts.Pin).
var (
	Chart              = charts.Pin(charts.Chart{Name: ChartName, Repo: ChartRepo, Version: ChartVersion})
	MetricsServerChart = charts.Pin(charts.Chart{Name: MetricsServerChartName, Repo: MetricsServerChartRepo, Version: MetricsServerChartVersion})
)
