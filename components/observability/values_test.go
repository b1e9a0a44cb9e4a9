package observability

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func filled(t *testing.T, a *ObservabilityArgs) ObservabilityArgs {
	t.Helper()
	out, err := withDefaults("obs", a)
	require.NoError(t, err)
	return out
}

func TestLokiValuesByMode(t *testing.T) {
	cases := []struct {
		mode                       LokiMode
		storage                    string
		writeReplicas, replication int
		caches                     bool
	}{
		{LokiSingleBinary, "filesystem", 0, 1, false},
		{LokiSimpleScalable, "s3", 3, 3, true},
	}
	for _, tc := range cases {
		t.Run(string(tc.mode), func(t *testing.T) {
			a := filled(t, devArgs())
			a.LokiMode = tc.mode
			v := lokiValues(a, "chunks-bucket")
			loki := v["loki"].(obj)
			assert.Equal(t, tc.storage, loki["storage"].(obj)["type"])
			assert.Equal(t, tc.storage, loki["schemaConfig"].(obj)["configs"].([]any)[0].(obj)["object_store"], "the schema must use the same store")
			assert.Equal(t, tc.replication, loki["commonConfig"].(obj)["replication_factor"])
			assert.Equal(t, tc.writeReplicas, v["write"].(obj)["replicas"])
			assert.Equal(t, tc.caches, v["chunksCache"].(obj)["enabled"])
			_, annotated := v["serviceAccount"].(obj)["annotations"]
			assert.False(t, annotated, "no IRSA annotation: the S3 mode's role comes through Pod Identity")
		})
	}
}

