//go:build e2e

package e2e

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// What the charts must produce once installed, checked against the API server after `up`.

// resourceProblems names every container of every pod in the cluster (the charts', the
// operators' and the program's) that lacks a CPU or memory request or limit, once per workload
// and container. Pods are what the API server admitted, LimitRange defaults included, which is
// what the scheduler and the kubelet see.
func resourceProblems(ctx context.Context, c *kubeClient) (problems []string, containers int, err error) {
	pods, err := listAll(ctx, c, "v1", "pods")
	if err != nil {
		return nil, 0, err
	}
	seen := map[string]bool{}
	for _, pod := range pods {
		meta, _ := pod["metadata"].(map[string]any)
		namespace, _ := meta["namespace"].(string)
		owner, _ := meta["generateName"].(string)
		if owner == "" {
			owner, _ = meta["name"].(string)
		}
		spec, _ := pod["spec"].(map[string]any)
		for _, field := range []string{"initContainers", "containers"} {
			list, _ := spec[field].([]any)
			for _, raw := range list {
				ctr, _ := raw.(map[string]any)
				name, _ := ctr["name"].(string)
				key := namespace + "/" + owner + " " + name
				if seen[key] {
					continue
				}
				seen[key] = true
				containers++
				res, _ := ctr["resources"].(map[string]any)
				var missing []string
				for _, kind := range []string{"requests", "limits"} {
					values, _ := res[kind].(map[string]any)
					for _, r := range []string{"cpu", "memory"} {
						if _, ok := values[r]; !ok {
							missing = append(missing, kind+"."+r)
						}
					}
				}
				if len(missing) > 0 {
					problems = append(problems, fmt.Sprintf("pod %s* container %s: no %s", namespace+"/"+strings.TrimSuffix(owner, "-"), name, strings.Join(missing, ", ")))
				}
			}
		}
	}
	sort.Strings(problems)
	return problems, containers, nil
}

// serviceAddress matches an in-cluster Service address: <service>.<namespace>.svc, with or
// without the cluster domain, with an optional port and an optional scheme before it.
var serviceAddress = regexp.MustCompile(`(?:(https?)://)?([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(?:\.cluster\.local)?(?::(\d+))?`)

// serviceURL matches the short form of an in-cluster URL, http(s)://<service>.<namespace>[:port],
// which counts only where <namespace> is one of the cluster's (so a public host name never does).
var serviceURL = regexp.MustCompile(`(https?)://([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)(?::(\d+))?(?:[/"'\s\\]|$)`)

// wiredEndpoint is one in-cluster address the program or a chart's rendered configuration names.
type wiredEndpoint struct {
	Service, Namespace string
	Port               int // 0: none given and no scheme to default it
}

func (e wiredEndpoint) String() string {
	s := e.Service + "." + e.Namespace + ".svc"
	if e.Port != 0 {
		s += ":" + strconv.Itoa(e.Port)
	}
	return s
}

