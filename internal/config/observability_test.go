package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestObservabilityProfiles(t *testing.T) {
	prod, err := parse(validProd())
	require.NoError(t, err)
	assert.Equal(t, observabilityProfile(Prod), prod.Observability, "prod gets its profile when the stack sets nothing")
	assert.Equal(t, 2, prod.Observability.PrometheusReplicas)
	assert.Equal(t, LokiSimpleScalable, prod.Observability.LokiMode)
	assert.Equal(t, TraceStorageBadger, prod.Observability.TraceStorage)
	assert.Empty(t, prod.Observability.AlertWebhookURL, "no webhook unless the stack sets the secret")

	dev := observabilityProfile(Dev)
	assert.Equal(t, LokiSingleBinary, dev.LokiMode)
	assert.Equal(t, TraceStorageMemory, dev.TraceStorage)
	assert.Equal(t, 1, dev.PrometheusReplicas)
}

func TestObservabilityOverridesAndWebhook(t *testing.T) {
	cfg, err := parse(with(validProd(), map[string]string{
		"ip-platform:observability":   `{"prometheusRetentionDays":60,"prometheusStorageGiB":200,"lokiRetentionDays":90}`,
		"ip-platform:alertWebhookUrl": "https://hooks.example.com/T000/B000",
	}))
	require.NoError(t, err)
	assert.Equal(t, 60, cfg.Observability.PrometheusRetentionDays)
	assert.Equal(t, 200, cfg.Observability.PrometheusStorageGiB)
	assert.Equal(t, 90, cfg.Observability.LokiRetentionDays)
	assert.Equal(t, 2, cfg.Observability.PrometheusReplicas, "fields the stack leaves out keep the profile's value")
	assert.Equal(t, "https://hooks.example.com/T000/B000", cfg.Observability.AlertWebhookURL)

	cfg, err = parse(with(validProd(), map[string]string{"ip-platform:alertWebhookUrl": "[secret]"}))
	require.NoError(t, err, "the offline plan's placeholder for an encrypted value is accepted")
	assert.Equal(t, "[secret]", cfg.Observability.AlertWebhookURL)
}

func TestObservabilityRejectsBadInput(t *testing.T) {
	cases := []struct {
		name    string
		changes map[string]string
		key     string
		allowed string
	}{
		{"one prometheus in prod", map[string]string{"ip-platform:observability": `{"prometheusReplicas":1}`}, "ip-platform:observability.prometheusReplicas", "at least 2 in prod"},
		{"too many prometheus", map[string]string{"ip-platform:observability": `{"prometheusReplicas":4}`}, "ip-platform:observability.prometheusReplicas", "from 1 to 3"},
		{"one alertmanager in prod", map[string]string{"ip-platform:observability": `{"alertmanagerReplicas":1}`}, "ip-platform:observability.alertmanagerReplicas", "at least 2 in prod"},
		{"tiny prometheus volume", map[string]string{"ip-platform:observability": `{"prometheusStorageGiB":5}`}, "ip-platform:observability.prometheusStorageGiB", "from 10 to 16384"},
		{"single binary loki in prod", map[string]string{"ip-platform:observability": `{"lokiMode":"singleBinary"}`}, "ip-platform:observability.lokiMode", "must be simpleScalable in prod"},
		{"unknown loki mode", map[string]string{"ip-platform:observability": `{"lokiMode":"distributed"}`}, "ip-platform:observability.lokiMode", "one of singleBinary, simpleScalable"},
		{"memory traces in prod", map[string]string{"ip-platform:observability": `{"traceStorage":"memory"}`}, "ip-platform:observability.traceStorage", "must be badger in prod"},
		{"unknown trace storage", map[string]string{"ip-platform:observability": `{"traceStorage":"elasticsearch"}`}, "ip-platform:observability.traceStorage", "one of memory, badger"},
		{"zero log retention", map[string]string{"ip-platform:observability": `{"lokiRetentionDays":0}`}, "ip-platform:observability.lokiRetentionDays", "from 1 to 365"},
		{"misspelt field", map[string]string{"ip-platform:observability": `{"prometheusRetention":30}`}, "ip-platform:observability.prometheusRetention", "is not a known key"},
		{"plain http webhook", map[string]string{"ip-platform:alertWebhookUrl": "http://hooks.example.com/x"}, "ip-platform:alertWebhookUrl", "must be an https URL"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parse(with(validProd(), tc.changes))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.key+" ")
			assert.Contains(t, err.Error(), tc.allowed)
		})
	}
}

func TestWebhookErrorsNeverShowTheValue(t *testing.T) {
	_, err := parse(with(validProd(), map[string]string{"ip-platform:alertWebhookUrl": "http://secret-token@hooks.example.com"}))
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "secret-token", "a secret must not be echoed in an error")
}
