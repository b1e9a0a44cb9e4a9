package platform

import (
	"slices"
	"sort"
	"strings"

	"github.com/ip-platform/infra/internal/charts"
	"github.com/ip-platform/infra/internal/config"
)

// chartInstaller installs every release through next (Helm when nil) from where the stack's
// charts setting says: a mirror replaces the upstream repositories, the pinned names and versions
// stay. A per-chart entry must name a pinned chart; config cannot check that itself because only
// the platform links every component that pins one.
func chartInstaller(src config.ChartSource, next charts.Installer) (charts.Installer, error) {
	known := charts.PinnedNames()
	var unknown []string
	for name := range src.Repositories {
		if !slices.Contains(known, name) {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		problems := make([]string, len(unknown))
		for i, name := range unknown {
			problems[i] = "ip-platform:charts.repositories." + name + " is not a chart the program installs; allowed: " + strings.Join(known, ", ")
		}
		return nil, &config.Error{Problems: problems}
	}
	next = charts.Or(next)
	if src.Repository == "" && len(src.Repositories) == 0 {
		return next, nil
	}
	return charts.Mirror{Repository: src.Repository, PerChart: src.Repositories, Next: next}, nil
}
