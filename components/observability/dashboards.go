package observability

import (
	"encoding/json"
	"fmt"
)

// dashboardLabel marks the ConfigMaps the Grafana sidecar loads as dashboards.
const dashboardLabel = "grafana_dashboard"

// Dashboard is the subset of the Grafana dashboard JSON model the stack uses.
type Dashboard struct {
	UID           string   `json:"uid"`
	Title         string   `json:"title"`
	Tags          []string `json:"tags"`
	Timezone      string   `json:"timezone"`
	SchemaVersion int      `json:"schemaVersion"`
	Refresh       string   `json:"refresh"`
	Time          TimeSpan `json:"time"`
	Panels        []Panel  `json:"panels"`
}

// TimeSpan is a dashboard's default time range.
type TimeSpan struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Panel is one time series panel.
type Panel struct {
	ID          int         `json:"id"`
	Title       string      `json:"title"`
	Description string      `json:"description,omitempty"`
	Type        string      `json:"type"`
	Datasource  Datasource  `json:"datasource"`
	GridPos     GridPos     `json:"gridPos"`
	Targets     []Target    `json:"targets"`
	FieldConfig FieldConfig `json:"fieldConfig"`
}

// Datasource refers to a provisioned datasource by UID.
type Datasource struct {
	Type string `json:"type"`
	UID  string `json:"uid"`
}

// GridPos places a panel on the 24-column grid.
type GridPos struct {
	X int `json:"x"`
	Y int `json:"y"`
	W int `json:"w"`
	H int `json:"h"`
}

// Target is one PromQL query of a panel.
type Target struct {
	RefID        string `json:"refId"`
	Expr         string `json:"expr"`
	LegendFormat string `json:"legendFormat"`
}

// FieldConfig sets a panel's unit.
type FieldConfig struct {
	Defaults FieldDefaults `json:"defaults"`
}

// FieldDefaults is the unit of a panel's values.
type FieldDefaults struct {
	Unit string `json:"unit"`
}

var prometheusDS = Datasource{Type: "prometheus", UID: datasourcePrometheus}

// panelSpec is what varies between panels; layout is computed.
type panelSpec struct {
	title, description, unit string
	targets                  []Target
}

func layout(specs []panelSpec) []Panel {
	panels := make([]Panel, len(specs))
	for i, s := range specs {
		panels[i] = Panel{
			ID: i + 1, Title: s.title, Description: s.description, Type: "timeseries", Datasource: prometheusDS,
			// Two panels per row, 12 columns and 8 rows each.
			GridPos:     GridPos{X: (i % 2) * 12, Y: (i / 2) * 8, W: 12, H: 8},
			Targets:     s.targets,
			FieldConfig: FieldConfig{Defaults: FieldDefaults{Unit: s.unit}},
		}
	}
	return panels
}

func target(ref, expr, legend string) Target {
	return Target{RefID: ref, Expr: expr, LegendFormat: legend}
}

// serviceDashboard charts one service's rate, errors, duration and saturation against the limits
// it runs with.
func serviceDashboard(t ScrapeTarget) Dashboard {
	sel := fmt.Sprintf(`namespace=%q`, t.Namespace)
	pods := fmt.Sprintf(`namespace=%q, pod=~"%s-.*", container=%q`, t.Namespace, t.Name, t.Name)
	return Dashboard{
		UID: "ip-" + t.Name, Title: "Service: " + t.Name, Tags: []string{"ip-platform", "service"},
		Timezone: "utc", SchemaVersion: 39, Refresh: "30s", Time: TimeSpan{From: "now-6h", To: "now"},
		Panels: layout([]panelSpec{
			{title: "Request rate", unit: "reqps", targets: []Target{
				target("A", fmt.Sprintf(`sum by (%s) (rate(%s_count{%s}[5m]))`, labelStatusCode, metricRequestDuration, sel), "{{"+labelStatusCode+"}}"),
			}},
			{title: "Error ratio (5xx)", unit: "percentunit", targets: []Target{
				target("A", fmt.Sprintf(`sum(rate(%s_count{%s, %s=~"5.."}[5m])) / sum(rate(%s_count{%s}[5m]))`, metricRequestDuration, sel, labelStatusCode, metricRequestDuration, sel), "5xx"),
			}},
			{title: "Duration p50 / p90 / p99", unit: "s", targets: []Target{
				target("A", fmt.Sprintf(`histogram_quantile(0.50, sum by (le) (rate(%s_bucket{%s}[5m])))`, metricRequestDuration, sel), "p50"),
				target("B", fmt.Sprintf(`histogram_quantile(0.90, sum by (le) (rate(%s_bucket{%s}[5m])))`, metricRequestDuration, sel), "p90"),
				target("C", fmt.Sprintf(`histogram_quantile(0.99, sum by (le) (rate(%s_bucket{%s}[5m])))`, metricRequestDuration, sel), "p99"),
			}},
			{title: "Pods", unit: "short", targets: []Target{
				target("A", fmt.Sprintf(`count(up{%s, job=%q} == 1)`, sel, t.Name), "up"),
			}},
			{title: "CPU against limit", description: "Limit " + t.CPULimit + " per pod", unit: "cores", targets: []Target{
				target("A", fmt.Sprintf(`sum by (pod) (rate(container_cpu_usage_seconds_total{%s}[5m]))`, pods), "{{pod}}"),
				target("B", fmt.Sprintf(`max(kube_pod_container_resource_limits{%s, resource="cpu"})`, pods), "limit"),
			}},
			{title: "Memory against limit", description: "Limit " + t.MemoryLimit + " per pod", unit: "bytes", targets: []Target{
				target("A", fmt.Sprintf(`max by (pod) (container_memory_working_set_bytes{%s})`, pods), "{{pod}}"),
				target("B", fmt.Sprintf(`max(kube_pod_container_resource_limits{%s, resource="memory"})`, pods), "limit"),
			}},
			{title: "CPU throttling", unit: "percentunit", targets: []Target{
				target("A", fmt.Sprintf(`sum by (pod) (rate(container_cpu_cfs_throttled_periods_total{%s}[5m])) / sum by (pod) (rate(container_cpu_cfs_periods_total{%s}[5m]))`, pods, pods), "{{pod}}"),
			}},
			{title: "Restarts (1h)", unit: "short", targets: []Target{
				target("A", fmt.Sprintf(`sum by (pod) (increase(kube_pod_container_status_restarts_total{%s}[1h]))`, pods), "{{pod}}"),
			}},
		}),
	}
}

