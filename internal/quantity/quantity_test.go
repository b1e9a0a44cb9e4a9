package quantity

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCPU(t *testing.T) {
	cases := []struct {
		in   string
		want int64
		fail string
	}{
		{in: "500m", want: 500},
		{in: "1000m", want: 1000},
		{in: "0.5", want: 500},
		{in: "2", want: 2000},
		{in: "1.25", want: 1250},
		{in: "500", fail: "did you mean 500m"},
		{in: "0", fail: "more than zero"},
		{in: "0m", fail: "more than zero"},
		{in: "65000m", fail: "more than a node"},
		{in: "500 m", fail: "not a CPU quantity"},
		{in: "1.2345", fail: "not a CPU quantity"},
		{in: "1Gi", fail: "not a CPU quantity"},
		{in: "", fail: "not a CPU quantity"},
		{in: "-1", fail: "not a CPU quantity"},
		{in: "99999999999999999999", fail: "more than a node"},
	}
	for _, tc := range cases {
		got, err := CPU(tc.in)
		if tc.fail != "" {
			if assert.Error(t, err, "CPU %q should be rejected", tc.in) {
				assert.Contains(t, err.Error(), tc.fail, "CPU %q", tc.in)
			}
			continue
		}
		if assert.NoError(t, err, "CPU %q", tc.in) {
			assert.Equal(t, tc.want, got, "millicores of %q", tc.in)
		}
	}
}

func TestMemory(t *testing.T) {
	cases := []struct {
		in   string
		want int64
		fail string
	}{
		{in: "512Mi", want: 512 << 20},
		{in: "1Gi", want: 1 << 30},
		{in: "256Gi", want: 256 << 30},
		{in: "500", fail: "use a whole number of Mi or Gi"},
		{in: "1G", fail: "use a whole number of Mi or Gi"},
		{in: "1.5Gi", fail: "use a whole number of Mi or Gi"},
		{in: "1gi", fail: "use a whole number of Mi or Gi"},
		{in: "0Mi", fail: "more than zero"},
		{in: "257Gi", fail: "more than a node"},
		{in: "99999999999999999Gi", fail: "more than a node"},
	}
	for _, tc := range cases {
		got, err := Memory(tc.in)
		if tc.fail != "" {
			if assert.Error(t, err, "memory %q should be rejected", tc.in) {
				assert.Contains(t, err.Error(), tc.fail, "memory %q", tc.in)
			}
			continue
		}
		if assert.NoError(t, err, "memory %q", tc.in) {
			assert.Equal(t, tc.want, got, "bytes of %q", tc.in)
		}
	}
}

func TestEphemeralStorage(t *testing.T) {
	cases := []struct {
		in   string
		want int64
		fail string
	}{
		{in: "512Mi", want: 512 << 20},
		{in: "2Gi", want: 2 << 30},
		{in: "16384Gi", want: 16384 << 30},
		{in: "1073741824", fail: "use a whole number of Mi or Gi"},
		{in: "1G", fail: "use a whole number of Mi or Gi"},
		{in: "0.5Gi", fail: "use a whole number of Mi or Gi"},
		{in: "0Mi", fail: "more than zero"},
		{in: "16385Gi", fail: "more than a node's disk"},
		{in: "99999999999999999Gi", fail: "more than a node's disk"},
	}
	for _, tc := range cases {
		got, err := EphemeralStorage(tc.in)
		if tc.fail != "" {
			if assert.Error(t, err, "ephemeral storage %q should be rejected", tc.in) {
				assert.Contains(t, err.Error(), tc.fail, "ephemeral storage %q", tc.in)
			}
			continue
		}
		if assert.NoError(t, err, "ephemeral storage %q", tc.in) {
			assert.Equal(t, tc.want, got, "bytes of %q", tc.in)
		}
	}
}
