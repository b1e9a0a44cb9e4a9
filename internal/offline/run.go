package offline

import (
	"maps"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Program describes one offline run: which project and stack the program believes it is in, and the
// stack configuration it reads ("ip-platform:environment" -> "prod"; structured values as JSON).
type Program struct {
	Project string
	Stack   string
	Region  string
	Config  map[string]string
	// SecretKeys are the config keys that are secrets in the stack file.
	SecretKeys []string
	// Update runs the program as `pulumi up` runs it (ctx.DryRun() false). The zero value is a
	// preview, which is what the offline plan and the tests stand for; a test sets Update to
	// prove what the program refuses to deploy.
	Update bool
}

// Run executes fn under recording mocks and returns what it registered. The error is the program's
// own (an invalid config value, a failed component) so callers can report it as a preview would.
func Run(p Program, fn pulumi.RunFunc) (*Mocks, error) {
	if p.Project == "" {
		p.Project = "ip-platform"
	}
	if p.Stack == "" {
		p.Stack = "test"
	}
	mocks := NewMocks(p.Project, p.Stack, p.Region)
	err := pulumi.RunErr(fn, pulumi.WithMocks(p.Project, p.Stack, mocks), withConfig(p.Config, p.SecretKeys), withDryRun(!p.Update))
	return mocks, err
}

// withConfig hands the stack configuration to the program the way the language host does.
func withConfig(config map[string]string, secretKeys []string) pulumi.RunOption {
	return func(info *pulumi.RunInfo) {
		info.Config = maps.Clone(config)
		info.ConfigSecretKeys = append([]string(nil), secretKeys...)
	}
}

// withDryRun sets what ctx.DryRun() reports. Under mocks the SDK takes it from PULUMI_DRY_RUN,
// unset in tests, so without this every offline run would pass for a real update.
func withDryRun(dryRun bool) pulumi.RunOption {
	return func(info *pulumi.RunInfo) { info.DryRun = dryRun }
}
