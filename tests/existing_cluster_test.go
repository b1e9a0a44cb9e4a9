package tests

import (
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/plan"
)

// existingClusterOutputs are the AWS values a stack on an existing cluster gives, in prod's form.
func existingClusterOutputs() map[string]any {
	role := func(name string) string { return "arn:aws:iam::111122223333:role/existing-" + name }
	return map[string]any{
		"kubeconfig": "/home/me/.kube/config",
		"context":    "kind-ip-platform",
		"aws": map[string]any{
			"clusterName":              "existing-cluster",
			"vpcId":                    "vpc-0123456789abcdef0",
			"databaseAddress":          "db.example.internal",
			"databasePort":             5433,
			"databaseName":             "ipplatform",
			"databaseMasterSecretArn":  "arn:aws:secretsmanager:us-east-1:111122223333:secret:existing-db-AbCdEf",
			"databaseBootstrapRoleArn": role("db-bootstrap-secrets"),
			"redisPrimaryEndpoint":     "redis.example.internal",
			"redisPort":                6380,
			"redisUser":                "existing-services",
			"redisReplicationGroupArn": "arn:aws:elasticache:us-east-1:111122223333:replicationgroup:existing",
			"serviceSecretsRoleArns": map[string]any{
				"trademark": role("trademark-secrets"), "copyright": role("copyright-secrets"), "recommendation": role("recommendation-secrets"),
			},
			"grafanaSecretsRoleArn": role("grafana"),
			"lokiBucket":            "existing-loki",
			"certificateArn":        "arn:aws:acm:us-east-1:111122223333:certificate/existing",
			"webAclArn":             "arn:aws:wafv2:us-east-1:111122223333:regional/webacl/existing/1",
			"accessLogBucket":       "existing-access-logs",
			"scanReportBucket":      "existing-scan-reports",
		},
	}
}

// planOnExistingCluster plans stack with existingCluster set.
func planOnExistingCluster(t *testing.T, stack string) *plan.Result {
	t.Helper()
	r, err := plan.Compute(projectDir, stack, stackFileWith(t, stack, existingClusterOutputs(), "ip-platform:existingCluster"))
	require.NoError(t, err)
	return r
}

// kubernetesObjects lists "type name" of the Kubernetes resources (providers aside) of a plan.
func kubernetesObjects(r *plan.Result) []string {
	var out []string
	for _, res := range r.Resources {
		if res.Custom && strings.HasPrefix(res.Type, "kubernetes:") {
			out = append(out, res.Type+" "+res.Name)
		}
	}
	sort.Strings(out)
	return out
}

func TestExistingClusterDeploysTheWholeKubernetesLayerAndNothingInAWS(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			r := planOnExistingCluster(t, stack)
			for _, res := range r.Resources {
				assert.False(t, strings.HasPrefix(res.Type, "aws:") || res.Type == awsProvider,
					"%s %s: an existing cluster gets no AWS resource", res.Type, res.Name)
			}
			assert.Equal(t, kubernetesObjects(planStack(t, stack)), kubernetesObjects(r),
				"the same Kubernetes objects as a full deployment")

			providers := 0
			for _, res := range r.Resources {
				if res.Type == k8sProvider {
					providers++
					assert.Equal(t, "/home/me/.kube/config", res.Inputs["kubeconfig"].StringValue())
					assert.Equal(t, "kind-ip-platform", res.Inputs["context"].StringValue())
				}
			}
			assert.Equal(t, 1, providers, "one Kubernetes provider, for the kubeconfig")
		})
	}
}

func TestExistingClusterValuesReachTheObjects(t *testing.T) {
	r := planOnExistingCluster(t, "prod")
	var sa, bootstrap, deployment, ingress bool
	for _, res := range r.Resources {
		switch {
		case res.Type == "kubernetes:core/v1:ServiceAccount" && res.Name == "ip-platform-prod-trademark-secrets-sa":
			sa = true
			annotations := res.Inputs["metadata"].ObjectValue()["annotations"].ObjectValue()
			assert.Equal(t, "arn:aws:iam::111122223333:role/existing-trademark-secrets", annotations["eks.amazonaws.com/role-arn"].StringValue())
		case res.Type == "kubernetes:core/v1:ServiceAccount" && res.Name == "ip-platform-prod-db-users-secrets-sa":
			bootstrap = true
			annotations := res.Inputs["metadata"].ObjectValue()["annotations"].ObjectValue()
			assert.Equal(t, "arn:aws:iam::111122223333:role/existing-db-bootstrap-secrets", annotations["eks.amazonaws.com/role-arn"].StringValue(),
				"the database users Job's secrets account takes existingCluster.aws.databaseBootstrapRoleArn")
		case res.Type == "kubernetes:apps/v1:Deployment" && strings.HasPrefix(res.Name, "ip-platform-prod-trademark"):
			deployment = true
			env := map[string]string{}
			containers := res.Inputs["spec"].ObjectValue()["template"].ObjectValue()["spec"].ObjectValue()["containers"].ArrayValue()
			for _, e := range containers[0].ObjectValue()["env"].ArrayValue() {
				if v, ok := e.ObjectValue()["value"]; ok && v.IsString() {
					env[e.ObjectValue()["name"].StringValue()] = v.StringValue()
				}
			}
			assert.Equal(t, "db.example.internal", env["DB_HOST"])
			assert.Equal(t, "redis.example.internal", env["REDIS_HOST"])
		case res.Type == "kubernetes:networking.k8s.io/v1:Ingress" && !ingress:
			ingress = true
			annotations := res.Inputs["metadata"].ObjectValue()["annotations"].ObjectValue()
			assert.Equal(t, "arn:aws:acm:us-east-1:111122223333:certificate/existing", annotations["alb.ingress.kubernetes.io/certificate-arn"].StringValue())
			assert.Equal(t, "arn:aws:wafv2:us-east-1:111122223333:regional/webacl/existing/1", annotations["alb.ingress.kubernetes.io/wafv2-acl-arn"].StringValue())
		}
	}
	assert.True(t, bootstrap, "the database users Job's secrets account is planned")
	assert.True(t, sa && deployment && ingress, "found the trademark service account (%v), deployment (%v) and an ingress (%v)", sa, deployment, ingress)
}
