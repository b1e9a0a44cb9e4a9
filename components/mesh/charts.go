package mesh

import "github.com/ip-platform/infra/internal/charts"

// IstioVersion is the Istio release every chart is pinned to: base, istiod, cni and ztunnel must
// move together (a ztunnel newer than istiod is unsupported).
//
// 1.30.8: Istio 1.30 supports Kubernetes 1.32 to 1.36 (IBM Cloud's add-on matrix of the upstream
// support table: "Istio 1.30 - Kubernetes >=1.32.0 <1.37.0"), so the stacks' EKS 1.36 is the top
// of its window: the next Kubernetes minor needs the next Istio minor with it. 1.30.0 shipped on
// 2026-05-18 and 1.30.8 is its latest patch (istio.io/api tags v1.30.8 alongside the release).
// Kept at 1.30.8 when the other charts moved to their newest mirrored releases (2026-12-02): the
// newest final Istio release the chart mirror could obtain is 1.30.3, older than this pin. The
// real-engine check installs the same release's CRDs from the Go module
// istio.io/api@v1.30.8 (kubernetes/customresourcedefinitions.gen.yaml), whose minor tracks Istio's.
const IstioVersion = "1.30.8"

// istioRepo is the Istio project's chart repository.
const istioRepo = "https://istio-release.storage.googleapis.com/charts"

// The pinned charts, one release each, installed in this order.
var (
	// BaseChart holds the Istio CRDs and the cluster roles istiod needs.
	// renovate: datasource=helm depName=base registryUrl=https://istio-release.storage.googleapis.com/charts
	BaseChart = charts.Pin(charts.Chart{Name: "base", Repo: istioRepo, Version: "1.30.8"})
	// IstiodChart is the control plane (istio-discovery).
	// renovate: datasource=helm depName=istiod registryUrl=https://istio-release.storage.googleapis.com/charts
	IstiodChart = charts.Pin(charts.Chart{Name: "istiod", Repo: istioRepo, Version: "1.30.8"})
	// CNIChart is the istio-cni node agent that redirects enrolled pods' traffic into ztunnel.
	// renovate: datasource=helm depName=cni registryUrl=https://istio-release.storage.googleapis.com/charts
	CNIChart = charts.Pin(charts.Chart{Name: "cni", Repo: istioRepo, Version: "1.30.8"})
	// ZtunnelChart is the node proxy.
	// renovate: datasource=helm depName=ztunnel registryUrl=https://istio-release.storage.googleapis.com/charts
	ZtunnelChart = charts.Pin(charts.Chart{Name: "ztunnel", Repo: istioRepo, Version: "1.30.8"})
)

// GatewayAPIVersion is the Kubernetes Gateway API release whose CRDs the mesh installs. Istio 1.30's
// own install guide applies v1.4.0 (`kubectl apply --server-side -f .../v1.4.0/experimental-install.yaml`).
//
// The experimental channel, not the standard one: HTTPRoute's `retry` (GEP-1731) is only in the
// experimental CRD of v1.4.0 (config/crd/experimental/gateway.networking.k8s.io_httproutes.yaml has
// it; config/crd/standard/ does not), and a route that sets it is refused by a standard-channel
// CRD under server-side apply. The experimental channel is a superset: everything standard
// validates the same way. Bump it with IstioVersion, to the release that Istio version's install
// guide names, and the real-engine check's sigs.k8s.io/gateway-api module with it.
const GatewayAPIVersion = "v1.4.0"

// GatewayAPIManifest is the release asset with the experimental channel's CRDs.
const GatewayAPIManifest = "https://github.com/kubernetes-sigs/gateway-api/releases/download/" + GatewayAPIVersion + "/experimental-install.yaml"
