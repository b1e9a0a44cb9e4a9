package baseline

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseCPU(t *testing.T) {
	for in, want := range map[string]int64{"500m": 500, "1": 1000, "0.5": 500, "2": 2000, "1000m": 1000, " 250m ": 250, "0.1": 100} {
		got, err := parseCPU(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, "millicores of %q", in)
	}
	for _, bad := range []string{"", "m", "lots", "-1", "1Gi"} {
		_, err := parseCPU(bad)
		assert.Error(t, err, "%q is not a CPU quantity", bad)
	}
}

func TestParseMemory(t *testing.T) {
	for in, want := range map[string]int64{"1Gi": 1 << 30, "512Mi": 512 << 20, "1G": 1e9, "128974848": 128974848, "1.5Gi": 3 << 29, "64Ki": 64 << 10, "1k": 1000} {
		got, err := parseMemory(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, "bytes of %q", in)
	}
	for _, bad := range []string{"", "Gi", "one gig", "-1Gi"} {
		_, err := parseMemory(bad)
		assert.Error(t, err, "%q is not a memory quantity", bad)
	}
}
