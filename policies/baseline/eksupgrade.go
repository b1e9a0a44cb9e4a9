package baseline

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// supportExtended is the upgrade policy that keeps a cluster on its version past standard support.
const supportExtended = "EXTENDED"

// EKSUpgradePolicy flags a cluster that enters extended support when its Kubernetes version leaves
// standard support: the control plane then costs $0.60 instead of $0.10 an hour until it is
// upgraded. Advisory: a stack may choose it on purpose (ip-platform:cluster.upgradePolicy.supportType).
func EKSUpgradePolicy() Policy {
	return Policy{
		Name:        "eks-extended-support",
		Description: "EKS clusters set upgradePolicy.supportType STANDARD: EXTENDED (also what the EKS API applies when it is unset) costs six times the hourly price once the version leaves standard support.",
		Enforcement: policyx.EnforcementLevelAdvisory,
		CheckResource: func(r Resource, _ string, _ map[string]any) []string {
			if r.Type != TypeEKSCluster {
				return nil
			}
			return EKSUpgrade(r)
		},
	}
}

// EKSUpgrade judges a cluster's upgrade policy; an unknown value is not judged.
func EKSUpgrade(r Resource) []string {
	support := get(r.Properties, "upgradePolicy", "supportType")
	switch {
	case support.unknown:
		return nil
	case support.missing:
		return []string{"upgradePolicy.supportType is not set, so the EKS API applies EXTENDED: when the version leaves standard support the control plane costs $0.60 instead of $0.10 an hour; set it to STANDARD, or EXTENDED on purpose"}
	}
	if s, _ := support.str(); s == supportExtended {
		return []string{"upgradePolicy.supportType is EXTENDED: when the version leaves standard support the cluster stays on it at $0.60 instead of $0.10 an hour; keep it only if the stack chose it (ip-platform:cluster.upgradePolicy.supportType)"}
	}
	return nil
}
