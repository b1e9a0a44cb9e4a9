//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/stackfile"
)

// assertConfigAgrees compares the stack's configuration as the CLI resolves it (`pulumi config
// --json`: the stack file, Pulumi.yaml's defaults and what `config set` added) with what
// internal/stackfile, the project's own reader behind the offline plan and the stack tests, reads
// from the same files. Any key one sees and the other does not, a value typed differently (a
// number one reads as a string), or a secret only one of them knows is one, fails the check with
// both sides printed. A secret is compared by being one: neither side shows its value.
func (h *harness) assertConfigAgrees(ctx context.Context, p *cliProject) {
	h.t.Helper()
	res, err := p.run(ctx, "config-json", "config", "--json")
	require.NoError(h.t, err)
	var engine map[string]struct {
		Value       string `json:"value"`
		ObjectValue any    `json:"objectValue"`
		Secret      bool   `json:"secret"`
	}
	require.NoError(h.t, json.Unmarshal([]byte(res.Output), &engine), "pulumi config --json:\n%s", res.Output)
	own, err := stackfile.Load(p.Dir, p.stack, "")
	require.NoError(h.t, err)

	var problems []string
	secret := map[string]bool{}
	for _, k := range own.SecretKeys {
		secret[k] = true
	}
	for key, v := range engine {
		if v.Secret != secret[key] {
			problems = append(problems, fmt.Sprintf("%s: secret to the CLI: %v, to internal/stackfile: %v", key, v.Secret, secret[key]))
		}
		mine, ok := own.Values[key]
		if !ok {
			problems = append(problems, fmt.Sprintf("%s: the CLI has %q, internal/stackfile has nothing", key, v.Value))
			continue
		}
		if v.Secret {
			continue // the CLI prints no value without --show-secrets, the reader its placeholder
		}
		want := v.ObjectValue
		if want == nil {
			want = v.Value
		}
		if !sameConfigValue(mine, want) {
			problems = append(problems, fmt.Sprintf("%s: the CLI has %s, internal/stackfile has %s", key, compact(want), mine))
		}
	}
	for key := range own.Values {
		if _, ok := engine[key]; !ok {
			problems = append(problems, fmt.Sprintf("%s: internal/stackfile has %q, the CLI has nothing", key, own.Values[key]))
		}
	}
	sort.Strings(problems)
	require.Empty(h.t, problems, "the CLI and internal/stackfile read the stack's config differently")
	h.t.Logf("%s: pulumi config and internal/stackfile agree on all %d keys", p.stack, len(engine))
}

// sameConfigValue compares internal/stackfile's string (JSON for objects and arrays) with the
// CLI's value; a plain string the reader keeps as it is.
func sameConfigValue(mine string, cli any) bool {
	if s, ok := cli.(string); ok {
		return mine == s
	}
	var parsed any
	if err := json.Unmarshal([]byte(mine), &parsed); err != nil {
		return false
	}
	return reflect.DeepEqual(parsed, cli)
}

func compact(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSpace(string(b))
}
