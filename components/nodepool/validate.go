package nodepool

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// EKS limits, from the CreateNodegroup API reference.
const (
	// maxNodeGroupName is the longest node group name EKS accepts.
	maxNodeGroupName = 63
	// prefixSuffixLen is what the provider appends to nodeGroupNamePrefix (a timestamp and counter).
	prefixSuffixLen = 26
	// maxTaints is the most taints a node group may carry.
	maxTaints = 50
	// minDiskGiB is the smallest root volume the EKS AMIs boot from with room for images.
	minDiskGiB = 20
	// maxDiskGiB is the largest gp3 volume.
	maxDiskGiB = 16384
)

var (
	// labelName is the name part of a Kubernetes qualified name, and a valid non-empty label value.
	labelName = regexp.MustCompile(`^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$`)
	// dnsSubdomain is the optional prefix of a qualified name (RFC 1123 subdomain).
	dnsSubdomain = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
	// poolName is what the pool's name may look like: it prefixes the node group's name, which must
	// start with a letter or digit and hold only letters, digits, hyphens and underscores.
	poolName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)
)

// reservedLabelDomains are label namespaces the pool may not set: kubelet and Kubernetes own
// kubernetes.io and k8s.io (the NodeRestriction admission plugin limits what nodes may set there),
// and EKS sets eks.amazonaws.com labels (nodegroup, capacityType) itself.
func reservedLabelDomains() []string {
	return []string{"kubernetes.io", "k8s.io", "eks.amazonaws.com"}
}

// validate rejects args EKS would refuse at apply time, or that would build a pool that cannot work.
// It runs on the copy with defaults filled in.
func validate(name string, a *NodePoolArgs) error {
	if !poolName.MatchString(name) || len(name)+1+prefixSuffixLen > maxNodeGroupName {
		return fmt.Errorf("nodepool %s: the name must start with a letter or digit, hold only letters, digits, '-' and '_', and be at most %d characters (it prefixes the node group name, limited to %d)",
			name, maxNodeGroupName-prefixSuffixLen-1, maxNodeGroupName)
	}
	if a.ClusterName == nil {
		return fmt.Errorf("nodepool %s: ClusterName is required", name)
	}
	if a.SubnetIDs == nil {
		return fmt.Errorf("nodepool %s: SubnetIDs is required (the private subnets of every availability zone)", name)
	}
	if _, _, ok := amiTypes(a.AmiFamily); !ok {
		return fmt.Errorf("nodepool %s: AmiFamily %q must be %s or %s", name, a.AmiFamily, AL2023, Bottlerocket)
	}
	if err := validateInstanceTypes(a.AmiFamily, a.InstanceTypes); err != nil {
		return fmt.Errorf("nodepool %s: InstanceTypes: %w", name, err)
	}
	if a.CapacityType != OnDemand && a.CapacityType != Spot {
		return fmt.Errorf("nodepool %s: CapacityType %q must be %s or %s", name, a.CapacityType, OnDemand, Spot)
	}
	if err := validateSizes(a); err != nil {
		return fmt.Errorf("nodepool %s: %w", name, err)
	}
	if a.MaxUnavailable < 1 || a.MaxUnavailable > 100 {
		return fmt.Errorf("nodepool %s: MaxUnavailable (%d) must be between 1 and 100", name, a.MaxUnavailable)
	}
	if a.DiskSizeGiB < minDiskGiB || a.DiskSizeGiB > maxDiskGiB {
		return fmt.Errorf("nodepool %s: DiskSizeGiB (%d) must be between %d and %d", name, a.DiskSizeGiB, minDiskGiB, maxDiskGiB)
	}
	for _, k := range sortedKeys(a.Labels) {
		if err := validateLabel(k, a.Labels[k]); err != nil {
			return fmt.Errorf("nodepool %s: Labels: %w", name, err)
		}
	}
	if err := validateTaints(a.Taints); err != nil {
		return fmt.Errorf("nodepool %s: Taints: %w", name, err)
	}
	if n := len(a.Labels) + len(a.Taints); a.MinSize == 0 && n > maxTemplateTags {
		return fmt.Errorf("nodepool %s: Labels and Taints: %d node-template tags for scaling from zero, an Auto Scaling group has room for %d", name, n, maxTemplateTags)
	}
	return nil
}

