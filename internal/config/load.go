package config

import (
	"encoding/json"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Load reads and validates the running stack's configuration.
//
// Under the Pulumi CLI the language host passes the whole stack configuration in PULUMI_CONFIG, so
// misspelt keys are caught too; elsewhere (mocks, inline programs) the known keys are read one by
// one from the context and the offline plan checks for unknown keys on the stack file itself.
func Load(ctx *pulumi.Context) (*Config, error) {
	return Parse(Input{Project: ctx.Project(), Stack: ctx.Stack(), Values: rawValues(ctx)})
}

func rawValues(ctx *pulumi.Context) map[string]string {
	if all, ok := fromEnvironment(); ok && !ctx.RunningWithMocks() {
		return all
	}
	values := map[string]string{}
	for _, k := range Keys() {
		if !k.TopLevel() {
			continue
		}
		if v, ok := ctx.GetConfig(key(k.Name)); ok {
			values[key(k.Name)] = v
		}
	}
	return values
}

func fromEnvironment() (map[string]string, bool) {
	raw := os.Getenv(pulumi.EnvConfig)
	if raw == "" {
		return nil, false
	}
	var all map[string]string
	if err := json.Unmarshal([]byte(raw), &all); err != nil {
		return nil, false
	}
	return all, true
}
