//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"

	"github.com/ip-platform/infra/internal/chartcheck"
	"github.com/ip-platform/infra/internal/charts"
)

// chartRepositoryEnv names the chart repository the check installs every chart from, as the
// chart check does; unset, each chart comes from its upstream repository (a machine with network
// needs nothing). .ci/run serves ../shared/charts on loopback and sets it.
const chartRepositoryEnv = "IP_PLATFORM_CHART_REPOSITORY"

// chartMirrorDirEnv, when set and chartRepositoryEnv is not, names a folder holding a chart
// repository (index.yaml and archives) that the test serves itself on loopback, as .ci/run does.
const chartMirrorDirEnv = "IP_PLATFORM_CHART_MIRROR_DIR"

var (
	mirrorOnce sync.Once
	mirrorURL  string
	mirrorErr  error
)

// serveMirror serves dir on a loopback port for the rest of the test binary's life.
func serveMirror(dir string) (string, error) {
	mirrorOnce.Do(func() {
		if _, err := os.Stat(filepath.Join(dir, "index.yaml")); err != nil {
			mirrorErr = fmt.Errorf("%s=%s is not a chart repository: %w", chartMirrorDirEnv, dir, err)
			return
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			mirrorErr = err
			return
		}
		go func() { _ = http.Serve(ln, http.FileServer(http.Dir(dir))) }()
		mirrorURL = "http://" + ln.Addr().String()
	})
	return mirrorURL, mirrorErr
}

// chartRepository returns the repository setting for the stacks under test ("" for upstream),
// after checking that every pinned chart can be found where it will be installed from; where it
// cannot, the test fails with what to set.
func chartRepository(t *testing.T) string {
	t.Helper()
	override := os.Getenv(chartRepositoryEnv)
	if dir := os.Getenv(chartMirrorDirEnv); override == "" && dir != "" {
		var err error
		if override, err = serveMirror(dir); err != nil {
			t.Fatal(err)
		}
	}
	client := &http.Client{Timeout: time.Minute}
	indexes := map[string]*chartcheck.Index{}
	for _, c := range charts.Pinned() {
		url := c.Repo
		if override != "" {
			url = override
		}
		if charts.IsOCI(url) {
			continue // Helm itself pulls by reference; there is no index to read first.
		}
		ix, ok := indexes[url]
		if !ok {
			var err error
			ix, err = chartcheck.Repository{URL: url, Client: client}.Index(context.Background())
			if err != nil {
				t.Fatalf("cannot read the chart repository the releases are installed from: %v\nset %s to a reachable chart repository that holds the pinned charts, or %s to a folder holding one (such as ../shared/charts), which the test then serves on loopback", err, chartRepositoryEnv, chartMirrorDirEnv)
			}
			indexes[url] = ix
		}
		if _, err := ix.Find(c.Name, c.Version); err != nil {
			t.Fatalf("%v\nset %s to a chart repository that holds every pinned chart (`go run ./cmd/plan --charts` lists them)", err, chartRepositoryEnv)
		}
	}
	return override
}

// chartsConfig is the stack setting that points every release at repo (nothing when repo is "").
func chartsConfig(repo string) map[string]auto.ConfigValue {
	if repo == "" {
		return nil
	}
	body, _ := json.Marshal(map[string]string{"repository": repo})
	return map[string]auto.ConfigValue{"ip-platform:charts": {Value: string(body)}}
}

// helmReleaseAnnotation is set by Helm on every object a release created.
const helmReleaseAnnotation = "meta.helm.sh/release-name"

