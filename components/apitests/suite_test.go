package apitests

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

// restricted is the securityContext every container of the tests carries.
var restricted = map[string]any{
	"runAsNonRoot": true, "allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true, "privileged": false,
	"capabilities": map[string]any{"drop": []any{"ALL"}}, "seccompProfile": map[string]any{"type": "RuntimeDefault"},
}

func TestLoadTestJobIsPinnedRestrictedAndBounded(t *testing.T) {
	m, s := build(t, nil)
	assert.Equal(t, "k6-2026-12-02-1", s.LoadTestJob)
	job := jobNamed(t, m, "ip-platform-staging-api-tests-load-test")
	assert.Equal(t, "k6-2026-12-02-1", job.Input("metadata.name"))
	assert.Equal(t, "api-tests", job.Input("metadata.namespace"))
	assert.Equal(t, map[string]any{"pulumi.com/skipAwait": "true"}, job.Input("metadata.annotations"), "no prod consent unless asked")
	assert.Equal(t, "load-test", job.Input("metadata.labels").(map[string]any)[LabelComponent])
	assert.Equal(t, 0.0, job.Input("spec.backoffLimit"), "a failed run is never retried under the same testid")
	// The longest scenario (copyright: 30 s ramp, 10 min hold) plus ramp-down, graceful stop and 5 minutes.
	assert.Equal(t, float64(30+600+30+30+300), job.Input("spec.activeDeadlineSeconds"))

	pod := podSpec(t, m, "ip-platform-staging-api-tests-load-test")
	assert.Equal(t, "Never", pod["restartPolicy"])
	assert.Equal(t, false, pod["automountServiceAccountToken"])
	assert.Equal(t, map[string]any{"runAsNonRoot": true, "runAsUser": 12345.0, "runAsGroup": 12345.0, "fsGroup": 12345.0,
		"seccompProfile": map[string]any{"type": "RuntimeDefault"}}, pod["securityContext"])
	c := pod["containers"].([]any)[0].(map[string]any)
	assert.Equal(t, "docker.io/grafana/k6:1.3.0", c["image"])
	assert.Equal(t, restricted, c["securityContext"])
	assert.Equal(t, map[string]any{
		"requests": map[string]any{"cpu": "500m", "memory": "256Mi", "ephemeral-storage": "64Mi"},
		"limits":   map[string]any{"cpu": "2", "memory": "1Gi", "ephemeral-storage": "256Mi"},
	}, c["resources"])
	assert.Equal(t, []any{"k6", "run", "--out", "experimental-prometheus-rw", "/scripts/load-test.js"}, c["command"])
	env := envOf(c)
	assert.Equal(t, "http://kps-prometheus.observability.svc:9090/api/v1/write", env["K6_PROMETHEUS_RW_SERVER_URL"])
	assert.Equal(t, "p(95),p(99),avg,max", env["K6_PROMETHEUS_RW_TREND_STATS"])
	assert.Contains(t, pod["volumes"], map[string]any{"name": "script", "configMap": map[string]any{"name": "k6-script-2026-12-02-1"}})
}

func TestLoadTestScriptCarriesTheThresholdsAndProfiles(t *testing.T) {
	m, _ := build(t, nil)
	cm := offlinetest.Must(t, m, "kubernetes:core/v1:ConfigMap", "ip-platform-staging-api-tests-k6-script")
	assert.Equal(t, true, cm.Input("immutable"), "a run's script never changes under it")
	script := cm.Input("data").(map[string]any)["load-test.js"].(string)
	want, err := Script(testHost, *testLoadTest())
	require.NoError(t, err)
	assert.Equal(t, want, script)
	for _, fragment := range []string{
		`"http_req_duration{scenario:trademark}": [` + "\n" + `      "p(95)<500",` + "\n" + `      "p(99)<1000"`,
		`"http_req_failed{scenario:copyright}": [` + "\n" + `      "rate<0.01"`,
		`"testid": "2026-12-02-1"`,
		`const base = "https://api.staging.ip-platform.example.com";`,
	} {
		assert.Contains(t, script, fragment)
	}
}

func TestScriptOptionsAreK6Options(t *testing.T) {
	script, err := Script(testHost, *testLoadTest())
	require.NoError(t, err)
	start := strings.Index(script, "export const options = ") + len("export const options = ")
	end := strings.Index(script, ";\n\nconst base")
	var opts k6Options
	require.NoError(t, json.Unmarshal([]byte(script[start:end]), &opts), "the options are a JSON object literal")
	tm := opts.Scenarios["trademark"]
	assert.Equal(t, "ramping-vus", tm.Executor)
	assert.Equal(t, []k6Stage{{"60s", 20}, {"300s", 20}, {"30s", 0}}, tm.Stages)
	assert.Equal(t, "/trademark,/trademark/search?q=ip", tm.Env["PATHS"])
	assert.Equal(t, []string{"p(95)<500", "p(99)<1000"}, opts.Thresholds["http_req_duration"], "the run-wide thresholds too")
	assert.Equal(t, []string{"rate<0.01"}, opts.Thresholds["http_req_failed"])
	assert.Len(t, opts.Thresholds, 6, "run-wide and per scenario, two metrics each")
}

