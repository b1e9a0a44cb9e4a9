package autoscaler

import (
	"fmt"
	"regexp"
	"strconv"
)

// quantityPattern is the subset of Kubernetes resource quantities used for CPU and memory: a
// decimal number and an optional decimal (k, M, G, T) or binary (Ki, Mi, Gi, Ti) suffix, or m for
// thousandths.
var quantityPattern = regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$`)

// quantitySuffix returns the multiplier of a quantity suffix.
func quantitySuffix(suffix string) float64 {
	switch suffix {
	case "m":
		return 1e-3
	case "k":
		return 1e3
	case "M":
		return 1e6
	case "G":
		return 1e9
	case "T":
		return 1e12
	case "Ki":
		return 1 << 10
	case "Mi":
		return 1 << 20
	case "Gi":
		return 1 << 30
	case "Ti":
		return 1 << 40
	}
	return 1
}

// parseQuantity returns a quantity such as "100m" (0.1) or "300Mi" (314572800) in base units.
func parseQuantity(s string) (float64, error) {
	m := quantityPattern.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("%q is not a Kubernetes quantity (e.g. 100m, 0.5, 300Mi, 1Gi)", s)
	}
	n, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return 0, fmt.Errorf("%q: %w", s, err)
	}
	return n * quantitySuffix(m[2]), nil
}
