package tests

import (
	"maps"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/components/mesh"
	"github.com/ip-platform/infra/internal/config"
	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/plan"
)

const httpRouteType = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute"

// routeIn returns the HTTPRoute named name in namespace ns.
func routeIn(t *testing.T, r *plan.Result, ns, name string) offline.Resource {
	t.Helper()
	return serviceObject(t, r, httpRouteType, ns, name)
}

func TestWithTheMeshTheALBSendsEveryPathToTheIngressGateway(t *testing.T) {
	for stack := range meshStacks {
		t.Run(stack, func(t *testing.T) {
			r := planStack(t, stack)
			ingresses := ofType(r, ingressType)
			require.Len(t, ingresses, 1)
			ing := ingresses[0]
			assert.Equal(t, mesh.IngressNamespace, ing.Input("metadata.namespace"), "the Ingress lives in the gateway's namespace, none in a service namespace")
			assert.Equal(t, "/", ing.Input("spec.rules[0].http.paths[0].path"))
			assert.Equal(t, "Prefix", ing.Input("spec.rules[0].http.paths[0].pathType"))
			assert.Equal(t, mesh.IngressGatewayName, ing.Input("spec.rules[0].http.paths[0].backend.service.name"))
			assert.Equal(t, 80.0, ing.Input("spec.rules[0].http.paths[0].backend.service.port.number"))
			assert.Equal(t, "15021", albAnnotation(ing, "healthcheck-port"), "the ALB health-checks the gateway's readiness port")
			assert.Equal(t, "/healthz/ready", albAnnotation(ing, "healthcheck-path"))
			assert.Equal(t, "ip", albAnnotation(ing, "target-type"))

			chart := ofType(r, helmReleaseType)
			var gw offline.Resource
			for _, c := range chart {
				if c.Input("name") == mesh.IngressGatewayName {
					gw = c
				}
			}
			require.NotEmpty(t, gw.Name, "the gateway chart is installed")
			assert.Equal(t, "gateway", gw.Input("chart"))
			assert.Equal(t, mesh.IstioVersion, gw.Input("version"), "the gateway moves with the control plane")
			assert.Equal(t, "ClusterIP", gw.Input("values.service.type"), "no second load balancer in front of the gateway")
			wantMin := map[string]float64{"staging": 2, "prod": 3}[stack]
			assert.Equal(t, wantMin, gw.Input("values.autoscaling.minReplicas"))
			assert.Equal(t, 1.0, gw.Input("values.podDisruptionBudget.minAvailable"))
			assert.Equal(t, "topology.kubernetes.io/zone", gw.Input("values.topologySpreadConstraints[0].topologyKey"))
			assert.Equal(t, "RuntimeDefault", gw.Input("values.securityContext.seccompProfile.type"))
			assert.NotEmpty(t, gw.Input("values.resources.limits.cpu"))

			ns := serviceObject(t, r, "kubernetes:core/v1:Namespace", "", mesh.IngressNamespace)
			assert.Equal(t, "restricted", ns.Input(`metadata.labels["pod-security.kubernetes.io/enforce"]`))
		})
	}
}

// TestEdgeRoutesCarryTheServicesOwnRouteRule: one config (services.<name>.mesh and .release)
// governs the edge and the in-cluster route alike.
func TestEdgeRoutesCarryTheServicesOwnRouteRule(t *testing.T) {
	for stack := range meshStacks {
		t.Run(stack, func(t *testing.T) {
			r := planStack(t, stack)
			for _, svc := range config.ServiceNames() {
				edge := routeIn(t, r, svc, svc+"-edge")
				inside := routeIn(t, r, svc, svc)
				assert.Equal(t, []any{map[string]any{
					"group": "gateway.networking.k8s.io", "kind": "Gateway", "namespace": mesh.IngressNamespace,
					"name": mesh.IngressGatewayName, "sectionName": mesh.IngressListener,
				}}, edge.Input("spec.parentRefs"))
				assert.Equal(t, []any{"api." + stack + ".ip-platform.example.com"}, edge.Input("spec.hostnames"))
				assert.Equal(t, "/"+svc, edge.Input("spec.rules[0].matches[0].path.value"))
				edgeRule := maps.Clone(edge.Input("spec.rules[0]").(map[string]any))
				delete(edgeRule, "matches")
				assert.Equal(t, inside.Input("spec.rules[0]"), edgeRule, "%s: backends, weights, timeouts and retries are the same at the edge and inside", svc)
			}
		})
	}
}

func TestACanaryWeightOfTenSplitsNinetyTenAtTheEdgeAndInside(t *testing.T) {
	file := stackFileWith(t, "prod", map[string]any{
		"strategy": "meshCanary", "canaryWeight": 10, "candidate": map[string]any{"tag": "1.1.0"},
	}, "ip-platform:services", "recommendation", "release")
	r, err := plan.Compute(projectDir, "prod", file)
	require.NoError(t, err)
	for _, name := range []string{"recommendation-edge", "recommendation"} {
		route := routeIn(t, r, "recommendation", name)
		assert.Equal(t, []any{
			map[string]any{"name": "recommendation-stable", "port": 3000.0, "weight": 90.0},
			map[string]any{"name": "recommendation-canary", "port": 3000.0, "weight": 10.0},
		}, route.Input("spec.rules[0].backendRefs"), name)
	}
}

func TestServicesAdmitTheIngressGatewaysIdentityAndPodsOnly(t *testing.T) {
	for stack := range meshStacks {
		t.Run(stack, func(t *testing.T) {
			r := planStack(t, stack)
			for name, s := range spec {
				ap := serviceObject(t, r, "kubernetes:security.istio.io/v1:AuthorizationPolicy", name, name)
				assert.Equal(t, map[string]any{"principals": []any{"cluster.local/ns/istio-ingress/sa/ingress-gateway"}}, ap.Input("spec.rules[0].from[0].source"),
					"%s: the API port admits the gateway's identity alone", name)
				api := s.ports[0].(float64)
				assert.Equal(t, []any{strconv.Itoa(int(api))}, ap.Input("spec.rules[0].to[0].operation.ports"))

				in := serviceObject(t, r, netpolType, name, name+"-ingress")
				assert.Equal(t, map[string]any{"kubernetes.io/metadata.name": mesh.IngressNamespace}, in.Input("spec.ingress[0].from[0].namespaceSelector.matchLabels"))
				assert.Equal(t, map[string]any{"app": "ingress-gateway", "istio": "ingress-gateway"}, in.Input("spec.ingress[0].from[0].podSelector.matchLabels"))
				assert.Equal(t, api, in.Input("spec.ingress[0].ports[0].port"))
				assert.Equal(t, 15008.0, in.Input("spec.ingress[0].ports[1].port"), "the gateway reaches the pod over HBONE")
			}
		})
	}
}

func TestDevKeepsTheALBInFrontOfTheServices(t *testing.T) {
	r := planStack(t, "dev")
	assert.Empty(t, ofType(r, "ip-platform:mesh:IngressGateway"))
	for _, ing := range ofType(r, ingressType) {
		assert.NotEqual(t, mesh.IngressNamespace, ing.Input("metadata.namespace"))
	}
	for _, rt := range ofType(r, httpRouteType) {
		t.Errorf("dev has no mesh, yet routes %s", rt.Name)
	}
}
