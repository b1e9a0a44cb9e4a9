package observability

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/ip-platform/infra/internal/promrules"
)

// SLO is a service's objectives over a 30-day window, which its burn-rate alerts defend.
type SLO struct {
	// Availability is the share of requests that must not end in a 5xx, from 0.95 to 0.9999.
	// Defaults to DefaultAvailability.
	Availability float64
	// LatencyObjective is the share of requests that must be answered within
	// LatencyThresholdSeconds, from 0.95 to 0.9999. Defaults to DefaultLatencyObjective.
	LatencyObjective float64
	// LatencyThresholdSeconds is the latency objective's bound: a bucket boundary of the request
	// duration histogram (LatencyBuckets), because a ratio of requests under it can only be read
	// at a boundary. Defaults to DefaultLatencyThresholdSeconds.
	LatencyThresholdSeconds float64
}

// Objective defaults: 99.5% is an error budget of 3.6 hours of failure a month, room for a
// rolling release gone wrong and rolled back; 99% of requests within half a second is what an
// interactive search waits for without the user noticing.
const (
	DefaultAvailability            = 0.995
	DefaultLatencyObjective        = 0.99
	DefaultLatencyThresholdSeconds = 0.5
)

// Objective bounds. Below 0.95 the fast burn-rate alert could never fire: 14.4 times a budget
// above 7% is more than every request failing. Above 0.9999 a month's budget is four minutes,
// less than the alert windows resolve.
const (
	MinObjective = 0.95
	MaxObjective = 0.9999
)

// LatencyBuckets are the boundaries of http.server.request.duration, the OpenTelemetry
// semantic conventions' advice the services' SDKs follow.
var LatencyBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10}

// burnWindow is one multiwindow pair of the SRE workbook ("Alerting on SLOs", table 5-8): the
// alert fires while the error ratio over both the long and the short window exceeds factor times
// the budget. The long window proves the burn is significant, the short one that it is still
// going on, so the alert resets minutes after the burn stops.
type burnWindow struct {
	long, short string
	factor      float64
}

// Page on 2% of the 30-day budget spent in an hour or 5% in six hours; open a ticket for 10% in
// a day or in three days.
var (
	pageWindows   = []burnWindow{{"1h", "5m", 14.4}, {"6h", "30m", 6}}
	ticketWindows = []burnWindow{{"1d", "2h", 3}, {"3d", "6h", 1}}
)

// withSLODefaults fills an SLO's zero fields.
func withSLODefaults(s SLO) SLO {
	if s.Availability == 0 {
		s.Availability = DefaultAvailability
	}
	if s.LatencyObjective == 0 {
		s.LatencyObjective = DefaultLatencyObjective
	}
	if s.LatencyThresholdSeconds == 0 {
		s.LatencyThresholdSeconds = DefaultLatencyThresholdSeconds
	}
	return s
}

// validateSLO checks filled objectives.
func validateSLO(s SLO) error {
	for _, o := range []struct {
		field string
		v     float64
	}{{"Availability", s.Availability}, {"LatencyObjective", s.LatencyObjective}} {
		if math.IsNaN(o.v) || o.v < MinObjective || o.v > MaxObjective {
			return fmt.Errorf("SLO.%s (%g) must be from %g to %g", o.field, o.v, MinObjective, MaxObjective)
		}
	}
	if !IsLatencyBucket(s.LatencyThresholdSeconds) {
		return fmt.Errorf("SLO.LatencyThresholdSeconds (%g) must be a histogram bucket boundary: %s", s.LatencyThresholdSeconds, BucketList())
	}
	return nil
}

// IsLatencyBucket reports whether seconds is a boundary of LatencyBuckets.
func IsLatencyBucket(seconds float64) bool {
	for _, b := range LatencyBuckets {
		if b == seconds {
			return true
		}
	}
	return false
}

// BucketList is LatencyBuckets for messages.
func BucketList() string {
	s := make([]string, len(LatencyBuckets))
	for i, b := range LatencyBuckets {
		s[i] = strconv.FormatFloat(b, 'f', -1, 64)
	}
	return strings.Join(s, ", ")
}

