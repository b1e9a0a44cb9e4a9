package config

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// staging is validProd as a staging stack (two zones, the profile's node pools).
func staging(changes map[string]string) map[string]string {
	base := with(validProd(), map[string]string{
		"ip-platform:environment":       "staging",
		"ip-platform:availabilityZones": `["eu-west-1a","eu-west-1b"]`,
		"ip-platform:nodePools":         "<unset>",
	})
	return with(base, changes)
}

func TestAPITestsAreOnInStagingOnly(t *testing.T) {
	for env, zones := range map[string]string{"dev": `["eu-west-1a","eu-west-1b"]`, "staging": `["eu-west-1a","eu-west-1b"]`, "prod": `["eu-west-1a","eu-west-1b","eu-west-1c"]`} {
		t.Run(env, func(t *testing.T) {
			cfg, err := parse(with(validProd(), map[string]string{
				"ip-platform:environment": env, "ip-platform:availabilityZones": zones, "ip-platform:nodePools": "<unset>",
			}))
			require.NoError(t, err)
			assert.Equal(t, env == "staging", cfg.LoadTest.Enabled, "load test in %s", env)
			assert.Equal(t, env == "staging", cfg.SecurityScan.Enabled, "security scan in %s", env)
			assert.False(t, cfg.LoadTest.AllowInProd || cfg.SecurityScan.AllowInProd, "no consent to prod by default")
		})
	}
}

func TestLoadTestDefaultsCallEachServicesRoute(t *testing.T) {
	cfg, err := parse(staging(nil))
	require.NoError(t, err)
	lt := cfg.LoadTest
	assert.Equal(t, "test-run", lt.RunID)
	assert.Equal(t, DefaultK6Image, lt.Image)
	assert.Equal(t, LoadThresholds{P95Milliseconds: 500, P99Milliseconds: 1000, ErrorRatio: 0.01}, lt.Thresholds)
	require.Len(t, lt.Profiles, len(ServiceNames()))
	for i, name := range ServiceNames() {
		assert.Equal(t, LoadProfile{Service: name, VirtualUsers: 10, RampUp: time.Minute, Duration: 5 * time.Minute, Paths: []string{"/" + name}}, lt.Profiles[i])
	}
	scan := cfg.SecurityScan
	assert.Equal(t, SecurityScan{Enabled: true, RunID: "test-run", Image: DefaultZapImage, UploaderImage: DefaultUploaderImage, FailOn: ScanFailOnFail, ReportRetentionDays: 30}, scan,
		"the reports keep the stack's access-log retention (staging: 30 days)")
}

func TestStackFileSetsAServicesLoadProfile(t *testing.T) {
	cfg, err := parse(staging(map[string]string{"ip-platform:gateway": `{"domain":"api.staging.ip-platform.example.com","hostedZoneId":"Z0123456789ABCDEFGHIJ","rateLimitPerFiveMinutes":30000}`,
		"ip-platform:loadTest": `{"runId":"r2","thresholds":{"p95Ms":300,"p99Ms":800,"errorRatio":0},
		"services":{"copyright":{"virtualUsers":50,"rampUp":"90s","duration":"10m","paths":["/copyright/works?page=1","/copyright"]}}}`}))
	require.NoError(t, err)
	assert.Equal(t, LoadThresholds{P95Milliseconds: 300, P99Milliseconds: 800, ErrorRatio: 0}, cfg.LoadTest.Thresholds)
	assert.Equal(t, LoadProfile{Service: "copyright", VirtualUsers: 50, RampUp: 90 * time.Second, Duration: 10 * time.Minute,
		Paths: []string{"/copyright/works?page=1", "/copyright"}}, cfg.LoadTest.Profiles[1])
	assert.Equal(t, defaultLoadProfile("trademark"), cfg.LoadTest.Profiles[0], "a service the stack leaves out keeps the default profile")
}

func TestProdRunsTestsOnlyWithConsent(t *testing.T) {
	cfg, err := parse(with(validProd(), map[string]string{"ip-platform:loadTest": `{"enabled":true,"allowInProd":true,"runId":"prod-1",
		"services":{"trademark":{"virtualUsers":2},"copyright":{"virtualUsers":2},"recommendation":{"virtualUsers":2}}}`}))
	require.NoError(t, err)
	assert.True(t, cfg.LoadTest.Enabled && cfg.LoadTest.AllowInProd)
}

