package ipservice

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
)

const httpRouteType = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute"

func enrolled(a *ServiceArgs) *ServiceArgs {
	a.Mesh = Mesh{Enrolled: true, Route: Route{TimeoutSeconds: 10, Retries: 2, PerTryTimeoutSeconds: 3}}
	return a
}

func TestEnrolledNamespaceCarriesTheMeshLabelsAndStaysRestricted(t *testing.T) {
	m, _ := run(t, enrolled(trademarkArgs()))
	labels := named(t, m, namespaceType, "trademark-namespace").Input("metadata.labels").(map[string]any)
	assert.Equal(t, "ambient", labels["istio.io/dataplane-mode"], "the namespace is enrolled in the ambient mesh")
	assert.Equal(t, "waypoint", labels["istio.io/use-waypoint"], "its Services' traffic goes through the namespace's waypoint")
	assert.Equal(t, "restricted", labels["pod-security.kubernetes.io/enforce"], "ambient needs no privilege in the service namespace")
}

func TestServiceOutsideTheMeshHasNoMeshObjects(t *testing.T) {
	m, _ := run(t, trademarkArgs())
	labels := named(t, m, namespaceType, "trademark-namespace").Input("metadata.labels").(map[string]any)
	assert.NotContains(t, labels, "istio.io/dataplane-mode")
	assert.NotContains(t, labels, "istio.io/use-waypoint")
	assert.Empty(t, m.OfType(httpRouteType), "no route without the mesh")
	_, mesh := m.Named(netpolType, "trademark-mesh")
	assert.False(t, mesh, "no mesh NetworkPolicy without the mesh")
}

func TestEnrolledQuotaMakesRoomForTheWaypoint(t *testing.T) {
	plain, _ := run(t, trademarkArgs())
	mesh, _ := run(t, enrolled(trademarkArgs()))
	hard := func(m *offline.Mocks) map[string]any {
		return named(t, m, quotaType, "trademark-quota").Input("spec.hard").(map[string]any)
	}
	before, after := hard(plain), hard(mesh)
	assert.Equal(t, "13", before["pods"], "ten pods at the ceiling and three surging")
	assert.Equal(t, "15", after["pods"], "the waypoint and its surge pod")
	assert.Equal(t, "6500m", before["limits.cpu"])
	assert.Equal(t, "7500m", after["limits.cpu"], "two waypoints at 500m")
	assert.Equal(t, "14336Mi", after["limits.memory"], "13Gi of service pods and two waypoints at 512Mi")
	assert.Equal(t, "6912Mi", after["requests.memory"], "13 x 512Mi and two waypoints at 128Mi")
}

func TestEnrolledNetworkPoliciesAdmitHBONEAndRewrittenProbes(t *testing.T) {
	m, _ := run(t, enrolled(trademarkArgs()))
	assert.Len(t, named(t, m, netpolType, "trademark-ingress").Input("spec.ingress").([]any), 2, "the gateway's and Prometheus's rules stay as they are")
	np := named(t, m, netpolType, "trademark-mesh")
	assert.Equal(t, map[string]any{"app.kubernetes.io/name": "trademark", "app.kubernetes.io/part-of": "ip-platform"}, np.Input("spec.podSelector.matchLabels"))
	rules := np.Input("spec.ingress").([]any)
	require.Len(t, rules, 2, "Prometheus over HBONE, probes")

	hbone := rules[0].(map[string]any)
	assert.Equal(t, 15008.0, hbone["ports"].([]any)[0].(map[string]any)["port"], "Prometheus's scrapes now arrive over HBONE")
	peer := hbone["from"].([]any)[0].(map[string]any)
	assert.Equal(t, "prometheus", peer["podSelector"].(map[string]any)["matchLabels"].(map[string]any)["app.kubernetes.io/name"])

	probes := rules[1].(map[string]any)
	assert.Equal(t, "169.254.7.127/32", probes["from"].([]any)[0].(map[string]any)["ipBlock"].(map[string]any)["cidr"])
	assert.Equal(t, 4002.0, probes["ports"].([]any)[0].(map[string]any)["port"], "the probes hit the management port")
}

