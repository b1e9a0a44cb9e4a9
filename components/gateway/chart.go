package gateway

import "github.com/ip-platform/infra/internal/charts"

// The controller's chart is pinned exactly: a floating version would change the controller, its
// CRDs and webhooks under a deploy that changed nothing, and its IAM policy (policy.go) must match
// the controller version.
const (
	// ChartName is the AWS Load Balancer Controller chart.
	ChartName = "aws-load-balancer-controller"
	// ChartRepo is the EKS charts repository.
	ChartRepo = "https://aws.github.io/eks-charts"
	// ChartVersion 1.13.3 ships controller v2.13.3: aws/eks-charts#1223 ("aws-load-balancer-controller:
	// v2.13.3", merged 2025-06-16) released it, and the chart tracks the controller as
	// 1.<minor>.<patch> (1.14.1 is v2.14.1, 1.17.0 is v2.17.0). v2.13 "requires Kubernetes 1.22+"
	// (release notes, aws/eks-charts#1214), and the EKS user guide's "Install AWS Load Balancer
	// Controller with Helm" used v2.13.3 for its steps. Newer lines exist (v2.14 to v2.17, then
	// chart 3.x); moving is a deliberate bump of ChartVersion, AppVersion and policy.go together.
	// renovate: datasource=helm depName=aws-load-balancer-controller registryUrl=https://aws.github.io/eks-charts
	ChartVersion = "1.13.3"
	// AppVersion is the controller release ChartVersion deploys; policy.go follows its IAM policy.
	AppVersion = "v2.13.3"
)

// Where the controller runs and as whom; its pod identity association names this service account.
const (
	Namespace      = "kube-system"
	ServiceAccount = "aws-load-balancer-controller"
	// releaseName is also the Deployment's name. One controller per cluster, so a fixed name.
	releaseName = "aws-load-balancer-controller"
	// IngressClass is the IngressClass the chart creates and the gateway's Ingresses name.
	IngressClass = "alb"
)

// Chart is the pinned chart, declared to the pinned list (charts.Pin).
var Chart = charts.Pin(charts.Chart{Name: ChartName, Repo: ChartRepo, Version: ChartVersion})
