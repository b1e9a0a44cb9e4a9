package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSecurityDefaultsFollowTheEnvironment(t *testing.T) {
	cases := []struct {
		env   string
		zones string
		want  Security
	}{
		{"dev", `["eu-west-1a","eu-west-1b"]`,
			Security{GuardDuty: GuardDuty{Enabled: false, RuntimeMonitoring: true}, FindingSeverityThreshold: 7, EnhancedScanning: false}},
		{"staging", `["eu-west-1a","eu-west-1b"]`,
			Security{GuardDuty: GuardDuty{Enabled: true, RuntimeMonitoring: true}, FindingSeverityThreshold: 7, EnhancedScanning: true}},
		{"prod", `["eu-west-1a","eu-west-1b","eu-west-1c"]`,
			Security{GuardDuty: GuardDuty{Enabled: true, RuntimeMonitoring: true}, FindingSeverityThreshold: 4, EnhancedScanning: true}},
	}
	for _, tc := range cases {
		t.Run(tc.env, func(t *testing.T) {
			cfg, err := parse(with(validProd(), map[string]string{
				"ip-platform:environment":       tc.env,
				"ip-platform:availabilityZones": tc.zones,
				"ip-platform:nodePools":         "<unset>",
			}))
			require.NoError(t, err)
			assert.Equal(t, tc.want, cfg.Security, "security settings of %s", tc.env)
		})
	}
}

func TestStackFileOverridesSecurityProfile(t *testing.T) {
	cfg, err := parse(with(validProd(), map[string]string{
		"ip-platform:security": `{"guardDuty":{"runtimeMonitoring":false},"findingSeverityThreshold":5.5}`,
	}))
	require.NoError(t, err)
	assert.Equal(t, Security{GuardDuty: GuardDuty{Enabled: true, RuntimeMonitoring: false}, FindingSeverityThreshold: 5.5, EnhancedScanning: true},
		cfg.Security, "fields the stack leaves out keep the profile's value")

	cfg, err = parse(with(validProd(), map[string]string{
		"ip-platform:environment":       "dev",
		"ip-platform:availabilityZones": `["eu-west-1a","eu-west-1b"]`,
		"ip-platform:security":          `{"guardDuty":{"enabled":true,"agentVersion":"v1.10.0-eksbuild.2"},"enhancedScanning":true}`,
	}))
	require.NoError(t, err)
	assert.Equal(t, GuardDuty{Enabled: true, RuntimeMonitoring: true, AgentVersion: "v1.10.0-eksbuild.2"}, cfg.Security.GuardDuty,
		"a dev stack turning GuardDuty on gets runtime monitoring with it")
	assert.True(t, cfg.Security.EnhancedScanning)
}

func TestSeverityThresholdBoundsAreAccepted(t *testing.T) {
	for raw, want := range map[string]float64{"1": 1, "1.0": 1, "4": 4, "6.5": 6.5, "8.9": 8.9} {
		cfg, err := parse(with(validProd(), map[string]string{"ip-platform:security": `{"findingSeverityThreshold":` + raw + `}`}))
		if assert.NoError(t, err, "GuardDuty severity %s is a valid threshold", raw) {
			assert.Equal(t, want, cfg.Security.FindingSeverityThreshold)
		}
	}
}

func TestParseRejectsBadSecurity(t *testing.T) {
	sec := func(v string) map[string]string { return map[string]string{"ip-platform:security": v} }
	const threshold = "ip-platform:security.findingSeverityThreshold"
	cases := []struct {
		name    string
		changes map[string]string
		key     string
		allowed string
	}{
		{"severity 0", sec(`{"findingSeverityThreshold":0}`), threshold, "from 1.0 to 8.9"},
		{"severity just below 1", sec(`{"findingSeverityThreshold":0.9}`), threshold, "from 1.0 to 8.9"},
		{"severity 9", sec(`{"findingSeverityThreshold":9}`), threshold, "from 1.0 to 8.9"},
		{"severity 10", sec(`{"findingSeverityThreshold":10}`), threshold, "from 1.0 to 8.9"},
		{"severity just above 8.9", sec(`{"findingSeverityThreshold":8.95}`), threshold, "from 1.0 to 8.9"},
		{"negative severity", sec(`{"findingSeverityThreshold":-4}`), threshold, "from 1.0 to 8.9"},
		{"severity as a word", sec(`{"findingSeverityThreshold":"HIGH"}`), threshold, `number from 1.0 to 8.9, got "HIGH"`},
		{"severity as a quoted number", sec(`{"findingSeverityThreshold":"7"}`), threshold, `number from 1.0 to 8.9, got "7"`},
		{"severity as a boolean", sec(`{"findingSeverityThreshold":true}`), threshold, "number from 1.0 to 8.9, got true"},
		{"severity as a list", sec(`{"findingSeverityThreshold":[7]}`), threshold, "number from 1.0 to 8.9, got a list"},
		{"enabled not a boolean", sec(`{"guardDuty":{"enabled":"yes"}}`), "ip-platform:security.guardDuty.enabled", "true or false"},
		{"enhanced scanning not a boolean", sec(`{"enhancedScanning":1}`), "ip-platform:security.enhancedScanning", "true or false"},
		{"guardDuty not an object", sec(`{"guardDuty":true}`), "ip-platform:security.guardDuty", "must be an object"},
		{"misspelt security field", sec(`{"severityThreshold":7}`), "ip-platform:security.severityThreshold", "not a known key; allowed: guardDuty, findingSeverityThreshold, enhancedScanning"},
		{"misspelt guardDuty field", sec(`{"guardDuty":{"eksRuntime":true}}`), "ip-platform:security.guardDuty.eksRuntime", "not a known key; allowed: enabled, runtimeMonitoring, agentVersion"},
		{"runtime monitoring without detector", sec(`{"guardDuty":{"enabled":false,"runtimeMonitoring":true}}`), "ip-platform:security.guardDuty.runtimeMonitoring", "needs ip-platform:security.guardDuty.enabled"},
		{"agent without runtime monitoring", sec(`{"guardDuty":{"runtimeMonitoring":false,"agentVersion":"v1.10.0-eksbuild.2"}}`), "ip-platform:security.guardDuty.agentVersion", "only with runtime monitoring"},
		{"agent version not an EKS version", sec(`{"guardDuty":{"agentVersion":"1.10.0"}}`), "ip-platform:security.guardDuty.agentVersion", "EKS add-on version like v1.10.0-eksbuild.2"},
		{"security not an object", sec(`[true]`), "ip-platform:security", "must be an object"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := parse(with(validProd(), tc.changes))
			require.Error(t, err, "a stack with %s must not parse", tc.name)
			assert.Nil(t, cfg)
			assert.Contains(t, err.Error(), tc.key+" ", "the message must name the key path")
			assert.Contains(t, err.Error(), tc.allowed, "the message must say what is allowed")
		})
	}
}
