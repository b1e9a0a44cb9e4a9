package tests

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/eksversions"
)

// renovateConfig is the part of renovate.json these tests read.
type renovateConfig struct {
	CustomManagers []struct {
		CustomType          string   `json:"customType"`
		ManagerFilePatterns []string `json:"managerFilePatterns"`
		MatchStrings        []string `json:"matchStrings"`
	} `json:"customManagers"`
	PackageRules []struct {
		MatchManagers []string `json:"matchManagers"`
	} `json:"packageRules"`
}

// chartPin is a Helm chart version Renovate can see: what its regex manager extracts.
type chartPin struct {
	File, DepName, RegistryURL, Version string
	Line                                int // line of the version literal
}

func loadRenovate(t *testing.T) renovateConfig {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(projectDir, "renovate.json"))
	require.NoError(t, err, "renovate.json must exist at the repository root")
	var cfg renovateConfig
	require.NoError(t, json.Unmarshal(b, &cfg), "renovate.json must be valid JSON")
	return cfg
}

// renovateChartPins runs renovate.json's regex managers over the Go files they select, the way
// Renovate does (Go's regexp accepts the same (?<name>...) groups).
func renovateChartPins(t *testing.T, cfg renovateConfig) []chartPin {
	t.Helper()
	var pins []chartPin
	for _, m := range cfg.CustomManagers {
		if m.CustomType != "regex" {
			continue
		}
		var files []*regexp.Regexp
		for _, p := range m.ManagerFilePatterns {
			require.True(t, strings.HasPrefix(p, "/") && strings.HasSuffix(p, "/"), "managerFilePatterns %q: this test reads /regex/ patterns only", p)
			files = append(files, regexp.MustCompile(p[1:len(p)-1]))
		}
		var matchers []*regexp.Regexp
		for _, s := range m.MatchStrings {
			re, err := regexp.Compile(s)
			require.NoError(t, err, "matchStrings %q must compile", s)
			matchers = append(matchers, re)
		}
		err := filepath.WalkDir(filepath.Join(projectDir, "components"), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(projectDir, path)
			rel = filepath.ToSlash(rel)
			selected := false
			for _, f := range files {
				selected = selected || f.MatchString(rel)
			}
			if !selected {
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			src := string(b)
			for _, re := range matchers {
				for _, loc := range re.FindAllStringSubmatchIndex(src, -1) {
					pin := chartPin{File: rel}
					for i, name := range re.SubexpNames() {
						if name == "" || loc[2*i] < 0 {
							continue
						}
						v := src[loc[2*i]:loc[2*i+1]]
						switch name {
						case "depName":
							pin.DepName = v
						case "registryUrl":
							pin.RegistryURL = v
						case "currentValue":
							pin.Version = v
							pin.Line = 1 + strings.Count(src[:loc[2*i]], "\n")
						case "datasource":
							assert.Equal(t, "helm", v, "%s: chart pins use the helm datasource", rel)
						}
					}
					pins = append(pins, pin)
				}
			}
			return nil
		})
		require.NoError(t, err)
	}
	return pins
}

// versionLiteral is a chart version written in components/: a XxxChartVersion constant or the
// Version field of a Chart{...} literal.
type versionLiteral struct {
	File, Name, Value string
	Line              int
}

// chartVersionLiterals finds every chart version in the components' Go source.
func chartVersionLiterals(t *testing.T) []versionLiteral {
	t.Helper()
	var out []versionLiteral
	fset := token.NewFileSet()
	err := filepath.WalkDir(filepath.Join(projectDir, "components"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(projectDir, path)
		rel = filepath.ToSlash(rel)
		add := func(name string, lit ast.Expr) {
			bl, ok := lit.(*ast.BasicLit)
			if !ok || bl.Kind != token.STRING {
				return
			}
			v, _ := strconv.Unquote(bl.Value)
			out = append(out, versionLiteral{File: rel, Name: name, Value: v, Line: fset.Position(bl.Pos()).Line})
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				for i, id := range n.Names {
					if strings.HasSuffix(id.Name, "ChartVersion") && i < len(n.Values) {
						add(id.Name, n.Values[i])
					}
				}
			case *ast.CompositeLit:
				if typ, ok := n.Type.(*ast.Ident); ok && typ.Name == "Chart" {
					for _, el := range n.Elts {
						if kv, ok := el.(*ast.KeyValueExpr); ok {
							if key, ok := kv.Key.(*ast.Ident); ok && key.Name == "Version" {
								add("Chart.Version", kv.Value)
							}
						}
					}
				}
			}
			return true
		})
		return nil
	})
	require.NoError(t, err)
	return out
}

