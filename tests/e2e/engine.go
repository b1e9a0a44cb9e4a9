//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/stackfile"
)

// engine is the real Pulumi CLI with a local file backend in a temporary directory: no Pulumi
// Cloud, no state outside the test.
type engine struct {
	cli     auto.PulumiCommand
	envVars map[string]string
}

func newEngine(bin, dir string) (*engine, error) {
	// NewPulumiCommand looks for <root>/bin/pulumi; build.sh links the binaries into <cache>/bin.
	cli, err := auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: filepath.Dir(bin), SkipVersionCheck: true})
	if err != nil {
		return nil, fmt.Errorf("pulumi CLI: %w", err)
	}
	backend := filepath.Join(dir, "state")
	home := filepath.Join(dir, "pulumi-home")
	for _, d := range []string{backend, home} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, err
		}
	}
	return &engine{cli: cli, envVars: map[string]string{
		"PULUMI_BACKEND_URL":       "file://" + backend,
		"PULUMI_CONFIG_PASSPHRASE": "e2e-only",
		"PULUMI_HOME":              home,
		// Plugins come from PATH (build.sh's bin directory), never from the internet.
		"PATH":                     bin + string(os.PathListSeparator) + os.Getenv("PATH"),
		"PULUMI_SKIP_UPDATE_CHECK": "true",
		"PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK":    "true",
		"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
	}}, nil
}

// stack creates (or selects) the stack named like the real one, runs program inline, and sets the
// stack's configuration from the real Pulumi.<stack>.yaml plus extra (already-qualified keys).
func (e *engine) stack(ctx context.Context, projectDir, name string, program pulumi.RunFunc, extra map[string]auto.ConfigValue) (auto.Stack, error) {
	file, err := stackfile.Load(projectDir, name, "")
	if err != nil {
		return auto.Stack{}, err
	}
	project := workspace.Project{Name: tokens.PackageName(file.Project), Runtime: workspace.NewProjectRuntimeInfo("go", nil)}
	s, err := auto.UpsertStackInlineSource(ctx, name, file.Project, program,
		auto.Pulumi(e.cli), auto.Project(project), auto.EnvVars(e.envVars),
		auto.SecretsProvider("passphrase"))
	if err != nil {
		return auto.Stack{}, fmt.Errorf("stack %s: %w", name, err)
	}
	values := auto.ConfigMap{}
	secret := map[string]bool{}
	for _, k := range file.SecretKeys {
		secret[k] = true
	}
	for k, v := range file.Values {
		values[k] = auto.ConfigValue{Value: v, Secret: secret[k]}
	}
	for k, v := range extra {
		values[k] = v
	}
	if err := s.SetAllConfig(ctx, values); err != nil {
		return auto.Stack{}, fmt.Errorf("stack %s: config: %w", name, err)
	}
	return s, nil
}

// warnings collects the engine's warning and error diagnostics (the Kubernetes provider passes
// the API server's warnings on as warnings), from an event stream.
type warnings struct {
	events chan events.EngineEvent
	done   chan struct{}
	lines  []string
}

func collectWarnings() *warnings {
	w := &warnings{events: make(chan events.EngineEvent), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		for ev := range w.events {
			if line, ok := diagnosticLine(ev.EngineEvent); ok {
				w.lines = append(w.lines, line)
			}
		}
	}()
	return w
}

// diagnosticLine is a warning or error diagnostic of the engine (the Kubernetes provider passes
// the API server's warnings on as warnings), "<urn>: <message>"; false for any other event.
func diagnosticLine(ev apitype.EngineEvent) (string, bool) {
	d := ev.DiagnosticEvent
	if d == nil || (d.Severity != "warning" && d.Severity != "error") {
		return "", false
	}
	return strings.TrimSpace(d.URN + ": " + d.Message), true
}

// podSecurityWarning returns the first diagnostic that is a Pod Security warning on an object the
// API server admitted (its pods would then be refused), or "".
func podSecurityWarning(diags []string) string {
	for _, d := range diags {
		if strings.Contains(d, "PodSecurity") || strings.Contains(d, "would violate") {
			return d
		}
	}
	return ""
}

// wait returns the diagnostics once the operation that fed the stream has returned.
func (w *warnings) wait() []string {
	<-w.done
	return w.lines
}

// changes lists the operations other than "same" in a summary, e.g. ["create: 3"].
func changes(summary map[apitype.OpType]int) []string {
	var out []string
	for op, n := range summary {
		if op != apitype.OpSame && n > 0 {
			out = append(out, fmt.Sprintf("%s: %d", op, n))
		}
	}
	sort.Strings(out)
	return out
}
