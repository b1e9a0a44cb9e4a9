//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"

	"github.com/ip-platform/infra/internal/config"
)

// existingCluster is the stack's existingCluster config for the local control plane: its
// kubeconfig, and AWS layer outputs of the form the real ones have (the AWS layer cannot run here;
// the Kubernetes objects only carry these values, nothing here calls AWS).
func (h *harness) existingCluster() map[string]auto.ConfigValue {
	h.t.Helper()
	value, err := json.Marshal(h.existingClusterValue())
	if err != nil {
		h.t.Fatal(err)
	}
	return map[string]auto.ConfigValue{config.Namespace + ":existingCluster": {Value: string(value)}}
}

// existingClusterValue is the existingCluster object, for `pulumi config set --path` leaf by leaf.
func (h *harness) existingClusterValue() map[string]any {
	cfg := h.cfg
	name := cfg.ClusterName()
	arn := func(service, resource string) string {
		return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, cfg.Region, cfg.AccountID, resource)
	}
	role := func(role string) string {
		return fmt.Sprintf("arn:aws:iam::%s:role/%s-%s", cfg.AccountID, name, role)
	}
	secretsRoles := map[string]string{}
	for _, svc := range cfg.Services {
		secretsRoles[svc.Name] = role(svc.Name + "-secrets")
	}
	return map[string]any{
		"kubeconfig": h.cp.Kubeconfig,
		"aws": map[string]any{
			"clusterName":              name,
			"vpcId":                    "vpc-0e2e0e2e0e2e0e2e0",
			"databaseAddress":          name + ".c0e2e.rds.amazonaws.com",
			"databasePort":             5432,
			"databaseName":             "ipplatform",
			"databaseMasterSecretArn":  arn("secretsmanager", "secret:rds!db-e2e-AbCdEf"),
			"databaseBootstrapRoleArn": role("db-bootstrap-secrets"),
			"redisPrimaryEndpoint":     "master." + name + ".c0e2e.cache.amazonaws.com",
			"redisPort":                6379,
			"redisUser":                name + "-services",
			"redisReplicationGroupArn": arn("elasticache", "replicationgroup:"+name),
			"serviceSecretsRoleArns":   secretsRoles,
			"grafanaSecretsRoleArn":    role("grafana-secrets"),
			"lokiBucket":               name + "-loki-e2e",
			"certificateArn":           arn("acm", "certificate/0e2e0e2e-0e2e-0e2e-0e2e-0e2e0e2e0e2e"),
			"webAclArn":                arn("wafv2", "regional/webacl/"+name+"/0e2e"),
			"accessLogBucket":          name + "-access-logs-e2e",
			"scanReportBucket":         name + "-scan-reports-e2e",
		},
	}
}
