package cost

import (
	"strconv"
	"strings"

	"github.com/ip-platform/infra/internal/quantity"
)

// Resource is a planned resource as the --json plan prints it: plain JSON values, secrets as
// "[secret]", unknown values as "[unknown]".
type Resource struct {
	URN    string         `json:"urn"`
	Type   string         `json:"type"`
	Name   string         `json:"name"`
	Parent string         `json:"parent"`
	Inputs map[string]any `json:"inputs"`
}

// at returns the value at a dotted path ("scalingConfig.desiredSize", "rules.0.name"), or nil.
func at(v any, path string) any {
	for _, part := range strings.Split(path, ".") {
		switch node := v.(type) {
		case map[string]any:
			v = node[part]
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(node) {
				return nil
			}
			v = node[i]
		default:
			return nil
		}
	}
	return v
}

func (r Resource) str(path string) string {
	s, _ := at(r.Inputs, path).(string)
	return s
}

// num reads a number; JSON numbers decode as float64, the mocks hand some over as strings.
func (r Resource) num(path string) (float64, bool) {
	switch v := at(r.Inputs, path).(type) {
	case float64:
		return v, true
	case int:
		return float64(v), true
	case string:
		f, err := strconv.ParseFloat(v, 64)
		return f, err == nil
	}
	return 0, false
}

func (r Resource) numOr(path string, def float64) float64 {
	if v, ok := r.num(path); ok {
		return v
	}
	return def
}

func (r Resource) flag(path string) bool {
	switch v := at(r.Inputs, path).(type) {
	case bool:
		return v
	case string:
		return v == "true"
	}
	return false
}

func (r Resource) list(path string) []any {
	l, _ := at(r.Inputs, path).([]any)
	return l
}

// gib converts a Kubernetes storage quantity ("100Gi", "50G") to GiB, the unit EBS bills
// volumes in; false for a value that is missing or not a quantity.
func gib(v any) (float64, bool) {
	s, ok := v.(string)
	if !ok || s == "" {
		return 0, false
	}
	b, err := quantity.Memory(s)
	if err != nil {
		return 0, false
	}
	return float64(b) / (1 << 30), true
}
