package observability

import (
	"fmt"

	"github.com/ip-platform/infra/internal/promrules"
)

// The promtool cases of the service alerts (rules.go): for each alert, input series that must
// fire it and input series close to them that must not. `go run ./cmd/plan --rules DIR` writes
// them beside the rule files, and .ci/run runs `promtool test rules` on them. Samples are one
// minute apart, as the rules are evaluated.
type serviceCases struct {
	t ScrapeTarget
}

func newServiceCases(t ScrapeTarget) serviceCases { return serviceCases{t: t} }

var (
	fire  = promrules.Fire
	quiet = promrules.Quiet
	in    = promrules.S
)

// pod is a pod of the service's Deployment, named as its ReplicaSet names them.
func (c serviceCases) pod() string { return c.t.Name + "-7d9f8b6c4d-x2x5k" }

// requests is the request counter of one status code.
func (c serviceCases) requests(code, values string) promrules.Series {
	return in(fmt.Sprintf(`%s_count{namespace=%q, job=%q, %s=%q}`, metricRequestDuration, c.t.Namespace, c.t.Name, labelStatusCode, code), values)
}

// bucket is one bucket of the request duration histogram (every request answered 200).
func (c serviceCases) bucket(le, values string) promrules.Series {
	return in(fmt.Sprintf(`%s_bucket{namespace=%q, job=%q, %s="200", le=%q}`, metricRequestDuration, c.t.Namespace, c.t.Name, labelStatusCode, le), values)
}

// container is a per-container series of the service's pod (cAdvisor, kube-state-metrics).
func (c serviceCases) container(metric, container, extra, values string) promrules.Series {
	return in(fmt.Sprintf(`%s{namespace=%q, pod=%q, container=%q%s}`, metric, c.t.Namespace, c.pod(), container, extra), values)
}

func (c serviceCases) podLabel() map[string]string { return map[string]string{"pod": c.pod()} }

func (c serviceCases) down() []promrules.Case {
	up := func(v string) promrules.Series {
		return in(fmt.Sprintf(`up{namespace=%q, job=%q, pod=%q}`, c.t.Namespace, c.t.Name, c.pod()), v)
	}
	other := in(fmt.Sprintf(`up{namespace=%q, job="otel-collector"}`, c.t.Namespace), "1x15")
	return []promrules.Case{
		fire("the only pod stopped answering scrapes", "10m", nil, "", up("0x15")),
		fire("no target at all, another job's target up", "10m", nil, "", other),
		quiet("a pod answers", "10m", up("1x15")),
		quiet("down for less than five minutes", "10m", up("1x6 0x9")),
	}
}

func (c serviceCases) highErrorRatio() []promrules.Case {
	return []promrules.Case{
		fire("10% of requests fail", "15m", nil, "10%", c.requests("200", "0+90x20"), c.requests("500", "0+10x20")),
		quiet("2% fail, under the 5% threshold", "15m", c.requests("200", "0+98x20"), c.requests("503", "0+2x20")),
	}
}

func (c serviceCases) elevatedErrorRatio() []promrules.Case {
	return []promrules.Case{
		fire("2% of requests fail for 15 minutes", "25m", nil, "2%", c.requests("200", "0+98x30"), c.requests("503", "0+2x30")),
		quiet("client errors are not failures", "25m", c.requests("200", "0+50x30"), c.requests("404", "0+50x30")),
	}
}

func (c serviceCases) highLatency() []promrules.Case {
	// Every request between 1 s and 2.5 s: the p99 interpolates to 1 + 1.5 * 0.99 = 2.485 s.
	slow := []promrules.Series{c.bucket("0.5", "0x30"), c.bucket("1", "0x30"), c.bucket("2.5", "0+10x30"), c.bucket("+Inf", "0+10x30")}
	fast := []promrules.Series{c.bucket("0.5", "0+10x30"), c.bucket("1", "0+10x30"), c.bucket("2.5", "0+10x30"), c.bucket("+Inf", "0+10x30")}
	return []promrules.Case{
		fire("every request takes 1 to 2.5 s", "20m", nil, "2.485s", slow...),
		quiet("every request under 0.5 s", "20m", fast...),
	}
}

