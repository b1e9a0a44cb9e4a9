package baseline

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// unknownValue stands for a value computed at preview time (property.Computed).
type unknownValue struct{}

// val builds a property value from plain Go test data.
func val(v any) property.Value {
	switch t := v.(type) {
	case nil:
		return property.Value{}
	case unknownValue:
		return property.New(property.Computed)
	case string:
		return property.New(t)
	case bool:
		return property.New(t)
	case int:
		return property.New(float64(t))
	case float64:
		return property.New(t)
	case []any:
		arr := make([]property.Value, len(t))
		for i, e := range t {
			arr[i] = val(e)
		}
		return property.New(arr)
	case []string:
		arr := make([]property.Value, len(t))
		for i, e := range t {
			arr[i] = property.New(e)
		}
		return property.New(arr)
	case map[string]any:
		m := make(map[string]property.Value, len(t))
		for k, e := range t {
			m[k] = val(e)
		}
		return property.New(m)
	case property.Map:
		return property.New(t)
	}
	panic(fmt.Sprintf("test data of type %T", v))
}

func props(m map[string]any) property.Map { return val(m).AsMap() }

// restricted is a securityContext that meets the restricted Pod Security Standard.
func restricted() map[string]any {
	return map[string]any{
		"runAsNonRoot": true, "allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true,
		"capabilities":   map[string]any{"drop": []any{"ALL"}},
		"seccompProfile": map[string]any{"type": "RuntimeDefault"},
	}
}

// goodContainer is a container every workload policy accepts.
func goodContainer(name, cpu, memory string) map[string]any {
	return map[string]any{
		"name":  name,
		"image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/" + name + ":1.4.2",
		"resources": map[string]any{
			"requests": map[string]any{"cpu": "100m", "memory": "128Mi", "ephemeral-storage": "256Mi"},
			"limits":   map[string]any{"cpu": cpu, "memory": memory, "ephemeral-storage": "1Gi"},
		},
		"securityContext": restricted(),
	}
}

// deploymentOf is a Deployment of an IP service (labelled like the services component does).
func deploymentOf(service string, containers ...map[string]any) map[string]any {
	list := make([]any, len(containers))
	for i, c := range containers {
		list[i] = c
	}
	return map[string]any{
		"metadata": map[string]any{
			"name": service, "namespace": service,
			"labels": map[string]any{LabelName: service, LabelPartOf: "ip-platform"},
		},
		"spec": map[string]any{
			"template": map[string]any{"spec": map[string]any{"containers": list}},
		},
	}
}

// set returns a deep copy of m with the value at path (map keys) replaced.
func set(m map[string]any, v any, path ...string) map[string]any {
	out := copyMap(m)
	cur := out
	for _, k := range path[:len(path)-1] {
		next, ok := cur[k].(map[string]any)
		if !ok {
			next = map[string]any{}
		}
		next = copyMap(next)
		cur[k] = next
		cur = next
	}
	if v == nil {
		delete(cur, path[len(path)-1])
	} else {
		cur[path[len(path)-1]] = v
	}
	return out
}

func copyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if sub, ok := v.(map[string]any); ok {
			v = copyMap(sub)
		}
		out[k] = v
	}
	return out
}
