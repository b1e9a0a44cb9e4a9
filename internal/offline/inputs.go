package offline

import (
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Input returns the plain Go value at a property path such as "vpcConfig.subnetIds[0]" in the
// resource's inputs (secrets unwrapped), or nil when the path is not set.
func (r Resource) Input(path string) any {
	v, ok := r.InputValue(path)
	if !ok {
		return nil
	}
	return plain(v)
}

// InputValue returns the raw property value at path, keeping secrets wrapped.
func (r Resource) InputValue(path string) (resource.PropertyValue, bool) {
	p, err := resource.ParsePropertyPath(path)
	if err != nil {
		return resource.PropertyValue{}, false
	}
	v, ok := p.Get(resource.NewObjectProperty(r.Inputs))
	if !ok || v.IsNull() {
		return resource.PropertyValue{}, false
	}
	return v, true
}

// plain converts a property value to plain Go values: strings, float64, bool, []any, map[string]any.
func plain(v resource.PropertyValue) any {
	switch {
	case v.IsSecret():
		return plain(v.SecretValue().Element)
	case v.IsComputed(), v.IsOutput() && !v.OutputValue().Known:
		return nil
	case v.IsOutput():
		return plain(v.OutputValue().Element)
	case v.IsArray():
		arr := v.ArrayValue()
		out := make([]any, len(arr))
		for i, e := range arr {
			out[i] = plain(e)
		}
		return out
	case v.IsObject():
		out := map[string]any{}
		for k, e := range v.ObjectValue() {
			out[string(k)] = plain(e)
		}
		return out
	}
	return v.Mappable()
}

// Redacted returns the inputs as plain JSON-ready values with every secret replaced by "[secret]", so
// a plan can be printed or stored without leaking one.
func (r Resource) Redacted() map[string]any {
	return redactObject(r.Inputs)
}

// RedactedMap is Redacted for any property map: the engine's resources as the policy pack sees
// them go through it, so they are priced from the same plain values as the offline plan's.
func RedactedMap(m resource.PropertyMap) map[string]any { return redactObject(m) }

func redactObject(m resource.PropertyMap) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[string(k)] = redact(v)
	}
	return out
}

func redact(v resource.PropertyValue) any {
	switch {
	case v.IsSecret(), v.IsOutput() && v.OutputValue().Secret:
		return "[secret]"
	case v.IsComputed(), v.IsOutput() && !v.OutputValue().Known:
		return "[unknown]"
	case v.IsOutput():
		return redact(v.OutputValue().Element)
	case v.IsArray():
		arr := v.ArrayValue()
		out := make([]any, len(arr))
		for i, e := range arr {
			out[i] = redact(e)
		}
		return out
	case v.IsObject():
		return redactObject(v.ObjectValue())
	case v.IsResourceReference():
		return string(v.ResourceReferenceValue().URN)
	}
	return v.Mappable()
}
