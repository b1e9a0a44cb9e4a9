package chartcheck

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Chart is what a chart archive says about the values it takes: its default values, its
// values.schema.json, the value paths its templates read, and the same for each sub-chart under
// the key the parent passes it values by (the dependency's alias, or its name).
type Chart struct {
	Name    string
	Version string
	// Defaults is values.yaml.
	Defaults map[string]any
	// Schema is values.schema.json, nil when the chart has none.
	Schema map[string]any
	// Read are the dotted value paths the templates read (.Values.a.b, index .Values "a" "b"),
	// each prefix included.
	Read map[string]bool
	// SubCharts by the key of their values in the parent's.
	SubCharts map[string]*Chart
	// Conditions are the sub-charts' conditions (Chart.yaml dependencies), by sub-chart key.
	Conditions map[string]string
	// CRDFiles are the files of the chart's crds/ folder (paths inside it), which Helm applies on
	// the first install of a release and never on an upgrade.
	CRDFiles []string
}

// InstallOnlyCRDs returns the crds/ files a release of the chart with values installs: the
// chart's own and those of each sub-chart the values enable (Helm drops a sub-chart whose
// condition is false before it installs CRDs), each sub-chart's as "<key>/crds/<file>", sorted.
// These are the CustomResourceDefinitions an upgrade of the release leaves as they were.
func (c *Chart) InstallOnlyCRDs(values map[string]any) []string {
	var files []string
	for _, f := range c.CRDFiles {
		files = append(files, "crds/"+f)
	}
	effective := merge(c.Defaults, values)
	for key, sub := range c.SubCharts {
		if !enabled(effective, c.Conditions[key]) {
			continue
		}
		subValues, _ := effective[key].(map[string]any)
		for _, f := range sub.InstallOnlyCRDs(subValues) {
			files = append(files, key+"/"+f)
		}
	}
	sort.Strings(files)
	return files
}

// enabled reads a dependency's condition (a dotted path in the parent's values) as Helm does: a
// path that is not a boolean leaves the sub-chart enabled.
func enabled(values map[string]any, condition string) bool {
	if condition == "" {
		return true
	}
	var at any = values
	for _, k := range strings.Split(condition, ".") {
		m, ok := at.(map[string]any)
		if !ok {
			return true
		}
		at = m[k]
	}
	b, ok := at.(bool)
	return !ok || b
}

type chartYAML struct {
	Name         string `yaml:"name"`
	Version      string `yaml:"version"`
	Dependencies []struct {
		Name      string `yaml:"name"`
		Alias     string `yaml:"alias"`
		Condition string `yaml:"condition"`
	} `yaml:"dependencies"`
}

// Load reads a chart archive (.tgz as `helm package` writes it), sub-charts included whether they
// are unpacked under charts/ or kept there as archives.
func Load(archive []byte) (*Chart, error) {
	files, err := untar(archive)
	if err != nil {
		return nil, err
	}
	root := ""
	for name := range files {
		if strings.Count(name, "/") == 1 && strings.HasSuffix(name, "/Chart.yaml") {
			root = strings.TrimSuffix(name, "Chart.yaml")
		}
	}
	if root == "" {
		return nil, errors.New("chart archive has no <name>/Chart.yaml")
	}
	return loadDir(files, root)
}

