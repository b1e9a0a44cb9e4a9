package observability

import (
	"fmt"
	"strconv"

	"github.com/ip-platform/infra/internal/promrules"
)

// The promtool cases of the burn-rate alerts (slo.go). The bad share of requests is set
// relative to the objective's budget, so the cases hold whatever objective a stack sets: 20
// times the budget pages, 4 times opens a ticket but does not page (above 3, below 6), half the
// budget does neither.
type sloCases struct {
	t      ScrapeTarget
	budget struct{ availability, latency float64 }
}

// sloRequestsPerMinute is the traffic of the cases: enough that a share of a 99.99% budget is a
// whole number of requests.
const sloRequestsPerMinute = 100000

func newSLOCases(t ScrapeTarget) sloCases {
	c := sloCases{t: t}
	c.budget.availability = 1 - t.SLO.Availability
	c.budget.latency = 1 - t.SLO.LatencyObjective
	return c
}

// counter is a series growing by perMinute every minute over minutes.
func counter(series string, perMinute int, minutes int) promrules.Series {
	return in(series, fmt.Sprintf("0+%dx%d", perMinute, minutes))
}

// failing is traffic of which ratio ends in a 5xx, for minutes, and the share it actually is.
func (c sloCases) failing(ratio float64, minutes int) ([]promrules.Series, float64) {
	bad := int(ratio * sloRequestsPerMinute)
	series := func(code string) string {
		return fmt.Sprintf(`%s_count{namespace=%q, job=%q, %s=%q}`, metricRequestDuration, c.t.Namespace, c.t.Name, labelStatusCode, code)
	}
	return []promrules.Series{
		counter(series("200"), sloRequestsPerMinute-bad, minutes),
		counter(series("500"), bad, minutes),
	}, float64(bad) / sloRequestsPerMinute
}

// slow is traffic of which ratio takes longer than the latency threshold, and the share it is.
func (c sloCases) slow(ratio float64, minutes int) ([]promrules.Series, float64) {
	bad := int(ratio * sloRequestsPerMinute)
	le := strconv.FormatFloat(c.t.SLO.LatencyThresholdSeconds, 'f', -1, 64)
	series := func(metric, extra string) string {
		return fmt.Sprintf(`%s_%s{namespace=%q, job=%q, %s="200"%s}`, metricRequestDuration, metric, c.t.Namespace, c.t.Name, labelStatusCode, extra)
	}
	return []promrules.Series{
		counter(series("bucket", fmt.Sprintf(`, le=%q`, le)), sloRequestsPerMinute-bad, minutes),
		counter(series("bucket", `, le="+Inf"`), sloRequestsPerMinute, minutes),
		counter(series("count", ""), sloRequestsPerMinute, minutes),
	}, float64(bad) / sloRequestsPerMinute
}

// burnCases are an objective's cases for its page alert (page true) or its ticket alert.
func (c sloCases) burnCases(traffic func(ratio float64, minutes int) ([]promrules.Series, float64), budget float64, page bool) []promrules.Case {
	value := promrules.HumanizePercentage
	if page {
		// An hour and ten minutes of 20 times the budget: both windows of the first pair full.
		burst, share := traffic(20*budget, 70)
		steady, _ := traffic(4*budget, 70)
		return []promrules.Case{
			fire("20 times the budget for an hour", "70m", nil, value(share), burst...),
			quiet("4 times the budget is a ticket, not a page", "70m", steady...),
		}
	}
	// Three hours: the one- and three-day windows are partly filled, as after a new release.
	steady, share := traffic(4*budget, 180)
	within, _ := traffic(budget/2, 180)
	return []promrules.Case{
		fire("4 times the budget for three hours", "3h", nil, value(share), steady...),
		quiet("half the budget is within the objective", "3h", within...),
	}
}

func (c sloCases) availabilityPage() []promrules.Case {
	return c.burnCases(c.failing, c.budget.availability, true)
}

func (c sloCases) availabilityTicket() []promrules.Case {
	return c.burnCases(c.failing, c.budget.availability, false)
}

func (c sloCases) latencyPage() []promrules.Case { return c.burnCases(c.slow, c.budget.latency, true) }

func (c sloCases) latencyTicket() []promrules.Case {
	return c.burnCases(c.slow, c.budget.latency, false)
}
