// Package quantity parses the CPU and memory quantities the stack configuration and the service
// component accept. It is stricter than Kubernetes on purpose: Kubernetes reads a bare "500" as 500
// cores or 500 bytes, which is never what someone who wrote it meant, so a typo there would pass
// validation and fail (or starve a pod) on the cluster.
//
// The rule:
//   - CPU is millicores with an "m" suffix ("250m") or a decimal number of cores with at most three
//     decimals ("0.5", "2"), from 1m to MaxCPUMillis (a whole node); "500" is 500 cores and fails.
//   - Memory is a whole number with a binary suffix, Mi or Gi ("512Mi", "2Gi"), up to MaxMemoryBytes;
//     "500", "1G" and "1.5Gi" fail (write 1536Mi).
//   - Ephemeral storage has memory's syntax, up to MaxEphemeralStorageBytes.
package quantity

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Bounds of a single container: the largest instance type the node pools run (64 vCPU, 256 GiB).
// Anything above is a missing suffix, not a real request.
const (
	MaxCPUMillis   = 64_000
	MaxMemoryBytes = 256 << 30
	// MaxEphemeralStorageBytes is the largest root volume a node pool may have (gp3's 16 TiB):
	// a container's scratch disk cannot be larger than its node's disk.
	MaxEphemeralStorageBytes = 16384 << 30
)

var (
	millicores = regexp.MustCompile(`^([0-9]+)m$`)
	cores      = regexp.MustCompile(`^([0-9]+)(?:\.([0-9]{1,3}))?$`)
	memory     = regexp.MustCompile(`^([0-9]+)(Mi|Gi)$`)
)

// CPU returns a CPU quantity in millicores.
func CPU(s string) (int64, error) {
	var millis int64
	switch {
	case millicores.MatchString(s):
		n, err := strconv.ParseInt(millicores.FindStringSubmatch(s)[1], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%q is not a CPU quantity: %w", s, err)
		}
		millis = n
	case cores.MatchString(s):
		m := cores.FindStringSubmatch(s)
		whole, err := strconv.ParseInt(m[1], 10, 64)
		if err != nil || whole > MaxCPUMillis {
			return 0, fmt.Errorf("%q is %s cores, more than a node has: write millicores such as 500m", s, m[1])
		}
		frac, _ := strconv.ParseInt((m[2] + "000")[:3], 10, 64) // at most 3 digits, always parses
		millis = whole*1000 + frac
	default:
		return 0, fmt.Errorf("%q is not a CPU quantity: use millicores such as 500m or cores such as 0.5", s)
	}
	switch {
	case millis <= 0:
		return 0, fmt.Errorf("%q must be more than zero", s)
	case millis > MaxCPUMillis:
		if !strings.HasSuffix(s, "m") {
			return 0, fmt.Errorf("%q is %d cores, more than a node has (%d): did you mean %sm?", s, millis/1000, MaxCPUMillis/1000, s)
		}
		return 0, fmt.Errorf("%q is more than a node has (%dm)", s, MaxCPUMillis)
	}
	return millis, nil
}

// Memory returns a memory quantity in bytes.
func Memory(s string) (int64, error) {
	return binaryBytes(s, "a memory quantity", MaxMemoryBytes, "more than a node has (256Gi)")
}

// EphemeralStorage returns an ephemeral-storage quantity (a container's logs, writable layer and
// emptyDir volumes) in bytes: memory's syntax, a whole number of Mi or Gi.
func EphemeralStorage(s string) (int64, error) {
	return binaryBytes(s, "an ephemeral-storage quantity", MaxEphemeralStorageBytes, "more than a node's disk can be (16384Gi)")
}

// binaryBytes parses a whole number of Mi or Gi into bytes, from 1Mi to max; what names the
// quantity and tooBig says what max is, in the errors.
func binaryBytes(s, what string, max int64, tooBig string) (int64, error) {
	m := memory.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("%q is not %s: use a whole number of Mi or Gi such as 512Mi or 1Gi", s, what)
	}
	n, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil || n > max>>20 {
		return 0, fmt.Errorf("%q is %s", s, tooBig)
	}
	bytes := n << 20
	if m[2] == "Gi" {
		bytes = n << 30
	}
	switch {
	case bytes <= 0:
		return 0, fmt.Errorf("%q must be more than zero", s)
	case bytes > max:
		return 0, fmt.Errorf("%q is %s", s, tooBig)
	}
	return bytes, nil
}
