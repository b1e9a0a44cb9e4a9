package plan

import (
	"fmt"
	"io"

	"github.com/ip-platform/infra/internal/charts"
)

// listCharts prints one line per pinned chart, "name<TAB>version<TAB>repository", for a script
// that fills a mirror (README: "Charts from a mirror"). Without a stack the repositories are the
// upstream ones; with one, those its charts setting installs from.
func listCharts(stdout, stderr io.Writer, dir, stack, configFile string) int {
	mirror := charts.Mirror{}
	if stack != "" {
		_, cfg, err := loadStack(dir, stack, configFile)
		if err != nil {
			fmt.Fprintf(stderr, "error: %v\n", err)
			return ExitInvalid
		}
		mirror = charts.Mirror{Repository: cfg.Charts.Repository, PerChart: cfg.Charts.Repositories}
	}
	for _, c := range charts.Pinned() {
		c = mirror.Locate(c)
		if _, err := fmt.Fprintf(stdout, "%s\t%s\t%s\n", c.Name, c.Version, c.Repo); err != nil {
			fmt.Fprintf(stderr, "error: %v\n", err)
			return ExitInvalid
		}
	}
	return ExitOK
}
