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
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/components/gateway"
	"github.com/ip-platform/infra/internal/config"
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
	warmLanguageHostBuild(t)
	for _, stack := range []string{"dev", "staging", "prod"} {
		t.Run(stack, func(t *testing.T) {
			runStack(t, bin, stack)
		})
	}
}

// runStack runs one stack the way its users run it: the real CLI on (a copy of) the project
// directory, its config from the real Pulumi.<stack>.yaml plus what `pulumi config set` adds for
// this cluster, and the policy pack enforced by the engine on every operation.
func runStack(t *testing.T, bin, stack string) {
	started := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), stackTimeout)
	defer cancel()
	h := newHarness(t, ctx, bin, stack)

	p := h.cliProject(ctx, bin)
	// A secret, set the way README says (Alertmanager's receiver): it must reach the program
	// decrypted and stay encrypted in the stack file.
	require.NoError(t, p.setSecret(ctx, config.Namespace+":alertWebhookUrl", "https://alerts.example.com/e2e/"+stack))
	t.Logf("%s: project copied, stack initialised and configured through the CLI (%s)", stack, time.Since(started).Round(time.Second))
	h.assertConfigAgrees(ctx, p)

	previewStarted := time.Now()
	preview, err := p.run(ctx, "preview", "preview", "--policy-pack", policyPackDir)
	require.NoError(t, err, "pulumi preview --policy-pack %s", policyPackDir)
	policy := policyReport(preview.Events)
	require.NotEmpty(t, policy.Packs, "the engine reported no policy pack")
	require.Empty(t, mandatory(policy.Violations), "mandatory violations in the engine's preview:\n%s", strings.Join(policy.Messages, "\n"))
	t.Logf("%s: pulumi preview --policy-pack %s: %s, %d mandatory violations, %d advisory (%s)", stack, policyPackDir,
		strings.Join(policy.Packs, ", "), len(mandatory(policy.Violations)), len(policy.Violations)-len(mandatory(policy.Violations)), time.Since(previewStarted).Round(time.Second))
	h.assertOfflinePolicyAgrees(p, policy)

	upStarted := time.Now()
	upCtx, stopUp := h.cancelOnRefusal(ctx)
	up, err := p.run(upCtx, "up", "up", "--yes", "--skip-preview", "--policy-pack", policyPackDir)
	stopUp()
	if refused := h.refused(); len(refused) > 0 {
		t.Fatalf("the API server refused pods:\n%s", strings.Join(refused, "\n"))
	}
	require.NoError(t, err, "pulumi up --policy-pack %s\n%s", policyPackDir, h.cp.Exited())
	require.Empty(t, podSecurityWarning(diagnostics(up.Events)), "Pod Security warning")
	upPolicy := policyReport(up.Events)
	require.Empty(t, mandatory(upPolicy.Violations), "mandatory violations in the engine's update")
	t.Logf("%s: pulumi up --policy-pack %s: %s, 0 mandatory violations (%s)", stack, policyPackDir, strings.Join(upPolicy.Packs, ", "), time.Since(upStarted).Round(time.Second))

	deployment, err := p.exportDeployment(ctx)
	require.NoError(t, err)
	releases, err := releasesInDeployment(deployment)
	require.NoError(t, err)
	require.NotEmpty(t, releases, "the stack installed no Helm release")
	t.Logf("%s: %d Helm releases installed, 0 skipped: %v", stack, len(releases), releases)
	objects, err := objectsInDeployment(deployment)
	require.NoError(t, err)
	require.NotEmpty(t, objects, "the stack created no Kubernetes objects")
	made, err := chartObjects(ctx, h.kube)
	require.NoError(t, err)
	t.Logf("%s: %d Kubernetes objects from the program, %d from its charts", stack, len(objects), len(made))
	h.assertCharts(ctx, deployment, releases, made)

	secondStarted := time.Now()
	_, err = p.run(ctx, "preview-again", "preview", "--expect-no-changes", "--policy-pack", policyPackDir)
	require.NoError(t, err, "the second preview must show no changes (the program is not idempotent against a real API server)")
	t.Logf("%s: pulumi preview --expect-no-changes: no changes (%s)", stack, time.Since(secondStarted).Round(time.Second))

	destroyStarted := time.Now()
	_, err = p.run(ctx, "destroy", "destroy", "--yes", "--skip-preview")
	require.NoError(t, err, "pulumi destroy")
	all := append(objects, kubeObjectsOf(made)...)
	left, err := leftovers(ctx, h.kube, all)
	require.NoError(t, err)
	require.Empty(t, left, "destroy left these objects behind")
	t.Logf("%s: pulumi destroy removed all %d objects (%s); whole stack %s", stack, len(all),
		time.Since(destroyStarted).Round(time.Second), time.Since(started).Round(time.Second))
	h.logStandIns()
}

// cliProject copies the project, initialises the stack through the CLI and adds, with `pulumi
// config set`, what stackConfig adds for the inline program: the existing cluster, the chart
// repository, and the mesh told that the harness installs the Gateway API CRDs.
func (h *harness) cliProject(ctx context.Context, bin string) *cliProject {
	h.t.Helper()
	p, err := newCLIProject(ctx, bin, h.dir, projectDir, h.cfg.Stack)
	require.NoError(h.t, err)
	require.NoError(h.t, p.setConfigTree(ctx, config.Namespace+":existingCluster", h.existingClusterValue()))
	if h.chartRepo != "" {
		require.NoError(h.t, p.setConfig(ctx, config.Namespace+":charts.repository", h.chartRepo))
	}
	require.NoError(h.t, p.setConfig(ctx, config.Namespace+":mesh.installGatewayApiCrds", false))
	return p
}

