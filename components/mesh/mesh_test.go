package mesh

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/charts"
	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

const (
	releaseType   = "kubernetes:helm.sh/v3:Release"
	namespaceType = "kubernetes:core/v1:Namespace"
	peerAuthType  = "kubernetes:security.istio.io/v1:PeerAuthentication"
	authzType     = "kubernetes:security.istio.io/v1:AuthorizationPolicy"
	gatewayType   = "kubernetes:gateway.networking.k8s.io/v1:Gateway"
	netpolType    = "kubernetes:networking.k8s.io/v1:NetworkPolicy"
	configFile    = "kubernetes:yaml/v2:ConfigFile"
)

func runMesh(t *testing.T, args *MeshArgs) *offline.Mocks {
	t.Helper()
	return offlinetest.Run(t, func(ctx *pulumi.Context) error {
		_, err := NewMesh(ctx, "mesh", args)
		return err
	})
}

func TestControlPlaneIsFourReleasesPinnedToOneIstio(t *testing.T) {
	m := runMesh(t, nil)
	for name, release := range map[string]string{"mesh-base": "istio-base", "mesh-istiod": "istiod", "mesh-cni": "istio-cni", "mesh-ztunnel": "ztunnel"} {
		r := offlinetest.Must(t, m, releaseType, name)
		assert.Equal(t, release, r.Input("name"))
		assert.Equal(t, IstioVersion, r.Input("version"), "%s must be pinned to the one Istio version", name)
		assert.Equal(t, "https://istio-release.storage.googleapis.com/charts", r.Input("repositoryOpts.repo"))
		assert.Equal(t, Namespace, r.Input("namespace"))
		assert.Nil(t, r.Input("createNamespace"), "the namespace is the component's, not Helm's")
	}
	assert.Len(t, m.OfType(releaseType), 4)
	offlinetest.AssertSubtree(t, m, "ip-platform:mesh:Mesh", "mesh")
}

func TestChartsRunInAmbientModeWithRequestsAndLimits(t *testing.T) {
	m := runMesh(t, &MeshArgs{IstiodReplicas: 2})
	istiod := offlinetest.Must(t, m, releaseType, "mesh-istiod")
	assert.Equal(t, "ambient", istiod.Input("values.profile"))
	assert.Equal(t, 2.0, istiod.Input("values.pilot.replicaCount"))
	assert.Equal(t, false, istiod.Input("values.pilot.autoscaleEnabled"))
	assert.Equal(t, true, istiod.Input("values.global.defaultPodDisruptionBudget.enabled"), "two istiods keep one through a drain")
	assert.Equal(t, "RuntimeDefault", istiod.Input("values.gateways.seccompProfile.type"), "waypoints must be admitted by restricted namespaces")
	assert.Equal(t, "istio-system", istiod.Input("values.meshConfig.rootNamespace"))

	cni := offlinetest.Must(t, m, releaseType, "mesh-cni")
	assert.Equal(t, "ambient", cni.Input("values.profile"))
	assert.Equal(t, true, cni.Input("values.ambient.enabled"))
	ztunnel := offlinetest.Must(t, m, releaseType, "mesh-ztunnel")
	assert.Nil(t, ztunnel.Input("values.profile"), "the ztunnel chart has no ambient profile")
	assert.Equal(t, []any{map[string]any{"operator": "Exists"}}, ztunnel.Input("values.tolerations"), "ztunnel runs on tainted pools too")

	for _, c := range []struct {
		r    offline.Resource
		path string
	}{
		{istiod, "values.pilot.resources"}, {istiod, "values.global.waypoint.resources"},
		{cni, "values.resources"}, {ztunnel, "values.resources"},
	} {
		r, path := c.r, c.path
		res, ok := r.Input(path).(map[string]any)
		require.True(t, ok, "%s: %s missing", r.Name, path)
		for _, kind := range []string{"requests", "limits"} {
			q, ok := res[kind].(map[string]any)
			require.True(t, ok, "%s %s has no %s", r.Name, path, kind)
			assert.NotEmpty(t, q["cpu"], "%s %s.%s.cpu", r.Name, path, kind)
			assert.NotEmpty(t, q["memory"], "%s %s.%s.memory", r.Name, path, kind)
		}
	}
}

