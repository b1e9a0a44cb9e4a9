package baseline

import (
	"strconv"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// field is a property read at a path: missing (unset, so the provider's default applies), unknown
// (computed, only known after the update) or known. Reading never panics, whatever the shape.
type field struct {
	v       property.Value
	missing bool
	unknown bool
}

// get reads the property at path (map keys) in m.
func get(m property.Map, path ...string) field {
	return getValue(property.New(m), path...)
}

func getValue(cur property.Value, path ...string) field {
	for _, key := range path {
		if cur.IsComputed() {
			return field{unknown: true}
		}
		if !cur.IsMap() {
			return field{missing: true}
		}
		next, ok := cur.AsMap().GetOk(key)
		if !ok || next.IsNull() {
			return field{missing: true}
		}
		cur = next
	}
	if cur.IsComputed() {
		return field{unknown: true}
	}
	if cur.IsNull() {
		return field{missing: true}
	}
	return field{v: cur}
}

// known reports whether the value is set and known.
func (f field) known() bool { return !f.missing && !f.unknown }

// str returns a known string (numbers and booleans are formatted).
func (f field) str() (string, bool) {
	switch {
	case !f.known():
		return "", false
	case f.v.IsString():
		return f.v.AsString(), true
	case f.v.IsNumber():
		return strconv.FormatFloat(f.v.AsNumber(), 'f', -1, 64), true
	case f.v.IsBool():
		return strconv.FormatBool(f.v.AsBool()), true
	}
	return "", false
}

// boolean returns a known boolean; some provider inputs are typed as strings ("true").
func (f field) boolean() (bool, bool) {
	switch {
	case !f.known():
		return false, false
	case f.v.IsBool():
		return f.v.AsBool(), true
	case f.v.IsString():
		b, err := strconv.ParseBool(f.v.AsString())
		return b, err == nil
	}
	return false, false
}

// isTrue reports a known true; isFalse a known false. Neither holds for an unknown value.
func (f field) isTrue() bool  { b, ok := f.boolean(); return ok && b }
func (f field) isFalse() bool { b, ok := f.boolean(); return ok && !b }

// number returns a known number; numeric strings count.
func (f field) number() (float64, bool) {
	switch {
	case !f.known():
		return 0, false
	case f.v.IsNumber():
		return f.v.AsNumber(), true
	case f.v.IsString():
		n, err := strconv.ParseFloat(f.v.AsString(), 64)
		return n, err == nil
	}
	return 0, false
}

// object returns the map, or an empty map when the value is not a known map.
func (f field) object() property.Map {
	if f.known() && f.v.IsMap() {
		return f.v.AsMap()
	}
	return property.Map{}
}

// list returns the array's elements, or nil when the value is not a known array.
func (f field) list() []property.Value {
	if !f.known() || !f.v.IsArray() {
		return nil
	}
	return f.v.AsArray().AsSlice()
}

// strings returns the known string elements of an array.
func (f field) strings() []string {
	var out []string
	for _, e := range f.list() {
		if s, ok := getValue(e).str(); ok {
			out = append(out, s)
		}
	}
	return out
}

// hasUnknownElement reports whether an array holds a value only known after the update.
func (f field) hasUnknownElement() bool {
	for _, e := range f.list() {
		if e.IsComputed() {
			return true
		}
	}
	return false
}

// stringMap returns the known string entries of a map (tags, labels).
func (f field) stringMap() map[string]string {
	out := map[string]string{}
	for k, v := range f.object().All {
		if s, ok := getValue(v).str(); ok {
			out[k] = s
		}
	}
	return out
}

// maps returns the map elements of an array (containers, rules), skipping anything else.
func (f field) maps() []property.Map {
	var out []property.Map
	for _, e := range f.list() {
		if e.IsMap() {
			out = append(out, e.AsMap())
		}
	}
	return out
}