func TestRenovateSeesEveryChartVersionConstant(t *testing.T) {
	pins := renovateChartPins(t, loadRenovate(t))
	literals := chartVersionLiterals(t)
	require.NotEmpty(t, literals, "components/ must pin Helm chart versions as constants")

	at := map[string]chartPin{}
	for _, p := range pins {
		at[p.File+":"+strconv.Itoa(p.Line)] = p
	}
	for _, l := range literals {
		p, ok := at[l.File+":"+strconv.Itoa(l.Line)]
		if !assert.True(t, ok, "%s:%d: chart version %s %q has no `// renovate: datasource=helm depName=... registryUrl=...` comment on the line above, so Renovate never updates it", l.File, l.Line, l.Name, l.Value) {
			continue
		}
		assert.Equal(t, l.Value, p.Version, "%s:%d: Renovate would read another version than the constant's", l.File, l.Line)
	}
}

func TestRenovateCoversEveryHelmReleaseOfEveryStack(t *testing.T) {
	pins := renovateChartPins(t, loadRenovate(t))
	for _, stack := range stacks {
		r := planStack(t, stack)
		for _, rel := range ofType(r, helmReleaseTyp) {
			chart, _ := rel.Input("chart").(string)
			version, _ := rel.Input("version").(string)
			repo, _ := rel.Input("repositoryOpts.repo").(string)
			found := false
			for _, p := range pins {
				if p.DepName == chart && p.Version == version && p.RegistryURL == repo {
					found = true
				}
			}
			assert.True(t, found, "stack %s installs chart %s %s from %s, but no renovate comment in components/ names that chart, version and repository", stack, chart, version, repo)
		}
	}
}

func TestRenovateManagesGoModulesAndGitHubActions(t *testing.T) {
	cfg := loadRenovate(t)
	managers := map[string]bool{}
	for _, r := range cfg.PackageRules {
		for _, m := range r.MatchManagers {
			managers[m] = true
		}
	}
	// gomod and github-actions are on by default in config:recommended; rules naming them show
	// they were thought about (grouping, majors on approval) rather than left to defaults.
	for _, m := range []string{"gomod", "github-actions", "custom.regex"} {
		assert.True(t, managers[m], "renovate.json should have a package rule for the %s manager", m)
	}
}

// renovateMatches runs the regex manager whose files include path over that file and returns
// each match's named groups.
func renovateMatches(t *testing.T, cfg renovateConfig, path string) []map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(projectDir, filepath.FromSlash(path)))
	require.NoError(t, err)
	var out []map[string]string
	for _, m := range cfg.CustomManagers {
		selected := false
		for _, p := range m.ManagerFilePatterns {
			selected = selected || regexp.MustCompile(p[1:len(p)-1]).MatchString(path)
		}
		if !selected || m.CustomType != "regex" {
			continue
		}
		for _, s := range m.MatchStrings {
			re := regexp.MustCompile(s)
			for _, sub := range re.FindAllStringSubmatch(string(b), -1) {
				groups := map[string]string{}
				for i, name := range re.SubexpNames() {
					if name != "" {
						groups[name] = sub[i]
					}
				}
				out = append(out, groups)
			}
		}
	}
	return out
}

// TestRenovateSeesEveryAddonPinWithItsRowsMinorAndEveryStacksVersion: the version table's pins
// reach Renovate's aws-eks-addon datasource, each asking about its own row's minor and add-on,
// and the stack files' cluster.version reaches the EKS calendar.
func TestRenovateSeesEveryAddonPinWithItsRowsMinorAndEveryStacksVersion(t *testing.T) {
	cfg := loadRenovate(t)
	seen := map[string]string{}
	for _, g := range renovateMatches(t, cfg, "internal/eksversions/table.go") {
		assert.Equal(t, "aws-eks-addon", g["datasource"])
		var pkg struct {
			KubernetesVersion string `json:"kubernetesVersion"`
			AddonName         string `json:"addonName"`
		}
		require.NoError(t, json.Unmarshal([]byte(g["packageName"]), &pkg), "packageName %s is JSON", g["packageName"])
		seen[pkg.KubernetesVersion+"/"+pkg.AddonName] = g["currentValue"]
	}
	want := map[string]string{}
	for _, v := range eksversions.Versions() {
		m, _ := eksversions.Lookup(v)
		for _, name := range eksversions.PinnedAddons() {
			want[v+"/"+name] = m.Addons[name]
		}
	}
	assert.Equal(t, want, seen, "every pin of the table, under its own row's minor and add-on name")

	for _, stack := range stacks {
		matches := renovateMatches(t, cfg, "Pulumi."+stack+".yaml")
		require.Len(t, matches, 1, "Pulumi.%s.yaml's cluster.version", stack)
		assert.Equal(t, eksversions.Versions()[len(eksversions.Versions())-1], matches[0]["currentValue"], "%s runs the newest row", stack)
	}
}
