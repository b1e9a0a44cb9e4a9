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
	checked := 0
	var problems []string
	for _, stack := range stacks {
		result, err := plan.Compute("../..", stack, "")
		require.NoError(t, err, stack)
		for _, r := range result.Resources {
			if r.Type != baseline.TypeHelmRelease {
				continue
			}
			c := charts.Chart{Name: str(r.Input("chart")), Version: str(r.Input("version")), Repo: str(r.Input("repositoryOpts.repo"))}
			chart, err := source.chart(t, c)
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s %s: %v", stack, r.Name, err))
				continue
			}
			values, _ := r.Input("values").(map[string]any)
			for _, path := range chart.UnknownPaths(values) {
				problems = append(problems, fmt.Sprintf("%s: release %s sets %s, which chart %s %s does not have (not in its values.yaml, values.schema.json or templates)",
					stack, r.Name, path, c.Name, c.Version))
			}
			checked++
		}
	}
	require.Empty(t, problems, "value paths the charts do not have")
	require.NotZero(t, checked)
	t.Logf("%d releases over %s: every value path is in its chart", checked, strings.Join(stacks, ", "))
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
