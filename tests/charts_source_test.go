package tests

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/charts"
	"github.com/ip-platform/infra/internal/plan"
	"github.com/ip-platform/infra/policies/baseline"
)

const helmReleaseType = baseline.TypeHelmRelease

func TestChartsMirrorInstallsEveryReleaseFromItAtThePinnedVersion(t *testing.T) {
	mirror := "https://charts.example.com/mirror"
	file := stackFileWith(t, "prod", map[string]any{
		"repository":   mirror,
		"repositories": map[string]any{"kube-prometheus-stack": "oci://registry.example.com/prometheus-community"},
	}, "ip-platform:charts")
	r, err := plan.Compute(projectDir, "prod", file)
	require.NoError(t, err)
	upstream, err := plan.Compute(projectDir, "prod", "")
	require.NoError(t, err)

	version := map[string]string{}
	for _, res := range upstream.Resources {
		if res.Type == helmReleaseType {
			version[res.Name] = res.Input("version").(string)
		}
	}
	releases := 0
	for _, res := range r.Resources {
		if res.Type != helmReleaseType {
			continue
		}
		releases++
		assert.Equal(t, version[res.Name], res.Input("version"), "%s keeps its pinned version", res.Name)
		if strings.HasSuffix(res.Name, "kube-prometheus-stack") {
			assert.Equal(t, "oci://registry.example.com/prometheus-community/kube-prometheus-stack", res.Input("chart"))
			assert.Nil(t, res.Input("repositoryOpts.repo"))
			continue
		}
		assert.Equal(t, mirror, res.Input("repositoryOpts.repo"), "%s comes from the mirror", res.Name)
	}
	assert.Equal(t, len(version), releases)
	assert.Equal(t, 15, releases, "prod installs 15 Helm releases")
}

func TestChartsMirrorRefusesAPerChartEntryForAChartNotPinned(t *testing.T) {
	file := stackFileWith(t, "dev", map[string]any{"repositories": map[string]any{"grafana": "https://charts.example.com"}}, "ip-platform:charts")
	code, _, stderr := runPlan("--stack", "dev", "--config-file", file)
	assert.Equal(t, plan.ExitInvalid, code)
	assert.Contains(t, stderr, "ip-platform:charts.repositories.grafana is not a chart the program installs; allowed: aws-load-balancer-controller, base, cluster-autoscaler")
}

func TestPlanChartsListsEveryReleasedChartOnceForAMirrorFill(t *testing.T) {
	code, out, stderr := runPlan("--charts")
	require.Equal(t, plan.ExitOK, code, stderr)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	assert.Len(t, lines, len(charts.Pinned()))
	assert.Contains(t, lines, "opentelemetry-collector\t0.170.0\thttps://open-telemetry.github.io/opentelemetry-helm-charts")

	// Every chart a stack installs is on the list: the list is what a mirror must hold.
	listed := map[string]bool{}
	for _, l := range lines {
		f := strings.Split(l, "\t")
		require.Len(t, f, 3, l)
		listed[f[0]+"@"+f[1]] = true
	}
	for _, stack := range []string{"dev", "staging", "prod"} {
		r, err := plan.Compute(projectDir, stack, "")
		require.NoError(t, err)
		for _, res := range r.Resources {
			if res.Type == helmReleaseType {
				assert.True(t, listed[res.Input("chart").(string)+"@"+res.Input("version").(string)], "%s: %s is not on the --charts list", stack, res.Name)
			}
		}
	}

	file := stackFileWith(t, "dev", map[string]any{"repository": "https://charts.example.com/mirror"}, "ip-platform:charts")
	code, out, stderr = runPlan("--charts", "--stack", "dev", "--config-file", file)
	require.Equal(t, plan.ExitOK, code, stderr)
	assert.Contains(t, out, "loki\t7.3.0\thttps://charts.example.com/mirror\n", "with a stack: where that stack installs from")
}
