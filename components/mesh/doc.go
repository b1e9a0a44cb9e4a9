// Package mesh is the platform's service mesh: Istio in ambient mode, and what each IP service
// gets from it.
//
// Ambient mode keeps the mesh's data plane out of the service pods: a node proxy (ztunnel, a
// DaemonSet) carries every enrolled pod's traffic over mutual TLS, the istio-cni node agent
// redirects that traffic into it, and an optional waypoint (an Envoy Deployment per namespace)
// applies layer-7 policy and routing. There are no sidecars and no privileged init containers in
// the service namespaces, so they stay at the Pod Security "restricted" level; the privilege the
// mesh needs (ztunnel's NET_ADMIN and SYS_ADMIN, istio-cni's host paths) is confined to the
// control plane's namespace, istio-system, which enforces "privileged" and nothing else lives in.
//
// NewMesh installs the control plane:
//   - the istio-system namespace (ours, not Helm's, so it exists where charts are skipped);
//   - the charts base (CRDs), istiod (profile ambient), cni (ambient redirection) and ztunnel, all
//     pinned to one Istio version (IstioVersion), every container with requests and limits;
//   - the Kubernetes Gateway API CRDs (GatewayAPIVersion, experimental channel: the routes use
//     HTTPRoute retry) that waypoints and routes are made of;
//   - mutual TLS STRICT mesh-wide: a PeerAuthentication "default" in the root namespace.
//
// NewWorkload gives one enrolled service namespace its mesh objects:
//   - a waypoint (a Gateway of class istio-waypoint) that the namespace uses (ipservice labels the
//     namespace istio.io/use-waypoint);
//   - an AuthorizationPolicy mirroring the service's NetworkPolicies at the identity level: the API
//     port only from the gateway, the management port only from Prometheus's identity, nothing
//     else (see workload.go for why the gateway is named by its subnets);
//   - the port-level mTLS exception the gateway's load balancer needs (it is not in the mesh), and
//     the NetworkPolicies that let the waypoint reach istiod and the service.
//
// NewTelemetry makes the mesh visible to the observability stack: a ServiceMonitor for istiod,
// PodMonitors for ztunnel and the waypoints, a Grafana dashboard, and the mTLS exception on
// Prometheus's web port (Prometheus joins the mesh to scrape with its own identity; Grafana, which
// queries it, does not).
//
// Pass the Kubernetes provider in opts (pulumi.Provider(k8s)); children inherit it.
package mesh
