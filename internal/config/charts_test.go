package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestChartSourceDefaultsToUpstreamAndTakesAMirror(t *testing.T) {
	cfg, err := parse(validProd())
	require.NoError(t, err)
	assert.Equal(t, ChartSource{}, cfg.Charts, "unset: every chart from its upstream repository")

	for _, repo := range []string{"https://charts.example.com/mirror", "oci://registry.example.com/helm", "http://127.0.0.1:8879", "http://localhost:8879/charts", "http://[::1]:8879"} {
		cfg, err = parse(with(validProd(), map[string]string{"ip-platform:charts": `{"repository":"` + repo + `",
			"repositories":{"loki":"oci://registry.example.com/grafana"}}`}))
		require.NoError(t, err, repo)
		assert.Equal(t, ChartSource{Repository: repo, Repositories: map[string]string{"loki": "oci://registry.example.com/grafana"}}, cfg.Charts)
	}
}

func TestChartSourceRejectsBadInputNamingTheKey(t *testing.T) {
	cases := []struct {
		desc, value, key, fragment string
	}{
		{"plain http over the network", `{"repository":"http://charts.example.com"}`, "ip-platform:charts.repository", "got plain http:// to charts.example.com"},
		{"no scheme", `{"repository":"charts.example.com/mirror"}`, "ip-platform:charts.repository", "must be an https:// chart repository URL"},
		{"another scheme", `{"repository":"s3://bucket/charts"}`, "ip-platform:charts.repository", `got scheme "s3"`},
		{"credentials in the URL", `{"repository":"https://user:pass@charts.example.com"}`, "ip-platform:charts.repository", "oci://"},
		{"a bad per-chart URL", `{"repositories":{"loki":"ftp://mirror"}}`, "ip-platform:charts.repositories.loki", `got scheme "ftp"`},
		{"a misspelt field", `{"repo":"https://charts.example.com"}`, "ip-platform:charts.repo", "not a known key"},
		{"not an object", `"https://charts.example.com"`, "ip-platform:charts", "object"},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			_, err := parse(with(validProd(), map[string]string{"ip-platform:charts": tc.value}))
			assert.Contains(t, problemNaming(t, err, tc.key), tc.fragment)
		})
	}
}