// cancelOnRefusal returns a context that ends as soon as the API server refuses a pod: a refused
// pod never becomes ready, so the update stops at once rather than at the timeout.
func (h *harness) cancelOnRefusal(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		for ctx.Err() == nil {
			if len(h.refused()) > 0 {
				cancel()
				return
			}
			time.Sleep(500 * time.Millisecond)
		}
	}()
	return ctx, cancel
}

// assertCharts checks what the installed charts produced: every release deployed, every
// workload rolled out, resources on every container, the wired endpoints, the service accounts
// the pod identity associations name, and the monitors.
func (h *harness) assertCharts(ctx context.Context, deployment json.RawMessage, releases []stateRelease, made []chartObject) {
	t := h.t
	byRelease := map[string]int{}
	for _, o := range made {
		byRelease[o.Release]++
	}
	var empty []string
	for _, r := range releases {
		if byRelease[r.Name] == 0 {
			empty = append(empty, r.Name)
		}
	}
	require.Empty(t, empty, "releases that made no object the check lists")

	notRolledOut, workloads := rolloutProblems(made)
	require.Empty(t, notRolledOut, "chart workloads that did not roll out\nnodes: %s\n%s", h.nodeConditions(ctx), h.cp.Exited())
	t.Logf("%s: %d chart Deployments, StatefulSets and DaemonSets rolled out", h.cfg.Stack, workloads)

	noResources, containers, err := resourceProblems(ctx, h.kube)
	require.NoError(t, err)
	require.Empty(t, noResources, "containers without CPU and memory requests and limits")
	t.Logf("%s: %d containers, each with CPU and memory requests and limits", h.cfg.Stack, containers)

	texts := endpointTexts(deployment, made)
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

	wrongIdentity, err := identityProblems(ctx, h.kube, h.cfg)
	require.NoError(t, err)
	require.Empty(t, wrongIdentity, "service accounts that do not match the pod identity associations")
	t.Logf("%s: %d accounts named by pod identity associations run pods without a role annotation; %d SecretStore accounts keep IRSA, no pod runs as them",
		h.cfg.Stack, len(podIdentityAccounts(h.cfg)), len(tokenAccounts(h.cfg)))

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
	upCtx, cancel := h.cancelOnRefusal(ctx)
	defer cancel()
	w := collectWarnings()
	res, err := s.Up(upCtx, optup.ProgressStreams(h.log("up")), optup.EventStreams(w.events))
	diags := w.wait()
	if refused := h.refused(); len(refused) > 0 {
		return res, "the API server refused pods:\n" + strings.Join(refused, "\n")
	}
	if err != nil {
		return res, fmt.Sprintf("pulumi up failed:\n%s\n%v\n%s", strings.Join(diags, "\n"), err, h.cp.Exited())
	}
	if d := podSecurityWarning(diags); d != "" {
		return res, "Pod Security warning: " + d
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

// warmLanguageHostBuild builds the program and the policy pack once the way the Go language host
// does (`go build -trimpath -ldflags "-w -s"`), so the build cache serves every stack's `pulumi
// preview` afterwards: those flags make a build of their own, which the usual `go build` and
// `go test` never fill, and a cold one (pulumi-aws above all) takes minutes.
// Once per test binary: both CLI tests call it, the second finds it done.
func warmLanguageHostBuild(t *testing.T) {
	t.Helper()
	warmOnce.Do(func() {
		started := time.Now()
		out := filepath.Join(t.TempDir(), "out")
		for _, pkg := range []string{".", "./" + policyPackDir} {
			cmd := exec.Command("go", "build", "-buildvcs=false", "-trimpath", "-ldflags", "-w -s", "-o", out, pkg)
			cmd.Dir = projectDir
			if output, err := cmd.CombinedOutput(); err != nil {
				warmErr = fmt.Errorf("go build %s as the language host builds it: %v\n%s", pkg, err, output)
				return
			}
		}
		t.Logf("program and policy pack built as the language host builds them (%s)", time.Since(started).Round(time.Second))
	})
	require.NoError(t, warmErr)
}

var (
	warmOnce sync.Once
	warmErr  error
)

// nodeConditions sums up each node's Ready condition, for a failure that may come from the nodes.
func (h *harness) nodeConditions(ctx context.Context) string {
	var list struct {
		Items []struct {
			Metadata struct{ Name string } `json:"metadata"`
			Status   struct {
				Conditions []struct{ Type, Status, Reason, LastHeartbeatTime string } `json:"conditions"`
			} `json:"status"`
		} `json:"items"`
	}
	if err := h.kube.get(ctx, "/api/v1/nodes", &list); err != nil {
		return err.Error()
	}
	var out []string
	for _, n := range list.Items {
		for _, c := range n.Status.Conditions {
			if c.Type == "Ready" {
				out = append(out, fmt.Sprintf("%s Ready=%s (%s, heartbeat %s)", n.Metadata.Name, c.Status, c.Reason, c.LastHeartbeatTime))
			}
		}
	}
	return strings.Join(out, "; ")
}
