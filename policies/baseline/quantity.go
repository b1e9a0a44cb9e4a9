package baseline

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// parseCPU returns a Kubernetes CPU quantity ("500m", "1", "0.5", or a number) in millicores.
func parseCPU(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if milli, ok := strings.CutSuffix(s, "m"); ok {
		n, err := strconv.ParseFloat(milli, 64)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("cpu quantity %q: want millicores like 500m or cores like 1", s)
		}
		return int64(math.Ceil(n)), nil
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("cpu quantity %q: want millicores like 500m or cores like 1", s)
	}
	return int64(math.Ceil(n * 1000)), nil
}

type memorySuffix struct {
	suffix string
	factor float64
}

// memorySuffixes are the Kubernetes quantity suffixes for bytes: binary first so "Mi" wins over "M".
func memorySuffixes() []memorySuffix {
	return []memorySuffix{
		{"Ki", 1 << 10}, {"Mi", 1 << 20}, {"Gi", 1 << 30}, {"Ti", 1 << 40}, {"Pi", 1 << 50}, {"Ei", 1 << 60},
		{"k", 1e3}, {"M", 1e6}, {"G", 1e9}, {"T", 1e12}, {"P", 1e15}, {"E", 1e18},
	}
}

// parseMemory returns a Kubernetes memory quantity ("1Gi", "512Mi", "1G", "1073741824") in bytes.
func parseMemory(s string) (int64, error) {
	s = strings.TrimSpace(s)
	factor := 1.0
	number := s
	for _, m := range memorySuffixes() {
		if rest, ok := strings.CutSuffix(s, m.suffix); ok {
			factor, number = m.factor, rest
			break
		}
	}
	n, err := strconv.ParseFloat(number, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("memory quantity %q: want bytes with a suffix like 512Mi or 1Gi", s)
	}
	return int64(math.Ceil(n * factor)), nil
}

// quantity reads a resource quantity at key of a requests/limits map.
type quantity struct {
	raw     string
	value   int64
	set     bool // present and known
	unknown bool // computed at preview time
	err     error
}

// readQuantity reads the quantity at path in m; parse is parseCPU or parseMemory.
func readQuantity(m property.Map, parse func(string) (int64, error), path ...string) quantity {
	f := get(m, path...)
	if f.unknown {
		return quantity{unknown: true}
	}
	raw, ok := f.str()
	if !ok {
		return quantity{}
	}
	v, err := parse(raw)
	return quantity{raw: raw, value: v, set: err == nil, err: err}
}