func TestEnrolledServiceGetsTimeoutsAndRetriesOnItsAPIPort(t *testing.T) {
	m, _ := run(t, enrolled(trademarkArgs()))
	route := named(t, m, httpRouteType, "trademark-route")
	assert.Equal(t, "trademark", route.Input("metadata.namespace"))
	parent := route.Input("spec.parentRefs[0]").(map[string]any)
	assert.Equal(t, map[string]any{"group": "", "kind": "Service", "name": "trademark", "port": 4001.0}, parent,
		"GAMMA: the route attaches to the service's own Service, on the API port only")
	assert.Equal(t, map[string]any{"request": "10s", "backendRequest": "3s"}, route.Input("spec.rules[0].timeouts"))
	assert.Equal(t, 2.0, route.Input("spec.rules[0].retry.attempts"))
	assert.Equal(t, []any{502.0, 503.0, 504.0}, route.Input("spec.rules[0].retry.codes"))
	assert.Equal(t, []any{map[string]any{"name": "trademark", "port": 4001.0, "weight": 1.0}}, route.Input("spec.rules[0].backendRefs"))
}

func TestNoRetriesLeavesTheExperimentalFieldOut(t *testing.T) {
	a := enrolled(trademarkArgs())
	a.Mesh.Route = Route{TimeoutSeconds: 20}
	m, _ := run(t, a)
	route := named(t, m, httpRouteType, "trademark-route")
	assert.Nil(t, route.Input("spec.rules[0].retry"))
	assert.Equal(t, map[string]any{"request": "20s", "backendRequest": "20s"}, route.Input("spec.rules[0].timeouts"), "an attempt may take the whole budget")
}

func TestMeshCanaryWeighsTwoServicesByTheCanaryWeight(t *testing.T) {
	a := enrolled(trademarkArgs())
	a.Release = Release{Strategy: MeshCanary, CanaryWeight: 10, CandidateImage: testCandidate}
	m, _ := run(t, a)

	ds := deployments(m)
	require.Len(t, ds, 2)
	assert.Nil(t, ds["trademark"].Input("spec.replicas"), "the HPA scales the stable track")
	assert.Equal(t, 1.0, ds["trademark-canary"].Input("spec.replicas"), "10% of 3 pods rounds to one canary")
	assert.Equal(t, testCandidate, container(t, ds["trademark-canary"])["image"])
	assert.Equal(t, 3.0, named(t, m, hpaType, "trademark-hpa").Input("spec.minReplicas"), "the stable track keeps the whole baseline")

	main := named(t, m, serviceType, "trademark-service").Input("spec.selector").(map[string]any)
	assert.Equal(t, "stable", main["ip-platform.io/track"], "the load balancer, outside the mesh, only ever reaches the stable track")
	stable := named(t, m, serviceType, "trademark-service-stable").Input("spec.selector").(map[string]any)
	canary := named(t, m, serviceType, "trademark-service-canary").Input("spec.selector").(map[string]any)
	assert.Equal(t, "stable", stable["ip-platform.io/track"])
	assert.Equal(t, "canary", canary["ip-platform.io/track"])
	assert.Equal(t, "trademark", canary["app.kubernetes.io/name"])

	route := named(t, m, httpRouteType, "trademark-route")
	assert.Equal(t, []any{
		map[string]any{"name": "trademark-stable", "port": 4001.0, "weight": 90.0},
		map[string]any{"name": "trademark-canary", "port": 4001.0, "weight": 10.0},
	}, route.Input("spec.rules[0].backendRefs"), "the waypoint splits requests 90/10 whatever the replica counts")
	svc := named(t, m, serviceType, "trademark-service-canary")
	assert.Contains(t, route.DependsOn, svc.URN, "the route waits for the Services it weighs")
}

func TestMeshSettingsAreValidatedNamingTheField(t *testing.T) {
	cases := map[string]struct {
		edit func(*ServiceArgs)
		want string
	}{
		"mesh canary outside the mesh": {func(a *ServiceArgs) {
			a.Mesh = Mesh{}
			a.Release = Release{Strategy: MeshCanary, CanaryWeight: 10}
		}, "Release.Strategy meshCanary needs Mesh.Enrolled"},
		"negative retries":   {func(a *ServiceArgs) { a.Mesh.Route.Retries = -1 }, "Mesh.Route.Retries (-1)"},
		"too many retries":   {func(a *ServiceArgs) { a.Mesh.Route.Retries = 11 }, "Mesh.Route.Retries (11)"},
		"timeout too long":   {func(a *ServiceArgs) { a.Mesh.Route.TimeoutSeconds = 301 }, "Mesh.Route.TimeoutSeconds (301)"},
		"try beyond timeout": {func(a *ServiceArgs) { a.Mesh.Route.PerTryTimeoutSeconds = 11 }, "Mesh.Route.PerTryTimeoutSeconds (11) must be from 1 to TimeoutSeconds (10)"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			a := enrolled(trademarkArgs())
			tc.edit(a)
			_, err := withDefaults("trademark", a)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}
