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

// ContainerResourcesPolicy: every container of every workload has CPU, memory and
// ephemeral-storage requests and limits, limits >= requests, and CPU and memory limits under the
// configured maxima. A container without limits can starve its neighbours, or fill its node's disk
// and get them evicted; one without requests is scheduled blind. The workloads it sees are the
// program's own: a chart's pods are inside its helm.v3.Release, judged by the helm-release
// policies from the values.
func ContainerResourcesPolicy() Policy {
	return Policy{
		Name:        "container-resources",
		Description: "Every container of a Deployment, StatefulSet, DaemonSet, Job, CronJob or Pod sets CPU, memory and ephemeral-storage requests and limits, limits >= requests, CPU and memory limits <= the maxima.",
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
		problems := append(resourceProblems(c.props, maxCPU, maxMemory), quantityProblems(c.props, resourceEphemeralStorage, "", parseEphemeralStorage)...)
		if len(problems) > 0 {
			out = append(out, fmt.Sprintf("%s: %s", c.label(), strings.Join(problems, "; ")))
		}
	}
	return out
}

// resourceProblems judges the `resources` of a container (or a chart component's values); an
// empty maximum means no ceiling.
func resourceProblems(holder property.Map, maxCPU, maxMemory string) []string {
	return append(quantityProblems(holder, "cpu", maxCPU, parseCPU), quantityProblems(holder, "memory", maxMemory, parseMemory)...)
}

// resourceEphemeralStorage is Kubernetes' name for node disk: a container's logs, writable layer
// and emptyDir volumes.
const resourceEphemeralStorage = "ephemeral-storage"

// quantityProblems judges one resource (name) of a `resources`: request and limit set and
// parseable, limit >= request and, when max is not empty, limit <= max.
func quantityProblems(holder property.Map, name, max string, parse func(string) (int64, error)) []string {
	var out []string
	req := readQuantity(holder, parse, "resources", "requests", name)
	lim := readQuantity(holder, parse, "resources", "limits", name)
	switch {
	case req.err != nil:
		out = append(out, fmt.Sprintf("requests.%s: %v", name, req.err))
	case !req.set && !req.unknown:
		out = append(out, fmt.Sprintf("no %s request", name))
	}
	switch {
	case lim.err != nil:
		return append(out, fmt.Sprintf("limits.%s: %v", name, lim.err))
	case lim.unknown:
		return out
	case !lim.set:
		return append(out, fmt.Sprintf("no %s limit", name))
	}
	if req.set && lim.value < req.value {
		out = append(out, fmt.Sprintf("limits.%s %s is below requests.%s %s", name, lim.raw, name, req.raw))
	}
	if ceiling, err := parse(max); max != "" && err == nil && lim.value > ceiling {
		out = append(out, fmt.Sprintf("limits.%s %s is above the maximum %s", name, lim.raw, max))
	}
	return out
}
