package tests

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/plan"
)

const (
	deploymentType = "kubernetes:apps/v1:Deployment"
	namespaceType  = "kubernetes:core/v1:Namespace"
	netpolType     = "kubernetes:networking.k8s.io/v1:NetworkPolicy"
)

// specService is what deployment-architecture.md fixes for a service.
type specService struct {
	cpu, memory string
	ports       []any
}

var spec = map[string]specService{
	"trademark":      {"500m", "1Gi", []any{4001.0, 4002.0}},
	"copyright":      {"500m", "1Gi", []any{4003.0, 4004.0}},
	"recommendation": {"1000m", "2Gi", []any{3000.0}},
}

// serviceObject returns the object of kind typ named k8sName in the service's namespace.
func serviceObject(t *testing.T, r *plan.Result, typ, namespace, k8sName string) offline.Resource {
	t.Helper()
	for _, res := range ofType(r, typ) {
		ns, _ := res.Input("metadata.namespace").(string)
		if ns == namespace && res.Input("metadata.name") == k8sName {
			return res
		}
	}
	require.Failf(t, "missing object", "no %s %s/%s in stack %s", typ, namespace, k8sName, r.Stack)
	return offline.Resource{}
}

func TestEveryStackRunsTheServicesWithTheSpecsLimitsAndPorts(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			r := planStack(t, stack)
			for name, want := range spec {
				d := serviceObject(t, r, deploymentType, name, name)
				labels, _ := d.Input("metadata.labels").(map[string]any)
				assert.Equal(t, name, labels["app.kubernetes.io/name"], "%s: the policy pack selects on the name label", name)
				assert.Equal(t, "ip-platform", labels["app.kubernetes.io/part-of"])

				c, _ := d.Input("spec.template.spec.containers[0]").(map[string]any)
				require.NotNil(t, c, "%s has no container", name)
				limits, _ := c["resources"].(map[string]any)["limits"].(map[string]any)
				assert.Equal(t, []any{want.cpu, want.memory}, []any{limits["cpu"], limits["memory"]}, "%s CPU and memory limits must be exactly the spec's", name)
				var ports []any
				for _, p := range c["ports"].([]any) {
					ports = append(ports, p.(map[string]any)["containerPort"])
				}
				assert.Equal(t, want.ports, ports, "%s ports", name)
				assert.NotContains(t, c["image"], ":latest", "%s runs a floating tag", name)
			}
		})
	}
}

func TestServiceNamespacesArePodSecurityRestricted(t *testing.T) {
	r := planStack(t, "prod")
	for name := range spec {
		ns := serviceObject(t, r, namespaceType, "", name)
		labels, _ := ns.Input("metadata.labels").(map[string]any)
		for _, mode := range []string{"enforce", "audit", "warn"} {
			assert.Equal(t, "restricted", labels["pod-security.kubernetes.io/"+mode], "namespace %s: PSA %s", name, mode)
		}
		for _, kind := range []string{"kubernetes:core/v1:ResourceQuota", "kubernetes:core/v1:LimitRange"} {
			found := false
			for _, res := range ofType(r, kind) {
				found = found || res.Input("metadata.namespace") == name
			}
			assert.True(t, found, "namespace %s has no %s", name, kind)
		}
	}
}

// subnetCidrs returns the planned CIDR blocks of one subnet tier.
func subnetCidrs(r *plan.Result, tier string) []string {
	var out []string
	for _, s := range ofType(r, subnetType) {
		if tags, _ := s.Input("tags").(map[string]any); tags["tier"] == tier {
			out = append(out, s.Input("cidrBlock").(string))
		}
	}
	return out
}

func peerCidrs(rule map[string]any, key string) []string {
	var out []string
	for _, p := range rule[key].([]any) {
		if b, ok := p.(map[string]any)["ipBlock"].(map[string]any); ok {
			out = append(out, b["cidr"].(string))
		}
	}
	return out
}

