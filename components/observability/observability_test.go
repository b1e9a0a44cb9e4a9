package observability

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

const (
	releaseType    = "kubernetes:helm.sh/v3:Release"
	ruleType       = "kubernetes:monitoring.coreos.com/v1:PrometheusRule"
	monitorType    = "kubernetes:monitoring.coreos.com/v1:ServiceMonitor"
	podMonitorType = "kubernetes:monitoring.coreos.com/v1:PodMonitor"
)

func targets() []ScrapeTarget {
	return []ScrapeTarget{
		{Name: "trademark", Namespace: "trademark", PortName: "management", Port: 4002, CPULimit: "500m", MemoryLimit: "1Gi"},
		{Name: "copyright", Namespace: "copyright", PortName: "management", Port: 4004, CPULimit: "500m", MemoryLimit: "1Gi"},
		{Name: "recommendation", Namespace: "recommendation", PortName: "api", Port: 3000, CPULimit: "1000m", MemoryLimit: "2Gi"},
	}
}

// The AWS values the Kubernetes side is given: on EKS they are CloudResources' outputs.
const (
	testLokiBucket    = "ip-platform-prod-loki-20240101"
	testGrafanaSecret = "arn:aws:iam::123456789012:role/given-grafana-secrets"
)

func devArgs() *ObservabilityArgs {
	return &ObservabilityArgs{
		ClusterName: "ip-platform-dev", Region: "eu-west-1",
		GrafanaSecretsRoleArn:  pulumi.String(testGrafanaSecret),
		Targets:                targets(),
		GrafanaAdminSecretName: "ip-platform/dev/grafana-admin",
	}
}

func prodArgs() *ObservabilityArgs {
	a := devArgs()
	a.ClusterName = "ip-platform-prod"
	a.PrometheusReplicas, a.PrometheusRetentionDays, a.PrometheusStorageGiB = 2, 30, 100
	a.AlertmanagerReplicas = 2
	a.LokiMode, a.LokiRetentionDays = LokiSimpleScalable, 30
	a.LokiBucket = pulumi.String(testLokiBucket)
	a.TraceStorage, a.TraceRetentionDays, a.TraceStorageGiB = TraceStorageBadger, 7, 50
	a.AlertWebhookURL = pulumi.ToSecret(pulumi.String("https://hooks.example.com/alerts")).(pulumi.StringOutput)
	return a
}

func run(t *testing.T, args *ObservabilityArgs) *offline.Mocks {
	t.Helper()
	return offlinetest.Run(t, func(ctx *pulumi.Context) error {
		_, err := NewObservability(ctx, "obs", args)
		return err
	})
}

func releaseNamed(t *testing.T, m *offline.Mocks, name string) offline.Resource {
	t.Helper()
	return offlinetest.Must(t, m, releaseType, name)
}

func TestEveryReleaseIsPinnedAtomicAndInItsNamespace(t *testing.T) {
	m := run(t, prodArgs())
	want := map[string]struct {
		chart     Chart
		namespace string
	}{
		"obs-kube-prometheus-stack": {KubePrometheusStack, Namespace},
		"obs-loki":                  {Loki, Namespace},
		"obs-jaeger":                {Jaeger, Namespace},
		"obs-otel-collector":        {OpenTelemetryCollector, Namespace},
		// the log shipper mounts host paths: only the agents namespace admits it
		"obs-otel-logs": {OpenTelemetryCollector, AgentsNamespace},
	}
	require.Len(t, m.OfType(releaseType), len(want), "five Helm releases: kube-prometheus-stack, Loki, Jaeger, the gateway and the log shipper")
	for logical, w := range want {
		r := releaseNamed(t, m, logical)
		assert.Equal(t, w.chart.Name, r.Input("chart"), logical)
		assert.Equal(t, w.chart.Version, r.Input("version"), "%s must be pinned exactly", logical)
		assert.Equal(t, w.chart.Repo, r.Input("repositoryOpts.repo"), logical)
		assert.Equal(t, w.namespace, r.Input("namespace"), logical)
		assert.Equal(t, true, r.Input("atomic"), "%s: a failed upgrade must roll back", logical)
		assert.Equal(t, 900.0, r.Input("timeout"), "%s: volumes attach on first start", logical)
		assert.Nil(t, r.Input("createNamespace"), "%s: the namespaces are the component's, not Helm's", logical)
	}
	assert.Equal(t, "88.5.3", KubePrometheusStack.Version)
	assert.Equal(t, "7.3.0", Loki.Version)
	assert.Equal(t, "4.11.1", Jaeger.Version)
	assert.Equal(t, "0.170.0", OpenTelemetryCollector.Version)
}

