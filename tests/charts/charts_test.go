//go:build charts

package charts

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/chartcheck"
	"github.com/ip-platform/infra/internal/charts"
	"github.com/ip-platform/infra/internal/plan"
	"github.com/ip-platform/infra/policies/baseline"
)

// repositoryEnv names the chart repository to check against; unset, each chart's upstream one.
const repositoryEnv = "IP_PLATFORM_CHART_REPOSITORY"

var stacks = []string{"dev", "staging", "prod"}

func TestEveryPinnedChartVersionIsInItsRepository(t *testing.T) {
	pinned := charts.Pinned()
	require.NotEmpty(t, pinned)
	var missing []string
	for _, c := range pinned {
		if _, err := source.entry(t, c); err != nil {
			missing = append(missing, err.Error())
		}
	}
	require.Empty(t, missing, "pinned charts the repository does not have")
	t.Logf("%d pinned charts, each in %s", len(pinned), source.describe())
}

func TestEveryValuePathTheProgramSetsIsInTheChart(t *testing.T) {
	releases := installedReleases(t)
	var problems []string
	for _, r := range releases {
		chart, err := source.chart(t, r.pin)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s %s: %v", r.stack, r.name, err))
			continue
		}
		for _, path := range chart.UnknownPaths(r.values) {
			problems = append(problems, fmt.Sprintf("%s: release %s sets %s, which chart %s %s does not have (not in its values.yaml, values.schema.json or templates)",
				r.stack, r.name, path, r.pin.Name, r.pin.Version))
		}
	}
	require.Empty(t, problems, "value paths the charts do not have")
	require.NotEmpty(t, releases)
	t.Logf("%d releases over %s: every value path is in its chart", len(releases), strings.Join(stacks, ", "))
}

// installedRelease is one Helm release a stack's plan installs: its pinned chart and its values.
type installedRelease struct {
	stack, name string
	pin         charts.Chart
	values      map[string]any
}

// planned caches installedReleases for the whole test binary (the tests run one after the other).
var planned []installedRelease

// installedReleases plans every stack offline and returns the Helm releases each installs.
func installedReleases(t *testing.T) []installedRelease {
	if planned != nil {
		return planned
	}
	var releases []installedRelease
	for _, stack := range stacks {
		result, err := plan.Compute("../..", stack, "")
		require.NoError(t, err, stack)
		for _, r := range result.Resources {
			if r.Type != baseline.TypeHelmRelease {
				continue
			}
			values, _ := r.Input("values").(map[string]any)
			releases = append(releases, installedRelease{
				stack:  stack,
				name:   r.Name,
				pin:    charts.Chart{Name: str(r.Input("chart")), Version: str(r.Input("version")), Repo: str(r.Input("repositoryOpts.repo"))},
				values: values,
			})
		}
	}
	planned = releases
	return releases
}

func str(v any) string { s, _ := v.(string); return s }

// source is where the charts come from, with what it fetched cached for the whole test binary
// (the tests run one after the other, so the caches need no lock).
var source = &repositories{override: os.Getenv(repositoryEnv), indexes: map[string]*chartcheck.Index{}, charts: map[string]*chartcheck.Chart{}}

type repositories struct {
	override string
	indexes  map[string]*chartcheck.Index
	charts   map[string]*chartcheck.Chart
}

func (s *repositories) describe() string {
	if s.override != "" {
		return s.override + " (" + repositoryEnv + ")"
	}
	return "its upstream repository (set " + repositoryEnv + " to check a mirror instead)"
}

func (s *repositories) repository(t *testing.T, c charts.Chart) chartcheck.Repository {
	url := c.Repo
	if s.override != "" {
		url = s.override
	}
	if charts.IsOCI(url) {
		t.Fatalf("%s=%s: this check reads index.yaml repositories; point it at the https:// (or loopback http://) URL of a mirror holding the pinned charts", repositoryEnv, url)
	}
	return chartcheck.Repository{URL: url, Client: &http.Client{Timeout: 2 * time.Minute}}
}

