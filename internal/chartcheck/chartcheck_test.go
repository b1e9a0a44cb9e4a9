package chartcheck

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// archive packs files the way `helm package` lays a chart out.
func archive(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for name, body := range files {
		require.NoError(t, tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg}))
		_, err := tw.Write([]byte(body))
		require.NoError(t, err)
	}
	require.NoError(t, tw.Close())
	require.NoError(t, gz.Close())
	return buf.Bytes()
}

// operatorChart is a small chart in the shape of kube-prometheus-stack: defaults with nested
// objects, a template reading a path that values.yaml leaves out, and an aliased sub-chart.
func operatorChart(t *testing.T) []byte {
	return archive(t, map[string]string{
		"stack/Chart.yaml": "name: stack\nversion: 1.2.3\ndependencies:\n- name: grafana-chart\n  alias: grafana\n",
		"stack/values.yaml": `
operator:
  resources: {}
  networkPolicy:
    enabled: true
  podLabels: {}
  config:
    receivers: {otlp: {}}
  nodeSelector: null
grafana:
  enabled: true
`,
		"stack/templates/operator.yaml":           "{{ if .Values.operator.hostNetwork }}{{ index .Values \"operator\" \"dnsPolicy\" }}{{ end }}",
		"stack/charts/grafana/Chart.yaml":         "name: grafana-chart\nversion: 8.8.2\n",
		"stack/charts/grafana/values.yaml":        "persistence:\n  enabled: false\n  size: 10Gi\n",
		"stack/charts/grafana/values.schema.json": `{"type":"object","properties":{"ingress":{"type":"object","properties":{"enabled":{"type":"boolean"}}}}}`,
	})
}

func TestUnknownPathsNamesEveryPathTheChartLacks(t *testing.T) {
	chart, err := Load(operatorChart(t))
	require.NoError(t, err)
	require.Equal(t, "stack", chart.Name)
	require.Contains(t, chart.SubCharts, "grafana", "the sub-chart is keyed by its alias")

	cases := []struct {
		name    string
		values  map[string]any
		unknown []string
	}{
		{"defaults, nested", map[string]any{"operator": map[string]any{"networkPolicy": map[string]any{"enabled": false}}}, nil},
		{"a path only a template reads", map[string]any{"operator": map[string]any{"hostNetwork": true, "dnsPolicy": "Default"}}, nil},
		{"a dead value, as kube-prometheus-stack 67's podDisruptionBudget",
			map[string]any{"operator": map[string]any{"podDisruptionBudget": map[string]any{"enabled": false}}},
			[]string{"operator.podDisruptionBudget"}},
		{"a misspelt nested key", map[string]any{"operator": map[string]any{"networkPolicy": map[string]any{"enable": false}}},
			[]string{"operator.networkPolicy.enable"}},
		{"empty and null defaults take any keys", map[string]any{"operator": map[string]any{
			"resources": map[string]any{"limits": map[string]any{"cpu": "1"}}, "nodeSelector": map[string]any{"pool": "system"}}}, nil},
		{"free-form keys are leaves", map[string]any{"operator": map[string]any{
			"podLabels": map[string]any{"team": "ip"}, "config": map[string]any{"exporters": map[string]any{"debug": map[string]any{}}}}}, nil},
		{"a sub-chart's own defaults and schema", map[string]any{"grafana": map[string]any{
			"persistence": map[string]any{"size": "20Gi"}, "ingress": map[string]any{"enabled": false}}}, nil},
		{"the parent's defaults for a sub-chart (its enabled condition)", map[string]any{"grafana": map[string]any{"enabled": false}}, nil},
		{"a key neither the sub-chart nor its schema has", map[string]any{"grafana": map[string]any{
			"persistance": map[string]any{"size": "20Gi"}, "ingress": map[string]any{"enable": true}}},
			[]string{"grafana.ingress.enable", "grafana.persistance"}},
		{"global is shared by every chart", map[string]any{"global": map[string]any{"imageRegistry": "mirror"}}, nil},
		{"an unknown top-level key", map[string]any{"prometheusOperator": map[string]any{}}, []string{"prometheusOperator"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.unknown, chart.UnknownPaths(tc.values))
		})
	}
}

func TestLoadReadsSubChartsKeptAsArchives(t *testing.T) {
	sub := archive(t, map[string]string{"minio/Chart.yaml": "name: minio\nversion: 5.4.0\n", "minio/values.yaml": "mode: distributed\n"})
	parent := archive(t, map[string]string{
		"loki/Chart.yaml":             "name: loki\nversion: 6.26.0\n",
		"loki/values.yaml":            "minio:\n  enabled: false\n",
		"loki/charts/minio-5.4.0.tgz": string(sub),
	})
	chart, err := Load(parent)
	require.NoError(t, err)
	assert.Empty(t, chart.UnknownPaths(map[string]any{"minio": map[string]any{"mode": "standalone", "enabled": true}}))
	assert.Equal(t, []string{"minio.modes"}, chart.UnknownPaths(map[string]any{"minio": map[string]any{"modes": "standalone"}}))
}

