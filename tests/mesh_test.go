package tests

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/components/mesh"
	"github.com/ip-platform/infra/components/observability"
	"github.com/ip-platform/infra/internal/config"
)

// meshTypes are the custom resources only the mesh creates.
var meshTypes = []string{
	"kubernetes:security.istio.io/v1:PeerAuthentication",
	"kubernetes:security.istio.io/v1:AuthorizationPolicy",
	"kubernetes:gateway.networking.k8s.io/v1:Gateway",
	"kubernetes:gateway.networking.k8s.io/v1:HTTPRoute",
}

// meshStacks are the example stacks that run the mesh (mesh.mode ambient).
var meshStacks = map[string]bool{"staging": true, "prod": true}

func TestStagingAndProdEnrolTheServicesInAStrictMesh(t *testing.T) {
	for _, stack := range []string{"staging", "prod"} {
		t.Run(stack, func(t *testing.T) {
			r := planStack(t, stack)
			enrolled := 0
			for _, ns := range ofType(r, "kubernetes:core/v1:Namespace") {
				name, _ := ns.Input("metadata.name").(string)
				for _, svc := range config.ServiceNames() {
					if name == svc {
						assert.Equal(t, "ambient", ns.Input(`metadata.labels["istio.io/dataplane-mode"]`), "%s: namespace %s is enrolled", stack, name)
						assert.Equal(t, mesh.WaypointName, ns.Input(`metadata.labels["istio.io/use-waypoint"]`))
						enrolled++
					}
				}
			}
			assert.Equal(t, 3, enrolled)

			strict := 0
			for _, pa := range ofType(r, "kubernetes:security.istio.io/v1:PeerAuthentication") {
				if pa.Input("metadata.namespace") == mesh.Namespace && pa.Input("spec.selector") == nil {
					assert.Equal(t, "STRICT", pa.Input("spec.mtls.mode"))
					strict++
				}
			}
			assert.Equal(t, 1, strict, "one mesh-wide PeerAuthentication")

			principal := mesh.Principal(observability.Namespace, observability.PrometheusServiceAccount)
			policies := ofType(r, "kubernetes:security.istio.io/v1:AuthorizationPolicy")
			require.Len(t, policies, 3, "an AuthorizationPolicy per service")
			for _, ap := range policies {
				assert.Equal(t, []any{principal}, ap.Input("spec.rules[1].from[0].source.principals"), "%s admits Prometheus by identity", ap.Name)
			}
			waypoints := 0
			for _, gw := range ofType(r, "kubernetes:gateway.networking.k8s.io/v1:Gateway") {
				if gw.Input("spec.gatewayClassName") == mesh.WaypointClass {
					waypoints++
				}
			}
			assert.Equal(t, 3, waypoints, "a waypoint per service namespace")

			kps := observabilityRelease(t, r, "kube-prometheus-stack")
			assert.Equal(t, "ambient", kps.Input(`values.prometheus.prometheusSpec.podMetadata.labels["istio.io/dataplane-mode"]`),
				"Prometheus joins the mesh so its scrapes carry the identity the services admit")
		})
	}
}

func TestProdReleasesRecommendationByMeshWeights(t *testing.T) {
	r := planStack(t, "prod")
	var route map[string]any
	for _, rt := range ofType(r, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute") {
		if rt.Input("metadata.namespace") == "recommendation" {
			route, _ = rt.Input("spec").(map[string]any)
		}
	}
	require.NotNil(t, route, "recommendation's strategy is meshCanary in Pulumi.prod.yaml")
	refs := route["rules"].([]any)[0].(map[string]any)["backendRefs"].([]any)
	require.Len(t, refs, 2)
	assert.Equal(t, "recommendation-stable", refs[0].(map[string]any)["name"])
	assert.Equal(t, "recommendation-canary", refs[1].(map[string]any)["name"])
}

func TestDevWithTheMeshOffHasNoMeshObjects(t *testing.T) {
	r := planStack(t, "dev")
	for _, typ := range meshTypes {
		assert.Empty(t, ofType(r, typ), "dev runs no mesh: no %s", typ)
	}
	for _, rel := range ofType(r, helmReleaseTyp) {
		assert.NotContains(t, []string{"istio-base", "istiod", "istio-cni", "ztunnel", mesh.IngressGatewayName}, rel.Input("name"))
	}
	for _, ns := range ofType(r, "kubernetes:core/v1:Namespace") {
		labels, _ := ns.Input("metadata.labels").(map[string]any)
		for k := range labels {
			assert.False(t, strings.HasPrefix(k, "istio.io/"), "namespace %s carries %s without a mesh", ns.Name, k)
		}
		assert.NotEqual(t, mesh.Namespace, ns.Input("metadata.name"))
	}
}