// resourcesBlocks walks chart values and returns every "resources" object found, by path.
func resourcesBlocks(path string, v any, out map[string]any) {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			if k == "resources" {
				out[path+".resources"] = e
				continue
			}
			resourcesBlocks(path+"."+k, e, out)
		}
	case []any:
		for _, e := range t {
			resourcesBlocks(path+"[]", e, out)
		}
	}
}

func TestEveryReleaseSetsRequestsAndLimits(t *testing.T) {
	for _, args := range []*ObservabilityArgs{devArgs(), prodArgs()} {
		m := run(t, args)
		for _, r := range m.OfType(releaseType) {
			blocks := map[string]any{}
			resourcesBlocks(r.Name, r.Input("values"), blocks)
			require.NotEmpty(t, blocks, "%s sets no resources", r.Name)
			for path, b := range blocks {
				block, _ := b.(map[string]any)
				if req, _ := block["requests"].(map[string]any); req["storage"] != nil {
					continue // a volume claim's size, not a container's resources
				}
				for _, kind := range []string{"requests", "limits"} {
					list, _ := block[kind].(map[string]any)
					assert.NotEmpty(t, list["cpu"], "%s: %s.cpu missing", path, kind)
					assert.NotEmpty(t, list["memory"], "%s: %s.memory missing", path, kind)
				}
			}
		}
	}
}

func TestPerEnvironmentValues(t *testing.T) {
	dev := run(t, devArgs())
	prod := run(t, prodArgs())
	kps := func(m *offline.Mocks, path string) any {
		return releaseNamed(t, m, "obs-kube-prometheus-stack").Input("values." + path)
	}

	assert.Equal(t, 1.0, kps(dev, "prometheus.prometheusSpec.replicas"))
	assert.Equal(t, 2.0, kps(prod, "prometheus.prometheusSpec.replicas"), "prod runs two Prometheus replicas")
	assert.Equal(t, "7d", kps(dev, "prometheus.prometheusSpec.retention"))
	assert.Equal(t, "30d", kps(prod, "prometheus.prometheusSpec.retention"))
	assert.Equal(t, "100Gi", kps(prod, "prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage"))
	assert.Equal(t, "20Gi", kps(dev, "prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage"))
	assert.Equal(t, 2.0, kps(prod, "alertmanager.alertmanagerSpec.replicas"))

	loki := func(m *offline.Mocks, path string) any { return releaseNamed(t, m, "obs-loki").Input("values." + path) }
	assert.Equal(t, "SingleBinary", loki(dev, "deploymentMode"))
	assert.Equal(t, "filesystem", loki(dev, "loki.storage.type"), "dev keeps logs on the pod's volume")
	assert.Equal(t, "SimpleScalable", loki(prod, "deploymentMode"))
	assert.Equal(t, "s3", loki(prod, "loki.storage.type"))
	assert.Equal(t, "168h", loki(dev, "loki.limits_config.retention_period"))
	assert.Equal(t, "720h", loki(prod, "loki.limits_config.retention_period"))
	assert.Equal(t, 3.0, loki(prod, "write.replicas"))
	assert.Equal(t, 0.0, loki(dev, "write.replicas"))
	for _, store := range []string{"chunks", "ruler", "admin"} {
		assert.Equal(t, testLokiBucket, loki(prod, "loki.storage.bucketNames."+store), "%s go to the given bucket", store)
	}
	assert.Equal(t, "eu-west-1", loki(prod, "loki.storage.s3.region"))
	assert.Equal(t, "loki", loki(prod, "serviceAccount.name"), "CloudResources' pod identity association names this service account")
	assert.Nil(t, loki(prod, `serviceAccount.annotations`), "no IRSA annotation: Loki reaches S3 with its Pod Identity role")
	assert.Nil(t, loki(dev, `serviceAccount.annotations`))

	jaeger := func(m *offline.Mocks, path string) any {
		return releaseNamed(t, m, "obs-jaeger").Input("values." + path)
	}
	assert.Equal(t, 50000.0, jaeger(dev, "userconfig.extensions.jaeger_storage.backends.primary_store.memory.max_traces"))
	assert.Nil(t, jaeger(dev, "userconfig.extensions.jaeger_storage.backends.primary_store.badger"))
	assert.Nil(t, jaeger(dev, "jaeger.extraVolumes"), "in-memory traces need no volume")
	assert.Equal(t, false, jaeger(prod, "userconfig.extensions.jaeger_storage.backends.primary_store.badger.ephemeral"))
	assert.Equal(t, "168h", jaeger(prod, "userconfig.extensions.jaeger_storage.backends.primary_store.badger.ttl.spans"))
	assert.Equal(t, jaegerBadgerClaim, jaeger(prod, "jaeger.extraVolumes[0].persistentVolumeClaim.claimName"))
	assert.Equal(t, jaegerName, jaeger(prod, "fullnameOverride"), "the chart's one Service is named jaeger")
	claim := offlinetest.Must(t, prod, "kubernetes:core/v1:PersistentVolumeClaim", "obs-jaeger-badger")
	assert.Equal(t, "50Gi", claim.Input("spec.resources.requests.storage"))
	assert.Empty(t, dev.OfType("kubernetes:core/v1:PersistentVolumeClaim"), "in-memory traces need no volume")
}