// chartObjectKinds are the kinds whose chart-made objects the check lists, to roll out, to assert
// on and to find again after destroy.
var chartObjectKinds = []struct{ apiVersion, plural, kind string }{
	{"v1", "services", "Service"},
	{"v1", "configmaps", "ConfigMap"},
	{"v1", "secrets", "Secret"},
	{"v1", "serviceaccounts", "ServiceAccount"},
	{"v1", "persistentvolumeclaims", "PersistentVolumeClaim"},
	{"apps/v1", "deployments", "Deployment"},
	{"apps/v1", "statefulsets", "StatefulSet"},
	{"apps/v1", "daemonsets", "DaemonSet"},
	{"rbac.authorization.k8s.io/v1", "roles", "Role"},
	{"rbac.authorization.k8s.io/v1", "rolebindings", "RoleBinding"},
	{"rbac.authorization.k8s.io/v1", "clusterroles", "ClusterRole"},
	{"rbac.authorization.k8s.io/v1", "clusterrolebindings", "ClusterRoleBinding"},
	{"admissionregistration.k8s.io/v1", "mutatingwebhookconfigurations", "MutatingWebhookConfiguration"},
	{"admissionregistration.k8s.io/v1", "validatingwebhookconfigurations", "ValidatingWebhookConfiguration"},
	{"apiregistration.k8s.io/v1", "apiservices", "APIService"},
	{"policy/v1", "poddisruptionbudgets", "PodDisruptionBudget"},
	{"autoscaling/v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler"},
	{"networking.k8s.io/v1", "networkpolicies", "NetworkPolicy"},
	{"monitoring.coreos.com/v1", "servicemonitors", "ServiceMonitor"},
	{"monitoring.coreos.com/v1", "podmonitors", "PodMonitor"},
	{"monitoring.coreos.com/v1", "prometheusrules", "PrometheusRule"},
	{"monitoring.coreos.com/v1", "prometheuses", "Prometheus"},
	{"monitoring.coreos.com/v1", "alertmanagers", "Alertmanager"},
}

// chartObject is an object a Helm release made, with the whole object for the asserts.
type chartObject struct {
	kubeObject
	Release string
	Body    map[string]any
}

// chartObjects lists every object of chartObjectKinds that a Helm release made. A kind the API
// server does not serve (its CRD is not installed) has none.
func chartObjects(ctx context.Context, c *kubeClient) ([]chartObject, error) {
	var out []chartObject
	for _, k := range chartObjectKinds {
		items, err := listAll(ctx, c, k.apiVersion, k.plural)
		if isNotFound(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, item := range items {
			meta, _ := item["metadata"].(map[string]any)
			annotations, _ := meta["annotations"].(map[string]any)
			release, _ := annotations[helmReleaseAnnotation].(string)
			if release == "" {
				continue
			}
			name, _ := meta["name"].(string)
			namespace, _ := meta["namespace"].(string)
			out = append(out, chartObject{
				kubeObject: kubeObject{APIVersion: k.apiVersion, Kind: k.kind, Namespace: namespace, Name: name},
				Release:    release, Body: item,
			})
		}
	}
	return out, nil
}

// listAll returns every object of one resource across namespaces.
func listAll(ctx context.Context, c *kubeClient, apiVersion, plural string) ([]map[string]any, error) {
	base := "/apis/" + apiVersion
	if apiVersion == "v1" {
		base = "/api/v1"
	}
	var list struct {
		Items []map[string]any `json:"items"`
	}
	if err := c.get(ctx, base+"/"+plural, &list); err != nil {
		return nil, err
	}
	return list.Items, nil
}

// rolloutProblems names each chart-made Deployment, StatefulSet and DaemonSet that has not rolled
// out on the fake nodes: fewer ready pods than it wants, or a DaemonSet that schedules none.
func rolloutProblems(objects []chartObject) (problems []string, workloads int) {
	for _, o := range objects {
		status, _ := o.Body["status"].(map[string]any)
		spec, _ := o.Body["spec"].(map[string]any)
		var want, ready float64
		switch o.Kind {
		case "Deployment", "StatefulSet":
			want, _ = spec["replicas"].(float64)
			ready, _ = status["readyReplicas"].(float64)
		case "DaemonSet":
			want, _ = status["desiredNumberScheduled"].(float64)
			ready, _ = status["numberReady"].(float64)
			if want == 0 {
				problems = append(problems, fmt.Sprintf("%s (release %s) schedules no pod on any node", o, o.Release))
				continue
			}
		default:
			continue
		}
		workloads++
		if ready < want {
			problems = append(problems, fmt.Sprintf("%s (release %s): %v of %v pods ready", o, o.Release, ready, want))
		}
	}
	sort.Strings(problems)
	return problems, workloads
}

func kubeObjectsOf(objects []chartObject) []kubeObject {
	out := make([]kubeObject, len(objects))
	for i, o := range objects {
		out[i] = o.kubeObject
	}
	return out
}
