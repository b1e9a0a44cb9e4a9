package ipservice

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
)

const (
	deploymentType = "kubernetes:apps/v1:Deployment"
	namespaceType  = "kubernetes:core/v1:Namespace"
	serviceType    = "kubernetes:core/v1:Service"
	hpaType        = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler"
	pdbType        = "kubernetes:policy/v1:PodDisruptionBudget"
	netpolType     = "kubernetes:networking.k8s.io/v1:NetworkPolicy"
	vpaType        = "kubernetes:autoscaling.k8s.io/v1:VerticalPodAutoscaler"
	storeType      = "kubernetes:external-secrets.io/v1:SecretStore"
	externalType   = "kubernetes:external-secrets.io/v1:ExternalSecret"
	configMapType  = "kubernetes:core/v1:ConfigMap"
	quotaType      = "kubernetes:core/v1:ResourceQuota"
	limitRangeType = "kubernetes:core/v1:LimitRange"
	saType         = "kubernetes:core/v1:ServiceAccount"
	rolePolicyType = "aws:iam/rolePolicy:RolePolicy"

	testImage     = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/ip-platform/trademark:1.4.2"
	testCandidate = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/ip-platform/trademark:1.5.0"
	dbResourceID  = "db-ABCDEFGHIJKLMNOPQRSTUVWXY"
	cacheSecret   = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:ip-prod/redis/connection-GhIjKl"
	cacheGroup    = "arn:aws:elasticache:eu-west-1:111122223333:replicationgroup:ip-prod"
	cacheUser     = "arn:aws:elasticache:eu-west-1:111122223333:user:ip-prod-app"
	otel          = "http://otel-collector.observability.svc.cluster.local:4317"
	// testSecretsRole is a role made elsewhere: the service only passes it on.
	testSecretsRole = "arn:aws:iam::111122223333:role/trademark-secrets-made-elsewhere"
)

// trademarkArgs is the trademark service as prod runs it: separate API and management ports.
func trademarkArgs() *ServiceArgs {
	return &ServiceArgs{
		ServiceName:    "trademark",
		Image:          testImage,
		APIPort:        4001,
		ManagementPort: 4002,
		Resources:      Resources{CPURequest: "250m", CPULimit: "500m", MemoryRequest: "512Mi", MemoryLimit: "1Gi"},
		MinReplicas:    3,
		MaxReplicas:    10,
		FeatureFlags:   map[string]string{"NEW_SEARCH": "true"},
		Database: Database{
			Host: pulumi.String("ip-prod.cluster-abc.eu-west-1.rds.amazonaws.com"), Port: pulumi.Int(5432), Name: "ipplatform",
			User: "trademark", Cidrs: []string{"10.30.224.0/22", "10.30.228.0/22"},
		},
		Cache: Cache{
			Host: pulumi.String("master.ip-prod.abc.euw1.cache.amazonaws.com"), Port: pulumi.Int(6379),
			User: "ip-prod-app", ReplicationGroupArn: pulumi.String(cacheGroup),
			Cidrs: []string{"10.30.224.0/22", "10.30.228.0/22"},
		},
		OtelEndpoint:   otel,
		GatewayCidrs:   []string{"10.30.192.0/22", "10.30.196.0/22"},
		SecretsRoleArn: pulumi.String(testSecretsRole),
		Region:         "eu-west-1",
	}
}

// trademarkRoleArgs is the AWS side of trademarkArgs.
func trademarkRoleArgs() *RoleArgs {
	return &RoleArgs{
		ServiceName:              "trademark",
		ClusterName:              pulumi.String("ip-platform-prod"),
		CacheReplicationGroupArn: pulumi.String(cacheGroup),
		CacheUserArn:             pulumi.String(cacheUser),
		Region:                   "eu-west-1",
		AccountID:                "111122223333",
		DatabaseResourceID:       pulumi.String(dbResourceID),
	}
}

func trademarkSecretsRoleArgs() *SecretsRoleArgs {
	return &SecretsRoleArgs{
		ServiceName:            "trademark",
		OidcProviderArn:        pulumi.String("arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC"),
		OidcIssuerURL:          pulumi.String("https://oidc.eks.eu-west-1.amazonaws.com/id/ABC"),
		Region:                 "eu-west-1",
		AccountID:              "111122223333",
		SecretsPath:            "ip-platform/prod/trademark",
		CacheSettingsSecretArn: pulumi.String(cacheSecret),
	}
}

// recommendationArgs serves health and metrics on its API port, as the spec's recommendation
// service does.
func recommendationArgs() *ServiceArgs {
	a := trademarkArgs()
	a.ServiceName = "recommendation"
	a.Image = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/ip-platform/recommendation@sha256:" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	a.APIPort, a.ManagementPort = 3000, 0
	a.Resources = Resources{CPURequest: "500m", CPULimit: "1000m", MemoryRequest: "1Gi", MemoryLimit: "2Gi"}
	return a
}

// run builds one service named after args.ServiceName under offline mocks.
func run(t testing.TB, args *ServiceArgs) (*offline.Mocks, *Service) {
	t.Helper()
	var svc *Service
	m, err := offline.Run(offline.Program{Region: "eu-west-1"}, func(ctx *pulumi.Context) error {
		var err error
		svc, err = NewService(ctx, args.ServiceName, args)
		return err
	})
	require.NoError(t, err)
	return m, svc
}

func named(t *testing.T, m *offline.Mocks, typ, name string) offline.Resource {
	t.Helper()
	r, ok := m.Named(typ, name)
	require.True(t, ok, "no %s named %s; registered: %v", typ, name, m.Types())
	return r
}

// container is the service container of a Deployment.
func container(t *testing.T, d offline.Resource) map[string]any {
	t.Helper()
	c, ok := d.Input("spec.template.spec.containers[0]").(map[string]any)
	require.True(t, ok, "deployment %s has no container", d.Name)
	return c
}

// envOf maps a container's environment variable names to their value or valueFrom.
func envOf(c map[string]any) map[string]any {
	out := map[string]any{}
	for _, e := range c["env"].([]any) {
		v := e.(map[string]any)
		if val, ok := v["value"]; ok {
			out[v["name"].(string)] = val
		} else {
			out[v["name"].(string)] = v["valueFrom"]
		}
	}
	return out
}
