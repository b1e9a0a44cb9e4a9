package baseline

import (
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// workloadTypes are the Kubernetes kinds that run containers, with the path to their pod spec.
func podSpecPath(typ string) ([]string, bool) {
	switch typ {
	case TypePod:
		return []string{"spec"}, true
	case TypeDeployment, TypeStatefulSet, TypeDaemonSet, TypeReplicaSet, TypeJob:
		return []string{"spec", "template", "spec"}, true
	case TypeCronJob:
		return []string{"spec", "jobTemplate", "spec", "template", "spec"}, true
	}
	return nil, false
}

// isWorkload reports whether typ runs containers.
func isWorkload(typ string) bool {
	_, ok := podSpecPath(typ)
	return ok
}

// podSpec returns the pod spec of a workload, or false for other types.
func podSpec(typ string, props property.Map) (property.Map, bool) {
	path, ok := podSpecPath(typ)
	if !ok {
		return property.Map{}, false
	}
	return get(props, path...).object(), true
}

// container is one container of a pod spec.
type container struct {
	name  string
	init  bool
	props property.Map
}

func (c container) label() string {
	if c.init {
		return "init container " + quote(c.name)
	}
	return "container " + quote(c.name)
}

// containers returns the init and regular containers of a pod spec.
func containers(spec property.Map) []container {
	var out []container
	for _, kind := range []string{"initContainers", "containers"} {
		for _, c := range get(spec, kind).maps() {
			name, _ := get(c, "name").str()
			out = append(out, container{name: name, init: kind == "initContainers", props: c})
		}
	}
	return out
}

func quote(s string) string {
	if s == "" {
		return `""`
	}
	return `"` + s + `"`
}

// exempt reports whether a namespace is in the configured exemptions.
func exempt(namespace string, exemptions []string) bool {
	return namespace != "" && slices.Contains(exemptions, namespace)
}
