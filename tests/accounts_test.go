package tests

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/config"
	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/platform"
	"github.com/ip-platform/infra/internal/stackfile"
)

// runStack runs the program on a stack file under the mocks, as a preview or, with update, as
// `pulumi up` (ctx.DryRun() false).
func runStack(t *testing.T, stack, file string, update bool) (*offline.Mocks, error) {
	t.Helper()
	s, err := stackfile.Load(projectDir, stack, file)
	require.NoError(t, err)
	return offline.Run(offline.Program{
		Project: s.Project, Stack: s.Name, Region: s.Values["ip-platform:region"],
		Config: s.Values, SecretKeys: s.SecretKeys, Update: update,
	}, platform.Run)
}

func TestPulumiUpRefusesTheExampleAccountBeforeTouchingAWS(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			m, err := runStack(t, stack, "", true)
			require.Error(t, err, "a real update of the example stack file must be refused")
			assert.Contains(t, err.Error(), "ip-platform:accountId is 111122223333, the example stacks' placeholder account",
				"the error must name the key to set")
			assert.Contains(t, err.Error(), "pulumi config set ip-platform:accountId <account-id>")
			for _, r := range m.Resources() {
				assert.False(t, strings.HasPrefix(r.Type, "aws:") || r.Type == awsProvider,
					"%s %s was registered before the refusal", r.Type, r.Name)
			}

			_, err = runStack(t, stack, "", false)
			assert.NoError(t, err, "a preview of the same stack file must still plan")
		})
	}
}

func TestPulumiUpOfTheStacksOwnAccountGoesAhead(t *testing.T) {
	m, err := runStack(t, "prod", stackFileWith(t, "prod", "123456789012", "ip-platform:accountId"), true)
	require.NoError(t, err, "an update naming a real account is not refused")
	providers := 0
	for _, r := range m.OfType(awsProvider) {
		providers++
		assert.Equal(t, []any{"123456789012"}, r.Input("allowedAccountIds"), "provider %s", r.Name)
	}
	assert.Equal(t, 2, providers, "prod has the stack's region and the DR region's provider")
}

func TestPulumiUpOfTheKubernetesLayerAloneIsNotRefused(t *testing.T) {
	// The real-engine check runs `pulumi up` on the example stacks with existingCluster set: no AWS
	// provider, so no account to pin.
	file := stackFileWith(t, "dev", existingClusterOutputs(), "ip-platform:existingCluster")
	m, err := runStack(t, "dev", file, true)
	require.NoError(t, err)
	assert.Empty(t, m.OfType(awsProvider))
}

func TestEveryAWSProviderIsPinnedToTheStacksAccount(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			r := planStack(t, stack)
			names := map[string]bool{}
			for _, p := range ofType(r, awsProvider) {
				names[p.Name] = true
				assert.Equal(t, []any{config.ExampleAccountID}, p.Input("allowedAccountIds"),
					"provider %s must refuse credentials of any account but ip-platform:accountId", p.Name)
			}
			assert.True(t, names["aws"], "the stack's region has its explicit provider")
			if stack == "prod" {
				assert.True(t, names["aws-dr"], "prod copies its backups with the DR region's provider")
			}
		})
	}
}
