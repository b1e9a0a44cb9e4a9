package mesh

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

var prometheus = Scraper{Namespace: "observability", ServiceAccount: "kps-prometheus", PodLabels: map[string]string{"app.kubernetes.io/name": "prometheus"}}

func trademark() *WorkloadArgs {
	return &WorkloadArgs{
		ServiceName: "trademark", Namespace: pulumi.String("trademark"), APIPort: 4001, ManagementPort: 4002,
		Ingress: IngressPrincipal(), Scraper: prometheus,
	}
}

func runWorkload(t *testing.T, args *WorkloadArgs) *offline.Mocks {
	t.Helper()
	return offlinetest.Run(t, func(ctx *pulumi.Context) error {
		_, err := NewWorkload(ctx, args.ServiceName+"-mesh", args)
		return err
	})
}

func TestEachServiceNamespaceGetsAWaypoint(t *testing.T) {
	m := runWorkload(t, trademark())
	gw := offlinetest.Must(t, m, gatewayType, "trademark-mesh-waypoint")
	assert.Equal(t, "waypoint", gw.Input("metadata.name"), "the name the namespace's istio.io/use-waypoint label points at")
	assert.Equal(t, "trademark", gw.Input("metadata.namespace"))
	assert.Equal(t, "istio-waypoint", gw.Input("spec.gatewayClassName"))
	assert.Equal(t, "service", gw.Input("metadata.labels").(map[string]any)["istio.io/waypoint-for"])
	assert.Equal(t, []any{map[string]any{"name": "mesh", "port": 15008.0, "protocol": "HBONE"}}, gw.Input("spec.listeners"))
	offlinetest.AssertSubtree(t, m, "ip-platform:mesh:Workload", "trademark-mesh")
}

func TestAuthorizationPolicyAdmitsTheIngressGatewayAndPrometheusOnly(t *testing.T) {
	m := runWorkload(t, trademark())
	ap := offlinetest.Must(t, m, authzType, "trademark-mesh-authorization")
	assert.Equal(t, "trademark", ap.Input("metadata.namespace"))
	assert.Equal(t, "ALLOW", ap.Input("spec.action"), "an ALLOW policy denies whatever no rule matches")
	assert.Equal(t, map[string]any{"app.kubernetes.io/name": "trademark"}, ap.Input("spec.selector.matchLabels"),
		"a workload selector: ztunnel enforces it on every connection")
	rules := ap.Input("spec.rules").([]any)
	require.Len(t, rules, 2)

	assert.Equal(t, map[string]any{"principals": []any{"cluster.local/ns/istio-ingress/sa/ingress-gateway"}}, ap.Input("spec.rules[0].from[0].source"),
		"the API port admits the ingress gateway's identity, and no address block")
	assert.Equal(t, []any{"4001"}, ap.Input("spec.rules[0].to[0].operation.ports"), "the API port only: the ALB no longer health-checks the pods")

	assert.Equal(t, map[string]any{"principals": []any{"cluster.local/ns/observability/sa/kps-prometheus"}}, ap.Input("spec.rules[1].from[0].source"))
	assert.Equal(t, []any{"4002"}, ap.Input("spec.rules[1].to[0].operation.ports"), "Prometheus reaches the management port only")
}

func TestSinglePortServiceAdmitsBothIdentitiesOnItsOnePort(t *testing.T) {
	a := trademark()
	a.ServiceName, a.Namespace, a.APIPort, a.ManagementPort = "recommendation", pulumi.String("recommendation"), 3000, 0
	m := runWorkload(t, a)
	ap := offlinetest.Must(t, m, authzType, "recommendation-mesh-authorization")
	assert.Equal(t, []any{"3000"}, ap.Input("spec.rules[0].to[0].operation.ports"))
	assert.Equal(t, []any{"3000"}, ap.Input("spec.rules[1].to[0].operation.ports"))
}

func TestNothingInTheServiceNamespaceAcceptsPlaintext(t *testing.T) {
	m := runWorkload(t, trademark())
	for _, r := range m.Resources() {
		assert.NotEqual(t, peerAuthType, r.Type, "%s: with the ALB in front of the ingress gateway, no service port needs a PERMISSIVE exception to the mesh-wide STRICT", r.Name)
	}
}

func TestWaypointReachesIstiodThroughTheDefaultDeny(t *testing.T) {
	m := runWorkload(t, trademark())
	np := offlinetest.Must(t, m, netpolType, "trademark-mesh-waypoint-network")
	assert.Equal(t, map[string]any{"gateway.networking.k8s.io/gateway-name": "waypoint"}, np.Input("spec.podSelector.matchLabels"))
	assert.Equal(t, 15012.0, np.Input("spec.egress[0].ports[0].port"), "configuration and certificates from istiod")
	assert.Equal(t, map[string]any{"app": "istiod"}, np.Input("spec.egress[0].to[0].podSelector.matchLabels"))
	assert.Equal(t, 15008.0, np.Input("spec.egress[2].ports[0].port"), "to the service over HBONE")
	assert.Equal(t, 15008.0, np.Input("spec.ingress[0].ports[0].port"))
	assert.Equal(t, 15020.0, np.Input("spec.ingress[1].ports[0].port"), "Prometheus scrapes the waypoint")
}

func TestWorkloadArgsAreValidatedNamingTheField(t *testing.T) {
	cases := map[string]struct {
		edit func(*WorkloadArgs)
		want string
	}{
		"no ingress":      {func(a *WorkloadArgs) { a.Ingress = "" }, "Ingress is required"},
		"no scraper":      {func(a *WorkloadArgs) { a.Scraper = Scraper{} }, "Scraper.Namespace and Scraper.ServiceAccount are required"},
		"no service name": {func(a *WorkloadArgs) { a.ServiceName = "" }, "ServiceName is required"},
		"bad API port":    {func(a *WorkloadArgs) { a.APIPort = 70000 }, "APIPort (70000)"},
		"no namespace":    {func(a *WorkloadArgs) { a.Namespace = nil }, "Namespace is required"},
		"no scraper pods": {func(a *WorkloadArgs) { a.Scraper.PodLabels = nil }, "Scraper.PodLabels is required"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			a := trademark()
			tc.edit(a)
			_, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
				_, err := NewWorkload(ctx, "w", a)
				return err
			})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestPrincipalIsTheSPIFFEPath(t *testing.T) {
	assert.Equal(t, "cluster.local/ns/observability/sa/kps-prometheus", Principal("observability", "kps-prometheus"))
	assert.Equal(t, map[string]string{"istio.io/dataplane-mode": "ambient", "istio.io/use-waypoint": "waypoint"}, NamespaceLabels())
}
