package autoscaler

import (
	"fmt"
	"regexp"
)

// regionPattern matches AWS region names such as eu-west-1, us-gov-west-1 or ap-southeast-3.
var regionPattern = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$`)

// Expanders the component accepts. priority needs a ConfigMap of priorities and price exists only on
// GCE, so neither is offered.
const (
	ExpanderLeastWaste = "least-waste"
	ExpanderRandom     = "random"
	ExpanderMostPods   = "most-pods"
	ExpanderLeastNodes = "least-nodes"
)

// maxReplicas bounds Replicas: only the leader works, so more than a couple of standbys is waste.
const maxReplicas = 3

// withDefaults validates args and returns a copy with the defaults filled in.
func withDefaults(name string, args *ClusterAutoscalerArgs) (ClusterAutoscalerArgs, error) {
	if args == nil {
		return ClusterAutoscalerArgs{}, fmt.Errorf("autoscaler %s: args are required", name)
	}
	a := *args
	if a.Replicas == 0 {
		a.Replicas = 1
	}
	if a.Expander == "" {
		a.Expander = ExpanderLeastWaste
	}
	a.Resources = resourcesWithDefaults(a.Resources)
	if err := validate(name, &a); err != nil {
		return ClusterAutoscalerArgs{}, err
	}
	return a, nil
}

// resourcesWithDefaults fills empty fields of r.
func resourcesWithDefaults(r Resources) Resources {
	fill := func(v *string, def string) {
		if *v == "" {
			*v = def
		}
	}
	fill(&r.CPURequest, "100m")
	fill(&r.MemoryRequest, "300Mi")
	fill(&r.CPULimit, "500m")
	fill(&r.MemoryLimit, "600Mi")
	return r
}

// validate rejects args that would install an autoscaler that cannot work.
func validate(name string, a *ClusterAutoscalerArgs) error {
	switch {
	case a.ClusterName == nil:
		return fmt.Errorf("autoscaler %s: ClusterName is required", name)
	case !regionPattern.MatchString(a.Region):
		return fmt.Errorf("autoscaler %s: Region %q is not an AWS region name (e.g. eu-west-1)", name, a.Region)
	case a.Replicas < 1 || a.Replicas > maxReplicas:
		return fmt.Errorf("autoscaler %s: Replicas (%d) must be between 1 and %d", name, a.Replicas, maxReplicas)
	}
	switch a.Expander {
	case ExpanderLeastWaste, ExpanderRandom, ExpanderMostPods, ExpanderLeastNodes:
	default:
		return fmt.Errorf("autoscaler %s: Expander %q must be %s, %s, %s or %s", name, a.Expander,
			ExpanderLeastWaste, ExpanderRandom, ExpanderMostPods, ExpanderLeastNodes)
	}
	r := a.Resources
	if err := requestWithinLimit("CPU", r.CPURequest, r.CPULimit); err != nil {
		return fmt.Errorf("autoscaler %s: Resources: %w", name, err)
	}
	if err := requestWithinLimit("Memory", r.MemoryRequest, r.MemoryLimit); err != nil {
		return fmt.Errorf("autoscaler %s: Resources: %w", name, err)
	}
	return nil
}

// requestWithinLimit checks that request and limit are positive quantities and request <= limit,
// which Kubernetes would otherwise reject when it creates the pod, long after the deploy succeeded.
func requestWithinLimit(resource, request, limit string) error {
	req, err := parseQuantity(request)
	if err != nil {
		return fmt.Errorf("%sRequest: %w", resource, err)
	}
	lim, err := parseQuantity(limit)
	if err != nil {
		return fmt.Errorf("%sLimit: %w", resource, err)
	}
	if req <= 0 {
		return fmt.Errorf("%sRequest %s must be positive", resource, request)
	}
	if req > lim {
		return fmt.Errorf("%sLimit %s must be at least %sRequest %s", resource, limit, resource, request)
	}
	return nil
}