// leMatcher matches the bucket label of a boundary however it was written: the SDK writes "1",
// Prometheus 3 normalizes classic histogram boundaries on ingestion to "1.0".
func leMatcher(seconds float64) string {
	s := strconv.FormatFloat(seconds, 'f', -1, 64)
	if strings.Contains(s, ".") {
		return fmt.Sprintf(`le=~%q`, strings.ReplaceAll(s, ".", `\.`)+"0*")
	}
	return fmt.Sprintf(`le=~%q`, s+`(\.0+)?`)
}

// sloRules are the four burn-rate alerts of a service: availability and latency, each a page
// pair (critical) and a ticket pair (warning).
func sloRules(t ScrapeTarget) []Rule {
	s := t.SLO
	sel := fmt.Sprintf(`namespace=%q`, t.Namespace)
	total := func(w string) string {
		return fmt.Sprintf(`sum(rate(%s_count{%s}[%s]))`, metricRequestDuration, sel, w)
	}
	errorRatio := func(w string) string {
		return fmt.Sprintf(`sum(rate(%s_count{%s, %s=~"5.."}[%s])) / %s`, metricRequestDuration, sel, labelStatusCode, w, total(w))
	}
	slowRatio := func(w string) string {
		return fmt.Sprintf(`(1 - sum(rate(%s_bucket{%s, %s}[%s])) / %s)`, metricRequestDuration, sel, leMatcher(s.LatencyThresholdSeconds), w, total(w))
	}
	name := pascal(t.Name)
	c := newSLOCases(t)
	availability := burnObjective{service: t.Name, slo: "availability", objective: s.Availability, ratio: errorRatio,
		what: fmt.Sprintf("%s requests ending in a 5xx", t.Name)}
	latency := burnObjective{service: t.Name, slo: "latency", objective: s.LatencyObjective, ratio: slowRatio,
		what: fmt.Sprintf("%s requests slower than %gs", t.Name, s.LatencyThresholdSeconds)}
	return []Rule{
		availability.rule(name+"AvailabilityBudgetBurn", pageWindows, severityCritical, c.availabilityPage()...),
		availability.rule(name+"AvailabilityBudgetBurnSlow", ticketWindows, severityWarning, c.availabilityTicket()...),
		latency.rule(name+"LatencyBudgetBurn", pageWindows, severityCritical, c.latencyPage()...),
		latency.rule(name+"LatencyBudgetBurnSlow", ticketWindows, severityWarning, c.latencyTicket()...),
	}
}

// burnObjective is one objective of a service and the ratio of its bad requests over a window.
type burnObjective struct {
	service, slo, what string
	objective          float64
	ratio              func(window string) string
}

// rule is the objective's alert over windows: any pair burning fires it.
func (b burnObjective) rule(alert string, windows []burnWindow, severity string, cases ...Case) Rule {
	budget := 1 - b.objective
	pairs := make([]string, len(windows))
	spans := make([]string, len(windows))
	for i, w := range windows {
		limit := fmt.Sprintf("%.6g", w.factor*budget)
		pairs[i] = fmt.Sprintf("(%s > %s and %s > %s)", b.ratio(w.long), limit, b.ratio(w.short), limit)
		spans[i] = w.long
	}
	pace := "fast: at this pace the month's budget is gone within days"
	if severity == severityWarning {
		pace = "steadily: at this pace the month's budget runs out before the month does"
	}
	r := rule(alert, strings.Join(pairs, " or "), "", severity,
		fmt.Sprintf("%s is burning its %s error budget %s", b.service, b.slo, strings.SplitN(pace, ":", 2)[0]),
		fmt.Sprintf("{{ $value | humanizePercentage }} of %s over the last %s, against a %s objective of %s over 30 days: the budget burns %s.",
			b.what, strings.Join(spans, " or "), b.slo, percent(b.objective), pace),
		cases...)
	r.Labels["service"] = b.service
	r.Labels["slo"] = b.slo
	return r
}

// percent formats an objective as 99.5% (not 99.50000000000001%).
func percent(v float64) string {
	return strconv.FormatFloat(math.Round(v*1e6)/1e4, 'f', -1, 64) + "%"
}

// Case is a promtool case of a rule (internal/promrules).
type Case = promrules.Case