// validateInstanceTypes checks each name and that the pool can have one AMI type of family.
func validateInstanceTypes(family AmiFamily, types []string) error {
	for i, t := range types {
		if slices.Contains(types[:i], t) {
			return fmt.Errorf("%q is listed twice", t)
		}
	}
	_, err := amiType(family, types)
	return err
}

// validateSizes checks the scaling bounds the EKS API enforces.
func validateSizes(a *NodePoolArgs) error {
	switch {
	case a.MinSize < 0:
		return fmt.Errorf("MinSize (%d) must be >= 0", a.MinSize)
	case a.MaxSize < 1:
		return fmt.Errorf("MaxSize (%d) must be >= 1", a.MaxSize)
	case a.MaxSize < a.MinSize:
		return fmt.Errorf("MaxSize (%d) must be >= MinSize (%d)", a.MaxSize, a.MinSize)
	case a.DesiredSize < a.MinSize || a.DesiredSize > a.MaxSize:
		return fmt.Errorf("DesiredSize (%d) must be between MinSize (%d) and MaxSize (%d)", a.DesiredSize, a.MinSize, a.MaxSize)
	}
	return nil
}

// validateLabel checks a node label: a qualified-name key outside the reserved namespaces and a
// valid label value.
func validateLabel(key, value string) error {
	if err := validateQualifiedName(key); err != nil {
		return fmt.Errorf("key %q: %w", key, err)
	}
	if domain, _, ok := strings.Cut(key, "/"); ok {
		for _, reserved := range reservedLabelDomains() {
			if domain == reserved || strings.HasSuffix(domain, "."+reserved) {
				return fmt.Errorf("key %q: the %s namespace is reserved", key, reserved)
			}
		}
	}
	if err := validateLabelValue(value); err != nil {
		return fmt.Errorf("key %q: %w", key, err)
	}
	return nil
}

// validateTaints checks each taint, the EKS limit on their number, and that no key repeats:
// cluster-autoscaler's node-template tag holds one value per taint key.
func validateTaints(taints []Taint) error {
	if len(taints) > maxTaints {
		return fmt.Errorf("%d taints, EKS allows at most %d", len(taints), maxTaints)
	}
	seen := map[string]bool{}
	for _, t := range taints {
		if err := validateQualifiedName(t.Key); err != nil {
			return fmt.Errorf("key %q: %w", t.Key, err)
		}
		if seen[t.Key] {
			return fmt.Errorf("key %q appears twice", t.Key)
		}
		seen[t.Key] = true
		if err := validateLabelValue(t.Value); err != nil {
			return fmt.Errorf("key %q: %w", t.Key, err)
		}
		if _, ok := KubernetesEffect(t.Effect); !ok {
			return fmt.Errorf("key %q: Effect %q must be %s, %s or %s", t.Key, t.Effect, NoSchedule, NoExecute, PreferNoSchedule)
		}
	}
	return nil
}

// validateQualifiedName applies Kubernetes' qualified name rules: an optional DNS subdomain prefix
// of at most 253 characters and "/", then a name of at most 63 alphanumerics, '-', '_' or '.',
// starting and ending alphanumeric.
func validateQualifiedName(s string) error {
	prefix, name, hasPrefix := strings.Cut(s, "/")
	if !hasPrefix {
		prefix, name = "", s
	} else if prefix == "" || len(prefix) > 253 || !dnsSubdomain.MatchString(prefix) {
		return fmt.Errorf("prefix %q must be a lower-case DNS subdomain of at most 253 characters", prefix)
	}
	if name == "" || len(name) > 63 || !labelName.MatchString(name) {
		return fmt.Errorf("name %q must be 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit", name)
	}
	return nil
}

// validateLabelValue applies Kubernetes' label value rules: empty, or at most 63 alphanumerics,
// '-', '_' or '.', starting and ending alphanumeric.
func validateLabelValue(v string) error {
	if v == "" {
		return nil
	}
	if len(v) > 63 || !labelName.MatchString(v) {
		return fmt.Errorf("value %q must be at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit", v)
	}
	return nil
}
