package ipservice

import (
	"encoding/json"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

func TestDeploymentCarriesTheLimitsRequestsAndPlatformLabels(t *testing.T) {
	m, _ := run(t, trademarkArgs())
	d := named(t, m, deploymentType, "trademark")

	assert.Equal(t, "trademark", d.Input("metadata.name"))
	assert.Equal(t, "trademark", d.Input("metadata.namespace"))
	labels := d.Input("metadata.labels").(map[string]any)
	assert.Equal(t, "trademark", labels["app.kubernetes.io/name"], "the policy pack selects on app.kubernetes.io/name")
	assert.Equal(t, "ip-platform", labels["app.kubernetes.io/part-of"])
	assert.Equal(t, map[string]any{
		"limits":   map[string]any{"cpu": "500m", "memory": "1Gi", "ephemeral-storage": "1Gi"},
		"requests": map[string]any{"cpu": "250m", "memory": "512Mi", "ephemeral-storage": "256Mi"},
	}, container(t, d)["resources"])
	assert.Equal(t, testImage, container(t, d)["image"])
	assert.Nil(t, d.Input("spec.replicas"), "the HPA owns the replica count; setting it would reset the HPA on every deploy")
	assert.Equal(t, "RollingUpdate", d.Input("spec.strategy.type"))
	assert.Equal(t, 0.0, d.Input("spec.strategy.rollingUpdate.maxUnavailable"), "a rollout must never dip below capacity")
}

func TestProbesUseTheManagementPort(t *testing.T) {
	cases := []struct {
		args      *ServiceArgs
		ports     []any
		probePort string
	}{
		{trademarkArgs(), []any{4001.0, 4002.0}, "management"},
		{recommendationArgs(), []any{3000.0}, "api"},
	}
	for _, tc := range cases {
		t.Run(tc.args.ServiceName, func(t *testing.T) {
			m, _ := run(t, tc.args)
			c := container(t, named(t, m, deploymentType, tc.args.ServiceName))
			var ports []any
			for _, p := range c["ports"].([]any) {
				ports = append(ports, p.(map[string]any)["containerPort"])
			}
			assert.Equal(t, tc.ports, ports, "container ports")
			for _, probe := range []string{"startupProbe", "livenessProbe", "readinessProbe"} {
				require.Contains(t, c, probe, "every container needs a %s", probe)
				get := c[probe].(map[string]any)["httpGet"].(map[string]any)
				assert.Equal(t, tc.probePort, get["port"], "%s must hit the %s port", probe, tc.probePort)
			}
			assert.Equal(t, "/health/ready", c["readinessProbe"].(map[string]any)["httpGet"].(map[string]any)["path"])
		})
	}
}

func TestPodIsRestricted(t *testing.T) {
	m, _ := run(t, trademarkArgs())
	d := named(t, m, deploymentType, "trademark")
	c := container(t, d)

	sc := c["securityContext"].(map[string]any)
	assert.Equal(t, false, sc["allowPrivilegeEscalation"])
	assert.Equal(t, true, sc["readOnlyRootFilesystem"])
	assert.Equal(t, true, sc["runAsNonRoot"])
	assert.Equal(t, []any{"ALL"}, sc["capabilities"].(map[string]any)["drop"])
	assert.Equal(t, "RuntimeDefault", d.Input("spec.template.spec.securityContext.seccompProfile.type"))
	assert.Equal(t, true, d.Input("spec.template.spec.securityContext.runAsNonRoot"))
	assert.Equal(t, "trademark", d.Input("spec.template.spec.serviceAccountName"))

	var keys []string
	for _, s := range d.Input("spec.template.spec.topologySpreadConstraints").([]any) {
		keys = append(keys, s.(map[string]any)["topologyKey"].(string))
	}
	assert.Equal(t, []string{"topology.kubernetes.io/zone", "kubernetes.io/hostname"}, keys, "pods must spread over zones and hosts")
}

func TestNamespaceIsPodSecurityRestrictedWithQuotaAndLimitRange(t *testing.T) {
	m, _ := run(t, trademarkArgs())
	ns := named(t, m, namespaceType, "trademark-namespace")
	labels := ns.Input("metadata.labels").(map[string]any)
	for _, mode := range []string{"enforce", "audit", "warn"} {
		assert.Equal(t, "restricted", labels["pod-security.kubernetes.io/"+mode], "PSA %s level", mode)
	}

	q := named(t, m, quotaType, "trademark-quota")
	// 10 HPA pods + 3 surge pods (25% of 10, rounded up) = 13 pods at the limits.
	assert.Equal(t, map[string]any{
		"pods": "13", "limits.cpu": "6500m", "limits.memory": "13312Mi", "requests.cpu": "3250m", "requests.memory": "6656Mi",
	}, q.Input("spec.hard"))

	lr := named(t, m, limitRangeType, "trademark-limits")
	item := lr.Input("spec.limits[0]").(map[string]any)
	assert.Equal(t, map[string]any{"cpu": "500m", "memory": "1Gi", "ephemeral-storage": "1Gi"}, item["default"])
	assert.Equal(t, map[string]any{"cpu": "250m", "memory": "512Mi", "ephemeral-storage": "256Mi"}, item["defaultRequest"])
	assert.Equal(t, map[string]any{"cpu": "500m", "memory": "1Gi", "ephemeral-storage": "1Gi"}, item["max"], "nothing in the namespace may exceed the spec's limits")
}

func TestEnvironmentNamesTheDataStoresAndTheCollector(t *testing.T) {
	m, _ := run(t, trademarkArgs())
	c := container(t, named(t, m, deploymentType, "trademark"))
	env := envOf(c)

	assert.Equal(t, otel, env["OTEL_EXPORTER_OTLP_ENDPOINT"])
	assert.Equal(t, "ip-prod.cluster-abc.eu-west-1.rds.amazonaws.com", env["DB_HOST"])
	assert.Equal(t, "5432", env["DB_PORT"])
	assert.Equal(t, "ipplatform", env["DB_NAME"])
	assert.Equal(t, "6379", env["REDIS_PORT"])
	assert.NotContains(t, env, "DB_PASSWORD", "PostgreSQL authenticates with IAM: no password in the pod")
	assert.Equal(t, "trademark", env["DB_USERNAME"], "the service connects as its own database user, not the master user")
	assert.Equal(t, "iam", env["DB_AUTH_MODE"])
	assert.Equal(t, "require", env["DB_SSLMODE"], "IAM authentication needs TLS")
	assert.Equal(t, "iam", env["REDIS_AUTH_MODE"], "Redis authenticates with IAM: no token to sync")
	assert.Equal(t, "ip-prod-app", env["REDIS_USER"])
	assert.Equal(t, "ip-prod", env["REDIS_REPLICATION_GROUP_ID"], "the IAM token is signed for the replication group")
	assert.NotContains(t, env, "REDIS_AUTH_TOKEN")
	assert.Equal(t, []any{map[string]any{"prefix": "FLAG_", "configMapRef": map[string]any{"name": "trademark-flags"}}}, c["envFrom"])
}

func TestFeatureFlagChangeRollsThePods(t *testing.T) {
	checksum := func(flags map[string]string) any {
		a := trademarkArgs()
		a.FeatureFlags = flags
		m, _ := run(t, a)
		cm := named(t, m, configMapType, "trademark-flags")
		assert.Equal(t, toAny(flags), cm.Input("data"), "the ConfigMap holds the flags")
		return named(t, m, deploymentType, "trademark").Input("spec.template.metadata.annotations").(map[string]any)["ip-platform.io/feature-flags-checksum"]
	}
	on := checksum(map[string]string{"NEW_SEARCH": "true"})
	off := checksum(map[string]string{"NEW_SEARCH": "false"})
	require.NotNil(t, on, "the pod template needs the flags checksum annotation")
	assert.NotEqual(t, on, off, "a flag change must change the pod template")
	assert.Equal(t, on, checksum(map[string]string{"NEW_SEARCH": "true"}), "the same flags must not roll the pods")
}

func toAny(m map[string]string) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

func TestServiceHPAPDBAndVPA(t *testing.T) {
	m, _ := run(t, trademarkArgs())

	s := named(t, m, serviceType, "trademark-service")
	assert.Equal(t, map[string]any{"app.kubernetes.io/name": "trademark", "app.kubernetes.io/part-of": "ip-platform"}, s.Input("spec.selector"))
	assert.Equal(t, 4001.0, s.Input("spec.ports[0].port"))
	assert.Equal(t, "api", s.Input("spec.ports[0].targetPort"))

	h := named(t, m, hpaType, "trademark-hpa")
	assert.Equal(t, "trademark", h.Input("spec.scaleTargetRef.name"))
	assert.Equal(t, 3.0, h.Input("spec.minReplicas"))
	assert.Equal(t, 10.0, h.Input("spec.maxReplicas"))
	var metrics []string
	for _, mt := range h.Input("spec.metrics").([]any) {
		r := mt.(map[string]any)["resource"].(map[string]any)
		metrics = append(metrics, r["name"].(string))
	}
	assert.Equal(t, []string{"cpu", "memory"}, metrics, "the HPA scales on CPU and memory")

	p := named(t, m, pdbType, "trademark-pdb")
	assert.Equal(t, 1.0, p.Input("spec.maxUnavailable"))

	v := named(t, m, vpaType, "trademark-vpa")
	assert.Equal(t, "autoscaling.k8s.io/v1", v.Input("apiVersion"))
	assert.Equal(t, "Off", v.Input("spec.updatePolicy.updateMode"), "the VPA must only recommend, or it fights the HPA")
	assert.Equal(t, "trademark", v.Input("spec.targetRef.name"))
}

// rules returns a NetworkPolicy's rules of kind ("ingress" or "egress").
func rules(t *testing.T, m *offline.Mocks, name, kind string) []map[string]any {
	t.Helper()
	np := named(t, m, netpolType, name)
	var out []map[string]any
	for _, r := range np.Input("spec." + kind).([]any) {
		out = append(out, r.(map[string]any))
	}
	return out
}

func ports(rule map[string]any) []any {
	var out []any
	for _, p := range rule["ports"].([]any) {
		pm := p.(map[string]any)
		out = append(out, pm["protocol"].(string)+"/"+jsonString(pm["port"]))
	}
	return out
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestNetworkPoliciesDenyByDefaultAndAdmitOnlyTheNamedPeers(t *testing.T) {
	m, _ := run(t, trademarkArgs())

	deny := named(t, m, netpolType, "trademark-default-deny")
	assert.Equal(t, map[string]any{}, deny.Input("spec.podSelector"), "the default deny must select every pod")
	assert.Equal(t, []any{"Ingress", "Egress"}, deny.Input("spec.policyTypes"))
	assert.Nil(t, deny.Input("spec.ingress"))
	assert.Nil(t, deny.Input("spec.egress"))

	in := rules(t, m, "trademark-ingress", "ingress")
	require.Len(t, in, 2)
	assert.Equal(t, []any{
		map[string]any{"ipBlock": map[string]any{"cidr": "10.30.192.0/22"}},
		map[string]any{"ipBlock": map[string]any{"cidr": "10.30.196.0/22"}},
	}, in[0]["from"], "the API port admits only the gateway's subnets")
	assert.Equal(t, []any{"TCP/4001", "TCP/4002"}, ports(in[0]),
		"the gateway's subnets reach the API port and the management port its ALB health-checks, nothing else")
	assert.Equal(t, []any{map[string]any{
		"namespaceSelector": map[string]any{"matchLabels": map[string]any{"kubernetes.io/metadata.name": "observability"}},
		"podSelector":       map[string]any{"matchLabels": map[string]any{"app.kubernetes.io/name": "prometheus"}},
	}}, in[1]["from"])
	assert.Equal(t, []any{"TCP/4002"}, ports(in[1]), "Prometheus reaches only the management port")

	out := rules(t, m, "trademark-egress", "egress")
	require.Len(t, out, 5, "egress: DNS, PostgreSQL, Redis, the collector, the pod identity agent, nothing else")
	assert.Equal(t, []any{"UDP/53", "TCP/53"}, ports(out[0]))
	assert.Equal(t, "kube-dns", out[0]["to"].([]any)[0].(map[string]any)["podSelector"].(map[string]any)["matchLabels"].(map[string]any)["k8s-app"])
	assert.Equal(t, []any{"TCP/5432"}, ports(out[1]))
	assert.Equal(t, "10.30.224.0/22", out[1]["to"].([]any)[0].(map[string]any)["ipBlock"].(map[string]any)["cidr"])
	assert.Equal(t, []any{"TCP/6379"}, ports(out[2]))
	assert.Equal(t, []any{"TCP/4317", "TCP/4318"}, ports(out[3]))
	assert.Equal(t, "otel-collector", out[3]["to"].([]any)[0].(map[string]any)["podSelector"].(map[string]any)["matchLabels"].(map[string]any)["app.kubernetes.io/name"])
	assert.Equal(t, []any{"TCP/80"}, ports(out[4]), "the pod identity agent serves the pods' AWS credentials on port 80")
	assert.Equal(t, []any{map[string]any{"ipBlock": map[string]any{"cidr": "169.254.170.23/32"}}}, out[4]["to"],
		"exactly the agent's link-local address: no STS, no instance metadata (169.254.169.254)")
}

func TestGatewayReachesTheAPIAndTheHealthPortOnly(t *testing.T) {
	m, svc := run(t, recommendationArgs())
	in := rules(t, m, "recommendation-ingress", "ingress")
	require.Len(t, in, 2)
	assert.Equal(t, []any{"TCP/3000"}, ports(in[0]), "health is served on the API port: no second port is opened")
	assert.Equal(t, 3000, svc.ReadinessPort)

	cases := []struct {
		api, management int
		want            []int
	}{
		{4001, 4002, []int{4001, 4002}},
		{3000, 3000, []int{3000}},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, gatewayPorts(ServiceArgs{APIPort: tc.api, ManagementPort: tc.management}),
			"API port %d, management port %d", tc.api, tc.management)
	}
}

func TestReadinessEndpointIsExposedForTheGateway(t *testing.T) {
	m, svc := run(t, trademarkArgs())
	d := named(t, m, deploymentType, "trademark")
	c := container(t, d)
	probe, _ := c["readinessProbe"].(map[string]any)
	require.NotNil(t, probe, "trademark has no readiness probe")
	get, _ := probe["httpGet"].(map[string]any)
	assert.Equal(t, get["path"], svc.ReadinessPath, "the gateway must check the path the readiness probe uses")
	assert.Equal(t, "management", get["port"])
	assert.Equal(t, 4002, svc.ReadinessPort, "the probe's named port is the management port, 4002")
}

func TestSecretsAreSyncedAsTheServiceAccount(t *testing.T) {
	m, _ := run(t, trademarkArgs())

	store := named(t, m, storeType, "trademark-secret-store")
	assert.Equal(t, "SecretsManager", store.Input("spec.provider.aws.service"))
	assert.Equal(t, "eu-west-1", store.Input("spec.provider.aws.region"))
	assert.Equal(t, "trademark-secrets", store.Input("spec.provider.aws.auth.jwt.serviceAccountRef.name"),
		"ESO must authenticate as the service's secrets account, so it reads only what that account's role may")

	assert.Empty(t, m.OfType(externalType), "no ExternalSecret of the database's credentials in the service's namespace")

	secrets := named(t, m, saType, "trademark-secrets-sa")
	assert.Equal(t, "trademark-secrets", secrets.Input("metadata.name"))
	assert.Equal(t, map[string]any{"eks.amazonaws.com/role-arn": testSecretsRole}, secrets.Input("metadata.annotations"),
		"the secrets account carries the IRSA role ESO exchanges its token for")
	assert.Equal(t, false, secrets.Input("automountServiceAccountToken"))
	sa := named(t, m, saType, "trademark-sa")
	assert.Nil(t, sa.Input("metadata.annotations"), "the pods' account has no role annotation: Pod Identity binds its role")
	for _, d := range m.OfType(deploymentType) {
		assert.NotEqual(t, "trademark-secrets", d.Input("spec.template.spec.serviceAccountName"), "%s: no pod runs as the secrets account", d.Name)
	}
	assert.Empty(t, m.OfType("aws:iam/role:Role"), "the Kubernetes side creates no AWS resource")
}

func TestNoKubernetesAPITokenIsMounted(t *testing.T) {
	args := trademarkArgs()
	args.Release.Strategy = BlueGreen
	m, _ := run(t, args)

	sa := named(t, m, saType, "trademark-sa")
	assert.Equal(t, false, sa.Input("automountServiceAccountToken"), "the service account must not hand out API tokens")
	deployments := m.OfType(deploymentType)
	require.Len(t, deployments, 2)
	for _, d := range deployments {
		assert.Equal(t, false, d.Input("spec.template.spec.automountServiceAccountToken"),
			"%s: the service never calls the Kubernetes API, so its pods get no token", d.Name)
		assert.Equal(t, sa.Input("metadata.name"), d.Input("spec.template.spec.serviceAccountName"),
			"%s runs as the service account the pod identity association names", d.Name)
	}
}

func TestChildrenAreParentedPrefixedAndOutputsExported(t *testing.T) {
	m, svc := run(t, trademarkArgs())
	offlinetest.AssertSubtree(t, m, "ip-platform:ipservice:Service", "trademark")
	assert.Equal(t, "trademark", svc.ServiceName)
	assert.Equal(t, "trademark", svc.Namespace)
	assert.Equal(t, 4001, svc.APIPort)
}

func TestCustomResourcesWaitForTheirOperators(t *testing.T) {
	a := trademarkArgs()
	var operatorURN string
	m, err := offline.Run(offline.Program{Region: "eu-west-1"}, func(ctx *pulumi.Context) error {
		op, err := pulumi.NewStackReference(ctx, "unused", nil) // any resource stands for the operator
		_ = op
		if err != nil {
			return err
		}
		a.After = []pulumi.Resource{op}
		_, err = NewService(ctx, "trademark", a)
		return err
	})
	require.NoError(t, err)
	for _, r := range m.Resources() {
		if r.Type == "pulumi:pulumi:StackReference" {
			operatorURN = r.URN
		}
	}
	require.NotEmpty(t, operatorURN)
	for _, typ := range []string{storeType, externalType, vpaType} {
		for _, r := range m.OfType(typ) {
			assert.Contains(t, r.DependsOn, operatorURN, "%s must wait for the operator that installs its CRD", r.Name)
		}
	}
}

func TestDeploymentsWaitForTheDatabaseUser(t *testing.T) {
	var jobURN string
	m, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
		job, err := pulumi.NewStackReference(ctx, "db-users-job", nil)
		if err != nil {
			return err
		}
		args := trademarkArgs()
		args.Database.Ready = []pulumi.Resource{job}
		_, err = NewService(ctx, "trademark", args)
		return err
	})
	require.NoError(t, err)
	for _, r := range m.Resources() {
		if r.Type == "pulumi:pulumi:StackReference" {
			jobURN = r.URN
		}
	}
	require.NotEmpty(t, jobURN)
	require.NotEmpty(t, m.OfType(deploymentType))
	for _, d := range m.OfType(deploymentType) {
		assert.Contains(t, d.DependsOn, jobURN, "%s must start its pods only once its database user exists", d.Name)
	}
}