func TestTheKubernetesSideCreatesNothingInAWS(t *testing.T) {
	for _, args := range []*ObservabilityArgs{devArgs(), prodArgs()} {
		m := run(t, args)
		for _, r := range m.Resources() {
			assert.False(t, strings.HasPrefix(r.Type, "aws:"), "%s %s: AWS resources belong to CloudResources", r.Type, r.Name)
		}
	}
}

func TestOneRuleSetAndOneMonitorPerService(t *testing.T) {
	m := run(t, devArgs())
	for _, svc := range targets() {
		r := offlinetest.Must(t, m, ruleType, "obs-"+svc.Name+"-rules")
		assert.Equal(t, Namespace, r.Input("metadata.namespace"))
		var alerts []string
		for _, rule := range r.Input("spec.groups[0].rules").([]any) {
			alerts = append(alerts, rule.(map[string]any)["alert"].(string))
		}
		name := pascal(svc.Name)
		assert.ElementsMatch(t, []string{name + "Down", name + "HighErrorRatio", name + "ElevatedErrorRatio", name + "HighLatencyP99",
			name + "Restarting", name + "CPUThrottled", name + "MemoryNearLimit",
			name + "AvailabilityBudgetBurn", name + "AvailabilityBudgetBurnSlow", name + "LatencyBudgetBurn", name + "LatencyBudgetBurnSlow"}, alerts, "%s rule set", svc.Name)

		// One PodMonitor per service: each pod is one target, whatever Services select it.
		pm := offlinetest.Must(t, m, podMonitorType, "obs-"+svc.Name)
		assert.Equal(t, []any{svc.Namespace}, pm.Input("spec.namespaceSelector.matchNames"))
		assert.Equal(t, svc.Name, pm.Input(`spec.selector.matchLabels["app.kubernetes.io/name"]`))
		assert.Equal(t, "app.kubernetes.io/name", pm.Input("spec.jobLabel"), "job is the service name the alerts select")
		assert.Equal(t, svc.PortName, pm.Input("spec.podMetricsEndpoints[0].port"))
		assert.Equal(t, "/metrics", pm.Input("spec.podMetricsEndpoints[0].path"))

		cm := offlinetest.Must(t, m, "kubernetes:core/v1:ConfigMap", "obs-"+svc.Name+"-dashboard")
		assert.Equal(t, "1", cm.Input("metadata.labels.grafana_dashboard"), "the Grafana sidecar loads ConfigMaps labelled grafana_dashboard=1")
		var d Dashboard
		require.NoError(t, json.Unmarshal([]byte(cm.Input(`data["ip-`+svc.Name+`.json"]`).(string)), &d))
		assert.Equal(t, "ip-"+svc.Name, d.UID)
	}
	assert.Len(t, m.OfType(ruleType), len(targets())+1, "a rule set per service and one for the platform")
	offlinetest.Must(t, m, "kubernetes:core/v1:ConfigMap", "obs-overview-dashboard")
}

