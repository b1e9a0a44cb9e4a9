//go:build e2e

package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
)

// policyPackDir is the project's policy pack, relative to the project directory, as users pass it.
const policyPackDir = "policies"

// cliProject is a copy of the project directory driven through the real `pulumi` CLI and its Go
// language host, as a user drives it: `pulumi login` to a local file backend, `stack init`,
// `config set`, `preview`, `up`, `destroy`. It is a copy because `stack init` writes the stack's
// secrets salt into Pulumi.<stack>.yaml, and the check must leave the repository alone; the copy
// holds what git would check out (tracked and untracked, not ignored), the work in progress
// included. The language host builds the program with -trimpath, so the copy's build reuses the
// build cache of any earlier copy.
type cliProject struct {
	Dir   string
	bin   string // build.sh's bin directory: the CLI, the language host, the provider
	stack string
	env   []string
	logs  string
}

func newCLIProject(ctx context.Context, bin, dir, projectDir, stack string) (*cliProject, error) {
	copyDir := filepath.Join(dir, "project")
	if err := copyProject(ctx, projectDir, copyDir); err != nil {
		return nil, err
	}
	backend := filepath.Join(dir, "state")
	home := filepath.Join(dir, "pulumi-home")
	for _, d := range []string{backend, home} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, err
		}
	}
	env := append(os.Environ(),
		"PULUMI_HOME="+home,
		"PULUMI_CONFIG_PASSPHRASE=e2e-only",
		// Plugins and the language host come from build.sh's bin directory, never the internet.
		"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"PULUMI_SKIP_UPDATE_CHECK=true",
		"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true",
		"PULUMI_BACKEND_URL=",
		// Enables --event-log on preview, up and destroy (the engine's events as JSON lines, what
		// the Automation API reads too): the check reads the policy results from it.
		"PULUMI_DEBUG_COMMANDS=true",
	)
	p := &cliProject{Dir: copyDir, bin: bin, stack: stack, env: env, logs: dir}
	if _, err := p.run(ctx, "login", "login", "file://"+backend); err != nil {
		return nil, err
	}
	if _, err := p.run(ctx, "stack-init", "stack", "init", stack, "--secrets-provider", "passphrase"); err != nil {
		return nil, err
	}
	return p, nil
}

// copyProject copies the files git would give a clone (tracked, plus untracked files that are not
// ignored) from src to dst.
func copyProject(ctx context.Context, src, dst string) error {
	cmd := exec.CommandContext(ctx, "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = src
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("git ls-files in %s: %w", src, err)
	}
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		from := filepath.Join(src, name)
		info, err := os.Lstat(from)
		if os.IsNotExist(err) {
			continue // deleted in the working tree
		}
		if err != nil {
			return err
		}
		if !info.Mode().IsRegular() {
			continue
		}
		body, err := os.ReadFile(from)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, name)
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(to, body, info.Mode().Perm()); err != nil {
			return err
		}
	}
	return nil
}

// cliResult is one command's output and the engine events it logged.
type cliResult struct {
	Output string
	Events []apitype.EngineEvent
}

// run runs `pulumi <args>` in the project copy, logging its output to <logs>/<name>.log; an exit
// code other than 0 is an error that carries the output's end.
func (p *cliProject) run(ctx context.Context, name string, args ...string) (cliResult, error) {
	eventLog := filepath.Join(p.logs, name+".events.json")
	withEvents := args[0] == "preview" || args[0] == "up" || args[0] == "destroy"
	if withEvents {
		args = append(args, "--event-log", eventLog)
	}
	// Global flags go first: a value after `--` (config set) must stay the last argument.
	global := []string{"--non-interactive"}
	if len(args) > 0 && args[0] != "login" && !(len(args) > 1 && args[0] == "stack" && args[1] == "init") {
		global = append(global, "--stack", p.stack)
	}
	args = append(global, args...)
	cmd := exec.CommandContext(ctx, filepath.Join(p.bin, "pulumi"), args...)
	cmd.Dir = p.Dir
	cmd.Env = p.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	started := time.Now()
	err := cmd.Run()
	_ = os.WriteFile(filepath.Join(p.logs, name+".log"), out.Bytes(), 0o600)
	res := cliResult{Output: out.String()}
	if withEvents {
		res.Events, _ = readEventLog(eventLog)
	}
	if err != nil {
		return res, fmt.Errorf("pulumi %s (%s): %v\n%s", strings.Join(args, " "), time.Since(started).Round(time.Second), err, tailString(out.String(), 6000))
	}
	return res, nil
}

