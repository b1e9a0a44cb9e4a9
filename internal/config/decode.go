package config

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// problems collects every invalid value of a stack so that one preview reports them all.
type problems struct{ list []string }

// add records a problem; only the first problem of each key path is kept, so a missing value is not
// also reported as malformed.
func (p *problems) add(path, format string, args ...any) {
	for _, seen := range p.list {
		if strings.HasPrefix(seen, path+" ") {
			return
		}
	}
	p.list = append(p.list, path+" "+fmt.Sprintf(format, args...))
}

func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	return &Error{Problems: p.list}
}

// Error lists every invalid configuration value, one per line.
type Error struct{ Problems []string }

func (e *Error) Error() string {
	if len(e.Problems) == 1 {
		return "invalid stack configuration: " + e.Problems[0]
	}
	return "invalid stack configuration:\n  " + strings.Join(e.Problems, "\n  ")
}

// object reads the fields of one JSON object at a key path, remembering which it read so that
// unknown (usually misspelt) fields are reported instead of silently ignored.
type object struct {
	p      *problems
	path   string
	fields map[string]any
	read   []string
}

// parseJSON decodes a raw config value the engine passed as a JSON string.
func parseJSON(p *problems, path, raw string) (any, bool) {
	var v any
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		p.add(path, "must be structured YAML (an object or a list), got %q", raw)
		return nil, false
	}
	return v, true
}

func asObject(p *problems, path string, v any) *object {
	m, ok := v.(map[string]any)
	if !ok {
		p.add(path, "must be an object, got %s", describe(v))
		return nil
	}
	return &object{p: p, path: path, fields: m}
}

func (o *object) child(key string) string { return o.path + "." + key }

// get returns the field's value if the stack set it (null counts as unset).
func (o *object) get(key string) (any, bool) {
	o.read = append(o.read, key)
	v, ok := o.fields[key]
	return v, ok && v != nil
}

func (o *object) string(key string, dst *string) {
	if v, ok := o.get(key); ok {
		readString(o.p, o.child(key), v, dst)
	}
}

// quantity reads a CPU or memory quantity. A number is taken as its decimal form, because
// `pulumi config set --path ip-platform:services.<name>.limits.cpu 2`, the way the README sets
// one, stores 2 as a number, and "2" (two cores) is a valid quantity; the quantity rules then
// judge it like any string (a bare memory number is refused there, with the key named).
func (o *object) quantity(key string, dst *string) {
	v, ok := o.get(key)
	if !ok {
		return
	}
	if n, isNumber := v.(float64); isNumber {
		*dst = strconv.FormatFloat(n, 'f', -1, 64)
		return
	}
	readString(o.p, o.child(key), v, dst)
}

func (o *object) int(key string, dst *int) {
	if v, ok := o.get(key); ok {
		readInt(o.p, o.child(key), v, dst)
	}
}

func (o *object) bool(key string, dst *bool) {
	if v, ok := o.get(key); ok {
		b, isBool := v.(bool)
		if !isBool {
			o.p.add(o.child(key), "must be true or false, got %s", describe(v))
			return
		}
		*dst = b
	}
}

func (o *object) strings(key string, dst *[]string) {
	if v, ok := o.get(key); ok {
		readStrings(o.p, o.child(key), v, dst)
	}
}

func (o *object) stringMap(key string, dst *map[string]string) {
	v, ok := o.get(key)
	if !ok {
		return
	}
	m, isMap := v.(map[string]any)
	if !isMap {
		o.p.add(o.child(key), "must be a map of strings, got %s", describe(v))
		return
	}
	out := make(map[string]string, len(m))
	for k, e := range m {
		s, isString := e.(string)
		if !isString {
			o.p.add(o.child(key)+"."+k, "must be a string, got %s", describe(e))
			continue
		}
		out[k] = s
	}
	*dst = out
}

// object calls each with a nested object, then reports its unknown fields.
func (o *object) object(key string, each func(*object)) {
	if v, ok := o.get(key); ok {
		if nested := asObject(o.p, o.child(key), v); nested != nil {
			each(nested)
			nested.done()
		}
	}
}

// objects calls each for every element of a list of objects.
func (o *object) objects(key string, each func(*object)) {
	if v, ok := o.get(key); ok {
		readObjects(o.p, o.child(key), v, each)
	}
}

// done reports the fields the stack set that no reader asked for.
func (o *object) done() {
	var unknown []string
	for k := range o.fields {
		if !slices.Contains(o.read, k) {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		o.p.add(o.child(k), "is not a known key; allowed: %s", strings.Join(o.read, ", "))
	}
}

func readString(p *problems, path string, v any, dst *string) {
	s, ok := v.(string)
	if !ok {
		p.add(path, "must be a string, got %s", describe(v))
		return
	}
	*dst = s
}

func readInt(p *problems, path string, v any, dst *int) {
	f, ok := v.(float64)
	if !ok || f != math.Trunc(f) || math.Abs(f) > math.MaxInt32 {
		p.add(path, "must be a whole number, got %s", describe(v))
		return
	}
	*dst = int(f)
}

func readStrings(p *problems, path string, v any, dst *[]string) {
	list, ok := v.([]any)
	if !ok {
		p.add(path, "must be a list of strings, got %s", describe(v))
		return
	}
	out := make([]string, 0, len(list))
	for i, e := range list {
		s, isString := e.(string)
		if !isString {
			p.add(fmt.Sprintf("%s[%d]", path, i), "must be a string, got %s", describe(e))
			continue
		}
		out = append(out, s)
	}
	*dst = out
}

func readObjects(p *problems, path string, v any, each func(*object)) {
	list, ok := v.([]any)
	if !ok {
		p.add(path, "must be a list of objects, got %s", describe(v))
		return
	}
	for i, e := range list {
		if o := asObject(p, fmt.Sprintf("%s[%d]", path, i), e); o != nil {
			each(o)
			o.done()
		}
	}
}

// describe names a decoded JSON value for an error message.
func describe(v any) string {
	switch t := v.(type) {
	case string:
		return fmt.Sprintf("%q", t)
	case float64, bool:
		return fmt.Sprintf("%v", t)
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	case nil:
		return "nothing"
	}
	return fmt.Sprintf("%v", v)
}
