package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMeshIsOnInStagingAndProdAndOffInDev(t *testing.T) {
	prod, err := parse(validProd())
	require.NoError(t, err)
	assert.Equal(t, Mesh{Mode: MeshAmbient, InstallGatewayAPICRDs: true, IngressGateway: IngressGateway{MinReplicas: 3, MaxReplicas: 9}}, prod.Mesh, "the mesh installs the Gateway API CRDs unless told the cluster has them")
	assert.True(t, prod.Mesh.Enabled())

	staging, err := parse(with(validProd(), map[string]string{"ip-platform:environment": "staging", "ip-platform:nodePools": "[]"}))
	require.NoError(t, err)
	assert.Equal(t, MeshAmbient, staging.Mesh.Mode)

	dev, err := parse(with(validProd(), map[string]string{"ip-platform:environment": "dev", "ip-platform:nodePools": "[]"}))
	require.NoError(t, err)
	assert.Equal(t, MeshOff, dev.Mesh.Mode)
	assert.False(t, dev.Mesh.Enabled())

	devOn, err := parse(with(validProd(), map[string]string{"ip-platform:environment": "dev", "ip-platform:nodePools": "[]", "ip-platform:mesh": `{"mode":"ambient"}`}))
	require.NoError(t, err)
	assert.True(t, devOn.Mesh.Enabled(), "dev may turn the mesh on")

	own, err := parse(with(validProd(), map[string]string{"ip-platform:mesh": `{"installGatewayApiCrds":false}`}))
	require.NoError(t, err)
	assert.Equal(t, Mesh{Mode: MeshAmbient, InstallGatewayAPICRDs: false, IngressGateway: IngressGateway{MinReplicas: 3, MaxReplicas: 9}}, own.Mesh, "the profile's mode stays when only the CRDs are set")

	_, err = parse(with(validProd(), map[string]string{"ip-platform:mesh": `{"installGatewayApiCrds":"no"}`}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ip-platform:mesh.installGatewayApiCrds")
}

func TestServiceMeshSettingsDefaultAndOverride(t *testing.T) {
	cfg, err := parse(with(validProd(), map[string]string{"ip-platform:services": `{
		"trademark": {"image": {"tag": "1.4.2"}, "mesh": {"timeoutSeconds": 30, "retries": 0, "perTryTimeoutSeconds": 30},
			"release": {"strategy": "meshCanary", "canaryWeight": 20, "candidate": {"tag": "1.5.0"}}},
		"copyright": {"image": {"tag": "2.0.1"}},
		"recommendation": {"image": {"tag": "3.1.0"}}}`}))
	require.NoError(t, err)
	assert.Equal(t, ServiceMesh{TimeoutSeconds: 30, Retries: 0, PerTryTimeoutSeconds: 30}, cfg.Services[0].Mesh)
	assert.Equal(t, Release{Strategy: StrategyMeshCanary, CanaryWeight: 20, Candidate: Image{Tag: "1.5.0"}}, cfg.Services[0].Release)
	assert.Equal(t, ServiceMesh{TimeoutSeconds: 15, Retries: 2, PerTryTimeoutSeconds: 5}, cfg.Services[1].Mesh, "unset settings keep the defaults")
}

func TestMeshRejectsBadInputNamingTheKey(t *testing.T) {
	tag := `"image":{"tag":"1.0.0"}`
	services := func(trademark string) string {
		return `{"trademark":{` + trademark + `},"copyright":{` + tag + `},"recommendation":{` + tag + `}}`
	}
	cases := []struct {
		desc     string
		changes  map[string]string
		key      string
		fragment string
	}{
		{"unknown mesh mode", map[string]string{"ip-platform:mesh": `{"mode":"sidecar"}`}, "ip-platform:mesh.mode", `must be ambient or off, got "sidecar"`},
		{"misspelt mesh field", map[string]string{"ip-platform:mesh": `{"mod":"ambient"}`}, "ip-platform:mesh.mod", "not a known key"},
		{"negative retries", map[string]string{"ip-platform:services": services(tag + `,"mesh":{"retries":-1}`)},
			"ip-platform:services.trademark.mesh.retries", "from 0 (no retry) to 10, got -1"},
		{"too many retries", map[string]string{"ip-platform:services": services(tag + `,"mesh":{"retries":11}`)},
			"ip-platform:services.trademark.mesh.retries", "got 11"},
		{"zero timeout", map[string]string{"ip-platform:services": services(tag + `,"mesh":{"timeoutSeconds":0}`)},
			"ip-platform:services.trademark.mesh.timeoutSeconds", "from 1 to 300"},
		{"try beyond the budget", map[string]string{"ip-platform:services": services(tag + `,"mesh":{"timeoutSeconds":10,"perTryTimeoutSeconds":11}`)},
			"ip-platform:services.trademark.mesh.perTryTimeoutSeconds", "from 1 to mesh.timeoutSeconds (10)"},
		{"retries as text", map[string]string{"ip-platform:services": services(tag + `,"mesh":{"retries":"two"}`)},
			"ip-platform:services.trademark.mesh.retries", "whole number"},
		{"mesh canary with the mesh off", map[string]string{
			"ip-platform:mesh":     `{"mode":"off"}`,
			"ip-platform:services": services(tag + `,"release":{"strategy":"meshCanary","canaryWeight":10}`),
		}, "ip-platform:services.trademark.release.strategy", "meshCanary needs the service mesh: set ip-platform:mesh.mode to ambient"},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			_, err := parse(with(validProd(), tc.changes))
			assert.Contains(t, problemNaming(t, err, tc.key), tc.fragment)
		})
	}
}

func TestIngressGatewaySizeIsValidatedNamingTheKey(t *testing.T) {
	cases := map[string]struct {
		env, mesh, want string
	}{
		"one gateway pod in prod":   {"prod", `{"ingressGateway":{"minReplicas":1}}`, "ip-platform:mesh.ingressGateway.minReplicas must be from 2 to 20 in prod, got 1"},
		"max below min":             {"prod", `{"ingressGateway":{"minReplicas":4,"maxReplicas":3}}`, "ip-platform:mesh.ingressGateway.maxReplicas must be from mesh.ingressGateway.minReplicas (4) to 20, got 3"},
		"beyond the ceiling":        {"prod", `{"ingressGateway":{"maxReplicas":21}}`, "ip-platform:mesh.ingressGateway.maxReplicas"},
		"zero in staging":           {"staging", `{"ingressGateway":{"minReplicas":0}}`, "ip-platform:mesh.ingressGateway.minReplicas must be from 1 to 20 in staging, got 0"},
		"a misspelt field is named": {"prod", `{"ingressGateway":{"replicas":2}}`, "ip-platform:mesh.ingressGateway.replicas"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			values := map[string]string{"ip-platform:environment": tc.env, "ip-platform:mesh": tc.mesh}
			if tc.env != "prod" {
				values["ip-platform:nodePools"] = "[]"
			}
			_, err := parse(with(validProd(), values))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	ok, err := parse(with(validProd(), map[string]string{"ip-platform:mesh": `{"ingressGateway":{"minReplicas":2,"maxReplicas":2}}`}))
	require.NoError(t, err)
	assert.Equal(t, IngressGateway{MinReplicas: 2, MaxReplicas: 2}, ok.Mesh.IngressGateway)
}