func TestInstallOnlyCRDsAreTheCrdsFoldersOfTheChartAndOfTheSubChartsItEnables(t *testing.T) {
	chart, err := Load(archive(t, map[string]string{
		"stack/Chart.yaml":                     "name: stack\nversion: 1.0.0\ndependencies:\n- name: crds\n  condition: crds.enabled\n- name: agent-operator\n  alias: agent\n  condition: monitoring.agent.install\n",
		"stack/values.yaml":                    "crds:\n  enabled: true\nmonitoring:\n  agent:\n    install: false\n",
		"stack/crds/b.yaml":                    "kind: CustomResourceDefinition",
		"stack/crds/a.yaml":                    "kind: CustomResourceDefinition",
		"stack/templates/crds/upgraded.yaml":   "kind: CustomResourceDefinition",
		"stack/charts/crds/Chart.yaml":         "name: crds\nversion: 0.0.0\n",
		"stack/charts/crds/crds/monitors.yaml": "kind: CustomResourceDefinition",
		"stack/charts/agent/Chart.yaml":        "name: agent-operator\nversion: 0.0.0\n",
		"stack/charts/agent/crds/agents.yaml":  "kind: CustomResourceDefinition",
	}))
	require.NoError(t, err)
	assert.Equal(t, []string{"crds/a.yaml", "crds/b.yaml", "crds/crds/monitors.yaml"}, chart.InstallOnlyCRDs(nil),
		"CRDs under templates/ are upgraded with the release; a disabled sub-chart's are not installed")
	assert.Equal(t, []string{"agent/crds/agents.yaml", "crds/a.yaml", "crds/b.yaml"},
		chart.InstallOnlyCRDs(map[string]any{"crds": map[string]any{"enabled": false}, "monitoring": map[string]any{"agent": map[string]any{"install": true}}}),
		"the release's values decide which sub-charts install their CRDs")

	plain, err := Load(archive(t, map[string]string{"plain/Chart.yaml": "name: plain\nversion: 0.0.0\n", "plain/templates/crd.yaml": "kind: CustomResourceDefinition"}))
	require.NoError(t, err)
	assert.Empty(t, plain.InstallOnlyCRDs(nil))
}

func TestRepositoryFindsOnlyPublishedVersions(t *testing.T) {
	chart := operatorChart(t)
	mux := http.NewServeMux()
	mux.HandleFunc("/charts/index.yaml", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`apiVersion: v1
entries:
  opentelemetry-collector:
  - {name: opentelemetry-collector, version: 0.158.2, urls: [opentelemetry-collector-0.158.2.tgz]}
  - {name: opentelemetry-collector, version: 0.159.0, urls: [opentelemetry-collector-0.159.0.tgz]}
`))
	})
	mux.HandleFunc("/charts/opentelemetry-collector-0.158.2.tgz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(chart) })
	server := httptest.NewServer(mux)
	defer server.Close()

	repo := Repository{URL: server.URL + "/charts"}
	ix, err := repo.Index(context.Background())
	require.NoError(t, err)

	_, err = ix.Find("opentelemetry-collector", "0.158.3")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "chart opentelemetry-collector version 0.158.3 is not in repository "+repo.URL)
	assert.Contains(t, err.Error(), "it has 0.158.2, 0.159.0")
	_, err = ix.Find("otel", "1.0.0")
	assert.ErrorContains(t, err, "chart otel is not in repository")

	entry, err := ix.Find("opentelemetry-collector", "0.158.2")
	require.NoError(t, err)
	body, err := repo.Archive(context.Background(), entry)
	require.NoError(t, err, "a relative archive URL is below the repository")
	assert.Equal(t, chart, body)

	_, err = Repository{URL: server.URL + "/missing"}.Index(context.Background())
	assert.ErrorContains(t, err, "404")
}

func TestIstioChartsDefaultsUnderTheirInternalKeyAreAtTheTop(t *testing.T) {
	chart, err := Load(archive(t, map[string]string{
		"cni/Chart.yaml":                 "name: cni\nversion: 1.30.8\n",
		"cni/values.yaml":                "_internal_defaults_do_not_set:\n  ambient:\n    enabled: false\n  resources:\n    requests: {cpu: 100m}\n",
		"cni/templates/zzz_profile.yaml": "{{- with (coalesce ($.Values).profile ($.Values.global).profile) }}{{ end }}",
	}))
	require.NoError(t, err)
	assert.Empty(t, chart.UnknownPaths(map[string]any{
		"profile":   "ambient",
		"ambient":   map[string]any{"enabled": true},
		"resources": map[string]any{"limits": map[string]any{"memory": "1Gi"}},
	}), "profile is read as ($.Values).profile; resources is a Kubernetes object rendered whole")
	assert.Equal(t, []string{"ambient.enable"}, chart.UnknownPaths(map[string]any{"ambient": map[string]any{"enable": true}}))
}
