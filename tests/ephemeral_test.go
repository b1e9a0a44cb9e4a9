package tests

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/plan"
	"github.com/ip-platform/infra/policies/baseline"
)

// podSpecPaths are the workload kinds the program may define itself, with the path to their pod
// spec; a chart's workloads are inside its Helm release and not in the plan.
var podSpecPaths = map[string]string{
	"kubernetes:apps/v1:Deployment":  "spec.template.spec",
	"kubernetes:apps/v1:StatefulSet": "spec.template.spec",
	"kubernetes:apps/v1:DaemonSet":   "spec.template.spec",
	"kubernetes:batch/v1:Job":        "spec.template.spec",
	"kubernetes:batch/v1:CronJob":    "spec.jobTemplate.spec.template.spec",
	"kubernetes:core/v1:Pod":         "spec",
}

func TestEveryContainerTheProgramDefinesHasEphemeralStorageAndEveryEmptyDirASizeLimit(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			r := planStack(t, stack)
			workloads := 0
			for _, res := range r.Resources {
				path, ok := podSpecPaths[res.Type]
				if !ok {
					continue
				}
				workloads++
				spec, _ := res.Input(path).(map[string]any)
				require.NotNil(t, spec, "%s %s has no pod spec", res.Type, res.Name)
				for _, kind := range []string{"initContainers", "containers"} {
					list, _ := spec[kind].([]any)
					for _, c := range list {
						c := c.(map[string]any)
						resources, _ := c["resources"].(map[string]any)
						for _, side := range []string{"requests", "limits"} {
							q, _ := resources[side].(map[string]any)
							assert.NotEmpty(t, q["ephemeral-storage"], "%s: %s %q of %s sets no ephemeral-storage %s", stack, kind, c["name"], res.Name, side)
						}
					}
				}
				volumes, _ := spec["volumes"].([]any)
				for _, v := range volumes {
					v := v.(map[string]any)
					if dir, ok := v["emptyDir"].(map[string]any); ok {
						assert.NotEmpty(t, dir["sizeLimit"], "%s: volume %q of %s is an emptyDir without a sizeLimit", stack, v["name"], res.Name)
					}
				}
			}
			assert.NotZero(t, workloads, "the plan of %s defines no workloads: the test looks at nothing", stack)
		})
	}
}

func TestServicesEphemeralStorageIsSizedPerEnvironment(t *testing.T) {
	want := map[string]struct{ request, limit, tmp string }{
		// /tmp is the limit minus the 128Mi kept for logs.
		"dev":     {"128Mi", "512Mi", "384Mi"},
		"staging": {"256Mi", "1Gi", "896Mi"},
		"prod":    {"256Mi", "1Gi", "896Mi"},
	}
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			r := planStack(t, stack)
			w := want[stack]
			for name := range spec {
				d := serviceObject(t, r, deploymentType, name, name)
				c, _ := d.Input("spec.template.spec.containers[0]").(map[string]any)
				require.NotNil(t, c, "%s has no container", name)
				res := c["resources"].(map[string]any)
				assert.Equal(t, w.request, res["requests"].(map[string]any)["ephemeral-storage"], "%s/%s ephemeral-storage request", stack, name)
				assert.Equal(t, w.limit, res["limits"].(map[string]any)["ephemeral-storage"], "%s/%s ephemeral-storage limit", stack, name)
				assert.Equal(t, w.tmp, d.Input("spec.template.spec.volumes[0].emptyDir.sizeLimit"), "%s/%s /tmp sizeLimit", stack, name)
			}
		})
	}
}

func TestDroppingEphemeralStorageIsAMandatoryViolation(t *testing.T) {
	resources := plan.PolicyResources(planStack(t, "prod").Resources)
	deployment := find(t, resources, baseline.TypeDeployment, func(res baseline.Resource) bool {
		return inputString(res, "metadata.name") == "trademark"
	})
	without := withProperty(t, deployment, `spec.template.spec.containers[0].resources.limits["ephemeral-storage"]`, property.Value{})
	assertViolation(t, resources, without, "container-resources", `container "trademark": no ephemeral-storage limit`)
}