func TestScanJobKeepsTheReportAndTheVerdict(t *testing.T) {
	m, s := build(t, func(a *SuiteArgs) { a.Scan.FailOnWarn = true })
	assert.Equal(t, "zap-2026-12-02-1", s.ScanJob)
	job := jobNamed(t, m, "ip-platform-staging-api-tests-security-scan")
	assert.Equal(t, "zap-2026-12-02-1", job.Input("metadata.name"))
	assert.Equal(t, 0.0, job.Input("spec.backoffLimit"))
	assert.Equal(t, 2700.0, job.Input("spec.activeDeadlineSeconds"))
	pod := podSpec(t, m, "ip-platform-staging-api-tests-security-scan")
	assert.Equal(t, ScanServiceAccount, pod["serviceAccountName"], "the uploader's Pod Identity role is this account's")
	assert.Equal(t, 1000.0, pod["securityContext"].(map[string]any)["runAsUser"])

	zap := pod["initContainers"].([]any)[0].(map[string]any)
	assert.Equal(t, "ghcr.io/zaproxy/zaproxy:2.16.1", zap["image"])
	assert.Equal(t, restricted, zap["securityContext"])
	script := zap["command"].([]any)[2].(string)
	assert.Contains(t, script, `zap-baseline.py -t "https://api.staging.ip-platform.example.com"`)
	assert.NotContains(t, script, " -j", "no AJAX spider")
	assert.NotContains(t, script, " -a ", "no alpha passive rules")
	assert.Contains(t, script, "> /zap/wrk/exit-code", "the verdict is kept for the uploader, not lost with the container")
	assert.Contains(t, zap["volumeMounts"], map[string]any{"name": "reports", "mountPath": "/zap/wrk", "readOnly": false})
	assert.Contains(t, zap["volumeMounts"], map[string]any{"name": "home", "mountPath": "/home/zap", "readOnly": false})
	assert.Equal(t, "2Gi", zap["resources"].(map[string]any)["limits"].(map[string]any)["memory"])

	up := pod["containers"].([]any)[0].(map[string]any)
	assert.Equal(t, "docker.io/amazon/aws-cli:2.27.50", up["image"])
	assert.Equal(t, restricted, up["securityContext"])
	env := envOf(up)
	assert.Equal(t, "ip-platform-staging-scan-reports-abc", env["BUCKET"])
	assert.Equal(t, "2026-12-02-1", env["RUN_ID"])
	assert.Equal(t, "true", env["FAIL_ON_WARN"])
	assert.Equal(t, "us-east-1", env["AWS_REGION"])
	assert.Contains(t, up["command"].([]any)[2], `aws s3 cp /zap/wrk/ "s3://$BUCKET/$RUN_ID/" --recursive`)
	for _, v := range pod["volumes"].([]any) {
		assert.Contains(t, v, "emptyDir", "scratch only, bounded: %v", v)
	}
}

func TestProdConsentIsAnnotated(t *testing.T) {
	m, _ := build(t, func(a *SuiteArgs) { a.LoadTest.AllowInProd, a.Scan.AllowInProd = true, true })
	for _, name := range []string{"ip-platform-staging-api-tests-load-test", "ip-platform-staging-api-tests-security-scan"} {
		assert.Equal(t, "true", jobNamed(t, m, name).Input("metadata.annotations").(map[string]any)[AnnotationAllowInProd])
	}
}

func TestNamespaceIsRestrictedAndEgressIsBounded(t *testing.T) {
	m, _ := build(t, nil)
	ns := offlinetest.Must(t, m, "kubernetes:core/v1:Namespace", "ip-platform-staging-api-tests-namespace")
	labels := ns.Input("metadata.labels").(map[string]any)
	assert.Equal(t, "restricted", labels["pod-security.kubernetes.io/enforce"])
	assert.NotContains(t, labels, "istio.io/dataplane-mode", "the tests reach the API as a client, from outside the mesh")

	deny := offlinetest.Must(t, m, policyType, "ip-platform-staging-api-tests-default-deny")
	assert.Equal(t, []any{"Ingress", "Egress"}, deny.Input("spec.policyTypes"))
	egress := offlinetest.Must(t, m, policyType, "ip-platform-staging-api-tests-egress").Input("spec.egress").([]any)
	require.Len(t, egress, 2, "DNS and HTTPS on the internet")
	assert.Equal(t, map[string]any{"cidr": "0.0.0.0/0", "except": []any{"10.20.0.0/16"}}, egress[1].(map[string]any)["to"].([]any)[0].(map[string]any)["ipBlock"])
	assert.Equal(t, []any{map[string]any{"port": 443.0, "protocol": "TCP"}}, egress[1].(map[string]any)["ports"])

	rw := offlinetest.Must(t, m, policyType, "ip-platform-staging-api-tests-remote-write")
	assert.Equal(t, map[string]any{"matchLabels": map[string]any{LabelComponent: "load-test"}}, rw.Input("spec.podSelector"))
	assert.Equal(t, []any{map[string]any{"port": 9090.0, "protocol": "TCP"}}, rw.Input("spec.egress").([]any)[0].(map[string]any)["ports"])
	agent := offlinetest.Must(t, m, policyType, "ip-platform-staging-api-tests-pod-identity")
	assert.Equal(t, map[string]any{"matchLabels": map[string]any{LabelComponent: "security-scan"}}, agent.Input("spec.podSelector"))
}