func TestCustomResourcesWaitForTheirCRDs(t *testing.T) {
	m := run(t, devArgs())
	kps := releaseNamed(t, m, "obs-kube-prometheus-stack")
	for _, typ := range []string{ruleType, monitorType, podMonitorType} {
		for _, r := range m.OfType(typ) {
			assert.Contains(t, r.DependsOn, kps.URN, "%s %s must wait for kube-prometheus-stack (its CRDs)", typ, r.Name)
		}
	}
}

func TestDatasourcesAreWired(t *testing.T) {
	m := run(t, devArgs())
	ds := releaseNamed(t, m, "obs-kube-prometheus-stack").Input("values.grafana.additionalDataSources").([]any)
	urls := map[string]string{}
	for _, d := range ds {
		e := d.(map[string]any)
		urls[e["type"].(string)] = e["url"].(string)
	}
	assert.Equal(t, "http://loki-gateway.observability.svc.cluster.local", urls["loki"])
	assert.Equal(t, "http://jaeger.observability.svc.cluster.local:16686", urls["jaeger"], "v2 serves the query API on its one Service")
	r := releaseNamed(t, m, "obs-kube-prometheus-stack")
	assert.Equal(t, true, r.Input("values.grafana.sidecar.datasources.defaultDatasourceEnabled"), "Prometheus is provisioned by the chart")
	assert.Equal(t, "grafana-admin", r.Input("values.grafana.admin.existingSecret"))
}

func TestServicesExportToTheCollectorService(t *testing.T) {
	assert.Equal(t, "http://otel-collector.observability.svc.cluster.local:4317", OtlpGrpcEndpoint)
	m := run(t, devArgs())
	gw := releaseNamed(t, m, "obs-otel-collector")
	assert.Equal(t, CollectorName, gw.Input("name"))
	assert.Equal(t, CollectorName, gw.Input("values.fullnameOverride"), "the Service is named otel-collector")
	assert.Equal(t, CollectorName, gw.Input("values.nameOverride"), "pods carry app.kubernetes.io/name=otel-collector")
	assert.Equal(t, "deployment", gw.Input("values.mode"))
	assert.Equal(t, 4317.0, gw.Input("values.ports.otlp.servicePort"))
	assert.Equal(t, []any{"otlp/jaeger"}, gw.Input("values.config.service.pipelines.traces.exporters"))
	assert.Equal(t, jaegerOtlp, gw.Input("values.config.exporters.otlp/jaeger.endpoint"))
	assert.Equal(t, "jaeger.observability.svc.cluster.local:4317", jaegerOtlp, "Jaeger v2's one Service takes OTLP")
	logs := releaseNamed(t, m, "obs-otel-logs")
	assert.Equal(t, "daemonset", logs.Input("values.mode"))
	assert.Equal(t, true, logs.Input("values.presets.logsCollection.enabled"))
}

func TestGrafanaAdminComesFromSecretsManager(t *testing.T) {
	m := run(t, devArgs())
	store := offlinetest.Must(t, m, "kubernetes:external-secrets.io/v1:SecretStore", "obs-grafana-secret-store")
	assert.Equal(t, "SecretsManager", store.Input("spec.provider.aws.service"))
	assert.Equal(t, secretsServiceAccount, store.Input("spec.provider.aws.auth.jwt.serviceAccountRef.name"))
	es := offlinetest.Must(t, m, "kubernetes:external-secrets.io/v1:ExternalSecret", "obs-grafana-admin")
	assert.Equal(t, "ip-platform/dev/grafana-admin", es.Input("spec.data[0].remoteRef.key"))
	assert.Equal(t, grafanaAdminSecret, es.Input("spec.target.name"))
	sa := offlinetest.Must(t, m, "kubernetes:core/v1:ServiceAccount", "obs-grafana-secrets")
	assert.Equal(t, secretsServiceAccount, sa.Input("metadata.name"))
	assert.Equal(t, testGrafanaSecret, sa.Input(`metadata.annotations["eks.amazonaws.com/role-arn"]`),
		"the SecretStore's service account assumes the given role")
	kps := releaseNamed(t, m, "obs-kube-prometheus-stack")
	assert.Contains(t, kps.DependsOn, es.URN, "Grafana starts after its credentials are synced")
}