func TestNetworkPoliciesAdmitTheGatewaySubnetsAndReachTheDataSubnets(t *testing.T) {
	for _, stack := range stacks {
		r := planStack(t, stack)
		public, isolated := subnetCidrs(r, "public"), subnetCidrs(r, "isolated")
		require.NotEmpty(t, public)
		for name := range spec {
			in := serviceObject(t, r, netpolType, name, name+"-ingress")
			rules, _ := in.Input("spec.ingress").([]any)
			require.NotEmpty(t, rules, "%s/%s: no ingress rules", stack, name)
			if meshStacks[stack] {
				// With the mesh the ALB sends to the ingress gateway; the service admits the
				// gateway's pods and no address block at all (tests/edge_test.go).
				for _, rule := range rules {
					assert.Empty(t, peerCidrs(rule.(map[string]any), "from"), "%s/%s: no address block reaches the pods once the mesh is on", stack, name)
				}
			} else {
				assert.ElementsMatch(t, public, peerCidrs(rules[0].(map[string]any), "from"),
					"%s/%s: the API port must admit exactly the public subnets, where the gateway's ALB runs", stack, name)
			}

			out := serviceObject(t, r, netpolType, name, name+"-egress")
			egress, _ := out.Input("spec.egress").([]any)
			require.Len(t, egress, 5, "%s/%s: DNS, PostgreSQL, Redis, collector, pod identity agent", stack, name)
			assert.Equal(t, []string{"169.254.170.23/32"}, peerCidrs(egress[4].(map[string]any), "to"), "%s/%s: credentials come from the pod identity agent only", stack, name)
			assert.ElementsMatch(t, isolated, peerCidrs(egress[1].(map[string]any), "to"), "%s/%s: PostgreSQL lives in the isolated subnets", stack, name)
			assert.ElementsMatch(t, isolated, peerCidrs(egress[2].(map[string]any), "to"), "%s/%s: Redis lives in the isolated subnets", stack, name)

			deny := serviceObject(t, r, netpolType, name, name+"-default-deny")
			assert.Equal(t, []any{"Ingress", "Egress"}, deny.Input("spec.policyTypes"))
		}
	}
}

func TestEveryServiceScalesWithoutTheVPAFightingTheHPA(t *testing.T) {
	for _, stack := range stacks {
		r := planStack(t, stack)
		for name := range spec {
			hpa := serviceObject(t, r, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler", name, name)
			assert.LessOrEqual(t, hpa.Input("spec.minReplicas"), hpa.Input("spec.maxReplicas"))
			vpa := serviceObject(t, r, "kubernetes:autoscaling.k8s.io/v1:VerticalPodAutoscaler", name, name)
			assert.Equal(t, "Off", vpa.Input("spec.updatePolicy.updateMode"), "%s/%s: the VPA may only recommend", stack, name)
			serviceObject(t, r, "kubernetes:policy/v1:PodDisruptionBudget", name, name)
		}
		if stack == "prod" {
			hpa := serviceObject(t, r, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "trademark", "trademark")
			assert.GreaterOrEqual(t, hpa.Input("spec.minReplicas"), 3.0, "prod keeps a pod per zone")
		}
	}
}

func TestOperatorChartsArePinned(t *testing.T) {
	r := planStack(t, "prod")
	want := map[string]string{"external-secrets": "2.9.0", "vpa": "5.0.0", "metrics-server": "3.13.1"}
	for _, rel := range ofType(r, helmReleaseTyp) {
		if v, ok := want[rel.Input("chart").(string)]; ok {
			assert.Equal(t, v, rel.Input("version"), "chart %s", rel.Input("chart"))
			delete(want, rel.Input("chart").(string))
		}
	}
	assert.Empty(t, want, "charts not installed")
}

func TestMalformedServiceLimitFailsThePlanNamingTheKey(t *testing.T) {
	stackFile, err := os.ReadFile(filepath.Join(projectDir, "Pulumi.prod.yaml"))
	require.NoError(t, err)
	anchor := "    trademark:\n      image:\n        tag: \"1.0.0\"\n"
	require.Contains(t, string(stackFile), anchor, "the prod stack file no longer pins trademark's image as this test expects")
	bad := strings.Replace(string(stackFile), anchor, anchor+"      limits:\n        cpu: \"500\"\n", 1)
	file := filepath.Join(t.TempDir(), "Pulumi.prod.yaml")
	require.NoError(t, os.WriteFile(file, []byte(bad), 0o600))

	code, out, stderr := runPlan("--stack", "prod", "--config-file", file)
	assert.Equal(t, plan.ExitInvalid, code)
	assert.Contains(t, stderr, "ip-platform:services.trademark.limits.cpu")
	assert.Empty(t, out)
}