// overviewDashboard is the platform at a glance: every service's traffic and errors, nodes,
// volumes and autoscalers.
func overviewDashboard(targets []ScrapeTarget) Dashboard {
	var rate, errs, p99 []Target
	for i, t := range targets {
		sel := fmt.Sprintf(`namespace=%q`, t.Namespace)
		ref := string(rune('A' + i))
		rate = append(rate, target(ref, fmt.Sprintf(`sum(rate(%s_count{%s}[5m]))`, metricRequestDuration, sel), t.Name))
		errs = append(errs, target(ref, fmt.Sprintf(`sum(rate(%s_count{%s, %s=~"5.."}[5m])) / sum(rate(%s_count{%s}[5m]))`, metricRequestDuration, sel, labelStatusCode, metricRequestDuration, sel), t.Name))
		p99 = append(p99, target(ref, fmt.Sprintf(`histogram_quantile(0.99, sum by (le) (rate(%s_bucket{%s}[5m])))`, metricRequestDuration, sel), t.Name))
	}
	return Dashboard{
		UID: "ip-platform-overview", Title: "Platform overview", Tags: []string{"ip-platform", "platform"},
		Timezone: "utc", SchemaVersion: 39, Refresh: "1m", Time: TimeSpan{From: "now-6h", To: "now"},
		Panels: layout([]panelSpec{
			{title: "Requests per service", unit: "reqps", targets: rate},
			{title: "5xx ratio per service", unit: "percentunit", targets: errs},
			{title: "p99 duration per service", unit: "s", targets: p99},
			{title: "Nodes ready / total", unit: "short", targets: []Target{
				target("A", `sum(kube_node_status_condition{condition="Ready", status="true"})`, "ready"),
				target("B", `count(kube_node_info)`, "total"),
			}},
			{title: "Cluster CPU requested / allocatable", unit: "percentunit", targets: []Target{
				target("A", `sum(kube_pod_container_resource_requests{resource="cpu"}) / sum(kube_node_status_allocatable{resource="cpu"})`, "cpu"),
				target("B", `sum(kube_pod_container_resource_requests{resource="memory"}) / sum(kube_node_status_allocatable{resource="memory"})`, "memory"),
			}},
			{title: "Fullest persistent volumes", unit: "percentunit", targets: []Target{
				target("A", `topk(5, 1 - kubelet_volume_stats_available_bytes / kubelet_volume_stats_capacity_bytes)`, "{{namespace}}/{{persistentvolumeclaim}}"),
			}},
			{title: "HPA replicas / max", unit: "short", targets: []Target{
				target("A", `kube_horizontalpodautoscaler_status_current_replicas`, "{{namespace}}/{{horizontalpodautoscaler}}"),
				target("B", `kube_horizontalpodautoscaler_spec_max_replicas`, "{{namespace}}/{{horizontalpodautoscaler}} max"),
			}},
			{title: "Firing alerts", unit: "short", targets: []Target{
				target("A", `sum by (severity) (ALERTS{alertstate="firing"})`, "{{severity}}"),
			}},
		}),
	}
}

// JSON renders the dashboard as Grafana's sidecar expects it in a ConfigMap.
func (d Dashboard) JSON() (string, error) {
	b, err := json.Marshal(d)
	if err != nil {
		return "", fmt.Errorf("dashboard %s: %w", d.UID, err)
	}
	return string(b), nil
}