func TestOnlyTheTestsAskedForAreBuilt(t *testing.T) {
	m, s := build(t, func(a *SuiteArgs) { a.Scan = nil })
	assert.Empty(t, s.ScanJob)
	_, ok := m.Named(jobType, "ip-platform-staging-api-tests-security-scan")
	assert.False(t, ok, "no scan Job without Scan")
	_, ok = m.Named(policyType, "ip-platform-staging-api-tests-pod-identity")
	assert.False(t, ok, "no path to the pod identity agent without the uploader")
	jobNamed(t, m, "ip-platform-staging-api-tests-load-test")
}

func TestAlertRuleAndDashboard(t *testing.T) {
	m, _ := build(t, nil)
	rule := offlinetest.Must(t, m, "kubernetes:monitoring.coreos.com/v1:PrometheusRule", "ip-platform-staging-api-tests-rules")
	assert.Equal(t, "api-tests", rule.Input("metadata.name"))
	raw, err := json.Marshal(rule.Input("spec"))
	require.NoError(t, err)
	assert.Contains(t, string(raw), `kube_job_status_failed{namespace=\"api-tests\", job_name=~\"zap-.+\"}`)
	dash := offlinetest.Must(t, m, "kubernetes:core/v1:ConfigMap", "ip-platform-staging-api-tests-dashboard")
	assert.Equal(t, "observability", dash.Input("metadata.namespace"))
	body := dash.Input("data").(map[string]any)[DashboardUID+".json"].(string)
	assert.Contains(t, body, `k6_http_req_duration_p95{testid=~\"$testid\"}`, "runs are compared by testid")
	assert.Contains(t, body, `label_values(k6_http_reqs_total, testid)`)
}

func TestRuleCasesCoverEveryAlert(t *testing.T) {
	g := RuleGroup(DefaultNamespace)
	for _, r := range g.Rules {
		fires, quiet := 0, 0
		for _, c := range r.Cases {
			if len(c.Fires) > 0 {
				fires++
			} else {
				quiet++
			}
		}
		assert.Positive(t, fires, "%s needs a case that fires", r.Alert)
		assert.Positive(t, quiet, "%s needs a case that does not", r.Alert)
	}
}

func TestBadArgsAreRejectedNamingTheField(t *testing.T) {
	cases := []struct {
		desc     string
		edit     func(*SuiteArgs)
		fragment string
	}{
		{"no host", func(a *SuiteArgs) { a.APIHost = "" }, "APIHost"},
		{"bad vpc block", func(a *SuiteArgs) { a.VpcCidr = "10.20.0.0/33" }, "VpcCidr"},
		{"nothing to wait for", func(a *SuiteArgs) { a.After = nil }, "After is required"},
		{"latest k6", func(a *SuiteArgs) { a.LoadTest.Image = "grafana/k6:latest" }, "LoadTest.Image"},
		{"run id with capitals", func(a *SuiteArgs) { a.LoadTest.RunID = "Run" }, "LoadTest.RunID"},
		{"error ratio above 1", func(a *SuiteArgs) { a.LoadTest.Thresholds.ErrorRatio = 2 }, "LoadTest.Thresholds.ErrorRatio"},
		{"p99 under p95", func(a *SuiteArgs) { a.LoadTest.Thresholds.P99Milliseconds = 100 }, "LoadTest.Thresholds"},
		{"no scenario", func(a *SuiteArgs) { a.LoadTest.Scenarios = nil }, "LoadTest.Scenarios is required"},
		{"two scenarios of one service", func(a *SuiteArgs) { a.LoadTest.Scenarios[1].Name = "trademark" }, "LoadTest.Scenarios[1].Name"},
		{"no path", func(a *SuiteArgs) { a.LoadTest.Scenarios[0].Paths = nil }, "LoadTest.Scenarios[0].Paths"},
		{"no prometheus", func(a *SuiteArgs) { a.LoadTest.Prometheus = Prometheus{} }, "LoadTest.Prometheus"},
		{"untagged zap", func(a *SuiteArgs) { a.Scan.Image = "ghcr.io/zaproxy/zaproxy" }, "Scan.Image"},
		{"no bucket", func(a *SuiteArgs) { a.Scan.Bucket = nil }, "Scan.Bucket is required"},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			m, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
				a := testArgs(nil)
				a.After = []pulumi.Resource{nil}
				tc.edit(a)
				_, err := NewSuite(ctx, "ip-platform-staging-api-tests", a)
				return err
			})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "apitests ip-platform-staging-api-tests: "+tc.fragment)
			assert.Empty(t, m.Resources(), "nothing may be registered before validation passes")
		})
	}
}
