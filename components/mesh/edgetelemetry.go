package mesh

import (
	"fmt"

	"github.com/ip-platform/infra/components/observability"
	"github.com/ip-platform/infra/internal/promrules"
)

// The edge's metrics: the ingress gateway's Envoy reports every request it forwards as the
// source (reporter="source"), labelled with the destination service's namespace, so a service's
// edge traffic is one selector whatever track (stable, canary) served it.
const (
	edgeSelector = `reporter="source", source_workload_namespace="` + IngressNamespace + `", source_workload="` + IngressGatewayName + `"`
	// edgeErrorRatioCritical is the 5xx share of the edge's requests that pages: beyond it
	// clients see the failure whatever retries did.
	edgeErrorRatioCritical = 0.05
)

// ingressMonitorSpec scrapes the gateway pods' Envoy (the chart's http-envoy-prom port).
func ingressMonitorSpec() map[string]any {
	return map[string]any{
		"namespaceSelector":   map[string]any{"matchNames": []any{IngressNamespace}},
		"selector":            map[string]any{"matchLabels": toAny(IngressPodLabels())},
		"podMetricsEndpoints": []any{map[string]any{"port": "http-envoy-prom", "path": "/stats/prometheus", "interval": "30s"}},
	}
}

// edgeRuleGroup alerts on the share of the edge's requests that end in a 5xx, per service.
func edgeRuleGroup() observability.RuleGroup {
	requests := `sum by (destination_service_namespace) (rate(istio_requests_total{` + edgeSelector + `}[5m]))`
	errors := `sum by (destination_service_namespace) (rate(istio_requests_total{` + edgeSelector + `, response_code=~"5.."}[5m]))`
	return observability.RuleGroup{Name: "mesh-edge", Rules: []observability.Rule{{
		Cases:  edgeErrorRatioCases(),
		Alert:  "IngressGatewayHighErrorRatio",
		Expr:   fmt.Sprintf("(%s / %s) > %g", errors, requests, edgeErrorRatioCritical),
		For:    "5m",
		Labels: map[string]string{"severity": "critical"},
		Annotations: map[string]string{
			"summary": "The ingress gateway is answering 5xx for {{ $labels.destination_service_namespace }}",
			"description": fmt.Sprintf("More than %g%% of the API's requests to {{ $labels.destination_service_namespace }} end in a 5xx at the edge: {{ $value | humanizePercentage }}. "+
				"Check the service's pods, its canary (meshCanary weights) and the gateway's logs.", edgeErrorRatioCritical*100),
		},
	}}}
}

// EdgeRuleFile is the PrometheusRule NewTelemetry creates with IngressGateway set, with its
// promtool cases: what `go run ./cmd/plan --rules` pairs with the planned object.
func EdgeRuleFile() promrules.File {
	return promrules.File{Name: "mesh-edge", Groups: []promrules.Group{edgeRuleGroup()}}
}

// edgeErrorRatioCases: 10% of trademark's edge requests failing fires for trademark alone; 2%
// does not; 10% failing through a waypoint (not the edge) does not.
func edgeErrorRatioCases() []promrules.Case {
	series := func(source, ns, code, values string) promrules.Series {
		return promrules.S(fmt.Sprintf(`istio_requests_total{reporter="source", source_workload_namespace=%q, source_workload=%q, destination_service_namespace=%q, response_code=%q}`,
			source, IngressGatewayName, ns, code), values)
	}
	edge := func(ns, code, values string) promrules.Series { return series(IngressNamespace, ns, code, values) }
	return []promrules.Case{
		promrules.Fire("10% of trademark's edge requests fail", "15m", map[string]string{"destination_service_namespace": "trademark"}, "10%",
			edge("trademark", "200", "0+90x20"), edge("trademark", "503", "0+10x20"), edge("copyright", "200", "0+100x20")),
		promrules.Quiet("2% fail", "15m", edge("trademark", "200", "0+98x20"), edge("trademark", "503", "0+2x20")),
		promrules.Quiet("failures seen by another proxy than the ingress gateway", "15m",
			series("trademark", "trademark", "200", "0+90x20"), series("trademark", "trademark", "503", "0+10x20")),
		promrules.Quiet("failing for less than five minutes", "15m",
			edge("trademark", "200", "0+90x20"), edge("trademark", "503", "0x11 0+10x8")),
	}
}

// edgeSpecs are three panels per service: request rate, 5xx ratio and p99 latency at the edge.
func edgeSpecs(namespaces []string) []panelSpec {
	var out []panelSpec
	for _, ns := range namespaces {
		sel := edgeSelector + `, destination_service_namespace="` + ns + `"`
		out = append(out,
			panelSpec{"Edge requests: " + ns, "reqps",
				`sum by (response_code) (rate(istio_requests_total{` + sel + `}[5m]))`, "{{response_code}}"},
			panelSpec{"Edge 5xx ratio: " + ns, "percentunit",
				`sum(rate(istio_requests_total{` + sel + `, response_code=~"5.."}[5m])) / sum(rate(istio_requests_total{` + sel + `}[5m]))`, "5xx"},
			panelSpec{"Edge p99 latency: " + ns, "ms",
				`histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{` + sel + `}[5m])))`, "p99"},
		)
	}
	return out
}
