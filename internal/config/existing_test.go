package config

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// validAWSOutputs are well-formed AWS layer outputs for the three services of validProd.
func validAWSOutputs() map[string]any {
	return map[string]any{
		"clusterName":              "ip-platform-prod",
		"vpcId":                    "vpc-0123456789abcdef0",
		"databaseAddress":          "ip-platform-prod.abc.eu-west-1.rds.amazonaws.com",
		"databasePort":             5432,
		"databaseName":             "ipplatform",
		"databaseMasterSecretArn":  "arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!db-1234-AbCdEf",
		"databaseBootstrapRoleArn": "arn:aws:iam::111122223333:role/ip-platform-prod-db-bootstrap-secrets",
		"redisPrimaryEndpoint":     "master.ip-platform-prod.abc.euw1.cache.amazonaws.com",
		"redisPort":                6379,
		"redisUser":                "ip-platform-prod-services",
		"redisReplicationGroupArn": "arn:aws:elasticache:eu-west-1:111122223333:replicationgroup:ip-platform-prod",
		"serviceSecretsRoleArns": map[string]any{
			"trademark":      "arn:aws:iam::111122223333:role/trademark-secrets",
			"copyright":      "arn:aws:iam::111122223333:role/copyright-secrets",
			"recommendation": "arn:aws:iam::111122223333:role/recommendation-secrets",
		},
		"grafanaSecretsRoleArn": "arn:aws:iam::111122223333:role/grafana-secrets",
		"lokiBucket":            "ip-platform-prod-loki",
		"certificateArn":        "arn:aws:acm:eu-west-1:111122223333:certificate/0123abcd-0123-4567-89ab-0123456789ab",
		"webAclArn":             "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/ip-platform-prod/0123abcd",
		"accessLogBucket":       "ip-platform-prod-access-logs",
	}
}

func existingCluster(t *testing.T, change func(aws map[string]any)) map[string]string {
	t.Helper()
	aws := validAWSOutputs()
	if change != nil {
		change(aws)
	}
	b, err := json.Marshal(map[string]any{"kubeconfig": "/home/me/.kube/config", "aws": aws})
	require.NoError(t, err)
	return map[string]string{"ip-platform:existingCluster": string(b)}
}

func TestExistingClusterIsOffByDefault(t *testing.T) {
	for _, v := range []string{"<unset>", "{}"} {
		cfg, err := parse(with(validProd(), map[string]string{"ip-platform:existingCluster": v}))
		require.NoError(t, err)
		assert.Nil(t, cfg.ExistingCluster, "existingCluster %s builds the whole platform", v)
	}
}

func TestExistingClusterReadsEveryOutput(t *testing.T) {
	cfg, err := parse(with(validProd(), existingCluster(t, nil)))
	require.NoError(t, err)
	e := cfg.ExistingCluster
	require.NotNil(t, e)
	assert.Equal(t, "/home/me/.kube/config", e.Kubeconfig)
	assert.Equal(t, "ip-platform-prod", e.AWS.ClusterName)
	assert.Equal(t, 5432, e.AWS.DatabasePort)
	assert.Equal(t, 6379, e.AWS.RedisPort)
	assert.Equal(t, "arn:aws:iam::111122223333:role/copyright-secrets", e.AWS.ServiceSecretsRoleArns["copyright"])
	assert.Equal(t, "ip-platform-prod-access-logs", e.AWS.AccessLogBucket)
	assert.Equal(t, "arn:aws:iam::111122223333:role/ip-platform-prod-db-bootstrap-secrets", e.AWS.DatabaseBootstrapRoleArn)
}

func TestParseRejectsBadExistingCluster(t *testing.T) {
	cases := []struct {
		name    string
		change  func(map[string]any)
		key     string
		allowed string
	}{
		{"missing cluster name", func(a map[string]any) { delete(a, "clusterName") }, "existingCluster.aws.clusterName", "is required"},
		{"vpc id with a typo", func(a map[string]any) { a["vpcId"] = "vcp-0123" }, "existingCluster.aws.vpcId", "a VPC ID such as vpc-"},
		{"port out of range", func(a map[string]any) { a["databasePort"] = 70000 }, "existingCluster.aws.databasePort", "from 1 to 65535"},
		{"no database bootstrap role", func(a map[string]any) { delete(a, "databaseBootstrapRoleArn") }, "existingCluster.aws.databaseBootstrapRoleArn", "is required: an IAM role ARN"},
		{"database bootstrap role that is a secret", func(a map[string]any) {
			a["databaseBootstrapRoleArn"] = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!db-1234-AbCdEf"
		}, "existingCluster.aws.databaseBootstrapRoleArn", "an IAM role ARN"},
		{"secret arn of another service", func(a map[string]any) {
			a["databaseMasterSecretArn"] = "arn:aws:ssm:eu-west-1:111122223333:parameter/db"
		}, "existingCluster.aws.databaseMasterSecretArn", "got an ARN of ssm"},
		{"role arn that is a user", func(a map[string]any) {
			a["grafanaSecretsRoleArn"] = "arn:aws:iam::111122223333:user/grafana"
		}, "existingCluster.aws.grafanaSecretsRoleArn", "an IAM role ARN"},
		{"service without a secrets role", func(a map[string]any) {
			delete(a["serviceSecretsRoleArns"].(map[string]any), "trademark")
		}, "existingCluster.aws.serviceSecretsRoleArns.trademark", "is required"},
		{"role for an unknown service", func(a map[string]any) {
			a["serviceSecretsRoleArns"].(map[string]any)["patents"] = "arn:aws:iam::111122223333:role/patents"
		}, "existingCluster.aws.serviceSecretsRoleArns.patents", "allowed: trademark, copyright, recommendation"},
		{"an IRSA role the workload no longer takes", func(a map[string]any) {
			a["clusterAutoscalerRoleArn"] = "arn:aws:iam::111122223333:role/cluster-autoscaler"
		}, "existingCluster.aws.clusterAutoscalerRoleArn", "pod identity association"},
		{"bucket name with capitals", func(a map[string]any) { a["lokiBucket"] = "Loki_Bucket" }, "existingCluster.aws.lokiBucket", "an S3 bucket name"},
		{"misspelt output", func(a map[string]any) { a["certArn"] = "x" }, "existingCluster.aws.certArn", "not a known key"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parse(with(validProd(), existingCluster(t, tc.change)))
			require.Error(t, err)
			assert.Contains(t, err.Error(), "ip-platform:"+tc.key+" ", "the message must name the key path")
			assert.Contains(t, err.Error(), tc.allowed)
		})
	}
	t.Run("no kubeconfig", func(t *testing.T) {
		_, err := parse(with(validProd(), map[string]string{"ip-platform:existingCluster": `{"aws":{}}`}))
		require.Error(t, err)
		assert.Contains(t, err.Error(), "ip-platform:existingCluster.kubeconfig is required")
	})
}
