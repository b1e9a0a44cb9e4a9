package baseline

import (
	"fmt"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/ip-platform/infra/internal/eksversions"
)

// supportWarningDays is how long before the end of standard support the pack starts to warn: a
// quarter, time for the one-minor-at-a-time upgrade of every stack.
const supportWarningDays = 90

// today is the day the version policies judge against; tests replace it.
var today = func() time.Time { return time.Now().UTC() }

// EKSStandardSupportPolicy warns (advisory) when a cluster's Kubernetes version has 90 days of EKS
// standard support or fewer left, and, outside prod, once it has none: from then on the control
// plane is billed at the extended-support rate, or, with upgradePolicy STANDARD, EKS upgrades the
// cluster on its own, outside any review.
func EKSStandardSupportPolicy() Policy {
	return Policy{
		Name:        "eks-standard-support",
		Description: "EKS clusters run a Kubernetes version with more than 90 days of standard support left (the calendar in internal/eksversions); advisory, and in prod mandatory once it has ended (eks-standard-support-prod).",
		Enforcement: policyx.EnforcementLevelAdvisory,
		CheckResource: func(r Resource, env string, _ map[string]any) []string {
			if r.Type != TypeEKSCluster {
				return nil
			}
			return EKSStandardSupport(r, env, today(), false)
		},
	}
}

// EKSStandardSupportProdPolicy refuses a prod cluster on a version past its end of standard
// support. An upgrade that steps through such a minor sets this policy advisory for that run
// (--policy-pack-config, docs/runbooks/cluster.md).
func EKSStandardSupportProdPolicy() Policy {
	return Policy{
		Name:        "eks-standard-support-prod",
		Description: "A prod EKS cluster runs a Kubernetes version still in EKS standard support (the calendar in internal/eksversions).",
		Enforcement: policyx.EnforcementLevelMandatory,
		CheckResource: func(r Resource, env string, _ map[string]any) []string {
			if r.Type != TypeEKSCluster {
				return nil
			}
			return EKSStandardSupport(r, env, today(), true)
		},
	}
}

// EKSStandardSupport judges a cluster's version on day in env: the advisory judgement, or with
// prodMandatory the mandatory one (prod, past the end).
func EKSStandardSupport(r Resource, env string, day time.Time, prodMandatory bool) []string {
	version, ok := get(r.Properties, "version").str()
	if !ok {
		return nil
	}
	m, known := eksversions.Lookup(version)
	if !known {
		if prodMandatory {
			return nil
		}
		return []string{fmt.Sprintf("Kubernetes %s is not in the program's version calendar (internal/eksversions, one of %v): its support dates and add-on versions are unknown", version, eksversions.Versions())}
	}
	ended := !m.InStandardSupport(day)
	switch {
	case prodMandatory && ended && env == "prod":
		return []string{m.Summary(day) + "; upgrade ip-platform:cluster.version one minor at a time (docs/runbooks/cluster.md)"}
	case prodMandatory:
		return nil
	case ended && env != "prod":
		return []string{m.Summary(day) + "; upgrade ip-platform:cluster.version"}
	case !ended && m.DaysLeft(day) <= supportWarningDays:
		return []string{m.Summary(day) + fmt.Sprintf("; %d days or fewer: plan the upgrade of ip-platform:cluster.version", supportWarningDays)}
	}
	return nil
}
