//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/components/gateway"
	"github.com/ip-platform/infra/internal/charts"
	"github.com/ip-platform/infra/internal/config"
	"github.com/ip-platform/infra/internal/platform"
	"github.com/ip-platform/infra/internal/stackfile"
)

// kwokVersion is the kwok whose stage definitions the fake nodes use; tools/kwok/go.mod pins the
// same version of the binary.
const kwokVersion = "v0.8.0"

// ingressClass is the class of the gateway's Ingresses, which the stand-in load balancer serves.
const ingressClass = gateway.IngressClass

// projectDir is the repository root, where Pulumi.yaml and the stack files are.
const projectDir = "../.."

// stackTimeout bounds one stack's up, preview and destroy; the Kubernetes provider's own awaits
// are 10 minutes, so a stuck rollout fails here first with the harness's diagnosis.
const stackTimeout = 8 * time.Minute

// TestRealEngine runs each stack's Kubernetes layer through the real engine and provider into a
// fresh control plane: up, a preview that must show no changes, and a destroy that must leave
// none of the stack's objects behind.
func TestRealEngine(t *testing.T) {
	bin := toolsBin(t)
	for _, stack := range []string{"dev", "staging", "prod"} {
		t.Run(stack, func(t *testing.T) {
			runStack(t, bin, stack)
		})
	}
}

func runStack(t *testing.T, bin, stack string) {
	started := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), stackTimeout)
	defer cancel()
	h := newHarness(t, ctx, bin, stack)

	helm := &recordingHelm{}
	s, err := h.engine.stack(ctx, projectDir, stack, platform.RunWith(platform.Options{Charts: helm}), h.stackConfig())
	require.NoError(t, err)

	up := h.up(ctx, s)
	created := 0
	if up.Summary.ResourceChanges != nil {
		created = (*up.Summary.ResourceChanges)["create"]
	}
	t.Logf("%s: up created %d resources in %s", stack, created, time.Since(started).Round(time.Second))
	installed := helm.Installed()
	require.NotEmpty(t, installed, "the stack installed no Helm release")
	t.Logf("%s: %d Helm releases installed, 0 skipped: %s", stack, len(installed), describeReleases(installed))

	objects, err := objectsInState(ctx, s)
	require.NoError(t, err)
	require.NotEmpty(t, objects, "the stack created no Kubernetes objects")
	made, err := chartObjects(ctx, h.kube)
	require.NoError(t, err)
	t.Logf("%s: %d Kubernetes objects from the program, %d from its charts", stack, len(objects), len(made))
	h.assertCharts(ctx, s, installed, made)

	previewStarted := time.Now()
	preview, err := s.Preview(ctx, optpreview.ProgressStreams(h.log("preview")))
	require.NoError(t, err, "second preview")
	require.Empty(t, changes(preview.ChangeSummary), "the second preview must show no changes (the program is not idempotent against a real API server)")
	t.Logf("%s: second preview: no changes (%s)", stack, time.Since(previewStarted).Round(time.Second))

	destroyStarted := time.Now()
	_, err = s.Destroy(ctx, optdestroy.ProgressStreams(h.log("destroy")))
	require.NoError(t, err, "destroy")
	all := append(objects, kubeObjectsOf(made)...)
	left, err := leftovers(ctx, h.kube, all)
	require.NoError(t, err)
	require.Empty(t, left, "destroy left these objects behind")
	t.Logf("%s: destroy removed all %d objects (%s); whole stack %s", stack, len(all),
		time.Since(destroyStarted).Round(time.Second), time.Since(started).Round(time.Second))
	h.logStandIns()
}

