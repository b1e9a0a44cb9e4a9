package baseline

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// Default ceilings of a single container: the largest node the profiles run (m6i.xlarge, 4 vCPU,
// 16 GiB) minus what the kubelet and the system pods reserve.
const (
	defaultMaxCPU    = "3500m"
	defaultMaxMemory = "12Gi"
)

// ContainerResourcesPolicy: every container of every workload has CPU and memory requests and
// limits, limits >= requests, and limits under the configured maxima. A container without limits
// can starve its neighbours; one without requests is scheduled blind.
func ContainerResourcesPolicy() Policy {
	return Policy{
		Name:        "container-resources",
		Description: "Every container of a Deployment, StatefulSet, DaemonSet, Job, CronJob or Pod sets CPU and memory requests and limits, limits >= requests, limits <= the maxima.",
		Enforcement: policyx.EnforcementLevelMandatory,
		Schema: &policyx.ConfigSchema{Properties: map[string]map[string]any{
			"maxCpu":    {"type": "string", "default": defaultMaxCPU, "description": "Largest CPU limit of one container (Kubernetes quantity)."},
			"maxMemory": {"type": "string", "default": defaultMaxMemory, "description": "Largest memory limit of one container (Kubernetes quantity)."},
		}},
		CheckResource: func(r Resource, _ string, config map[string]any) []string {
			spec, ok := podSpec(r.Type, r.Properties)
			if !ok {
				return nil
			}
			return ContainerResources(spec, configString(config, "maxCpu", defaultMaxCPU), configString(config, "maxMemory", defaultMaxMemory))
		},
	}
}

// ContainerResources judges the resources of every container of a pod spec against the maxima:
// one message per container that is wrong, listing what is.
func ContainerResources(spec property.Map, maxCPU, maxMemory string) []string {
	var out []string
	for _, c := range containers(spec) {
		if problems := resourceProblems(c.props, maxCPU, maxMemory); len(problems) > 0 {
			out = append(out, fmt.Sprintf("%s: %s", c.label(), strings.Join(problems, "; ")))
		}
	}
	return out
}

// resourceProblems judges the `resources` of a container (or a chart component's values); an
// empty maximum means no ceiling.
func resourceProblems(holder property.Map, maxCPU, maxMemory string) []string {
	var out []string
	for _, kind := range []struct {
		name, max string
		parse     func(string) (int64, error)
	}{
		{"cpu", maxCPU, parseCPU},
		{"memory", maxMemory, parseMemory},
	} {
		req := readQuantity(holder, kind.parse, "resources", "requests", kind.name)
		lim := readQuantity(holder, kind.parse, "resources", "limits", kind.name)
		switch {
		case req.err != nil:
			out = append(out, fmt.Sprintf("requests.%s: %v", kind.name, req.err))
		case !req.set && !req.unknown:
			out = append(out, fmt.Sprintf("no %s request", kind.name))
		}
		switch {
		case lim.err != nil:
			out = append(out, fmt.Sprintf("limits.%s: %v", kind.name, lim.err))
			continue
		case lim.unknown:
			continue
		case !lim.set:
			out = append(out, fmt.Sprintf("no %s limit", kind.name))
			continue
		}
		if req.set && lim.value < req.value {
			out = append(out, fmt.Sprintf("limits.%s %s is below requests.%s %s", kind.name, lim.raw, kind.name, req.raw))
		}
		if ceiling, err := kind.parse(kind.max); kind.max != "" && err == nil && lim.value > ceiling {
			out = append(out, fmt.Sprintf("limits.%s %s is above the maximum %s", kind.name, lim.raw, kind.max))
		}
	}
	return out
}
