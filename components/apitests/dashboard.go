package apitests

import (
	"encoding/json"
	"fmt"

	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/observability"
)

// DashboardUID is the "Load tests" dashboard's Grafana UID.
const DashboardUID = "ip-load-tests"

// runDashboard is a Grafana dashboard with a run selector: the testid values k6 wrote.
type runDashboard struct {
	observability.Dashboard
	Templating templating `json:"templating"`
}

type templating struct {
	List []variable `json:"list"`
}

type variable struct {
	Name       string                   `json:"name"`
	Label      string                   `json:"label"`
	Type       string                   `json:"type"`
	Datasource observability.Datasource `json:"datasource"`
	Query      string                   `json:"query"`
	Refresh    int                      `json:"refresh"`
	Multi      bool                     `json:"multi"`
	IncludeAll bool                     `json:"includeAll"`
	Sort       int                      `json:"sort"`
}

// LoadTestDashboard compares runs: each panel draws one series per run (testid) and service
// (scenario), for the runs picked in the selector.
func LoadTestDashboard() (string, error) {
	ds := observability.Datasource{Type: "prometheus", UID: observability.PrometheusDatasourceUID}
	sel := `testid=~"$testid"`
	specs := []struct{ title, unit, expr string }{
		{"p95 request duration", "s", `max by (testid, scenario) (k6_http_req_duration_p95{` + sel + `})`},
		{"p99 request duration", "s", `max by (testid, scenario) (k6_http_req_duration_p99{` + sel + `})`},
		{"Requests per second", "reqps", `sum by (testid, scenario) (rate(k6_http_reqs_total{` + sel + `}[1m]))`},
		{"Failed request ratio", "percentunit", `avg by (testid, scenario) (k6_http_req_failed_rate{` + sel + `})`},
		{"Virtual users", "short", `sum by (testid) (k6_vus{` + sel + `})`},
		{"Requests by status", "reqps", `sum by (testid, status) (rate(k6_http_reqs_total{` + sel + `}[1m]))`},
	}
	panels := make([]observability.Panel, len(specs))
	for i, s := range specs {
		panels[i] = observability.Panel{
			ID: i + 1, Title: s.title, Type: "timeseries", Datasource: ds,
			GridPos:     observability.GridPos{X: (i % 2) * 12, Y: (i / 2) * 8, W: 12, H: 8},
			Targets:     []observability.Target{{RefID: "A", Expr: s.expr, LegendFormat: "{{testid}} {{scenario}}{{status}}"}},
			FieldConfig: observability.FieldConfig{Defaults: observability.FieldDefaults{Unit: s.unit}},
		}
	}
	d := runDashboard{
		Dashboard: observability.Dashboard{
			UID: DashboardUID, Title: "Load tests", Tags: []string{"ip-platform", "load-test"},
			Timezone: "utc", SchemaVersion: 39, Refresh: "30s", Time: observability.TimeSpan{From: "now-24h", To: "now"},
			Panels: panels,
		},
		Templating: templating{List: []variable{{
			Name: "testid", Label: "Run", Type: "query", Datasource: ds,
			Query: "label_values(k6_http_reqs_total, testid)", Refresh: 2, Multi: true, IncludeAll: true, Sort: 2,
		}}},
	}
	b, err := json.Marshal(d)
	if err != nil {
		return "", fmt.Errorf("dashboard %s: %w", DashboardUID, err)
	}
	return string(b), nil
}

// loadTestDashboard provisions the dashboard where Grafana's sidecar finds dashboards.
// It waits for after (the observability release, which creates the namespace).
func loadTestDashboard(ctx *pulumi.Context, name string, parent pulumi.ResourceOption, after []pulumi.Resource) error {
	body, err := LoadTestDashboard()
	if err != nil {
		return err
	}
	if _, err := corev1.NewConfigMap(ctx, name+"-dashboard", &corev1.ConfigMapArgs{
		Metadata: &metav1.ObjectMetaArgs{
			Name: pulumi.String("dashboard-" + DashboardUID), Namespace: pulumi.String(observability.Namespace),
			Labels: pulumi.StringMap{observability.DashboardLabel: pulumi.String("1"), labelPartOf: pulumi.String(partOf)},
		},
		Data: pulumi.StringMap{DashboardUID + ".json": pulumi.String(body)},
	}, parent, pulumi.DependsOn(after)); err != nil {
		return fmt.Errorf("dashboard: %w", err)
	}
	return nil
}
