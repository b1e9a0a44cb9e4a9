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
	// ChartVersion 3.5.0 ships controller v3.5.0, the newest release (aws/eks-charts#1354,
	// 2026-08-03; the eks-charts index of that day lists none newer). From 1.13.3 (controller
	// v2.13.3) the chart crossed controller lines v2.14 to v2.17 and the 3.x majors, whose chart
	// values kept every name set here (values.go). What the move needed:
	//   - the IAM policy: unchanged (policy.go says where that was checked); v3 adds a separate
	//     Global Accelerator policy for its GlobalAcceleratorController gate, which stays off;
	//   - keepTLSSecret, whose default went from true to false, set true to keep the webhook
	//     certificate across upgrades as before;
	//   - the ALBGatewayAPI and NLBGatewayAPI gates, on by default in v3, set off (values.go);
	//   - the chart's crds/ gained the gateway.k8s.aws and aga.k8s.aws CRDs, which Helm installs
	//     on a first install only: an existing release applies them before the upgrade
	//     (docs/runbooks/maintenance.md, "Charts that ship CRDs").
	// enableEndpointSlices now defaults to true (IP targets from EndpointSlices; the chart's RBAC
	// grants them), which this program accepts.
	// renovate: datasource=helm depName=aws-load-balancer-controller registryUrl=https://aws.github.io/eks-charts
	ChartVersion = "3.5.0"
	// AppVersion is the controller release ChartVersion deploys; policy.go follows its IAM policy.
	AppVersion = "v3.5.0"
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