// wiredEndpoints finds every in-cluster Service address in texts; namespaces are the cluster's.
func wiredEndpoints(texts []string, namespaces map[string]bool) []wiredEndpoint {
	set := map[wiredEndpoint]bool{}
	for _, text := range texts {
		for _, m := range serviceURL.FindAllStringSubmatch(text, -1) {
			if !namespaces[m[4]] {
				continue
			}
			e := wiredEndpoint{Service: m[2], Namespace: m[4], Port: 80}
			if m[6] != "" {
				e.Port, _ = strconv.Atoi(m[6])
			} else if m[1] == "https" {
				e.Port = 443
			}
			set[e] = true
		}
		for _, m := range serviceAddress.FindAllStringSubmatch(text, -1) {
			e := wiredEndpoint{Service: m[2], Namespace: m[4]}
			switch {
			case m[6] != "":
				e.Port, _ = strconv.Atoi(m[6])
			case m[1] == "http":
				e.Port = 80
			case m[1] == "https":
				e.Port = 443
			}
			if e.Namespace == "default" && e.Service == "kubernetes" {
				continue
			}
			set[e] = true
		}
	}
	out := make([]wiredEndpoint, 0, len(set))
	for e := range set {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// endpointTexts is where the wiring is written: the stack's state (every resource's inputs,
// the Helm releases' values among them) and the ConfigMaps and Secrets the charts rendered.
func endpointTexts(deployment json.RawMessage, objects []chartObject) []string {
	texts := []string{string(deployment)}
	for _, o := range objects {
		switch o.Kind {
		case "ConfigMap":
			b, _ := json.Marshal(o.Body["data"])
			texts = append(texts, string(b))
		case "Secret":
			data, _ := o.Body["data"].(map[string]any)
			for _, v := range data {
				encoded, _ := v.(string)
				if decoded, err := base64.StdEncoding.DecodeString(encoded); err == nil {
					texts = append(texts, string(decoded))
				}
			}
		}
	}
	return texts
}

// endpointProblems names each wired endpoint whose Service does not exist or has no such port.
func endpointProblems(ctx context.Context, c *kubeClient, endpoints []wiredEndpoint) ([]string, error) {
	var problems []string
	for _, e := range endpoints {
		var svc struct {
			Spec struct {
				Ports []struct {
					Port int `json:"port"`
				} `json:"ports"`
			} `json:"spec"`
		}
		err := c.get(ctx, "/api/v1/namespaces/"+url.PathEscape(e.Namespace)+"/services/"+url.PathEscape(e.Service), &svc)
		if isNotFound(err) {
			problems = append(problems, fmt.Sprintf("%s: no Service %s in namespace %s", e, e.Service, e.Namespace))
			continue
		}
		if err != nil {
			return nil, err
		}
		if e.Port == 0 {
			continue
		}
		var ports []string
		found := false
		for _, p := range svc.Spec.Ports {
			ports = append(ports, strconv.Itoa(p.Port))
			found = found || p.Port == e.Port
		}
		if !found {
			problems = append(problems, fmt.Sprintf("%s: Service %s/%s has no port %d (it has %s)", e, e.Namespace, e.Service, e.Port, strings.Join(ports, ", ")))
		}
	}
	return problems, nil
}

// labelSelector is a Kubernetes label selector; nil selects nothing, empty selects everything.
type labelSelector struct {
	MatchLabels      map[string]string `json:"matchLabels"`
	MatchExpressions []struct {
		Key      string   `json:"key"`
		Operator string   `json:"operator"`
		Values   []string `json:"values"`
	} `json:"matchExpressions"`
}

func (s *labelSelector) matches(labels map[string]string) bool {
	if s == nil {
		return false
	}
	for k, v := range s.MatchLabels {
		if labels[k] != v {
			return false
		}
	}
	for _, e := range s.MatchExpressions {
		v, has := labels[e.Key]
		in := false
		for _, want := range e.Values {
			in = in || (has && v == want)
		}
		switch e.Operator {
		case "In":
			if !in {
				return false
			}
		case "NotIn":
			if in {
				return false
			}
		case "Exists":
			if !has {
				return false
			}
		case "DoesNotExist":
			if has {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// prometheusSelection is what one Prometheus selects, as the Prometheus operator reads it: a nil
// object selector selects no object, a nil namespace selector only the Prometheus's own namespace.
type prometheusSelection struct {
	Metadata struct{ Name, Namespace string } `json:"metadata"`
	Spec     struct {
		ServiceMonitorSelector          *labelSelector `json:"serviceMonitorSelector"`
		ServiceMonitorNamespaceSelector *labelSelector `json:"serviceMonitorNamespaceSelector"`
		PodMonitorSelector              *labelSelector `json:"podMonitorSelector"`
		PodMonitorNamespaceSelector     *labelSelector `json:"podMonitorNamespaceSelector"`
		RuleSelector                    *labelSelector `json:"ruleSelector"`
		RuleNamespaceSelector           *labelSelector `json:"ruleNamespaceSelector"`
	} `json:"spec"`
}

func (p prometheusSelection) selects(kind, namespace string, namespaceLabels, labels map[string]string) bool {
	var objects, namespaces *labelSelector
	switch kind {
	case "ServiceMonitor":
		objects, namespaces = p.Spec.ServiceMonitorSelector, p.Spec.ServiceMonitorNamespaceSelector
	case "PodMonitor":
		objects, namespaces = p.Spec.PodMonitorSelector, p.Spec.PodMonitorNamespaceSelector
	case "PrometheusRule":
		objects, namespaces = p.Spec.RuleSelector, p.Spec.RuleNamespaceSelector
	}
	if namespaces == nil {
		if namespace != p.Metadata.Namespace {
			return false
		}
	} else if !namespaces.matches(namespaceLabels) {
		return false
	}
	return objects.matches(labels)
}

// monitorProblems names each ServiceMonitor, PodMonitor and PrometheusRule in the cluster that
// no Prometheus selects, and fails when there is no Prometheus at all.
func monitorProblems(ctx context.Context, c *kubeClient) (problems []string, selected int, err error) {
	var proms struct {
		Items []prometheusSelection `json:"items"`
	}
	if err := c.get(ctx, "/apis/monitoring.coreos.com/v1/prometheuses", &proms); err != nil {
		return nil, 0, fmt.Errorf("prometheuses: %w", err)
	}
	if len(proms.Items) == 0 {
		return []string{"no Prometheus in the cluster: kube-prometheus-stack made none"}, 0, nil
	}
	nsLabels, err := namespaceLabels(ctx, c)
	if err != nil {
		return nil, 0, err
	}
	for _, kind := range []struct{ plural, kind string }{{"servicemonitors", "ServiceMonitor"}, {"podmonitors", "PodMonitor"}, {"prometheusrules", "PrometheusRule"}} {
		var list struct {
			Items []struct {
				Metadata struct {
					Name      string            `json:"name"`
					Namespace string            `json:"namespace"`
					Labels    map[string]string `json:"labels"`
				} `json:"metadata"`
			} `json:"items"`
		}
		if err := c.get(ctx, "/apis/monitoring.coreos.com/v1/"+kind.plural, &list); err != nil {
			return nil, 0, err
		}
		for _, item := range list.Items {
			m := item.Metadata
			ok := false
			for _, p := range proms.Items {
				ok = ok || p.selects(kind.kind, m.Namespace, nsLabels[m.Namespace], m.Labels)
			}
			if ok {
				selected++
				continue
			}
			problems = append(problems, fmt.Sprintf("%s %s/%s (labels %v) is selected by no Prometheus", kind.kind, m.Namespace, m.Name, m.Labels))
		}
	}
	sort.Strings(problems)
	return problems, selected, nil
}

// namespaceLabels returns the labels of every namespace in the cluster, by name.
func namespaceLabels(ctx context.Context, c *kubeClient) (map[string]map[string]string, error) {
	var namespaces struct {
		Items []struct {
			Metadata struct {
				Name   string            `json:"name"`
				Labels map[string]string `json:"labels"`
			} `json:"metadata"`
		} `json:"items"`
	}
	if err := c.get(ctx, "/api/v1/namespaces", &namespaces); err != nil {
		return nil, err
	}
	out := map[string]map[string]string{}
	for _, ns := range namespaces.Items {
		out[ns.Metadata.Name] = ns.Metadata.Labels
	}
	return out, nil
}