// assertCharts checks what the installed charts produced: every release deployed, every
// workload rolled out, resources on every container, the wired endpoints and the monitors.
func (h *harness) assertCharts(ctx context.Context, s auto.Stack, installed []charts.Release, made []chartObject) {
	t := h.t
	byRelease := map[string]int{}
	for _, o := range made {
		byRelease[o.Release]++
	}
	var empty []string
	for _, r := range installed {
		if byRelease[r.Name] == 0 {
			empty = append(empty, r.Name)
		}
	}
	require.Empty(t, empty, "releases that made no object the check lists")

	notRolledOut, workloads := rolloutProblems(made)
	require.Empty(t, notRolledOut, "chart workloads that did not roll out")
	t.Logf("%s: %d chart Deployments, StatefulSets and DaemonSets rolled out", h.cfg.Stack, workloads)

	noResources, containers, err := resourceProblems(ctx, h.kube)
	require.NoError(t, err)
	require.Empty(t, noResources, "containers without CPU and memory requests and limits")
	t.Logf("%s: %d containers, each with CPU and memory requests and limits", h.cfg.Stack, containers)

	texts, err := endpointTexts(ctx, s, made)
	require.NoError(t, err)
	namespaces, err := namespaceLabels(ctx, h.kube)
	require.NoError(t, err)
	names := map[string]bool{}
	for ns := range namespaces {
		names[ns] = true
	}
	endpoints := wiredEndpoints(texts, names)
	require.NotEmpty(t, endpoints, "no in-cluster endpoint found in the stack or its charts")
	broken, err := endpointProblems(ctx, h.kube, endpoints)
	require.NoError(t, err)
	require.Empty(t, broken, "in-cluster endpoints that resolve to no Service")
	t.Logf("%s: %d in-cluster endpoints, each a Service with that port: %v", h.cfg.Stack, len(endpoints), endpoints)

	unselected, selected, err := monitorProblems(ctx, h.kube)
	require.NoError(t, err)
	require.Empty(t, unselected, "monitors and rules the Prometheus does not load")
	t.Logf("%s: %d ServiceMonitors, PodMonitors and PrometheusRules, each selected by the chart's Prometheus", h.cfg.Stack, selected)
}

// harness is one stack's control plane, engine and watchers.
type harness struct {
	t      *testing.T
	dir    string
	cfg    *config.Config
	cp     *controlPlane
	kube   *kubeClient
	engine *engine

	network   *clusterNetwork
	volumes   *volumeBinder
	chartRepo string

	mu       sync.Mutex
	refusals []string
}

func newHarness(t *testing.T, ctx context.Context, bin, stack string) *harness {
	t.Helper()
	dir := t.TempDir()
	file, err := stackfile.Load(projectDir, stack, "")
	require.NoError(t, err)
	cfg, err := config.Parse(config.Input{Project: file.Project, Stack: file.Name, Values: file.Values})
	require.NoError(t, err)

	stages, err := kwokStages(ctx)
	require.NoError(t, err)
	network, err := startClusterNetwork(dir)
	require.NoError(t, err)
	t.Cleanup(network.Stop)
	cp, err := startControlPlane(ctx, bin, dir, stages, network.EgressConfig)
	require.NoError(t, err)
	t.Cleanup(cp.Stop)
	h := &harness{t: t, dir: dir, cfg: cfg, cp: cp, kube: newKubeClient(cp.URL, cp.Token, cp.PKI.caPEM),
		network: network, volumes: &volumeBinder{}, chartRepo: chartRepository(t)}

	files, err := crdFiles(ctx, crdSources)
	require.NoError(t, err)
	n, err := installCRDs(ctx, h.kube, files)
	require.NoError(t, err)
	t.Logf("%s: installed %d CRDs from %s", stack, n, describeSources(crdSources))
	nodes, err := createFakeNodes(ctx, h.kube, cfg)
	require.NoError(t, err)
	t.Logf("%s: %d fake nodes (one per node pool and zone)", stack, nodes)
	require.NoError(t, createClusterDNSService(ctx, h.kube))

	watchCtx, stopWatching := context.WithCancel(ctx)
	t.Cleanup(stopWatching)
	go fakeLoadBalancers(watchCtx, h.kube, ingressClass)
	go network.caBundles(watchCtx, h.kube)
	go h.volumes.run(watchCtx, h.kube)
	go failedCreates(watchCtx, h.kube, h.refuse)

	h.engine, err = newEngine(bin, dir)
	require.NoError(t, err)
	return h
}

// up runs `pulumi up` and fails the test with the server's message when it fails, or when the API
// server admitted an object whose pods it then refused.
func (h *harness) up(ctx context.Context, s auto.Stack) auto.UpResult {
	h.t.Helper()
	res, failure := h.tryUp(ctx, s)
	if failure != "" {
		h.t.Fatal(failure)
	}
	return res
}