func loadDir(files map[string][]byte, dir string) (*Chart, error) {
	var meta chartYAML
	if err := yaml.Unmarshal(files[dir+"Chart.yaml"], &meta); err != nil {
		return nil, fmt.Errorf("%sChart.yaml: %w", dir, err)
	}
	c := &Chart{Name: meta.Name, Version: meta.Version, Defaults: map[string]any{}, Read: map[string]bool{}, SubCharts: map[string]*Chart{}, Conditions: map[string]string{}}
	if raw, ok := files[dir+"values.yaml"]; ok {
		if err := yaml.Unmarshal(raw, &c.Defaults); err != nil {
			return nil, fmt.Errorf("%s %s: values.yaml: %w", c.Name, c.Version, err)
		}
		if c.Defaults == nil {
			c.Defaults = map[string]any{}
		}
	}
	if raw, ok := files[dir+"values.schema.json"]; ok {
		if err := json.Unmarshal(raw, &c.Schema); err != nil {
			return nil, fmt.Errorf("%s %s: values.schema.json: %w", c.Name, c.Version, err)
		}
	}
	subDirs := map[string]bool{}
	for name, body := range files {
		rel, ok := strings.CutPrefix(name, dir)
		if !ok {
			continue
		}
		switch {
		case strings.HasPrefix(rel, "templates/"):
			readPaths(body, c.Read)
		case strings.HasPrefix(rel, "crds/") && !strings.HasSuffix(rel, "/"):
			c.CRDFiles = append(c.CRDFiles, strings.TrimPrefix(rel, "crds/"))
		case strings.HasPrefix(rel, "charts/"):
			part := strings.SplitN(strings.TrimPrefix(rel, "charts/"), "/", 2)
			if len(part) == 2 {
				subDirs[dir+"charts/"+part[0]+"/"] = true
			} else if strings.HasSuffix(part[0], ".tgz") {
				sub, err := Load(body)
				if err != nil {
					return nil, fmt.Errorf("%s %s: %s: %w", c.Name, c.Version, rel, err)
				}
				c.SubCharts[sub.Name] = sub
			}
		}
	}
	for subDir := range subDirs {
		if _, ok := files[subDir+"Chart.yaml"]; !ok {
			continue
		}
		sub, err := loadDir(files, subDir)
		if err != nil {
			return nil, err
		}
		c.SubCharts[sub.Name] = sub
	}
	for _, d := range meta.Dependencies {
		key := d.Name
		if sub, ok := c.SubCharts[d.Name]; ok && d.Alias != "" {
			delete(c.SubCharts, d.Name)
			c.SubCharts[d.Alias] = sub
			key = d.Alias
		}
		if d.Condition != "" {
			// Helm takes the first of a comma-separated list that resolves; the charts here name one.
			c.Conditions[key] = strings.Split(d.Condition, ",")[0]
		}
	}
	sort.Strings(c.CRDFiles)
	return c, nil
}

var (
	dottedRead = regexp.MustCompile(`\.Values\)?((?:\.[A-Za-z_][A-Za-z0-9_-]*)+)`) // also ($.Values).x
	indexRead  = regexp.MustCompile(`index\s+\$?\.Values((?:\s+"[^"]+")+)`)
	quoted     = regexp.MustCompile(`"([^"]+)"`)
)

// readPaths adds the value paths a template reads, and their prefixes, to read.
func readPaths(template []byte, read map[string]bool) {
	add := func(parts []string) {
		for i := range parts {
			read[strings.Join(parts[:i+1], ".")] = true
		}
	}
	for _, m := range dottedRead.FindAllSubmatch(template, -1) {
		add(strings.Split(strings.TrimPrefix(string(m[1]), "."), "."))
	}
	for _, m := range indexRead.FindAllSubmatch(template, -1) {
		var parts []string
		for _, q := range quoted.FindAllSubmatch(m[1], -1) {
			parts = append(parts, string(q[1]))
		}
		add(parts)
	}
}

func untar(archive []byte) (map[string][]byte, error) {
	gz, err := gzip.NewReader(bytes.NewReader(archive))
	if err != nil {
		return nil, fmt.Errorf("chart archive: %w", err)
	}
	files := map[string][]byte{}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return files, nil
		}
		if err != nil {
			return nil, fmt.Errorf("chart archive: %w", err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		body, err := io.ReadAll(tr)
		if err != nil {
			return nil, fmt.Errorf("chart archive: %s: %w", h.Name, err)
		}
		files[path.Clean(h.Name)] = body
	}
}
