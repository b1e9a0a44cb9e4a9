package config

import (
	"net"
	"net/url"
	"sort"
	"strings"
)

// ChartSource is where the Helm charts are installed from (ip-platform:charts). The zero value
// installs each chart from its upstream repository; users who cannot reach those point it at
// their own mirror, which holds the same charts at the same pinned versions.
type ChartSource struct {
	// Repository replaces the upstream repository of every chart: an index.yaml repository
	// (https://host/path) or an OCI registry (oci://host/path, the chart at <path>/<name>).
	Repository string
	// Repositories replaces the repository of single charts, by chart name, before Repository.
	// The names are checked against the pinned charts by the platform (which links them).
	Repositories map[string]string
}

func parseCharts(p *problems, values map[string]string) ChartSource {
	var c ChartSource
	if o := structured(p, values, "charts"); o != nil {
		o.string("repository", &c.Repository)
		o.stringMap("repositories", &c.Repositories)
		o.done()
	}
	return c
}

func validateCharts(p *problems, c ChartSource) {
	if c.Repository != "" {
		checkChartRepository(p, key("charts.repository"), c.Repository)
	}
	names := make([]string, 0, len(c.Repositories))
	for name := range c.Repositories {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		checkChartRepository(p, key("charts.repositories."+name), c.Repositories[name])
	}
}

// checkChartRepository accepts https:// and oci:// URLs with a host, and plain http:// only on
// the loopback interface (a local mirror such as the real-engine check's): over the network,
// plain HTTP would let anyone on the path swap a chart.
func checkChartRepository(p *problems, path, raw string) {
	const allowed = "an https:// chart repository URL (its index.yaml below it) or an oci:// registry path, such as https://charts.example.com/mirror or oci://registry.example.com/helm; http:// only on loopback"
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		p.add(path, "must be %s, got %q", allowed, raw)
		return
	}
	switch u.Scheme {
	case "https", "oci":
	case "http":
		if !isLoopback(u.Hostname()) {
			p.add(path, "must be %s, got plain http:// to %s", allowed, u.Hostname())
		}
	default:
		p.add(path, "must be %s, got scheme %q", allowed, u.Scheme)
	}
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// chartsKeys documents ip-platform:charts.
func chartsKeys() []Key {
	return []Key{
		{Name: "charts", Type: "object", ProjectDefault: map[string]any{}, Default: "unset: each chart from its upstream repository",
			Description: "Where the Helm charts come from (fields below), for clusters that cannot reach the public chart repositories. The mirror must hold the pinned charts at their pinned versions (`go run ./cmd/plan --charts` lists them; README: \"Charts from a mirror\")."},
		{Name: "charts.repository", Type: "string", Default: "unset",
			Description: "Chart repository that replaces the upstream repository of every chart: https://host/path (an index.yaml repository: Harbor, Artifactory, ChartMuseum, S3 behind HTTPS) or oci://host/path (charts at <path>/<name>); http:// is accepted on loopback only."},
		{Name: "charts.repositories", Type: "object", Default: "unset",
			Description: "Repository of single charts by chart name (e.g. kube-prometheus-stack: oci://registry.example.com/helm), used before charts.repository; a name that is not a pinned chart is refused."},
	}
}
