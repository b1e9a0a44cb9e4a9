package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// validServices pins every service's image, the one thing a stack must always say.
const validServices = `{"trademark":{"image":{"tag":"1.4.2"}},"copyright":{"image":{"tag":"2.0.1"}},
	"recommendation":{"image":{"digest":"sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}}}`

func TestServicesDefaultToTheSpecAndTheProfile(t *testing.T) {
	cfg, err := parse(validProd())
	require.NoError(t, err)
	require.Len(t, cfg.Services, 3)

	want := map[string]struct {
		api, mgmt int
		limits    Quantities
		requests  Quantities
	}{
		"trademark":      {4001, 4002, Quantities{"500m", "1Gi", "1Gi"}, Quantities{"250m", "512Mi", "256Mi"}},
		"copyright":      {4003, 4004, Quantities{"500m", "1Gi", "1Gi"}, Quantities{"250m", "512Mi", "256Mi"}},
		"recommendation": {3000, 3000, Quantities{"1000m", "2Gi", "1Gi"}, Quantities{"500m", "1Gi", "256Mi"}},
	}
	for _, s := range cfg.Services {
		w := want[s.Name]
		assert.Equal(t, w.limits, s.Limits, "%s limits must be the spec's", s.Name)
		assert.Equal(t, w.requests, s.Requests, "%s requests come from the prod profile", s.Name)
		assert.Equal(t, w.api, s.APIPort, "%s API port", s.Name)
		assert.Equal(t, w.mgmt, s.ManagementPort, "%s management port", s.Name)
		assert.Equal(t, Replicas{Min: 3, Max: 10}, s.Replicas)
		assert.Equal(t, StrategyRolling, s.Release.Strategy)
	}
	assert.Equal(t, "111122223333.dkr.ecr.eu-west-1.amazonaws.com/ip-platform/prod/trademark:1.4.2", cfg.Services[0].Image.Reference())
	assert.Equal(t, "111122223333.dkr.ecr.eu-west-1.amazonaws.com/ip-platform/prod/recommendation@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		cfg.Services[2].Image.Reference())
}

func TestDevRequestsAreAQuarterOfTheLimits(t *testing.T) {
	cfg, err := parse(with(validProd(), map[string]string{
		"ip-platform:environment": "dev",
		"ip-platform:nodePools":   "[]",
	}))
	require.NoError(t, err)
	assert.Equal(t, Quantities{CPU: "125m", Memory: "256Mi", EphemeralStorage: "128Mi"}, cfg.Services[0].Requests)
	assert.Equal(t, Replicas{Min: 1, Max: 2}, cfg.Services[0].Replicas)
}

func TestServiceSettingsOverrideDefaults(t *testing.T) {
	cfg, err := parse(with(validProd(), map[string]string{"ip-platform:services": `{
		"trademark": {"image": {"repository": "registry.example.com/ip/trademark", "tag": "1.4.2"},
			"requests": {"cpu": "0.3", "memory": "600Mi"}, "replicas": {"min": 4, "max": 12},
			"release": {"strategy": "canary", "canaryWeight": 25, "candidate": {"tag": "1.5.0-rc.1"}},
			"featureFlags": {"NEW_SEARCH": true, "PAGE_SIZE": 50, "MODE": "fast"}},
		"copyright": {"image": {"tag": "2.0.1"}, "release": {"strategy": "blueGreen", "activeColor": "green"}},
		"recommendation": {"image": {"tag": "3.1.0"}}}`}))
	require.NoError(t, err)

	tm := cfg.Services[0]
	assert.Equal(t, "registry.example.com/ip/trademark:1.4.2", tm.Image.Reference())
	assert.Equal(t, Quantities{CPU: "0.3", Memory: "600Mi", EphemeralStorage: "256Mi"}, tm.Requests)
	assert.Equal(t, Quantities{CPU: "500m", Memory: "1Gi", EphemeralStorage: "1Gi"}, tm.Limits, "unset limits keep the spec's and the profile's")
	assert.Equal(t, Replicas{Min: 4, Max: 12}, tm.Replicas)
	assert.Equal(t, Release{Strategy: StrategyCanary, CanaryWeight: 25, Candidate: Image{Tag: "1.5.0-rc.1"}}, tm.Release)
	assert.Equal(t, "registry.example.com/ip/trademark:1.5.0-rc.1", tm.CandidateImage().Reference(), "the candidate lives in the service's repository")
	assert.Equal(t, map[string]string{"NEW_SEARCH": "true", "PAGE_SIZE": "50", "MODE": "fast"}, tm.FeatureFlags)

	cr := cfg.Services[1]
	assert.Equal(t, "green", cr.Release.ActiveColor)
	assert.Equal(t, cr.Image, cr.CandidateImage(), "without a candidate the idle color runs the service image")
}

// TestServiceQuantitiesAcceptWhatTheCLIStores: `pulumi config set --path
// ip-platform:services.trademark.limits.cpu 2` stores the number 2 (found by the real-engine check
// driving the CLI), which means two cores, as the string "2" does.
func TestServiceQuantitiesAcceptWhatTheCLIStores(t *testing.T) {
	tag := `"image":{"tag":"1.0.0"}`
	cases := []struct {
		limits, want string
	}{
		{`{"cpu":2}`, "2"},
		{`{"cpu":0.75}`, "0.75"},
		{`{"cpu":"2"}`, "2"},
	}
	for _, tc := range cases {
		cfg, err := parse(with(validProd(), map[string]string{"ip-platform:services": `{"trademark":{` + tag + `,"limits":` + tc.limits + `},"copyright":{` + tag + `},"recommendation":{` + tag + `}}`}))
		require.NoError(t, err, tc.limits)
		assert.Equal(t, tc.want, cfg.Services[0].Limits.CPU, tc.limits)
	}
}

func TestServicesRejectBadInputNamingTheKey(t *testing.T) {
	tag := `"image":{"tag":"1.0.0"}`
	services := func(trademark string) map[string]string {
		return map[string]string{"ip-platform:services": `{"trademark":{` + trademark + `},"copyright":{` + tag + `},"recommendation":{` + tag + `}}`}
	}
	cases := []struct {
		desc     string
		changes  map[string]string
		key      string
		fragment string
	}{
		{"malformed cpu limit", services(tag + `,"limits":{"cpu":"500"}`), "ip-platform:services.trademark.limits.cpu", "did you mean 500m"},
		{"memory without binary suffix", services(tag + `,"limits":{"memory":"500"}`), "ip-platform:services.trademark.limits.memory", "Mi or Gi"},
		// `pulumi config set --path ...limits.memory 1024` stores a number: judged like "1024".
		{"memory as a number", services(tag + `,"limits":{"memory":1024}`), "ip-platform:services.trademark.limits.memory", "Mi or Gi"},
		{"cpu as a boolean", services(tag + `,"limits":{"cpu":true}`), "ip-platform:services.trademark.limits.cpu", "must be a string"},
		{"decimal memory", services(tag + `,"requests":{"memory":"1.5Gi"}`), "ip-platform:services.trademark.requests.memory", "Mi or Gi"},
		{"limit below request", services(tag + `,"requests":{"cpu":"750m"}`), "ip-platform:services.trademark.limits.cpu", "at least requests.cpu (750m)"},
		{"memory limit below request", services(tag + `,"limits":{"memory":"256Mi"}`), "ip-platform:services.trademark.limits.memory", "at least requests.memory"},
		{"unknown strategy", services(tag + `,"release":{"strategy":"shadow"}`), "ip-platform:services.trademark.release.strategy", `got "shadow"`},
		{"canary weight 150", services(tag + `,"release":{"strategy":"canary","canaryWeight":150}`), "ip-platform:services.trademark.release.canaryWeight", "0 to 100"},
		{"negative canary weight", services(tag + `,"release":{"strategy":"canary","canaryWeight":-5}`), "ip-platform:services.trademark.release.canaryWeight", "0 to 100"},
		{"weight without canary", services(tag + `,"release":{"canaryWeight":10}`), "ip-platform:services.trademark.release.canaryWeight", "only to strategies canary and meshCanary"},
		{"unknown color", services(tag + `,"release":{"strategy":"blueGreen","activeColor":"red"}`), "ip-platform:services.trademark.release.activeColor", "blue or green"},
		{"candidate latest", services(tag + `,"release":{"strategy":"canary","candidate":{"tag":"latest"}}`), "ip-platform:services.trademark.release.candidate.tag", "must not be latest"},
		{"unknown service", map[string]string{"ip-platform:services": `{"trademark":{` + tag + `},"copyright":{` + tag + `},"recommendation":{` + tag + `},"patent":{` + tag + `}}`},
			"ip-platform:services.patent", "not a known service; allowed: trademark, copyright, recommendation"},
		{"missing tag", services(`"image":{}`), "ip-platform:services.trademark.image.tag", "is required"},
		{"latest", services(`"image":{"tag":"latest"}`), "ip-platform:services.trademark.image.tag", "must not be latest"},
		{"short digest", services(`"image":{"digest":"sha256:abc"}`), "ip-platform:services.trademark.image.digest", "64"},
		{"tag in repository", services(`"image":{"repository":"repo.example.com/x:1.0","tag":"1.0"}`), "ip-platform:services.trademark.image.repository", "without tag"},
		{"min below zones in prod", services(tag + `,"replicas":{"min":2}`), "ip-platform:services.trademark.replicas.min", "one pod per zone"},
		{"max below min", services(tag + `,"replicas":{"max":2}`), "ip-platform:services.trademark.replicas.max", "from replicas.min (3)"},
		{"bad flag name", services(tag + `,"featureFlags":{"new-search":"on"}`), "ip-platform:services.trademark.featureFlags.new-search", "flag name"},
		{"flag as list", services(tag + `,"featureFlags":{"A":[1]}`), "ip-platform:services.trademark.featureFlags.A", "string, boolean or number"},
		{"misspelt field", services(tag + `,"limit":{"cpu":"1"}`), "ip-platform:services.trademark.limit", "not a known key"},
		{"no account", map[string]string{"ip-platform:accountId": "<unset>"}, "ip-platform:accountId", "is required"},
		{"bad account", map[string]string{"ip-platform:accountId": "1111-2222-3333"}, "ip-platform:accountId", "12-digit"},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			_, err := parse(with(validProd(), tc.changes))
			assert.Contains(t, problemNaming(t, err, tc.key), tc.fragment)
		})
	}
}
