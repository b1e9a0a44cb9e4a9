package mesh

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

func ingressArgs() *IngressGatewayArgs {
	return &IngressGatewayArgs{
		Hostname:          "api.prod.example.com",
		LoadBalancerCidrs: []string{"10.30.192.0/22", "10.30.196.0/22"},
		Backends: []IngressBackend{
			{Namespace: "trademark", PodLabels: map[string]string{"app.kubernetes.io/name": "trademark"}, APIPort: 4001},
			{Namespace: "copyright", PodLabels: map[string]string{"app.kubernetes.io/name": "copyright"}, APIPort: 4003},
		},
		Scraper:     prometheus,
		MinReplicas: 3, MaxReplicas: 9,
	}
}

func runIngress(t *testing.T, a *IngressGatewayArgs) *offline.Mocks {
	t.Helper()
	return offlinetest.Run(t, func(ctx *pulumi.Context) error {
		_, err := NewIngressGateway(ctx, "edge", a)
		return err
	})
}

func TestIngressGatewayIsTheChartBoundToAGateway(t *testing.T) {
	m := runIngress(t, ingressArgs())
	chart := offlinetest.Must(t, m, "kubernetes:helm.sh/v3:Release", "edge-chart")
	assert.Equal(t, "gateway", chart.Input("chart"))
	assert.Equal(t, IstioVersion, chart.Input("version"))
	assert.Equal(t, "istio-ingress", chart.Input("namespace"))
	assert.Equal(t, "ClusterIP", chart.Input("values.service.type"))
	assert.Equal(t, 3.0, chart.Input("values.autoscaling.minReplicas"))
	assert.Equal(t, 9.0, chart.Input("values.autoscaling.maxReplicas"))
	assert.Equal(t, 1.0, chart.Input("values.podDisruptionBudget.minAvailable"))
	assert.Equal(t, true, chart.Input("values.securityContext.runAsNonRoot"))
	assert.Equal(t, "RuntimeDefault", chart.Input("values.securityContext.seccompProfile.type"))
	assert.Equal(t, "net.ipv4.ip_unprivileged_port_start", chart.Input("values.securityContext.sysctls[0].name"))
	assert.Equal(t, "512Mi", chart.Input("values.resources.limits.memory"))

	gw := offlinetest.Must(t, m, gatewayType, "edge-gateway")
	assert.Equal(t, "istio", gw.Input("spec.gatewayClassName"))
	assert.Equal(t, []any{map[string]any{"type": "Hostname", "value": "ingress-gateway.istio-ingress.svc.cluster.local"}}, gw.Input("spec.addresses"),
		"bound to the chart's Service: istiod deploys nothing of its own")
	assert.Equal(t, "api.prod.example.com", gw.Input("spec.listeners[0].hostname"))
	assert.Equal(t, 80.0, gw.Input("spec.listeners[0].port"))
	assert.Equal(t, []any{"copyright", "trademark"}, gw.Input("spec.listeners[0].allowedRoutes.namespaces.selector.matchExpressions[0].values"),
		"routes attach from the service namespaces only")

	ns := offlinetest.Must(t, m, "kubernetes:core/v1:Namespace", "edge-namespace")
	assert.Equal(t, "restricted", ns.Input(`metadata.labels["pod-security.kubernetes.io/enforce"]`))
	offlinetest.AssertSubtree(t, m, "ip-platform:mesh:IngressGateway", "edge")
}

func TestIngressGatewayNetworkPolicyAdmitsTheLoadBalancerOnly(t *testing.T) {
	m := runIngress(t, ingressArgs())
	deny := offlinetest.Must(t, m, netpolType, "edge-default-deny")
	assert.Equal(t, []any{"Ingress", "Egress"}, deny.Input("spec.policyTypes"))
	np := offlinetest.Must(t, m, netpolType, "edge-network")
	assert.Equal(t, map[string]any{"cidr": "10.30.192.0/22"}, np.Input("spec.ingress[0].from[0].ipBlock"))
	assert.Equal(t, []any{map[string]any{"port": 80.0, "protocol": "TCP"}, map[string]any{"port": 15021.0, "protocol": "TCP"}}, np.Input("spec.ingress[0].ports"))
	assert.Equal(t, 15090.0, np.Input("spec.ingress[1].ports[0].port"), "Prometheus scrapes Envoy")
	assert.Equal(t, 15012.0, np.Input("spec.egress[0].ports[0].port"), "istiod")
	assert.Equal(t, map[string]any{"app.kubernetes.io/name": "trademark"}, np.Input("spec.egress[2].to[0].podSelector.matchLabels"))
	assert.Equal(t, []any{map[string]any{"port": 15008.0, "protocol": "TCP"}, map[string]any{"port": 4001.0, "protocol": "TCP"}}, np.Input("spec.egress[2].ports"))
	assert.Len(t, np.Input("spec.egress"), 4, "istiod, DNS and the two services: nothing on the internet")
}

func TestIngressGatewayArgsAreValidatedNamingTheField(t *testing.T) {
	cases := map[string]struct {
		edit func(*IngressGatewayArgs)
		want string
	}{
		"no hostname":      {func(a *IngressGatewayArgs) { a.Hostname = "" }, "Hostname is required"},
		"no load balancer": {func(a *IngressGatewayArgs) { a.LoadBalancerCidrs = nil }, "LoadBalancerCidrs is required"},
		"no backends":      {func(a *IngressGatewayArgs) { a.Backends = nil }, "Backends is required"},
		"a backend's port": {func(a *IngressGatewayArgs) { a.Backends[1].APIPort = 0 }, "Backends[1] needs"},
		"max below min":    {func(a *IngressGatewayArgs) { a.MaxReplicas = 2 }, "MaxReplicas (2) must be from MinReplicas (3) to 20"},
		"too many":         {func(a *IngressGatewayArgs) { a.MaxReplicas = 21 }, "MaxReplicas (21)"},
		"negative min":     {func(a *IngressGatewayArgs) { a.MinReplicas = -1 }, "MinReplicas (-1) must be at least 1"},
		"no scraper":       {func(a *IngressGatewayArgs) { a.Scraper = Scraper{} }, "Scraper.Namespace and Scraper.PodLabels are required"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			a := ingressArgs()
			tc.edit(a)
			_, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
				_, err := NewIngressGateway(ctx, "edge", a)
				return err
			})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}
