package baseline

import (
	"fmt"
	"slices"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// Limits are a container's CPU and memory limits as Kubernetes quantities.
type Limits struct {
	CPU    string
	Memory string
}

// SpecServiceLimits are the limits the deployment architecture gives the IP services (Resource
// Management > Resource Allocation): the default of the ip-service-limits policy.
func SpecServiceLimits() map[string]Limits {
	return map[string]Limits{
		"trademark":      {CPU: "500m", Memory: "1Gi"},
		"copyright":      {CPU: "500m", Memory: "1Gi"},
		"recommendation": {CPU: "1000m", Memory: "2Gi"},
	}
}

// IPServiceLimitsPolicy: an IP service's Deployment (labelled app.kubernetes.io/name: <service>)
// runs its service container with exactly the configured limits. The spec sizes the services and
// the node pools and quotas are sized from it: a service that raises its own limits takes
// capacity the others were promised.
func IPServiceLimitsPolicy() Policy {
	return Policy{
		Name:        "ip-service-limits",
		Description: "The IP services run with the spec's limits (trademark and copyright 500m/1Gi, recommendation 1000m/2Gi), or the configured ones.",
		Enforcement: policyx.EnforcementLevelMandatory,
		Schema: &policyx.ConfigSchema{Properties: map[string]map[string]any{
			"services": {
				"type":        "object",
				"description": "Limits per service name (the app.kubernetes.io/name label): {cpu, memory}.",
				"default":     limitsSchemaDefault(SpecServiceLimits()),
				"additionalProperties": map[string]any{
					"type":     "object",
					"required": []any{"cpu", "memory"},
					"properties": map[string]any{
						"cpu":    map[string]any{"type": "string"},
						"memory": map[string]any{"type": "string"},
					},
				},
			},
		}},
		CheckResource: func(r Resource, _ string, config map[string]any) []string {
			if r.Type != TypeDeployment {
				return nil
			}
			return IPServiceLimits(r.Properties, serviceLimitsConfig(config))
		},
	}
}

// IPServiceLimits judges a Deployment: when it belongs to one of the services, its service
// container's limits must equal the service's.
func IPServiceLimits(deployment property.Map, services map[string]Limits) []string {
	name := serviceOf(deployment)
	want, ok := services[name]
	if !ok {
		return nil
	}
	spec, _ := podSpec(TypeDeployment, deployment)
	c, found := serviceContainer(spec, name)
	if !found {
		return []string{fmt.Sprintf("%s: the Deployment has no containers", name)}
	}
	var out []string
	for _, q := range []struct {
		key, want string
		parse     func(string) (int64, error)
	}{
		{"cpu", want.CPU, parseCPU},
		{"memory", want.Memory, parseMemory},
	} {
		got := readQuantity(c.props, q.parse, "resources", "limits", q.key)
		wantValue, err := q.parse(q.want)
		switch {
		case got.unknown:
		case err != nil:
			out = append(out, fmt.Sprintf("%s: the configured %s limit %q is not a quantity", name, q.key, q.want))
		case !got.set:
			out = append(out, fmt.Sprintf("%s: %s sets no %s limit; the spec says %s", name, c.label(), q.key, q.want))
		case got.value != wantValue:
			out = append(out, fmt.Sprintf("%s: %s has limits.%s %s; the spec says %s", name, c.label(), q.key, got.raw, q.want))
		}
	}
	return out
}

// serviceOf returns the IP service a workload belongs to (app.kubernetes.io/name on the object,
// else on its pod template).
func serviceOf(props property.Map) string {
	if name := labels(props)[LabelName]; name != "" {
		return name
	}
	return get(props, "spec", "template", "metadata", "labels").stringMap()[LabelName]
}

// serviceContainer returns the container named after the service, else the first one: sidecars
// (proxies, exporters) have limits of their own.
func serviceContainer(spec property.Map, service string) (container, bool) {
	var first *container
	for _, c := range containers(spec) {
		if c.init {
			continue
		}
		if c.name == service {
			return c, true
		}
		if first == nil {
			first = &c
		}
	}
	if first == nil {
		return container{}, false
	}
	return *first, true
}

func serviceLimitsConfig(config map[string]any) map[string]Limits {
	raw, ok := config["services"].(map[string]any)
	if !ok {
		return SpecServiceLimits()
	}
	out := map[string]Limits{}
	for name, v := range raw {
		entry, _ := v.(map[string]any)
		out[name] = Limits{CPU: configString(entry, "cpu", ""), Memory: configString(entry, "memory", "")}
	}
	return out
}

func limitsSchemaDefault(services map[string]Limits) map[string]any {
	out := map[string]any{}
	for name, l := range services {
		out[name] = map[string]any{"cpu": l.CPU, "memory": l.Memory}
	}
	return out
}

// IPServiceAvailabilityPolicy: each IP service that runs in the stack has a HorizontalPodAutoscaler
// and a PodDisruptionBudget. Without the HPA a traffic spike is an outage; without the PDB a node
// drain (an upgrade, the cluster autoscaler) can evict every replica at once.
func IPServiceAvailabilityPolicy() Policy {
	return Policy{
		Name:        "ip-service-availability",
		Description: "Each IP service's Deployment has a HorizontalPodAutoscaler and a PodDisruptionBudget.",
		Enforcement: policyx.EnforcementLevelMandatory,
		CheckStack: func(resources []Resource, _ string) []Finding {
			// Stack policies get no configuration in this policyx version: the services are the spec's.
			return IPServiceAvailability(resources, serviceNames(SpecServiceLimits()))
		},
	}
}

// IPServiceAvailability returns a finding per service (of those named) whose Deployments have no
// HPA or no PDB in the stack.
func IPServiceAvailability(resources []Resource, services []string) []Finding {
	type workload struct {
		urn        string
		namespace  string
		deployment map[string]bool // Deployment names, which HPAs target
		hpa, pdb   bool
	}
	found := map[string]*workload{}
	for _, r := range resources {
		if r.Type != TypeDeployment {
			continue
		}
		svc := serviceOf(r.Properties)
		if !slices.Contains(services, svc) {
			continue
		}
		w := found[svc]
		if w == nil {
			w = &workload{urn: r.URN, namespace: namespaceOf(r.Properties), deployment: map[string]bool{}}
			found[svc] = w
		}
		w.deployment[objectName(r)] = true
	}
	for _, r := range resources {
		switch r.Type {
		case TypeHPA:
			target, _ := get(r.Properties, "spec", "scaleTargetRef", "name").str()
			for svc, w := range found {
				if w.deployment[target] || labels(r.Properties)[LabelName] == svc {
					w.hpa = w.hpa || sameNamespace(w.namespace, r.Properties)
				}
			}
		case TypePDB:
			selector := get(r.Properties, "spec", "selector", "matchLabels").stringMap()[LabelName]
			for svc, w := range found {
				if selector == svc || (selector == "" && labels(r.Properties)[LabelName] == svc) {
					w.pdb = w.pdb || sameNamespace(w.namespace, r.Properties)
				}
			}
		}
	}
	var out []Finding
	for _, svc := range sortedKeys(found) {
		w := found[svc]
		if !w.hpa {
			out = append(out, Finding{URN: w.urn, Message: fmt.Sprintf("%s has no HorizontalPodAutoscaler targeting its Deployment", svc)})
		}
		if !w.pdb {
			out = append(out, Finding{URN: w.urn, Message: fmt.Sprintf("%s has no PodDisruptionBudget selecting %s=%s", svc, LabelName, svc)})
		}
	}
	return out
}

// sameNamespace reports whether an object is in ns; unknown or unset namespaces are given the
// benefit of the doubt (the provider's default namespace).
func sameNamespace(ns string, props property.Map) bool {
	other := namespaceOf(props)
	return ns == "" || other == "" || ns == other
}

func serviceNames(services map[string]Limits) []string {
	names := make([]string, 0, len(services))
	for n := range services {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