// tryUp runs `pulumi up` and returns what went wrong, if anything: the engine's error with its
// diagnostics (which name the resource and quote the API server), pods the API server refused,
// or a Pod Security warning on an object it admitted.
func (h *harness) tryUp(ctx context.Context, s auto.Stack) (auto.UpResult, string) {
	upCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		// A refused pod never becomes ready: stop the update at once rather than at the timeout.
		for upCtx.Err() == nil {
			if len(h.refused()) > 0 {
				cancel()
				return
			}
			time.Sleep(500 * time.Millisecond)
		}
	}()
	w := collectWarnings()
	res, err := s.Up(upCtx, optup.ProgressStreams(h.log("up")), optup.EventStreams(w.events))
	diags := w.wait()
	if refused := h.refused(); len(refused) > 0 {
		return res, "the API server refused pods:\n" + strings.Join(refused, "\n")
	}
	if err != nil {
		return res, fmt.Sprintf("pulumi up failed:\n%s\n%v\n%s", strings.Join(diags, "\n"), err, h.cp.Exited())
	}
	for _, d := range diags {
		if strings.Contains(d, "PodSecurity") || strings.Contains(d, "would violate") {
			return res, "Pod Security warning: " + d
		}
	}
	return res, ""
}

func (h *harness) refuse(msg string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.refusals = append(h.refusals, msg)
}

func (h *harness) refused() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.refusals...)
}

// log is the engine's progress output of one operation, kept next to the control plane's logs.
func (h *harness) log(op string) *os.File {
	f, err := os.Create(filepath.Join(h.dir, op+".log"))
	require.NoError(h.t, err)
	h.t.Cleanup(func() { f.Close() })
	return f
}

// stackConfig is what the harness adds to the stack's own config: the existing cluster's
// endpoint, the chart repository the releases are installed from, and the mesh told that the
// cluster has the Gateway API CRDs (the harness installs them: the manifest is on GitHub).
func (h *harness) stackConfig() map[string]auto.ConfigValue {
	cfg := h.existingCluster()
	for k, v := range chartsConfig(h.chartRepo) {
		cfg[k] = v
	}
	file, err := stackfile.Load(projectDir, h.cfg.Stack, "")
	require.NoError(h.t, err)
	mesh := map[string]any{}
	if raw, ok := file.Values[config.Namespace+":mesh"]; ok {
		require.NoError(h.t, json.Unmarshal([]byte(raw), &mesh), "ip-platform:mesh in the stack file")
	}
	mesh["installGatewayApiCrds"] = false
	body, err := json.Marshal(mesh)
	require.NoError(h.t, err)
	cfg[config.Namespace+":mesh"] = auto.ConfigValue{Value: string(body)}
	return cfg
}

// logStandIns lists every stand-in the run used, with what each did.
func (h *harness) logStandIns() {
	h.t.Logf("%s: stand-ins (what a real cluster has and this one fakes):\n%s", h.cfg.Stack, describeStandIns())
	h.t.Logf("%s: cluster network answered %v; volume binder bound %d claims: %v", h.cfg.Stack, h.network.Answered(), len(h.volumes.Bound()), h.volumes.Bound())
}

// toolsBin builds or reuses the binaries (tools/build.sh) and returns their directory.
func toolsBin(t *testing.T) string {
	t.Helper()
	cmd := exec.Command("bash", "tools/build.sh")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	require.NoError(t, err, "tools/build.sh")
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return lines[len(lines)-1]
}

// kwokStages are kwok's stage definitions that make fake nodes Ready (with leases) and their pods
// Running and Ready at once, from kwok's own module.
func kwokStages(ctx context.Context) ([]string, error) {
	dir, err := moduleDir(ctx, "sigs.k8s.io/kwok", kwokVersion)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, stage := range []string{"node/fast", "node/heartbeat-with-lease", "pod/fast"} {
		matches, err := filepath.Glob(filepath.Join(dir, "kustomize/stage", stage, "*.yaml"))
		if err != nil {
			return nil, err
		}
		for _, m := range matches {
			if filepath.Base(m) != "kustomization.yaml" {
				files = append(files, m)
			}
		}
	}
	return files, nil
}