func TestAlertmanagerConfigNeverCarriesTheURL(t *testing.T) {
	cfg := alertmanagerConfig(true)
	b, err := json.Marshal(cfg)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"url_file":"/etc/alertmanager/secrets/alertmanager-webhook/url"`)
	assert.NotContains(t, string(b), `"url":`, "the receiver reads its URL from the mounted Secret")

	receivers := alertmanagerConfig(false)["receivers"].([]any)
	require.Len(t, receivers, 1)
	assert.Equal(t, obj{"name": receiverNull}, receivers[0], "without a webhook only the null receiver exists")
}

func TestGrafanaSecretArnMatchesOnlyThatSecret(t *testing.T) {
	arn := grafanaSecretArn("aws", "us-east-1", "111122223333", "ip-platform/prod/grafana-admin")
	assert.Equal(t, "arn:aws:secretsmanager:us-east-1:111122223333:secret:ip-platform/prod/grafana-admin-??????", arn)
	var doc struct {
		Statement []struct{ Action, Resource []string }
	}
	require.NoError(t, json.Unmarshal([]byte(grafanaSecretPolicy(arn)), &doc))
	require.Len(t, doc.Statement, 1)
	assert.Equal(t, []string{arn}, doc.Statement[0].Resource)
	assert.ElementsMatch(t, []string{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"}, doc.Statement[0].Action)
}

func TestServiceRulesUseTheServiceAndItsLimits(t *testing.T) {
	rec := targets()[2]
	rec.Path = "/metrics"
	g := serviceRules(rec)
	assert.Equal(t, "recommendation", g.Name)
	for _, r := range g.Rules {
		assert.True(t, strings.HasPrefix(r.Alert, "Recommendation"), "%s must be named after the service", r.Alert)
		assert.Contains(t, r.Expr, `namespace="recommendation"`, "%s must select the service's namespace", r.Alert)
		assert.Contains(t, []string{severityCritical, severityWarning}, r.Labels["severity"], r.Alert)
	}
	byName := map[string]Rule{}
	for _, r := range g.Rules {
		byName[r.Alert] = r
	}
	assert.Contains(t, byName["RecommendationMemoryNearLimit"].Annotations["description"], "2Gi", "the spec's memory limit is named")
	assert.Contains(t, byName["RecommendationCPUThrottled"].Annotations["description"], "1000m")
	assert.Contains(t, byName["RecommendationMemoryNearLimit"].Expr, "> 0.9")
	assert.Equal(t, severityCritical, byName["RecommendationDown"].Labels["severity"])
}

func TestPlatformRules(t *testing.T) {
	var names []string
	for _, r := range platformRules().Rules {
		names = append(names, r.Alert)
	}
	assert.ElementsMatch(t, []string{"PlatformNodeNotReady", "PlatformVolumeFillingUp", "PlatformVolumeFull", "PlatformHpaAtMax"}, names)
}

func TestDashboardsAreValidAndUseProvisionedDatasources(t *testing.T) {
	dashboards := []Dashboard{overviewDashboard(targets())}
	for _, tgt := range targets() {
		dashboards = append(dashboards, serviceDashboard(tgt))
	}
	uids := map[string]bool{}
	for _, d := range dashboards {
		body, err := d.JSON()
		require.NoError(t, err)
		var back map[string]any
		require.NoError(t, json.Unmarshal([]byte(body), &back), "%s must be valid JSON", d.UID)
		assert.False(t, uids[d.UID], "dashboard UID %s repeats", d.UID)
		uids[d.UID] = true
		require.NotEmpty(t, d.Panels)
		for _, p := range d.Panels {
			assert.Equal(t, datasourcePrometheus, p.Datasource.UID, "%s/%s", d.UID, p.Title)
			assert.NotEmpty(t, p.Targets, "%s/%s has no query", d.UID, p.Title)
			assert.LessOrEqual(t, p.GridPos.X+p.GridPos.W, 24, "%s/%s overflows the grid", d.UID, p.Title)
		}
	}
	svc := serviceDashboard(targets()[0])
	titles := map[string]string{}
	for _, p := range svc.Panels {
		titles[p.Title] = p.Description
	}
	assert.Equal(t, "Limit 500m per pod", titles["CPU against limit"], "saturation is shown against the spec's limit")
	assert.Equal(t, "Limit 1Gi per pod", titles["Memory against limit"])
}

func TestPascal(t *testing.T) {
	for in, want := range map[string]string{"trademark": "Trademark", "ip-search": "IpSearch", "a": "A"} {
		assert.Equal(t, want, pascal(in))
	}
}

func TestJaegerValuesByStorage(t *testing.T) {
	a := filled(t, prodArgs())
	v := jaegerValues(a)
	j := v["jaeger"].(obj)
	assert.Equal(t, sizeJaegerBadger.values(), j["resources"])
	assert.Equal(t, []any{obj{"name": "badger-data", "persistentVolumeClaim": obj{"claimName": jaegerBadgerClaim}}}, j["extraVolumes"],
		"badger's files live on the existing claim")
	assert.Equal(t, []any{obj{"name": "badger-data", "mountPath": "/mnt/data"}}, j["extraVolumeMounts"], "mounted read-write where v1 kept them")
	assert.Equal(t, 1, j["replicas"], "badger has one writer")
	assert.Equal(t, obj{"type": "Recreate"}, j["strategy"], "an update never runs two pods on the badger volume")

	a.TraceStorage = TraceStorageMemory
	v = jaegerValues(a)
	j = v["jaeger"].(obj)
	assert.Equal(t, sizeJaegerMemory.values(), j["resources"])
	assert.Nil(t, j["extraVolumes"], "in-memory Jaeger mounts no volume")
	assert.Nil(t, j["extraVolumeMounts"])
}

func TestJaegerConfigKeepsTracesWhereTheStackSays(t *testing.T) {
	a := filled(t, prodArgs()) // badger, 7 days
	c := newJaegerConfig(a)
	b := c.Extensions.Storage.Backends[jaegerStore].Badger
	require.NotNil(t, b, "prod stores traces on badger")
	assert.Equal(t, "168h", b.TTL.Spans, "badger keeps traceRetentionDays (7) as hours")
	assert.False(t, b.Ephemeral, "badger writes to its volume, not a temporary directory")
	assert.Equal(t, "/mnt/data/badger/key", b.Directories.Keys, "v1's key directory, so existing traces stay readable")
	assert.Equal(t, "/mnt/data/badger/data", b.Directories.Values)
	assert.Nil(t, c.Extensions.Storage.Backends[jaegerStore].Memory)

	a.TraceStorage = TraceStorageMemory
	c = newJaegerConfig(a)
	m := c.Extensions.Storage.Backends[jaegerStore].Memory
	require.NotNil(t, m, "dev keeps traces in memory")
	assert.Equal(t, 50000, m.MaxTraces, "memory is bounded")
	assert.Nil(t, c.Extensions.Storage.Backends[jaegerStore].Badger)
}

// TestJaegerConfigListensWhereTheServiceSends reads the generated configuration in its chart form:
// every listener on all interfaces (the collector's default is localhost, which the Service cannot
// reach) at the ports the chart's Service and probes use.
func TestJaegerConfigListensWhereTheServiceSends(t *testing.T) {
	cfg := jaegerValues(filled(t, prodArgs()))["userconfig"].(obj)
	at := func(path ...string) any {
		var v any = cfg
		for _, k := range path {
			m, ok := v.(obj)
			require.True(t, ok, "userconfig.%s: %v is not an object", strings.Join(path, "."), v)
			v = m[k]
		}
		return v
	}
	assert.Equal(t, "0.0.0.0:4317", at("receivers", "otlp", "protocols", "grpc", "endpoint"), "OTLP/gRPC, where the gateway exports")
	assert.Equal(t, "0.0.0.0:4318", at("receivers", "otlp", "protocols", "http", "endpoint"), "OTLP/HTTP")
	assert.Equal(t, "0.0.0.0:16686", at("extensions", "jaeger_query", "http", "endpoint"), "the UI and API Grafana queries")
	assert.Equal(t, "0.0.0.0:16685", at("extensions", "jaeger_query", "grpc", "endpoint"))
	assert.Equal(t, "0.0.0.0:13133", at("extensions", "healthcheckv2", "http", "endpoint"), "the chart's probes GET /status here")
	assert.Equal(t, true, at("extensions", "healthcheckv2", "use_v2"))
	assert.Equal(t, jaegerStore, at("extensions", "jaeger_query", "storage", "traces"), "query reads the store the exporter writes")
	assert.Equal(t, jaegerStore, at("exporters", "jaeger_storage_exporter", "trace_storage"))
	assert.Equal(t, "168h", at("extensions", "jaeger_storage", "backends", jaegerStore, "badger", "ttl", "spans"))
	assert.Equal(t, []any{"jaeger_storage", "jaeger_query", "healthcheckv2"}, at("service", "extensions"))
	assert.Equal(t, obj{"receivers": []any{"otlp"}, "processors": []any{"batch"}, "exporters": []any{"jaeger_storage_exporter"}},
		at("service", "pipelines", "traces"))
	readers := at("service", "telemetry", "metrics", "readers").([]any)
	require.Len(t, readers, 1)
	assert.Equal(t, obj{"host": "0.0.0.0", "port": 8888.0}, readers[0].(obj)["pull"].(obj)["exporter"].(obj)["prometheus"],
		"metrics on the chart's internal-metrics port")
	assert.Equal(t, obj{}, at("processors", "batch"))
}

// kube-prometheus-stack 88 brings the grafana chart 12, whose image renderer gets a random token on
// every render while it is on; the values the scrape and HA behaviour rest on are guarded with it,
// so a later bump that moves them fails in words.
func TestPrometheusStackValuesTheBumpKeeps(t *testing.T) {
	g := grafanaValues()
	assert.Equal(t, obj{"enabled": false}, g["imageRenderer"], "the image renderer's random token would make every preview differ")
	sidecar := g["sidecar"].(obj)
	assert.Equal(t, sizeGrafanaSidecar.values(), sidecar["resources"], "every grafana sidecar and init-sidecar takes sidecar.resources")
	assert.Equal(t, restrictedContainer(false), sidecar["securityContext"], "...and sidecar.securityContext")

	spec := prometheusValues(filled(t, prodArgs()))["prometheusSpec"].(obj)
	for _, key := range []string{"serviceMonitorSelectorNilUsesHelmValues", "podMonitorSelectorNilUsesHelmValues", "ruleSelectorNilUsesHelmValues"} {
		assert.Equal(t, false, spec[key], "%s: the program's monitors and rules in every namespace must stay selected", key)
	}
	assert.Equal(t, "hard", spec["podAntiAffinity"], "prod's replicas on different nodes")
}

// Loki 7 keeps the paths this program sets where 6.26 had them (bucket names, the compactor's
// delete store, the caches' resources); guarded so a later bump that moves them fails in words.
func TestLokiValuesTheBumpKeeps(t *testing.T) {
	a := filled(t, prodArgs())
	v := lokiValues(a, "chunks-bucket")
	storage := v["loki"].(obj)["storage"].(obj)
	assert.Equal(t, obj{"chunks": "chunks-bucket", "ruler": "chunks-bucket", "admin": "chunks-bucket"}, storage["bucketNames"])
	assert.Equal(t, "s3", v["loki"].(obj)["compactor"].(obj)["delete_request_store"], "retention deletes in the bucket")
	for _, cache := range []string{"chunksCache", "resultsCache"} {
		assert.Equal(t, sizeMemcached.values(), v[cache].(obj)["resources"], "%s: memcached sized by the program, not from allocatedMemory and allocatedCPU", cache)
	}
}