// entry finds c in its repository; a repository it cannot reach fails the test with what to set.
func (s *repositories) entry(t *testing.T, c charts.Chart) (chartcheck.IndexEntry, error) {
	repo := s.repository(t, c)
	ix, ok := s.indexes[repo.URL]
	if !ok {
		var err error
		ix, err = repo.Index(context.Background())
		if err != nil {
			t.Fatalf("cannot read the chart repository: %v\nset %s to a reachable chart repository that holds the pinned charts (a mirror: README \"Charts from a mirror\"; .ci/run serves ../shared/charts with `go run ./tests/charts/serve -dir ../shared/charts`)", err, repositoryEnv)
		}
		s.indexes[repo.URL] = ix
	}
	return ix.Find(c.Name, c.Version)
}

func (s *repositories) chart(t *testing.T, c charts.Chart) (*chartcheck.Chart, error) {
	key := c.Name + "@" + c.Version
	if chart, ok := s.charts[key]; ok {
		return chart, nil
	}
	e, err := s.entry(t, c)
	if err != nil {
		return nil, err
	}
	body, err := s.repository(t, c).Archive(context.Background(), e)
	if err != nil {
		return nil, err
	}
	chart, err := chartcheck.Load(body)
	if err != nil {
		return nil, fmt.Errorf("chart %s %s: %w", c.Name, c.Version, err)
	}
	s.charts[key] = chart
	return chart, nil
}

// TestEveryChartWhoseCRDsHelmLeavesOnUpgradeIsInTheUpgradeRunbook reads, in every release any
// stack installs, the crds/ folders Helm applies on a first install only, and holds the
// maintenance runbook's table "Charts that ship CRDs" to them: a chart with such CRDs must be
// listed as "apply them first", and a chart listed so must have them, so a bump that adds or drops
// a crds/ folder changes the runbook with it.
func TestEveryChartWhoseCRDsHelmLeavesOnUpgradeIsInTheUpgradeRunbook(t *testing.T) {
	installOnly := map[string][]string{} // chart name: its install-only CRD files
	for _, r := range installedReleases(t) {
		chart, err := source.chart(t, r.pin)
		require.NoError(t, err, "%s %s", r.stack, r.name)
		if files := chart.InstallOnlyCRDs(r.values); len(files) > 0 {
			installOnly[r.pin.Name] = files
		}
	}
	rows := runbookCRDRows(t)
	var problems []string
	for name, files := range installOnly {
		if !strings.Contains(rows[name], "apply them first") {
			problems = append(problems, fmt.Sprintf("%s installs %v from crds/, which Helm never upgrades: list it in docs/runbooks/maintenance.md as \"apply them first\"", name, files))
		}
	}
	for name, action := range rows {
		if strings.Contains(action, "apply them first") && installOnly[name] == nil {
			problems = append(problems, fmt.Sprintf("docs/runbooks/maintenance.md says to apply %s's CRDs first, but no release installs CRDs from its crds/", name))
		}
	}
	require.Empty(t, problems)
	t.Logf("charts with install-only CRDs: %v", installOnly)
}

// runbookCRDRows returns the maintenance runbook's "Charts that ship CRDs" table: chart name to
// its "on upgrade" column.
func runbookCRDRows(t *testing.T) map[string]string {
	body, err := os.ReadFile("../../docs/runbooks/maintenance.md")
	require.NoError(t, err)
	_, section, found := strings.Cut(string(body), "## Charts that ship CRDs\n")
	require.True(t, found, "docs/runbooks/maintenance.md has no section \"Charts that ship CRDs\"")
	section, _, _ = strings.Cut(section, "\n## ")
	rows := map[string]string{}
	for _, line := range strings.Split(section, "\n") {
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if !strings.HasPrefix(line, "|") || len(cells) != 3 || cells[0] == "chart" || strings.HasPrefix(cells[0], "---") {
			continue
		}
		rows[strings.TrimPrefix(cells[0], "Istio ")] = cells[2]
	}
	require.NotEmpty(t, rows, "the section's table has no rows")
	return rows
}
