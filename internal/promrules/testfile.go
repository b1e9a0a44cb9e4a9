package promrules

import (
	"fmt"
	"maps"
	"regexp"
	"strings"
)

// TestFile is a `promtool test rules` file: JSON, which promtool reads as the YAML it is.
type TestFile struct {
	RuleFiles          []string    `json:"rule_files"`
	EvaluationInterval string      `json:"evaluation_interval"`
	Tests              []testGroup `json:"tests"`
}

type testGroup struct {
	Name          string      `json:"name"`
	Interval      string      `json:"interval"`
	InputSeries   []Series    `json:"input_series"`
	AlertRuleTest []alertTest `json:"alert_rule_test"`
}

type alertTest struct {
	EvalTime  string     `json:"eval_time"`
	Alertname string     `json:"alertname"`
	ExpAlerts []expAlert `json:"exp_alerts"`
}

type expAlert struct {
	ExpLabels      map[string]string `json:"exp_labels"`
	ExpAnnotations map[string]string `json:"exp_annotations,omitempty"`
}

// evaluationInterval matches Prometheus's default (the chart's): `for` and rate windows are
// judged at the step the real server evaluates at.
const evaluationInterval = "1m"

// Tests is the promtool test file of groups, whose rules are in ruleFile (a path relative to the
// test file).
func Tests(ruleFile string, groups []Group) TestFile {
	f := TestFile{RuleFiles: []string{ruleFile}, EvaluationInterval: evaluationInterval}
	for _, g := range groups {
		for _, r := range g.Rules {
			for _, c := range r.Cases {
				f.Tests = append(f.Tests, testGroupOf(g, r, c))
			}
		}
	}
	return f
}

func testGroupOf(g Group, r Rule, c Case) testGroup {
	interval := c.Interval
	if interval == "" {
		interval = "1m"
	}
	exp := make([]expAlert, 0, len(c.Fires))
	for _, e := range c.Fires {
		labels := maps.Clone(r.Labels)
		if labels == nil {
			labels = map[string]string{}
		}
		maps.Copy(labels, e.Labels)
		annotations := make(map[string]string, len(r.Annotations))
		for k, v := range r.Annotations {
			annotations[k] = render(v, labels, e.Value)
		}
		exp = append(exp, expAlert{ExpLabels: labels, ExpAnnotations: annotations})
	}
	return testGroup{
		Name:          fmt.Sprintf("%s/%s: %s", g.Name, r.Alert, c.Name),
		Interval:      interval,
		InputSeries:   c.Series,
		AlertRuleTest: []alertTest{{EvalTime: c.EvalTime, Alertname: r.Alert, ExpAlerts: exp}},
	}
}

var (
	labelRef = regexp.MustCompile(`\{\{\s*\$labels\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}`)
	valueRef = regexp.MustCompile(`\{\{\s*\$value(\s*\|\s*[A-Za-z]+)?\s*\}\}`)
)

// render expands the two template forms the program's annotations use, {{ $labels.x }} and
// {{ $value | f }}, the way Prometheus would for an alert with labels and (humanized) value. Any
// other template is left as it is, so promtool's rendering and this one disagree and the case
// fails rather than passing on a guess.
func render(tmpl string, labels map[string]string, value string) string {
	out := labelRef.ReplaceAllStringFunc(tmpl, func(m string) string {
		return labels[labelRef.FindStringSubmatch(m)[1]]
	})
	return valueRef.ReplaceAllLiteralString(out, value)
}

// Uncovered names each alert of groups that lacks a case where it fires or a case where it must
// not: the pair is what proves the expression both catches the condition and stays quiet without it.
func Uncovered(groups []Group) []string {
	var out []string
	for _, g := range groups {
		for _, r := range g.Rules {
			var fires, quiet bool
			for _, c := range r.Cases {
				fires = fires || len(c.Fires) > 0
				quiet = quiet || len(c.Fires) == 0
			}
			var missing []string
			if !fires {
				missing = append(missing, "a case where it fires")
			}
			if !quiet {
				missing = append(missing, "a case where it must not fire")
			}
			if len(missing) > 0 {
				out = append(out, fmt.Sprintf("%s/%s needs %s", g.Name, r.Alert, strings.Join(missing, " and ")))
			}
		}
	}
	return out
}