func TestCallerArgsAreNotModified(t *testing.T) {
	args := trademarkArgs()
	args.MaxReplicas = 0
	run(t, args)
	assert.Zero(t, args.MaxReplicas, "defaults must be filled on a copy")
	assert.Empty(t, args.Release.Strategy)
	assert.Empty(t, args.LivenessPath)
}

func TestBadArgsAreRejectedNamingTheField(t *testing.T) {
	cases := []struct {
		desc     string
		edit     func(*ServiceArgs)
		fragment string
	}{
		{"no name", func(a *ServiceArgs) { a.ServiceName = "" }, "ServiceName"},
		{"upper case name", func(a *ServiceArgs) { a.ServiceName = "Trademark" }, "ServiceName"},
		{"image without tag", func(a *ServiceArgs) { a.Image = "repo/trademark" }, "Image: \"repo/trademark\" needs a tag or a digest"},
		{"latest", func(a *ServiceArgs) { a.Image = "repo/trademark:latest" }, "floating tag"},
		{"registry port is not a tag", func(a *ServiceArgs) { a.Image = "registry:5000/trademark" }, "needs a tag or a digest"},
		{"short digest", func(a *ServiceArgs) { a.Image = "repo/trademark@sha256:abc" }, "malformed digest"},
		{"no API port", func(a *ServiceArgs) { a.APIPort = 0 }, "APIPort"},
		{"malformed CPU", func(a *ServiceArgs) { a.Resources.CPULimit = "500" }, "Resources: CPULimit"},
		{"malformed memory", func(a *ServiceArgs) { a.Resources.MemoryLimit = "1G" }, "Resources: MemoryLimit"},
		{"limit below request", func(a *ServiceArgs) { a.Resources.CPURequest = "750m" }, "CPULimit 500m must be at least CPURequest 750m"},
		{"max below min", func(a *ServiceArgs) { a.MaxReplicas = 2 }, "MaxReplicas (2) must be >= MinReplicas (3)"},
		{"utilization over 100", func(a *ServiceArgs) { a.TargetCPUUtilization = 150 }, "TargetCPUUtilization"},
		{"unknown strategy", func(a *ServiceArgs) { a.Release.Strategy = "shadow" }, "Release: Strategy \"shadow\""},
		{"canary weight 150", func(a *ServiceArgs) { a.Release.CanaryWeight = 150 }, "Release: CanaryWeight (150)"},
		{"unknown color", func(a *ServiceArgs) { a.Release.ActiveColor = "red" }, "Release: ActiveColor"},
		{"bad flag name", func(a *ServiceArgs) { a.FeatureFlags = map[string]string{"new-search": "on"} }, "FeatureFlags"},
		{"no database", func(a *ServiceArgs) { a.Database.Host = nil }, "Database: Host is required"},
		{"no database name", func(a *ServiceArgs) { a.Database.Name = "" }, "Database: Name is required"},
		{"no database user", func(a *ServiceArgs) { a.Database.User = "" }, "Database: User is required"},
		{"no cache user", func(a *ServiceArgs) { a.Cache.User = "" }, "Cache: User is required"},
		{"cache without cidrs", func(a *ServiceArgs) { a.Cache.Cidrs = nil }, "Cache: Cidrs"},
		{"gateway open to all", func(a *ServiceArgs) { a.GatewayCidrs = []string{"0.0.0.0/0"} }, "GatewayCidrs"},
		{"no collector", func(a *ServiceArgs) { a.OtelEndpoint = "" }, "OtelEndpoint"},
		{"no secrets role", func(a *ServiceArgs) { a.SecretsRoleArn = nil }, "SecretsRoleArn is required"},
		{"availability zone as region", func(a *ServiceArgs) { a.Region = "eu-west-1a" }, "Region"},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			args := trademarkArgs()
			tc.edit(args)
			m, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
				_, err := NewService(ctx, "trademark", args)
				return err
			})
			require.Error(t, err, "args should have been rejected")
			assert.Contains(t, err.Error(), "ipservice trademark: ", "the error must name the component")
			assert.Contains(t, err.Error(), tc.fragment, "the error must name the field")
			assert.Empty(t, m.Resources(), "nothing may be registered before validation passes")
		})
	}
}
