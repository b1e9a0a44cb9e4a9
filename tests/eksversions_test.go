package tests

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/eksversions"
	"github.com/ip-platform/infra/internal/plan"
)

// TestEveryStackRunsAMinorOfTheTableWithItsAddonsAndThePlanSaysWhenSupportEnds: the cluster's
// version, its add-ons' versions and the plan's second line all come from internal/eksversions.
func TestEveryStackRunsAMinorOfTheTableWithItsAddonsAndThePlanSaysWhenSupportEnds(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			r := planStack(t, stack)
			clusters := ofType(r, "aws:eks/cluster:Cluster")
			require.Len(t, clusters, 1)
			version, _ := clusters[0].Input("version").(string)
			m, ok := eksversions.Lookup(version)
			require.True(t, ok, "%s runs %s, a row of the version table", stack, version)

			addons := map[string]string{}
			for _, a := range ofType(r, "aws:eks/addon:Addon") {
				name, _ := a.Input("addonName").(string)
				v, _ := a.Input("addonVersion").(string)
				addons[name] = v
			}
			for _, name := range eksversions.PinnedAddons() {
				assert.Equal(t, m.Addons[name], addons[name], "%s's %s is the table's pin for %s", stack, name, version)
			}

			var out bytes.Buffer
			require.NoError(t, plan.WriteTree(&out, r))
			lines := strings.SplitN(out.String(), "\n", 3)
			require.Len(t, lines, 3)
			assert.Contains(t, lines[1], "Kubernetes "+version+" on EKS: standard support until "+m.StandardSupportEnd.Format("2006-01-02"))
		})
	}
}