func TestWaypointsFitTheSmallestServiceLimitRange(t *testing.T) {
	// trademark and copyright cap a container at 500m and 1Gi (their LimitRange max).
	assert.Equal(t, "500m", WaypointResources.Limits.CPU)
	assert.Equal(t, "512Mi", WaypointResources.Limits.Memory)
}

func TestReleasesInstallInDependencyOrder(t *testing.T) {
	m := runMesh(t, nil)
	urn := func(name string) string { return offlinetest.Must(t, m, releaseType, name).URN }
	assert.Contains(t, offlinetest.Must(t, m, releaseType, "mesh-istiod").DependsOn, urn("mesh-base"), "istiod needs the CRDs")
	zt := offlinetest.Must(t, m, releaseType, "mesh-ztunnel").DependsOn
	assert.Contains(t, zt, urn("mesh-istiod"), "ztunnel gets its certificates from istiod")
	assert.Contains(t, zt, urn("mesh-cni"), "istio-cni redirects the traffic ztunnel takes")
}

func TestControlPlaneNamespaceIsPrivilegedAndOurs(t *testing.T) {
	m := runMesh(t, nil)
	ns := offlinetest.Must(t, m, namespaceType, "mesh-namespace")
	assert.Equal(t, "istio-system", ns.Input("metadata.name"))
	labels := ns.Input("metadata.labels").(map[string]any)
	assert.Equal(t, "privileged", labels["pod-security.kubernetes.io/enforce"], "istio-cni and ztunnel need host access")
	assert.Equal(t, "restricted", labels["pod-security.kubernetes.io/warn"])
	assert.Equal(t, "restricted", labels["pod-security.kubernetes.io/audit"])
}

func TestMutualTLSIsStrictMeshWide(t *testing.T) {
	m := runMesh(t, nil)
	pa := offlinetest.Must(t, m, peerAuthType, "mesh-mtls-strict")
	assert.Equal(t, "default", pa.Input("metadata.name"))
	assert.Equal(t, "istio-system", pa.Input("metadata.namespace"), "the root namespace makes it mesh-wide")
	assert.Equal(t, "STRICT", pa.Input("spec.mtls.mode"))
	assert.Nil(t, pa.Input("spec.selector"), "no selector: every workload")
	for _, dep := range []string{"mesh-base", "mesh-istiod"} {
		assert.Contains(t, pa.DependsOn, offlinetest.Must(t, m, releaseType, dep).URN, "waits for %s", dep)
	}
}

func TestGatewayAPICRDsComeFromThePinnedExperimentalRelease(t *testing.T) {
	m := runMesh(t, nil)
	crds := offlinetest.Must(t, m, configFile, "mesh-gateway-api-crds")
	assert.Equal(t, "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/experimental-install.yaml", crds.Input("file"))

	skipped := runMesh(t, &MeshArgs{SkipGatewayAPICRDs: true})
	assert.Empty(t, skipped.OfType(configFile), "where the CRDs are applied by someone else, the mesh leaves them alone")
}

func TestSkippedChartsKeepTheMeshObjects(t *testing.T) {
	skip := &charts.Skip{}
	m := runMesh(t, &MeshArgs{Charts: skip, SkipGatewayAPICRDs: true})
	assert.Empty(t, m.OfType(releaseType))
	assert.Len(t, skip.Skipped(), 4)
	offlinetest.Must(t, m, peerAuthType, "mesh-mtls-strict")
	offlinetest.Must(t, m, namespaceType, "mesh-namespace")
}

func TestIstiodReplicasAreBounded(t *testing.T) {
	_, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
		_, err := NewMesh(ctx, "mesh", &MeshArgs{IstiodReplicas: 4})
		return err
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "IstiodReplicas (4)")
}
