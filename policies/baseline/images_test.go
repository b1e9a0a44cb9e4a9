package baseline

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestImagesPinned(t *testing.T) {
	cases := map[string]string{ // image -> fragment of the problem ("" = pinned)
		"123456789012.dkr.ecr.us-east-1.amazonaws.com/trademark:1.4.2":                            "",
		"registry.local:5000/trademark:v2":                                                        "",
		"ghcr.io/org/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef": "",
		"trademark":                     "has no tag",
		"registry.local:5000/trademark": "has no tag",
		"trademark:latest":              "is tagged latest",
		"trademark:":                    "has no tag",
		"ghcr.io/org/app@md5:abc":       "malformed digest",
		"":                              "is not set",
	}
	for image, want := range cases {
		got := ImagesPinned(props(map[string]any{"containers": []any{map[string]any{"name": "c", "image": image}}}))
		if want == "" {
			assert.Empty(t, got, "%q is pinned", image)
		} else {
			assertMessages(t, []string{want}, got)
		}
	}
	assert.Empty(t, ImagesPinned(props(map[string]any{"containers": []any{map[string]any{"name": "c", "image": unknownValue{}}}})),
		"an image built from a repository URL is judged once known")
}

func TestChartPinned(t *testing.T) {
	assert.Empty(t, ChartPinned(props(map[string]any{"version": "9.50.1"})))
	assertMessages(t, []string{"is not set"}, ChartPinned(props(map[string]any{})))
	assertMessages(t, []string{"is a range"}, ChartPinned(props(map[string]any{"version": "^9.50.0"})))
	assertMessages(t, []string{"is a range"}, ChartPinned(props(map[string]any{"version": "9.x"})))
}
