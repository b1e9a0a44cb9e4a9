package tests

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/config"
	"github.com/ip-platform/infra/internal/offline"
)

const (
	podIdentityType = "aws:eks/podIdentityAssociation:PodIdentityAssociation"
	roleArnKey      = "eks.amazonaws.com/role-arn"
)

// workloadsCallingAWS are the service accounts that must get their role through EKS Pod Identity,
// as namespace/name.
func workloadsCallingAWS(cfg *config.Config) []string {
	out := []string{
		"kube-system/aws-node",                     // VPC CNI
		"kube-system/ebs-csi-controller-sa",        // EBS CSI driver
		"kube-system/cluster-autoscaler",           // cluster-autoscaler
		"kube-system/aws-load-balancer-controller", // load balancer controller
		"external-secrets/external-secrets",        // External Secrets Operator
	}
	for _, svc := range cfg.Services {
		out = append(out, svc.Name+"/"+svc.Name)
	}
	if cfg.Observability.LokiMode == config.LokiSimpleScalable {
		out = append(out, "observability/loki")
	}
	if cfg.SecurityScan.Enabled {
		out = append(out, "api-tests/security-scan") // the scan's report uploader
	}
	return out
}

// roleNamed returns the IAM role whose (offline) ARN is arn: the mocks name roles after their
// Pulumi name.
func roleNamed(t *testing.T, roles []offline.Resource, arn string) offline.Resource {
	t.Helper()
	name := arn[strings.LastIndex(arn, "/")+1:]
	for _, r := range roles {
		if r.Name == name {
			return r
		}
	}
	require.Failf(t, "no role", "no IAM role for %s", arn)
	return offline.Resource{}
}

func TestEveryWorkloadThatCallsAWSGetsItsRoleThroughPodIdentity(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			r := planStack(t, stack)
			roles := ofType(r, "aws:iam/role:Role")
			var agent offline.Resource
			for _, a := range ofType(r, addonType) {
				if a.Input("addonName") == "eks-pod-identity-agent" {
					agent = a
				}
			}
			require.NotEmpty(t, agent.URN, "the pod identity agent add-on serves every association")

			var associated []string
			for _, a := range ofType(r, podIdentityType) {
				ns, sa := a.Input("namespace").(string), a.Input("serviceAccount").(string)
				associated = append(associated, ns+"/"+sa)
				assert.Contains(t, a.DependsOn, agent.URN, "%s/%s: the association must wait for the agent", ns, sa)

				var trust struct{ Statement []map[string]any }
				role := roleNamed(t, roles, a.Input("roleArn").(string))
				require.NoError(t, json.Unmarshal([]byte(role.Input("assumeRolePolicy").(string)), &trust))
				require.Len(t, trust.Statement, 1)
				assert.Equal(t, map[string]any{"Service": []any{"pods.eks.amazonaws.com"}}, trust.Statement[0]["Principal"], "%s/%s", ns, sa)
				tags := trust.Statement[0]["Condition"].(map[string]any)["StringEquals"].(map[string]any)
				assert.Equal(t, ns, tags["aws:RequestTag/kubernetes-namespace"], "%s/%s: the role serves that namespace only", ns, sa)
				assert.Equal(t, sa, tags["aws:RequestTag/kubernetes-service-account"], "%s/%s: the role serves that account only", ns, sa)
				assert.Equal(t, "ip-platform-"+stack, tags["aws:RequestTag/eks-cluster-name"], "%s/%s: the role serves this cluster only", ns, sa)
			}
			assert.ElementsMatch(t, workloadsCallingAWS(stackConfig(t, stack)), associated, "one association per workload that calls AWS")
		})
	}
}

// TestOnlyTheSecretStoresAccountsKeepIRSA: a role annotation is left only on the service accounts
// External Secrets' SecretStores authenticate as (Pod Identity cannot serve them), no pod runs as
// one of those, and no Pod Identity account carries one.
func TestOnlyTheSecretStoresAccountsKeepIRSA(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			r := planStack(t, stack)
			cfg := stackConfig(t, stack)
			var tokenAccounts []string
			for _, res := range r.Resources {
				raw, err := json.Marshal(res.Redacted())
				require.NoError(t, err)
				if !strings.Contains(string(raw), roleArnKey) {
					continue
				}
				require.Equal(t, "kubernetes:core/v1:ServiceAccount", res.Type,
					"%s %s carries an IRSA annotation; only the SecretStores' service accounts may", res.Type, res.Name)
				tokenAccounts = append(tokenAccounts, res.Input("metadata.namespace").(string)+"/"+res.Input("metadata.name").(string))
			}
			want := []string{"observability/grafana-secrets", "db-bootstrap/db-bootstrap-secrets"}
			for _, svc := range cfg.Services {
				want = append(want, svc.Name+"/"+svc.Name+"-secrets")
			}
			assert.ElementsMatch(t, want, tokenAccounts)

			for _, store := range ofType(r, "kubernetes:external-secrets.io/v1:SecretStore") {
				account := store.Input("metadata.namespace").(string) + "/" + store.Input("spec.provider.aws.auth.jwt.serviceAccountRef.name").(string)
				assert.Contains(t, tokenAccounts, account, "SecretStore %s authenticates as an account without a role", store.Name)
			}
			for _, d := range ofType(r, "kubernetes:apps/v1:Deployment") {
				account := d.Input("metadata.namespace").(string) + "/" + d.Input("spec.template.spec.serviceAccountName").(string)
				assert.False(t, slices.Contains(tokenAccounts, account), "%s runs as %s, an account whose token is only for External Secrets", d.Name, account)
			}
			assert.Len(t, ofType(r, oidcType), 1, "the OIDC provider stays for those IRSA roles only")
		})
	}
}

// TestWorkloadsRollWhenTheirCredentialsChangeSource: every workload that calls AWS carries the
// credentials annotation in its pod template, so the update that moved it from IRSA to Pod
// Identity rolled its pods (a service account change alone rolls none).
func TestWorkloadsRollWhenTheirCredentialsChangeSource(t *testing.T) {
	want := map[string]any{"ip-platform.io/aws-credentials": "eks-pod-identity"}
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			r := planStack(t, stack)
			cfg := stackConfig(t, stack)
			paths := map[string]string{
				"cluster-autoscaler":           "values.podAnnotations",
				"aws-load-balancer-controller": "values.podAnnotations",
				"external-secrets":             "values.podAnnotations",
			}
			if cfg.Observability.LokiMode == config.LokiSimpleScalable {
				paths["loki"] = "values.loki.podAnnotations"
			}
			seen := map[string]bool{}
			for _, rel := range ofType(r, "kubernetes:helm.sh/v3:Release") {
				chart, _ := rel.Input("chart").(string)
				if path, ok := paths[chart]; ok {
					seen[chart] = true
					assert.Equal(t, want, rel.Input(path), "%s: %s", chart, path)
				}
			}
			assert.Len(t, seen, len(paths), "releases found: %v", seen)
			for _, d := range ofType(r, "kubernetes:apps/v1:Deployment") {
				annotations, _ := d.Input("spec.template.metadata.annotations").(map[string]any)
				assert.Equal(t, "eks-pod-identity", annotations["ip-platform.io/aws-credentials"], d.Name)
			}
		})
	}
}
