// Package eksversions is the one table of what this program runs per Kubernetes minor on EKS: the
// version's support dates and the EKS add-on versions pinned for it (table.go). Upgrading a stack is one
// change of cluster.version plus, when the minor is new, one row here; a minor without a row is
// refused at preview (internal/config names the key). The policy pack judges the dates
// (policies/baseline, eks-standard-support) and the offline plan prints them.
package eksversions

import (
	"fmt"
	"slices"
	"time"
)

// Minor is one Kubernetes minor version as EKS offers it.
type Minor struct {
	// Version is the minor as EKS names it ("1.36").
	Version string
	// Released, StandardSupportEnd and ExtendedSupportEnd are the dates of the EKS release
	// calendar (UTC). EKS bills extended support from the start of StandardSupportEnd.
	Released, StandardSupportEnd, ExtendedSupportEnd time.Time
	// Addons are the pinned EKS add-on versions by add-on name (PinnedAddons); an add-on without
	// an entry gets EKS's default for the minor (the GuardDuty agent, table.go says why).
	Addons map[string]string
}

// Names of the EKS add-ons the program installs, as EKS names them.
const (
	AddonVpcCni           = "vpc-cni"
	AddonKubeProxy        = "kube-proxy"
	AddonPodIdentityAgent = "eks-pod-identity-agent"
	AddonCoreDNS          = "coredns"
	AddonEbsCsiDriver     = "aws-ebs-csi-driver"
	AddonGuardDutyAgent   = "aws-guardduty-agent"
)

// PinnedAddons lists every add-on a row pins.
func PinnedAddons() []string {
	return []string{AddonVpcCni, AddonKubeProxy, AddonPodIdentityAgent, AddonCoreDNS, AddonEbsCsiDriver}
}

// DaysLeft is how many whole days of standard support are left on day (negative once past).
func (m Minor) DaysLeft(day time.Time) int {
	return int(m.StandardSupportEnd.Sub(day.UTC().Truncate(24*time.Hour)).Hours() / 24)
}

// InStandardSupport reports whether day is before the end of standard support.
func (m Minor) InStandardSupport(day time.Time) bool { return day.Before(m.StandardSupportEnd) }

// Summary is the one line the plan prints about the stack's version.
func (m Minor) Summary(day time.Time) string {
	end := m.StandardSupportEnd.Format(time.DateOnly)
	if !m.InStandardSupport(day) {
		return fmt.Sprintf("Kubernetes %s on EKS: standard support ended %s (extended support until %s, at six times the control plane's hourly price)",
			m.Version, end, m.ExtendedSupportEnd.Format(time.DateOnly))
	}
	return fmt.Sprintf("Kubernetes %s on EKS: standard support until %s (%d days left), extended support until %s",
		m.Version, end, m.DaysLeft(day), m.ExtendedSupportEnd.Format(time.DateOnly))
}

// Lookup returns the row of version.
func Lookup(version string) (Minor, bool) {
	i := slices.IndexFunc(table, func(m Minor) bool { return m.Version == version })
	if i < 0 {
		return Minor{}, false
	}
	return table[i], true
}

// Versions lists the minors with a row, oldest first.
func Versions() []string {
	out := make([]string, len(table))
	for i, m := range table {
		out[i] = m.Version
	}
	return out
}

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}
