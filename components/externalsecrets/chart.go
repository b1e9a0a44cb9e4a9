package externalsecrets

import "github.com/ip-platform/infra/internal/charts"

// The chart is pinned exactly: a floating version would change the operator and its CRDs under a
// deploy that changed nothing.
const (
	// ChartName is the upstream chart.
	ChartName = "external-secrets"
	// ChartRepo is the chart repository published from github.com/external-secrets/external-secrets.
	ChartRepo = "https://charts.external-secrets.io"
	// ChartVersion 2.9.0 deploys ESO v2.9.0 (the chart and the operator share version numbers),
	// the newest release (tag helm-chart-2.9.0, 2026-08-08; the gh-pages index of that day lists
	// none newer). From 0.16.2 the lines crossed needed nothing of this code (release notes read
	// 2026-12-02 through Renovate pull requests that quote them, e.g. walnuts1018/infra#2027,
	// #2808 and szinn/k8s-homelab#7200): 0.17 stops serving external-secrets.io/v1beta1, and
	// every object here is v1 already; 0.18 moves the AWS providers to the AWS SDK v2 with the
	// same SecretStore fields; 1.0 changes nothing for users; 2.0 removes the Alibaba and Device42
	// providers. The chart's values this component sets kept their names (its new keys, such as
	// networkPolicy, default off: the namespace's NetworkPolicies are the program's). The CRDs
	// are templates of the chart (installCRDs), so Helm upgrades them with the release; the
	// real-engine check applies every ExternalSecret and SecretStore against them.
	// renovate: datasource=helm depName=external-secrets registryUrl=https://charts.external-secrets.io
	ChartVersion = "2.9.0"
	// AppVersion is the operator version ChartVersion deploys.
	AppVersion = "v2.9.0"
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
