package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// servicesWith sets one service's extra fields beside the image every service needs.
func servicesWith(trademark string) map[string]string {
	tag := `"image":{"tag":"1.0.0"}`
	return map[string]string{"ip-platform:services": `{"trademark":{` + tag + trademark + `},"copyright":{` + tag + `},"recommendation":{` + tag + `}}`}
}

func TestSLODefaultsAndOverrides(t *testing.T) {
	cfg, err := parse(with(validProd(), servicesWith(`,"slo":{"availability":0.999,"latency":{"thresholdSeconds":1}}`)))
	require.NoError(t, err)
	assert.Equal(t, SLO{Availability: 0.999, LatencyObjective: 0.99, LatencyThresholdSeconds: 1}, cfg.Services[0].SLO,
		"the objective the stack leaves out keeps its default")
	assert.Equal(t, defaultSLO, cfg.Services[1].SLO, "a service without slo gets the defaults")
}

func TestSLORejectsBadInputNamingTheKey(t *testing.T) {
	for _, tc := range []struct {
		desc, slo, key, fragment string
	}{
		{"a percentage, not a ratio", `{"availability":99.5}`, "services.trademark.slo.availability", "from 0.95 to 0.9999"},
		{"so loose the fast alert never fires", `{"availability":0.9}`, "services.trademark.slo.availability", "from 0.95 to 0.9999"},
		{"a perfect objective has no budget", `{"latency":{"objective":1}}`, "services.trademark.slo.latency.objective", "from 0.95 to 0.9999"},
		{"a threshold between buckets", `{"latency":{"thresholdSeconds":0.3}}`, "services.trademark.slo.latency.thresholdSeconds", "one of 0.005, 0.01"},
		{"a string", `{"availability":"99.5%"}`, "services.trademark.slo.availability", "must be a number"},
		{"misspelt field", `{"availabilty":0.99}`, "services.trademark.slo.availabilty", "is not a known key"},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			_, err := parse(with(validProd(), servicesWith(`,"slo":`+tc.slo)))
			assert.Contains(t, problemNaming(t, err, key(tc.key)), tc.fragment)
		})
	}
}
