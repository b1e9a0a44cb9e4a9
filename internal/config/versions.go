package config

import (
	"strings"

	"github.com/ip-platform/infra/internal/eksversions"
)

// validateKubernetesVersion refuses a minor the version table (internal/eksversions) has no row for:
// its add-on versions and support dates would be unknown.
func validateKubernetesVersion(p *problems, version string) {
	if _, ok := eksversions.Lookup(version); !ok {
		p.add(key("cluster.version"), "must be one of %s (the minors internal/eksversions pins add-ons for), got %q",
			strings.Join(eksversions.Versions(), ", "), version)
	}
}

// pinAddons fills the add-on versions of the stack's minor from the version table. A stack's own
// cluster.addonVersions entry (a hotfix build, say) wins over the table's.
func pinAddons(cfg *Config) {
	m, ok := eksversions.Lookup(cfg.Cluster.Version)
	if !ok {
		return
	}
	pinned := make(map[string]string, len(m.Addons))
	for _, name := range eksversions.PinnedAddons() {
		pinned[name] = m.Addons[name]
	}
	for name, v := range cfg.Cluster.AddonVersions {
		pinned[name] = v
	}
	cfg.Cluster.AddonVersions = pinned
}