func (c serviceCases) restarting() []promrules.Case {
	metric := "kube_pod_container_status_restarts_total"
	return []promrules.Case{
		fire("a restart a minute", "20m", c.podLabel(), "", c.container(metric, c.t.Name, "", "0+1x20")),
		quiet("a sidecar restarting is not the service", "20m", c.container(metric, "istio-proxy", "", "0+1x20")),
		quiet("two restarts in 15 minutes", "20m", c.container(metric, c.t.Name, "", "0x5 1x10 2x5")),
	}
}

func (c serviceCases) cpuThrottled() []promrules.Case {
	periods := c.container("container_cpu_cfs_periods_total", c.t.Name, "", "0+60x30")
	return []promrules.Case{
		fire("half the CPU periods throttled", "25m", c.podLabel(), "50%",
			periods, c.container("container_cpu_cfs_throttled_periods_total", c.t.Name, "", "0+30x30")),
		quiet("5% throttled", "25m",
			periods, c.container("container_cpu_cfs_throttled_periods_total", c.t.Name, "", "0+3x30")),
	}
}

func (c serviceCases) memoryNearLimit() []promrules.Case {
	limit := c.container("kube_pod_container_resource_limits", c.t.Name, `, resource="memory", unit="byte"`, "1000x20")
	return []promrules.Case{
		fire("95% of the limit in use", "15m", c.podLabel(), "95%",
			limit, c.container("container_memory_working_set_bytes", c.t.Name, "", "950x20")),
		quiet("half the limit in use", "15m",
			limit, c.container("container_memory_working_set_bytes", c.t.Name, "", "500x20")),
	}
}

// The platform alerts' cases.

func nodeNotReadyCases() []promrules.Case {
	ready := func(v string) promrules.Series {
		return in(`kube_node_status_condition{node="ip-10-20-1-10.ec2.internal", condition="Ready", status="true"}`, v)
	}
	return []promrules.Case{
		fire("a node not ready for 10 minutes", "10m",
			map[string]string{"node": "ip-10-20-1-10.ec2.internal", "condition": "Ready", "status": "true"}, "", ready("0x10")),
		quiet("a ready node", "10m", ready("1x10")),
	}
}

func volumeSeries(available string) []promrules.Series {
	sel := `{namespace="observability", persistentvolumeclaim="prometheus-data"}`
	return []promrules.Series{
		in("kubelet_volume_stats_available_bytes"+sel, available),
		in("kubelet_volume_stats_capacity_bytes"+sel, "100x20"),
	}
}

var volumeLabels = map[string]string{"namespace": "observability", "persistentvolumeclaim": "prometheus-data"}

func volumeFillingUpCases() []promrules.Case {
	return []promrules.Case{
		fire("5% free", "15m", volumeLabels, "5%", volumeSeries("5x20")...),
		quiet("half free", "15m", volumeSeries("50x20")...),
	}
}

func volumeFullCases() []promrules.Case {
	return []promrules.Case{
		fire("2% free", "15m", volumeLabels, "2%", volumeSeries("2x20")...),
		quiet("5% free is filling, not full", "15m", volumeSeries("5x20")...),
	}
}

func hpaAtMaxCases() []promrules.Case {
	hpa := func(metric, v string) promrules.Series {
		return in(metric+`{namespace="trademark", horizontalpodautoscaler="trademark"}`, v)
	}
	return []promrules.Case{
		fire("at its maximum for 20 minutes", "20m", map[string]string{"namespace": "trademark", "horizontalpodautoscaler": "trademark"}, "",
			hpa("kube_horizontalpodautoscaler_status_current_replicas", "4x20"), hpa("kube_horizontalpodautoscaler_spec_max_replicas", "4x20")),
		quiet("below its maximum", "20m",
			hpa("kube_horizontalpodautoscaler_status_current_replicas", "2x20"), hpa("kube_horizontalpodautoscaler_spec_max_replicas", "4x20")),
	}
}
