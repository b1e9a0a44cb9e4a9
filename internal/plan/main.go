package plan

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/ip-platform/infra/internal/config"
	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/platform"
	"github.com/ip-platform/infra/internal/stackfile"
)

// Exit codes of the plan command.
const (
	ExitOK      = 0
	ExitInvalid = 1 // invalid configuration or a failing program: what a preview would refuse
	ExitUsage   = 2
)

// Main runs the plan command with args (without the program name) and returns its exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("plan", flag.ContinueOnError)
	flags.SetOutput(stderr)
	stack := flags.String("stack", "", "stack to plan: dev, staging or prod (required)")
	asJSON := flags.Bool("json", false, "print the resources and their resolved inputs as JSON")
	configFile := flags.String("config-file", "", "read this stack file instead of Pulumi.<stack>.yaml")
	dir := flags.String("dir", ".", "project directory holding Pulumi.yaml")
	policy := flags.Bool("policy", false, "evaluate the policy pack (policies/) on the plan instead of printing it; exit 1 on a mandatory violation")
	rulesDir := flags.String("rules", "", "write every PrometheusRule of the plan as DIR/<name>.rules.yaml and its promtool cases as DIR/<name>.test.yaml (for promtool check rules and promtool test rules)")
	withCost := flags.Bool("cost", false, "print the monthly cost estimate (USD, 730 h) by component and resource instead of the plan; with --json as data")
	diffBase := flags.String("diff", "", "compare the plan with BASE.json (the --json output of the base commit): resources added, removed and changed, and the cost change per component")
	pinned := flags.Bool("charts", false, "list the pinned Helm charts (name, version, repository; tab-separated) to fill a mirror; with --stack, from where that stack installs them")
	if err := flags.Parse(args); err != nil {
		return ExitUsage
	}
	if *pinned {
		return listCharts(stdout, stderr, *dir, *stack, *configFile)
	}
	if *stack == "" {
		fmt.Fprintln(stderr, "plan: --stack is required")
		flags.Usage()
		return ExitUsage
	}

	result, err := Compute(*dir, *stack, *configFile)
	if err != nil {
		fmt.Fprintf(stderr, "error: %v\n", err)
		return ExitInvalid
	}
	if *policy {
		return checkPolicies(stdout, stderr, result)
	}
	if *rulesDir != "" {
		return exportRules(stdout, stderr, *rulesDir, *dir, *stack, *configFile, result)
	}
	switch {
	case *diffBase != "":
		err = diffAgainst(stdout, result, *diffBase, *asJSON)
	case *withCost:
		err = writeEstimate(stdout, result, *asJSON)
	case *asJSON:
		err = WriteJSON(stdout, result)
	default:
		err = WriteTree(stdout, result)
	}
	if err != nil {
		fmt.Fprintf(stderr, "error: %v\n", err)
		return ExitInvalid
	}
	return ExitOK
}

// exportRules is --rules: the plan's PrometheusRules and their cases, into dir.
func exportRules(stdout, stderr io.Writer, dir, projectDir, stack, configFile string, result *Result) int {
	_, cfg, err := loadStack(projectDir, stack, configFile)
	if err == nil {
		err = os.MkdirAll(dir, 0o755)
	}
	var written []string
	if err == nil {
		written, err = ExportRules(dir, result, platform.RuleFiles(cfg))
	}
	if err != nil {
		fmt.Fprintf(stderr, "error: %v\n", err)
		return ExitInvalid
	}
	fmt.Fprintf(stdout, "%s: %d rule and test files in %s\n", stack, len(written), dir)
	return ExitOK
}

// Result is a planned stack: what the program registered under mocks.
type Result struct {
	Project string
	Stack   string
	// Region is the stack's AWS region, the region its resources are priced in.
	Region    string
	Resources []offline.Resource
}

// Compute loads the stack's configuration and runs the program on it under mocks.
func Compute(dir, stack, configFile string) (*Result, error) {
	s, cfg, err := loadStack(dir, stack, configFile)
	if err != nil {
		return nil, err
	}
	mocks, err := offline.Run(offline.Program{
		Project: s.Project, Stack: s.Name, Region: cfg.Region, Config: s.Values, SecretKeys: s.SecretKeys,
	}, platform.Run)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("stack %s", stack), err)
	}
	return &Result{Project: s.Project, Stack: s.Name, Region: cfg.Region, Resources: mocks.Resources()}, nil
}

// loadStack reads the stack file and parses its configuration. Parsed here as well as inside the
// program because only here is the whole stack file at hand: this is what catches a misspelt key
// offline.
func loadStack(dir, stack, configFile string) (*stackfile.Stack, *config.Config, error) {
	s, err := stackfile.Load(dir, stack, configFile)
	if err != nil {
		return nil, nil, err
	}
	cfg, err := config.Parse(config.Input{Project: s.Project, Stack: s.Name, Values: s.Values})
	if err != nil {
		return nil, nil, err
	}
	return s, cfg, nil
}
