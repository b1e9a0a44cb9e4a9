package externalsecrets

import "github.com/ip-platform/infra/internal/charts"

// The chart is pinned exactly: a floating version would change the operator and its CRDs under a
// deploy that changed nothing.
const (
	// ChartName is the upstream chart.
	ChartName = "external-secrets"
	// ChartRepo is the chart repository published from github.com/external-secrets/external-secrets.
	ChartRepo = "https://charts.external-secrets.io"
	// ChartVersion 0.16.2 deploys ESO v0.16.2 (the chart and the operator share version numbers;
	// Renovate's "update helm release external-secrets to v0.16.2" from charts.external-secrets.io,
	// walnuts1018/infra#1997, confirms the release). 0.16 is the last line serving both
	// external-secrets.io/v1 (used here) and v1beta1; 0.17 drops v1beta1, so the next bump is safe
	// for this code. The CRD field names used by components/ipservice were checked against
	// config/crds/bases of the v0.16.2 module.
	// renovate: datasource=helm depName=external-secrets registryUrl=https://charts.external-secrets.io
	ChartVersion = "0.16.2"
	// AppVersion is the operator version ChartVersion deploys.
	AppVersion = "v0.16.2"
)

// Where the operator runs and as whom; its pod identity association names exactly this service
// account.
const (
	Namespace      = "external-secrets"
	ServiceAccount = "external-secrets"
	releaseName    = "external-secrets"
)

// Chart is the pinned chart, declared to the pinned list (charts.Pin).
var Chart = charts.Pin(charts.Chart{Name: ChartName, Repo: ChartRepo, Version: ChartVersion})
