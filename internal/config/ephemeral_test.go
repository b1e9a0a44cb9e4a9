package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestServicesEphemeralStorageFollowsTheProfile(t *testing.T) {
	cases := []struct {
		env            string
		request, limit string
		changes        map[string]string
	}{
		{"dev", "128Mi", "512Mi", map[string]string{"ip-platform:environment": "dev", "ip-platform:nodePools": "[]"}},
		{"staging", "256Mi", "1Gi", map[string]string{"ip-platform:environment": "staging", "ip-platform:nodePools": "[]"}},
		{"prod", "256Mi", "1Gi", nil},
	}
	for _, tc := range cases {
		t.Run(tc.env, func(t *testing.T) {
			cfg, err := parse(with(validProd(), tc.changes))
			require.NoError(t, err)
			for _, s := range cfg.Services {
				assert.Equal(t, tc.request, s.Requests.EphemeralStorage, "%s: %s ephemeral-storage request", tc.env, s.Name)
				assert.Equal(t, tc.limit, s.Limits.EphemeralStorage, "%s: %s ephemeral-storage limit", tc.env, s.Name)
			}
		})
	}
}

func TestServiceEphemeralStorageOverridesTheProfile(t *testing.T) {
	tag := `"image":{"tag":"1.0.0"}`
	cfg, err := parse(with(validProd(), map[string]string{"ip-platform:services": `{"trademark":{` + tag +
		`,"requests":{"ephemeral-storage":"512Mi"},"limits":{"ephemeral-storage":"2Gi"}},"copyright":{` + tag + `},"recommendation":{` + tag + `}}`}))
	require.NoError(t, err)
	assert.Equal(t, Quantities{CPU: "250m", Memory: "512Mi", EphemeralStorage: "512Mi"}, cfg.Services[0].Requests)
	assert.Equal(t, Quantities{CPU: "500m", Memory: "1Gi", EphemeralStorage: "2Gi"}, cfg.Services[0].Limits)
	assert.Equal(t, "1Gi", cfg.Services[1].Limits.EphemeralStorage, "the other services keep the profile's")
}

func TestServicesRejectBadEphemeralStorageNamingTheKey(t *testing.T) {
	tag := `"image":{"tag":"1.0.0"}`
	services := func(trademark string) map[string]string {
		return map[string]string{"ip-platform:services": `{"trademark":{` + tag + `,` + trademark + `},"copyright":{` + tag + `},"recommendation":{` + tag + `}}`}
	}
	const (
		limitKey   = "ip-platform:services.trademark.limits.ephemeral-storage"
		requestKey = "ip-platform:services.trademark.requests.ephemeral-storage"
	)
	cases := []struct {
		desc     string
		changes  map[string]string
		key      string
		fragment string
	}{
		{"bare bytes", services(`"limits":{"ephemeral-storage":"1073741824"}`), limitKey, "Mi or Gi"},
		// `pulumi config set --path ...limits.ephemeral-storage 2048` stores a number: judged like "2048".
		{"a number", services(`"limits":{"ephemeral-storage":2048}`), limitKey, "Mi or Gi"},
		{"decimal suffix", services(`"limits":{"ephemeral-storage":"2G"}`), limitKey, "Mi or Gi"},
		{"decimal request", services(`"requests":{"ephemeral-storage":"0.5Gi"}`), requestKey, "Mi or Gi"},
		{"zero", services(`"requests":{"ephemeral-storage":"0Mi"}`), requestKey, "more than zero"},
		{"more than a node's disk", services(`"limits":{"ephemeral-storage":"20000Gi"}`), limitKey, "more than a node's disk"},
		{"limit below request", services(`"requests":{"ephemeral-storage":"768Mi"},"limits":{"ephemeral-storage":"512Mi"}`), limitKey,
			"at least requests.ephemeral-storage (768Mi), got 512Mi"},
		{"request above the profile's limit", services(`"requests":{"ephemeral-storage":"2Gi"}`), limitKey, "at least requests.ephemeral-storage (2Gi), got 1Gi"},
		{"no room for /tmp", services(`"requests":{"ephemeral-storage":"64Mi"},"limits":{"ephemeral-storage":"128Mi"}`), limitKey,
			"at least 256Mi: 128Mi is kept for the container's logs"},
		{"as an object", services(`"limits":{"ephemeral-storage":{"size":"1Gi"}}`), limitKey, "must be a string"},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			_, err := parse(with(validProd(), tc.changes))
			assert.Contains(t, problemNaming(t, err, tc.key), tc.fragment)
		})
	}
}
