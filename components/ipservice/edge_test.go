package ipservice

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// behindGateway is an enrolled service reached through the mesh's ingress gateway.
func behindGateway(a *ServiceArgs) *ServiceArgs {
	enrolled(a)
	a.GatewayCidrs = nil
	a.Mesh.Edge = &Edge{
		GatewayNamespace: "istio-ingress", GatewayName: "ingress-gateway", Listener: "http",
		Hostname: "api.prod.example.com", PodLabels: map[string]string{"app": "ingress-gateway"},
	}
	return a
}

func TestEdgeRouteAttachesTheServicesRuleToTheIngressGateway(t *testing.T) {
	m, _ := run(t, behindGateway(trademarkArgs()))
	edge := named(t, m, httpRouteType, "trademark-route-edge")
	inside := named(t, m, httpRouteType, "trademark-route")
	assert.Equal(t, "trademark-edge", edge.Input("metadata.name"))
	assert.Equal(t, []any{map[string]any{
		"group": "gateway.networking.k8s.io", "kind": "Gateway", "namespace": "istio-ingress", "name": "ingress-gateway", "sectionName": "http",
	}}, edge.Input("spec.parentRefs"))
	assert.Equal(t, []any{"api.prod.example.com"}, edge.Input("spec.hostnames"))
	assert.Equal(t, map[string]any{"type": "PathPrefix", "value": "/trademark"}, edge.Input("spec.rules[0].matches[0].path"), "the path defaults to /<service>")
	for _, field := range []string{"backendRefs", "timeouts", "retry"} {
		assert.Equal(t, inside.Input("spec.rules[0]."+field), edge.Input("spec.rules[0]."+field), "the edge and the waypoint apply the same %s", field)
	}
}

func TestMeshCanaryOfTenIsNinetyTenAtTheEdgeAndInside(t *testing.T) {
	a := behindGateway(trademarkArgs())
	a.Release = Release{Strategy: MeshCanary, CanaryWeight: 10, CandidateImage: testImage}
	m, _ := run(t, a)
	want := []any{
		map[string]any{"name": "trademark-stable", "port": 4001.0, "weight": 90.0},
		map[string]any{"name": "trademark-canary", "port": 4001.0, "weight": 10.0},
	}
	assert.Equal(t, want, named(t, m, httpRouteType, "trademark-route-edge").Input("spec.rules[0].backendRefs"))
	assert.Equal(t, want, named(t, m, httpRouteType, "trademark-route").Input("spec.rules[0].backendRefs"))
}

func TestBehindTheGatewayOnlyItsPodsReachTheAPI(t *testing.T) {
	m, _ := run(t, behindGateway(trademarkArgs()))
	in := named(t, m, netpolType, "trademark-ingress")
	assert.Equal(t, map[string]any{"kubernetes.io/metadata.name": "istio-ingress"}, in.Input("spec.ingress[0].from[0].namespaceSelector.matchLabels"))
	assert.Equal(t, map[string]any{"app": "ingress-gateway"}, in.Input("spec.ingress[0].from[0].podSelector.matchLabels"))
	assert.Nil(t, in.Input("spec.ingress[0].from[0].ipBlock"), "no address block: the ALB reaches the gateway, not the pods")
	assert.Equal(t, []any{
		map[string]any{"port": 4001.0, "protocol": "TCP"}, map[string]any{"port": 15008.0, "protocol": "TCP"},
	}, in.Input("spec.ingress[0].ports"))
	mesh := named(t, m, netpolType, "trademark-mesh")
	assert.Equal(t, map[string]any{"gateway.networking.k8s.io/gateway-name": "waypoint"}, mesh.Input("spec.ingress[0].from[1].podSelector.matchLabels"),
		"what the waypoint forwards reaches the pods over HBONE")
}

func TestEdgeIsValidatedNamingTheField(t *testing.T) {
	cases := map[string]struct {
		edit func(*ServiceArgs)
		want string
	}{
		"outside the mesh":      {func(a *ServiceArgs) { a.Mesh.Enrolled = false }, "Mesh.Edge needs Mesh.Enrolled"},
		"and the ALB's blocks":  {func(a *ServiceArgs) { a.GatewayCidrs = []string{"10.30.192.0/22"} }, "GatewayCidrs must be empty with Mesh.Edge"},
		"no gateway":            {func(a *ServiceArgs) { a.Mesh.Edge.GatewayName = "" }, "Mesh.Edge.GatewayNamespace, GatewayName and Listener are required"},
		"no host":               {func(a *ServiceArgs) { a.Mesh.Edge.Hostname = "" }, "Mesh.Edge.Hostname is required"},
		"no gateway pods":       {func(a *ServiceArgs) { a.Mesh.Edge.PodLabels = nil }, "Mesh.Edge.PodLabels is required"},
		"a path with a slash":   {func(a *ServiceArgs) { a.Mesh.Edge.Path = "/trademark/" }, `Mesh.Edge.Path "/trademark/"`},
		"no ALB and no gateway": {func(a *ServiceArgs) { a.Mesh.Edge = nil }, "GatewayCidrs: at least one CIDR block is required"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			a := behindGateway(trademarkArgs())
			tc.edit(a)
			_, err := withDefaults("trademark", a)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}
