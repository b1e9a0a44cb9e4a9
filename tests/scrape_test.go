package tests

import (
	"fmt"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/config"
	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/plan"
)

const podMonitorType = "kubernetes:monitoring.coreos.com/v1:PodMonitor"

// podTemplate is a Deployment's pods as a scrape configuration sees them.
type podTemplate struct {
	namespace, deployment string
	labels                map[string]string
	ports                 map[string]bool // container port names
}

func stringMap(v any) map[string]string {
	m, _ := v.(map[string]any)
	out := make(map[string]string, len(m))
	for k, e := range m {
		out[k], _ = e.(string)
	}
	return out
}

func subset(sel, labels map[string]string) bool {
	for k, v := range sel {
		if labels[k] != v {
			return false
		}
	}
	return len(sel) > 0
}

func podTemplates(resources []offline.Resource) []podTemplate {
	var out []podTemplate
	for _, d := range resources {
		if d.Type != "kubernetes:apps/v1:Deployment" {
			continue
		}
		p := podTemplate{namespace: fmt.Sprint(d.Input("metadata.namespace")), deployment: fmt.Sprint(d.Input("metadata.name")),
			labels: stringMap(d.Input("spec.template.metadata.labels")), ports: map[string]bool{}}
		containers, _ := d.Input("spec.template.spec.containers").([]any)
		for _, c := range containers {
			ports, _ := c.(map[string]any)["ports"].([]any)
			for _, port := range ports {
				name, _ := port.(map[string]any)["name"].(string)
				p.ports[name] = true
			}
		}
		out = append(out, p)
	}
	return out
}

// monitorNamespaces are the namespaces a monitor selects from: its matchNames, or its own.
func monitorNamespaces(m offline.Resource) map[string]bool {
	out := map[string]bool{}
	names, _ := m.Input("spec.namespaceSelector.matchNames").([]any)
	for _, n := range names {
		out[fmt.Sprint(n)] = true
	}
	if len(out) == 0 {
		out[fmt.Sprint(m.Input("metadata.namespace"))] = true
	}
	return out
}

// scrapeTargets counts, per pod template and container port, the scrape endpoints that make a
// target of it: each endpoint of a ServiceMonitor through each Service it selects, each endpoint
// of a PodMonitor directly. Prometheus scrapes a pod once per count.
func scrapeTargets(resources []offline.Resource) map[string][]string {
	pods := podTemplates(resources)
	hits := map[string][]string{}
	hit := func(p podTemplate, port, via string) {
		key := p.namespace + "/" + p.deployment + ":" + port
		hits[key] = append(hits[key], via)
	}
	for _, m := range resources {
		switch m.Type {
		case podMonitorType:
			sel := stringMap(m.Input("spec.selector.matchLabels"))
			endpoints, _ := m.Input("spec.podMetricsEndpoints").([]any)
			for _, p := range pods {
				if !monitorNamespaces(m)[p.namespace] || !subset(sel, p.labels) {
					continue
				}
				for _, e := range endpoints {
					if port, _ := e.(map[string]any)["port"].(string); p.ports[port] {
						hit(p, port, "PodMonitor "+m.Name)
					}
				}
			}
		case serviceMonitorType:
			sel := stringMap(m.Input("spec.selector.matchLabels"))
			endpoints, _ := m.Input("spec.endpoints").([]any)
			for _, svc := range resources {
				ns := fmt.Sprint(svc.Input("metadata.namespace"))
				if svc.Type != "kubernetes:core/v1:Service" || !monitorNamespaces(m)[ns] || !subset(sel, stringMap(svc.Input("metadata.labels"))) {
					continue
				}
				targetPorts := map[string]string{}
				svcPorts, _ := svc.Input("spec.ports").([]any)
				for _, sp := range svcPorts {
					e := sp.(map[string]any)
					targetPorts[fmt.Sprint(e["name"])] = fmt.Sprint(e["targetPort"])
				}
				for _, p := range pods {
					if p.namespace != ns || !subset(stringMap(svc.Input("spec.selector")), p.labels) {
						continue
					}
					for _, e := range endpoints {
						port, _ := e.(map[string]any)["port"].(string)
						if target, ok := targetPorts[port]; ok && p.ports[target] {
							hit(p, target, "ServiceMonitor "+m.Name+" via Service "+svc.Name)
						}
					}
				}
			}
		}
	}
	return hits
}

func assertEachPodScrapedOnce(t *testing.T, resources []offline.Resource) {
	t.Helper()
	hits := scrapeTargets(resources)
	for _, p := range podTemplates(resources) {
		if p.labels["app.kubernetes.io/part-of"] != "ip-platform" {
			continue
		}
		var n int
		for port := range p.ports {
			n += len(hits[p.namespace+"/"+p.deployment+":"+port])
		}
		assert.NotZero(t, n, "pods of %s/%s are not scraped at all", p.namespace, p.deployment)
	}
	for target, via := range hits {
		assert.Len(t, via, 1, "%s is scraped %d times, every sum over it counted as often: %v", target, len(via), via)
	}
}

// No pod is a target of two scrape endpoints, in any stack, nor in prod with the recommendation
// canary running (meshCanary: a Service per track beside the service's own).
func TestNoPodIsSelectedByTwoScrapeEndpoints(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) { assertEachPodScrapedOnce(t, planStack(t, stack).Resources) })
	}
	t.Run("prod with a mesh canary at 20%", func(t *testing.T) {
		r := planProdWithCanary(t)
		var trackServices int
		for _, s := range ofType(r, "kubernetes:core/v1:Service") {
			if s.Input("metadata.namespace") == "recommendation" {
				trackServices++
			}
		}
		require.Equal(t, 3, trackServices, "recommendation runs its Service and one per track")
		assertEachPodScrapedOnce(t, r.Resources)
	})
}

// The check itself catches the double scrape the services had: a ServiceMonitor on every Service
// labelled with the service's name.
func TestTheScrapeCheckCatchesAServiceMonitorOverTrackServices(t *testing.T) {
	r := planProdWithCanary(t)
	old := offline.Resource{Type: serviceMonitorType, Name: "old-recommendation", Inputs: resource.NewPropertyMapFromMap(map[string]any{
		"metadata": map[string]any{"namespace": "observability"},
		"spec": map[string]any{
			"namespaceSelector": map[string]any{"matchNames": []any{"recommendation"}},
			"selector":          map[string]any{"matchLabels": map[string]any{"app.kubernetes.io/name": "recommendation"}},
			"endpoints":         []any{map[string]any{"port": "api"}},
		},
	})}
	var withoutPodMonitor []offline.Resource
	for _, res := range r.Resources {
		if res.Type != podMonitorType || res.Input("metadata.name") != "recommendation" {
			withoutPodMonitor = append(withoutPodMonitor, res)
		}
	}
	hits := scrapeTargets(append(withoutPodMonitor, old))
	assert.Len(t, hits["recommendation/recommendation:api"], 2, "stable pods: through the service's Service and the stable track's")
	assert.Len(t, hits["recommendation/recommendation-canary:api"], 1)
}

func planProdWithCanary(t *testing.T) *plan.Result {
	t.Helper()
	file := stackFileWith(t, "prod", map[string]any{
		"image":   map[string]any{"tag": "1.0.0"},
		"release": map[string]any{"strategy": config.StrategyMeshCanary, "canaryWeight": 20, "candidate": map[string]any{"tag": "1.1.0"}},
	}, "ip-platform:services", "recommendation")
	r, err := plan.Compute(projectDir, "prod", file)
	require.NoError(t, err)
	return r
}