// setConfig sets one key through `pulumi config set`, the path a user takes: --path for a key
// inside an object, and the value typed as the CLI types it.
func (p *cliProject) setConfig(ctx context.Context, path string, value any) error {
	args := []string{"config", "set", "--path", path}
	switch v := value.(type) {
	case string:
		// --plaintext: the CLI takes some of these for secrets by their look (an ARN ending in
		// "secret:rds!db-...", say) and refuses them without it; none of them is one.
		args = append(args, "--plaintext", "--", v)
	case bool:
		args = append(args, "--type", "bool", "--", fmt.Sprint(v))
	case int, int64, float64:
		args = append(args, "--type", "int", "--", fmt.Sprint(v))
	default:
		return fmt.Errorf("config %s: no CLI form for %T", path, value)
	}
	_, err := p.run(ctx, "config-set", args...)
	return err
}

// setSecret sets a top-level key encrypted with the stack's secrets provider (`config set --secret`).
func (p *cliProject) setSecret(ctx context.Context, key, value string) error {
	_, err := p.run(ctx, "config-set-secret", "config", "set", "--secret", key, "--", value)
	return err
}

// setConfigTree sets every leaf of value (objects become --path keys below prefix).
func (p *cliProject) setConfigTree(ctx context.Context, prefix string, value any) error {
	if m, ok := value.(map[string]string); ok {
		tree := make(map[string]any, len(m))
		for k, v := range m {
			tree[k] = v
		}
		value = tree
	}
	if m, ok := value.(map[string]any); ok {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if err := p.setConfigTree(ctx, prefix+"."+k, m[k]); err != nil {
				return err
			}
		}
		return nil
	}
	return p.setConfig(ctx, prefix, value)
}

// exportDeployment is the stack's state as `pulumi stack export --show-secrets` prints it.
func (p *cliProject) exportDeployment(ctx context.Context) ([]byte, error) {
	// --show-secrets: the endpoint check reads the Helm values, which carry the alert webhook.
	res, err := p.run(ctx, "stack-export", "stack", "export", "--show-secrets")
	if err != nil {
		return nil, err
	}
	var exported apitype.UntypedDeployment
	if err := json.Unmarshal([]byte(res.Output), &exported); err != nil {
		return nil, fmt.Errorf("pulumi stack export: %w", err)
	}
	return exported.Deployment, nil
}

func readEventLog(path string) ([]apitype.EngineEvent, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var events []apitype.EngineEvent
	scanner := bufio.NewScanner(f)
	scanner.Buffer(make([]byte, 1<<20), 64<<20)
	for scanner.Scan() {
		var ev apitype.EngineEvent
		if json.Unmarshal(scanner.Bytes(), &ev) == nil {
			events = append(events, ev)
		}
	}
	return events, scanner.Err()
}

// enginePolicy is what the engine reported of the policy pack in one operation.
type enginePolicy struct {
	// Packs are "name@version" of every pack that analyzed a resource.
	Packs []string
	// Violations are "enforcement policy resource-name" (enforcement: mandatory or advisory), sorted.
	Violations []string
	Messages   []string
}

func policyReport(events []apitype.EngineEvent) enginePolicy {
	packs := map[string]bool{}
	var r enginePolicy
	for _, ev := range events {
		if s := ev.PolicyAnalyzeSummaryEvent; s != nil {
			packs[s.PolicyPackName+"@"+s.PolicyPackVersion] = true
		}
		if v := ev.PolicyEvent; v != nil {
			r.Violations = append(r.Violations, v.EnforcementLevel+" "+v.PolicyName+" "+urnName(v.ResourceURN))
			r.Messages = append(r.Messages, fmt.Sprintf("[%s] %s %s: %s", v.EnforcementLevel, v.PolicyName, urnName(v.ResourceURN), strings.TrimSpace(v.Message)))
		}
	}
	for p := range packs {
		r.Packs = append(r.Packs, p)
	}
	sort.Strings(r.Packs)
	sort.Strings(r.Violations)
	return r
}

// diagnostics returns the warning and error diagnostics of an operation's events.
func diagnostics(events []apitype.EngineEvent) []string {
	var out []string
	for _, ev := range events {
		if line, ok := diagnosticLine(ev); ok {
			out = append(out, line)
		}
	}
	return out
}

// urnName is the resource name at the end of a URN ("" for a stack policy).
func urnName(urn string) string {
	if i := strings.LastIndex(urn, "::"); i >= 0 {
		return urn[i+2:]
	}
	return urn
}

func tailString(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}
