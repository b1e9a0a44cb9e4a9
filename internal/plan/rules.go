package plan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ip-platform/infra/internal/promrules"
)

// prometheusRuleType is the resource type of a PrometheusRule object.
const prometheusRuleType = "kubernetes:monitoring.coreos.com/v1:PrometheusRule"

// ExportRules writes, for every PrometheusRule in the plan, its spec as the rule file
// DIR/<name>.rules.yaml (JSON, which promtool reads as YAML) and its promtool cases, from files
// (platform.RuleFiles), as DIR/<name>.test.yaml. The rule file is the object's spec as planned,
// not the Go value it was built from, so promtool checks what the cluster would load. It fails
// when an object has no cases, when cases have no object, and when an alert lacks a case that
// fires it or one that must not. It returns the files written.
func ExportRules(dir string, r *Result, files []promrules.File) ([]string, error) {
	byName := map[string]promrules.File{}
	for _, f := range files {
		byName[f.Name] = f
	}
	var written, problems []string
	seen := map[string]bool{}
	for _, res := range r.Resources {
		if res.Type != prometheusRuleType {
			continue
		}
		name, _ := res.Input("metadata.name").(string)
		if seen[name] {
			return nil, fmt.Errorf("two PrometheusRules named %s: their rule files would collide", name)
		}
		seen[name] = true
		f, ok := byName[name]
		if !ok {
			problems = append(problems, fmt.Sprintf("PrometheusRule %s (%s) has no promtool cases in platform.RuleFiles", name, res.Name))
			continue
		}
		problems = append(problems, promrules.Uncovered(f.Groups)...)
		ruleFile := name + ".rules.yaml"
		if err := writeJSON(filepath.Join(dir, ruleFile), res.Input("spec")); err != nil {
			return nil, err
		}
		if err := writeJSON(filepath.Join(dir, name+".test.yaml"), promrules.Tests(ruleFile, f.Groups)); err != nil {
			return nil, err
		}
		written = append(written, ruleFile, name+".test.yaml")
	}
	for name := range byName {
		if !seen[name] {
			problems = append(problems, fmt.Sprintf("platform.RuleFiles has cases for %s, which the plan creates no PrometheusRule for", name))
		}
	}
	sort.Strings(problems)
	if len(problems) > 0 {
		return nil, errors.New("rules export:\n  " + strings.Join(problems, "\n  "))
	}
	sort.Strings(written)
	return written, nil
}

// writeJSON writes v indented, with <, > and & as themselves: rule expressions are read by people
// when promtool names a failing line.
func writeJSON(path string, v any) error {
	var body bytes.Buffer
	enc := json.NewEncoder(&body)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := os.WriteFile(path, body.Bytes(), 0o644); err != nil {
		return fmt.Errorf("rules export: %w", err)
	}
	return nil
}