func TestParseRejectsBadAPITests(t *testing.T) {
	lt := func(v string) map[string]string { return map[string]string{"ip-platform:loadTest": v} }
	sc := func(v string) map[string]string { return map[string]string{"ip-platform:securityScan": v} }
	const svc = "ip-platform:loadTest.services."
	cases := []struct {
		name    string
		changes map[string]string
		key     string
		allowed string
	}{
		{"error ratio above 1", lt(`{"runId":"r","thresholds":{"errorRatio":1.5}}`), "ip-platform:loadTest.thresholds.errorRatio", "ratio from 0 to 1"},
		{"negative error ratio", lt(`{"runId":"r","thresholds":{"errorRatio":-0.1}}`), "ip-platform:loadTest.thresholds.errorRatio", "ratio from 0 to 1"},
		{"error ratio as a percentage string", lt(`{"runId":"r","thresholds":{"errorRatio":"1%"}}`), "ip-platform:loadTest.thresholds.errorRatio", "must be a number"},
		{"p99 under p95", lt(`{"runId":"r","thresholds":{"p95Ms":500,"p99Ms":400}}`), "ip-platform:loadTest.thresholds.p99Ms", "at least thresholds.p95Ms (500 ms)"},
		{"p95 of zero", lt(`{"runId":"r","thresholds":{"p95Ms":0}}`), "ip-platform:loadTest.thresholds.p95Ms", "at least 1"},
		{"duration that does not parse", lt(`{"runId":"r","services":{"trademark":{"duration":"five minutes"}}}`), svc + "trademark.duration", "duration in whole seconds such as 90s"},
		{"duration as a number", lt(`{"runId":"r","services":{"trademark":{"duration":300}}}`), svc + "trademark.duration", "duration in whole seconds"},
		{"duration in milliseconds", lt(`{"runId":"r","services":{"trademark":{"duration":"1500ms"}}}`), svc + "trademark.duration", "whole seconds"},
		{"duration over an hour", lt(`{"runId":"r","services":{"trademark":{"duration":"2h"}}}`), svc + "trademark.duration", "from 1s to 1h0m0s"},
		{"ramp that does not parse", lt(`{"runId":"r","services":{"trademark":{"rampUp":"1 min"}}}`), svc + "trademark.rampUp", "duration in whole seconds"},
		{"unknown service", lt(`{"runId":"r","services":{"patents":{"virtualUsers":5}}}`), svc + "patents", "not a known key; allowed: trademark, copyright, recommendation"},
		{"more load than the WAF admits", lt(`{"runId":"r","services":{"trademark":{"virtualUsers":30}}}`), "ip-platform:loadTest.services", "over the WAF's limit gateway.rateLimitPerFiveMinutes (10000)"},
		{"too many virtual users", lt(`{"runId":"r","services":{"recommendation":{"virtualUsers":501}}}`), svc + "recommendation.virtualUsers", "from 1 to 500"},
		{"no paths", lt(`{"runId":"r","services":{"trademark":{"paths":[]}}}`), svc + "trademark.paths", "at least one path under /trademark"},
		{"path of another service", lt(`{"runId":"r","services":{"trademark":{"paths":["/copyright/works"]}}}`), svc + "trademark.paths[0]", "under /trademark"},
		{"path sharing a prefix", lt(`{"runId":"r","services":{"trademark":{"paths":["/trademarks"]}}}`), svc + "trademark.paths[0]", "under /trademark"},
		{"relative path", lt(`{"runId":"r","services":{"trademark":{"paths":["trademark/search"]}}}`), svc + "trademark.paths[0]", "absolute path"},
		{"misspelt profile field", lt(`{"runId":"r","services":{"trademark":{"vus":5}}}`), svc + "trademark.vus", "not a known key; allowed: virtualUsers, rampUp, duration, paths"},
		{"missing run id", lt(`{}`), "ip-platform:loadTest.runId", "is required when loadTest.enabled is true"},
		{"run id with capitals", lt(`{"runId":"Run-1"}`), "ip-platform:loadTest.runId", "lower-case letters, digits and dashes"},
		{"run id too long", lt(`{"runId":"` + "r123456789012345678901234567890123456789" + `0"}`), "ip-platform:loadTest.runId", "at most 40"},
		{"k6 image tagged latest", lt(`{"runId":"r","image":"grafana/k6:latest"}`), "ip-platform:loadTest.image", "pinned by tag (not latest) or digest"},
		{"scan missing run id", sc(`{}`), "ip-platform:securityScan.runId", "is required when securityScan.enabled is true"},
		{"scan failing on something else", sc(`{"runId":"r","failOn":"error"}`), "ip-platform:securityScan.failOn", "fail (ZAP FAIL results fail the Job) or warn"},
		{"untagged zap image", sc(`{"runId":"r","image":"ghcr.io/zaproxy/zaproxy"}`), "ip-platform:securityScan.image", "pinned by tag"},
		{"no report retention", sc(`{"runId":"r","reportRetentionDays":0}`), "ip-platform:securityScan.reportRetentionDays", "from 1 to 3653 days"},
		{"misspelt scan field", sc(`{"runId":"r","target":"https://x"}`), "ip-platform:securityScan.target", "not a known key"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parse(staging(tc.changes))
			assert.Contains(t, problemNaming(t, err, tc.key), tc.allowed, "the message must say what is allowed")
		})
	}
}

func TestProdRefusesTestsWithoutConsent(t *testing.T) {
	for owner, v := range map[string]string{"loadTest": `{"enabled":true,"runId":"r"}`, "securityScan": `{"enabled":true,"runId":"r"}`} {
		_, err := parse(with(validProd(), map[string]string{"ip-platform:" + owner: v}))
		assert.Contains(t, problemNaming(t, err, "ip-platform:"+owner+".enabled"), owner+".allowInProd: true", "prod's %s", owner)
	}
}