func TestAlertRoutingWithAndWithoutAWebhook(t *testing.T) {
	dev := run(t, devArgs())
	cfg := releaseNamed(t, dev, "obs-kube-prometheus-stack").Input("values.alertmanager.config").(map[string]any)
	for _, r := range cfg["route"].(map[string]any)["routes"].([]any) {
		assert.Equal(t, receiverNull, r.(map[string]any)["receiver"], "without a webhook every route ends at the null receiver")
	}

	prod := run(t, prodArgs())
	cfg = releaseNamed(t, prod, "obs-kube-prometheus-stack").Input("values.alertmanager.config").(map[string]any)
	routes := map[string]string{}
	for _, r := range cfg["route"].(map[string]any)["routes"].([]any) {
		e := r.(map[string]any)
		routes[e["matchers"].([]any)[0].(string)] = e["receiver"].(string)
	}
	assert.Equal(t, receiverWebhook, routes[`severity = "critical"`])
	assert.Equal(t, receiverWebhook, routes[`severity = "warning"`])
	assert.Equal(t, receiverNull, routes[`severity = "info"`])
	b, _ := json.Marshal(releaseNamed(t, prod, "obs-kube-prometheus-stack").Input("values"))
	assert.NotContains(t, string(b), "hooks.example.com", "the webhook URL must not appear in chart values")

	secret := offlinetest.Must(t, prod, "kubernetes:core/v1:Secret", "obs-alert-webhook")
	v, ok := secret.InputValue("stringData")
	require.True(t, ok)
	assert.True(t, v.ContainsSecrets(), "the webhook URL stays a Pulumi secret")
}

func TestChildrenAreParentedAndPrefixed(t *testing.T) {
	m := run(t, prodArgs())
	offlinetest.AssertSubtree(t, m, "ip-platform:observability:Observability", "obs")
}

func TestBadArgsAreRejectedNamingTheField(t *testing.T) {
	cases := []struct {
		desc  string
		edit  func(*ObservabilityArgs)
		field string
	}{
		{"no region", func(a *ObservabilityArgs) { a.Region = "" }, "Region"},
		{"no targets", func(a *ObservabilityArgs) { a.Targets = nil }, "Targets"},
		{"duplicate target", func(a *ObservabilityArgs) { a.Targets = append(a.Targets, a.Targets[0]) }, "Targets[3].Name"},
		{"bad path", func(a *ObservabilityArgs) { a.Targets[0].Path = "metrics" }, "Targets[0].Path"},
		{"too many replicas", func(a *ObservabilityArgs) { a.PrometheusReplicas = 4 }, "PrometheusReplicas"},
		{"unknown loki mode", func(a *ObservabilityArgs) { a.LokiMode = "Distributed" }, "LokiMode"},
		{"unknown trace storage", func(a *ObservabilityArgs) { a.TraceStorage = "cassandra" }, "TraceStorage"},
		{"no grafana secret", func(a *ObservabilityArgs) { a.GrafanaAdminSecretName = "" }, "GrafanaAdminSecretName"},
		{"no grafana secrets role", func(a *ObservabilityArgs) { a.GrafanaSecretsRoleArn = nil }, "GrafanaSecretsRoleArn"},
		{"scalable loki without a bucket", func(a *ObservabilityArgs) {
			a.LokiMode = LokiSimpleScalable
		}, "LokiBucket is required when LokiMode is SimpleScalable"},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			args := devArgs()
			tc.edit(args)
			m, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
				_, err := NewObservability(ctx, "obs", args)
				return err
			})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "observability obs: "+tc.field)
			assert.Empty(t, m.Resources(), "nothing may be registered before validation passes")
		})
	}
}
