package config

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// SLO is a service's objectives over 30 days (services.<name>.slo), defended by multiwindow
// burn-rate alerts (components/observability/slo.go).
type SLO struct {
	// Availability is the share of requests that must not end in a 5xx.
	Availability float64
	// LatencyObjective is the share of requests answered within LatencyThresholdSeconds.
	LatencyObjective float64
	// LatencyThresholdSeconds is a bucket boundary of the request duration histogram.
	LatencyThresholdSeconds float64
}

// defaultSLO is every environment's: staging's objectives are prod's, so a release that would
// burn prod's budget burns staging's first.
var defaultSLO = SLO{Availability: 0.995, LatencyObjective: 0.99, LatencyThresholdSeconds: 0.5}

// Objective bounds: below 0.95 the fast burn-rate alert (14.4 times the budget) could never
// fire; above 0.9999 a month's budget is four minutes, finer than the alert windows see.
const (
	minObjective = 0.95
	maxObjective = 0.9999
)

// latencyBuckets are the boundaries of http.server.request.duration the services' OpenTelemetry
// SDKs use: a share of requests under a bound can only be read at a boundary.
var latencyBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10}

// LatencyBuckets returns the histogram boundaries a latency threshold may be.
func LatencyBuckets() []float64 { return slices.Clone(latencyBuckets) }

// float reads a number.
func (o *object) float(key string, dst *float64) {
	if v, ok := o.get(key); ok {
		f, isNumber := v.(float64)
		if !isNumber {
			o.p.add(o.child(key), "must be a number, got %s", describe(v))
			return
		}
		*dst = f
	}
}

// readSLO reads services.<name>.slo over the defaults.
func readSLO(o *object, s *Service) {
	o.float("availability", &s.SLO.Availability)
	o.object("latency", func(l *object) {
		l.float("objective", &s.SLO.LatencyObjective)
		l.float("thresholdSeconds", &s.SLO.LatencyThresholdSeconds)
	})
}

func validateSLO(p *problems, s Service) {
	for _, o := range []struct {
		field string
		v     float64
	}{{"slo.availability", s.SLO.Availability}, {"slo.latency.objective", s.SLO.LatencyObjective}} {
		if math.IsNaN(o.v) || o.v < minObjective || o.v > maxObjective {
			p.add(servicePath(s.Name, o.field), "must be a ratio from %g to %g (0.995 is 99.5%%), got %g", minObjective, maxObjective, o.v)
		}
	}
	if !slices.Contains(latencyBuckets, s.SLO.LatencyThresholdSeconds) {
		bounds := make([]string, len(latencyBuckets))
		for i, b := range latencyBuckets {
			bounds[i] = strconv.FormatFloat(b, 'f', -1, 64)
		}
		p.add(servicePath(s.Name, "slo.latency.thresholdSeconds"), "must be a bucket boundary of the request duration histogram, one of %s; got %g",
			strings.Join(bounds, ", "), s.SLO.LatencyThresholdSeconds)
	}
}

// sloKeys documents the services' objectives.
func sloKeys() []Key {
	svc := func(field, typ, def, desc string) Key {
		return Key{Name: "services.<service>.slo." + field, Type: typ, Default: def, Description: desc}
	}
	return []Key{
		svc("availability", "number", "0.995",
			"Share of requests over 30 days that must not end in a 5xx, 0.95 to 0.9999. Multiwindow burn-rate alerts (SRE workbook) page when 2% of the month's error budget burns in an hour or 5% in six hours (critical) and warn at 10% in a day or three days."),
		svc("latency.objective", "number", "0.99",
			"Share of requests over 30 days answered within latency.thresholdSeconds, 0.95 to 0.9999, with the same burn-rate alerts."),
		svc("latency.thresholdSeconds", "number", "0.5",
			"The latency objective's bound in seconds: a boundary of the request duration histogram (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10)."),
	}
}
