package imageref

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestProblem(t *testing.T) {
	digest := "sha256:" + strings.Repeat("a", 64)
	for image, want := range map[string]string{
		"docker.io/grafana/k6:1.3.0":   "",
		"registry.local:5000/k6:1.3.0": "",
		"grafana/k6@" + digest:         "",
		"grafana/k6:1.3.0@" + digest:   "",
		"":                             "is required",
		"grafana/k6":                   "has no tag (it means latest)",
		"registry.local:5000/k6":       "has no tag (it means latest)",
		"grafana/k6:latest":            "must not be tagged latest",
		"grafana/k6@sha256:abc":        "has a malformed digest",
	} {
		assert.Equal(t, want, Problem(image), "image %q", image)
	}
}
