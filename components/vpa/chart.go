package vpa

import "github.com/ip-platform/infra/internal/charts"

// The charts are pinned exactly: a floating version would change cluster-wide components under a
// deploy that changed nothing.
const (
	// ChartName is the Fairwinds VPA chart.
	ChartName = "vpa"
	// ChartRepo is Fairwinds' stable chart repository (github.com/FairwindsOps/charts, stable/vpa).
	ChartRepo = "https://charts.fairwinds.com/stable"
	// ChartVersion 5.0.0 deploys VPA 1.7.1 (appVersion), the newest chart on FairwindsOps/charts'
	// main branch (2026-08-11, PR #1978 "update VPA to 1.7.1"; the repository publishes no tags).
	// Its README's "Upgrading to >=5.0.0" (read 2026-12-02): VPA 1.7 needs Kubernetes 1.28 or
	// later, and the chart's crds/ gain the InPlace update mode and new status fields, which Helm
	// installs on a first install only: a cluster that ran 4.x applies the chart's CRDs before the
	// upgrade (docs/runbooks/maintenance.md, "Charts that ship CRDs"). The values set here
	// (recommender, updater, admissionController: enabled, replicaCount, resources,
	// podSecurityContext, securityContext) kept their names and defaults from 4.10.1; the alpha
	// InPlace and CPUStartupBoost features stay off, as the recommender alone uses neither.
	// renovate: datasource=helm depName=vpa registryUrl=https://charts.fairwinds.com/stable
	ChartVersion = "5.0.0"
	// AppVersion is the VPA version ChartVersion deploys.
	AppVersion = "1.7.1"

	// MetricsServerChartName is the upstream metrics-server chart.
	MetricsServerChartName = "metrics-server"
	// MetricsServerChartRepo is published from github.com/kubernetes-sigs/metrics-server.
	MetricsServerChartRepo = "https://kubernetes-sigs.github.io/metrics-server/"
	// MetricsServerChartVersion 3.13.1 deploys metrics-server 0.8.1 (appVersion), the newest
	// release (tag metrics-server-helm-chart-3.13.1, 2026-06-11; the gh-pages index lists none
	// newer). From 3.12.2 its values kept every name set here; the new tls block defaults to
	// type metrics-server, the self-signed serving certificate 3.12.2 used, so the APIService is
	// rendered as before.
	// renovate: datasource=helm depName=metrics-server registryUrl=https://kubernetes-sigs.github.io/metrics-server/
	MetricsServerChartVersion = "3.13.1"
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
