package charts

import (
	"slices"
	"strings"
	"sync"
)

// pinned is every chart a component declared with Pin: the one list the mirror setting, the chart
// check (tests/charts) and `plan --charts` read, so a chart added to a component is in all three.
var (
	pinnedMu sync.Mutex
	pinned   []Chart
)

// Pin declares c as a chart the program installs and returns it, for a component's chart variable:
//
//	var Loki = charts.Pin(charts.Chart{Name: "loki", Repo: "https://grafana.github.io/helm-charts", Version: "6.26.0"})
func Pin(c Chart) Chart {
	pinnedMu.Lock()
	defer pinnedMu.Unlock()
	if !slices.Contains(pinned, c) {
		pinned = append(pinned, c)
	}
	return c
}

// Pinned returns the charts declared with Pin by the packages linked into the binary, sorted by
// name and version. The platform links every component, so from there it is the whole list.
func Pinned() []Chart {
	pinnedMu.Lock()
	defer pinnedMu.Unlock()
	out := slices.Clone(pinned)
	slices.SortFunc(out, func(a, b Chart) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.Version, b.Version)
	})
	return out
}

// PinnedNames returns the names of the pinned charts, sorted, each once.
func PinnedNames() []string {
	var names []string
	for _, c := range Pinned() {
		if !slices.Contains(names, c.Name) {
			names = append(names, c.Name)
		}
	}
	return names
}
