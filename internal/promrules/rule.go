package promrules

import (
	"fmt"
	"math"
)

// Rule is one alerting rule of a PrometheusRule.
type Rule struct {
	Alert       string            `json:"alert"`
	Expr        string            `json:"expr"`
	For         string            `json:"for,omitempty"`
	Labels      map[string]string `json:"labels,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
	// Cases are the rule's promtool unit tests. They are not part of the PrometheusRule.
	Cases []Case `json:"-"`
}

// Group is a named group of rules evaluated together.
type Group struct {
	Name  string `json:"name"`
	Rules []Rule `json:"rules"`
}

// Case is one promtool test of an alert: input series, the time the alert is evaluated at, and
// the alerts expected then.
type Case struct {
	// Name says what the case shows; it names the promtool test group.
	Name string
	// Series are the input series, sampled every Interval (promtool's expanding notation:
	// "0+10x60" is 0, 10, ... 600).
	Series []Series
	// Interval between samples. Defaults to 1m.
	Interval string
	// EvalTime is when the alert is evaluated, from the first sample.
	EvalTime string
	// Fires are the alerts expected at EvalTime. Empty means the alert must not fire.
	Fires []Expect
}

// Series is one input series of a case.
type Series struct {
	Series string `json:"series"`
	Values string `json:"values"`
}

// Expect is one alert a case expects: the labels it carries beyond the rule's own, and the value
// its annotations render $value as (already humanized, e.g. "10%").
type Expect struct {
	Labels map[string]string
	Value  string
}

// Fire builds a case whose alert must fire once, with those extra labels and that $value.
func Fire(name, evalTime string, labels map[string]string, value string, series ...Series) Case {
	return Case{Name: name, Series: series, EvalTime: evalTime, Fires: []Expect{{Labels: labels, Value: value}}}
}

// Quiet builds a case whose alert must not fire.
func Quiet(name, evalTime string, series ...Series) Case {
	return Case{Name: name, Series: series, EvalTime: evalTime}
}

// S is an input series.
func S(series, values string) Series { return Series{Series: series, Values: values} }

// HumanizePercentage renders a ratio the way Prometheus's humanizePercentage template function
// does (0.1 as "10%", 0.0004 as "40m%"), for the $value a case expects.
func HumanizePercentage(ratio float64) string {
	return humanize(ratio*100) + "%"
}

// humanize is Prometheus's humanize: four significant digits with an SI prefix.
func humanize(v float64) string {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Sprintf("%.4g", v)
	}
	prefix := ""
	if math.Abs(v) >= 1 {
		for _, p := range []string{"k", "M", "G", "T", "P", "E", "Z", "Y"} {
			if math.Abs(v) < 1000 {
				break
			}
			prefix, v = p, v/1000
		}
		return fmt.Sprintf("%.4g%s", v, prefix)
	}
	for _, p := range []string{"m", "u", "n", "p", "f", "a", "z", "y"} {
		if math.Abs(v) >= 1 {
			break
		}
		prefix, v = p, v*1000
	}
	return fmt.Sprintf("%.4g%s", v, prefix)
}

// File is the content of one PrometheusRule object: its name (metadata.name) and its groups.
type File struct {
	Name   string
	Groups []Group
}
