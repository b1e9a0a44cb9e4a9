//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/config"
)

// TestRealEngineEnforcesThePolicyPack changes one thing in dev's config, as a user would
// (`pulumi config set --path ip-platform:services.trademark.limits.cpu 2`), and proves the pack is
// enforced by the engine: `pulumi preview --policy-pack policies` exits non-zero and `pulumi up
// --policy-pack policies` fails, both on ip-service-limits naming the Deployment, and nothing is
// created; the offline plan --policy finds the same, and the pack's
// configuration (`--policy-pack-config`) is honoured. Then dev's budget is set below its estimate
// and the engine's stack policy reports monthly-budget, as the offline run does.
func TestRealEngineEnforcesThePolicyPack(t *testing.T) {
	bin := toolsBin(t)
	warmLanguageHostBuild(t)
	ctx, cancel := context.WithTimeout(context.Background(), stackTimeout)
	defer cancel()
	const stack = "dev"
	h := newHarness(t, ctx, bin, stack)
	p := h.cliProject(ctx, bin)
	require.NoError(t, p.setConfig(ctx, config.Namespace+":services.trademark.limits.cpu", "2"))

	preview, err := p.run(ctx, "preview-violating", "preview", "--policy-pack", policyPackDir)
	require.Error(t, err, "pulumi preview must exit non-zero on a mandatory violation")
	assert.Contains(t, policyReport(preview.Events).Violations, "mandatory ip-service-limits ip-platform-dev-trademark")
	assert.Contains(t, preview.Output, "ip-service-limits")

	up, err := p.run(ctx, "up-violating", "up", "--yes", "--policy-pack", policyPackDir)
	require.Error(t, err, "pulumi up must fail on a mandatory violation")
	report := policyReport(up.Events)
	require.Contains(t, report.Violations, "mandatory ip-service-limits ip-platform-dev-trademark", "engine said:\n%s\n%s", strings.Join(report.Messages, "\n"), tailString(up.Output, 4000))
	assert.Contains(t, up.Output, "ip-service-limits")
	assert.Contains(t, up.Output, "ip-platform-dev-trademark")
	deployment, err := p.exportDeployment(ctx)
	require.NoError(t, err)
	objects, err := objectsInDeployment(deployment)
	require.NoError(t, err)
	require.Empty(t, objects, "the update must stop before anything is created")
	t.Logf("pulumi up --policy-pack %s refused the change and created nothing: %s", policyPackDir, strings.Join(report.Messages, "; "))
	h.assertOfflinePolicyAgrees(p, report)

	// The pack's configuration: the same change is allowed once the policy is told so.
	configFile := filepath.Join(h.dir, "policy-config.json")
	body, err := json.Marshal(map[string]any{"ip-service-limits": map[string]any{"services": map[string]any{
		"trademark": map[string]string{"cpu": "2", "memory": "1Gi"},
	}}})
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(configFile, body, 0o600))
	preview, err = p.run(ctx, "preview-configured", "preview", "--policy-pack", policyPackDir, "--policy-pack-config", configFile)
	require.NoError(t, err, "with the policy configured for trademark's 2 CPUs the preview must pass")
	allowed := policyReport(preview.Events)
	assert.NotContains(t, allowed.Violations, "mandatory ip-service-limits ip-platform-dev-trademark")
	t.Logf("--policy-pack-config %s is honoured: %d mandatory violations", string(body), len(mandatory(allowed.Violations)))

	// An advisory policy is reported and does not block: the same violation at the level the
	// pack's configuration gives the policy.
	advisoryFile := filepath.Join(h.dir, "policy-advisory.json")
	require.NoError(t, os.WriteFile(advisoryFile, []byte(`{"ip-service-limits": {"enforcementLevel": "advisory"}}`), 0o600))
	advisory, err := p.run(ctx, "preview-advisory", "preview", "--policy-pack", policyPackDir, "--policy-pack-config", advisoryFile)
	report = policyReport(advisory.Events)
	require.NoError(t, err, "an advisory violation must not fail the preview; engine said:\n%s", strings.Join(report.Messages, "\n"))
	require.Contains(t, report.Violations, "advisory ip-service-limits ip-platform-dev-trademark", "the violation must still be reported, as advisory")
	t.Logf("with enforcementLevel advisory the preview passes and reports: %s", strings.Join(report.Messages, "; "))

	// The budget: a stack policy judging the whole stack's estimate from what the engine hands it.
	// With the services' limits back and dev's budget at $1 (below the Kubernetes layer's volumes
	// alone), the engine reports monthly-budget as advisory in dev, and the offline plan agrees.
	require.NoError(t, p.setConfig(ctx, config.Namespace+":services.trademark.limits.cpu", "500m"))
	require.NoError(t, p.setConfig(ctx, config.Namespace+":budget.monthlyUsd", 1))
	overBudget, err := p.run(ctx, "preview-over-budget", "preview", "--policy-pack", policyPackDir)
	report = policyReport(overBudget.Events)
	require.NoError(t, err, "an advisory budget violation must not fail dev's preview; engine said:\n%s", strings.Join(report.Messages, "\n"))
	require.Contains(t, report.Violations, "advisory monthly-budget ip-platform-dev-budget", "engine said:\n%s", strings.Join(report.Messages, "\n"))
	h.assertOfflinePolicyAgrees(p, report)
	t.Logf("over budget, the engine reports: %s", strings.Join(report.Messages, "; "))
}
