package apitests

import (
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

const (
	jobType    = "kubernetes:batch/v1:Job"
	policyType = "kubernetes:networking.k8s.io/v1:NetworkPolicy"
	testHost   = "api.staging.ip-platform.example.com"
)

func testLoadTest() *LoadTestArgs {
	return &LoadTestArgs{
		RunID: "2026-12-02-1", Image: "docker.io/grafana/k6:1.3.0",
		Thresholds: Thresholds{P95Milliseconds: 500, P99Milliseconds: 1000, ErrorRatio: 0.01},
		Scenarios: []Scenario{
			{Name: "trademark", VirtualUsers: 20, RampUp: time.Minute, Duration: 5 * time.Minute, Paths: []string{"/trademark", "/trademark/search?q=ip"}},
			{Name: "copyright", VirtualUsers: 10, RampUp: 30 * time.Second, Duration: 10 * time.Minute, Paths: []string{"/copyright"}},
		},
		Prometheus: Prometheus{Namespace: "observability", Service: "kps-prometheus", Port: 9090, PodLabels: map[string]string{"app.kubernetes.io/name": "prometheus"}},
	}
}

func testScan() *ScanArgs {
	return &ScanArgs{RunID: "2026-12-02-1", Image: "ghcr.io/zaproxy/zaproxy:2.16.1", UploaderImage: "docker.io/amazon/aws-cli:2.27.50",
		Bucket: pulumi.String("ip-platform-staging-scan-reports-abc"), Region: "us-east-1"}
}

// testArgs are a staging suite with both tests; after stands for the kube-prometheus-stack
// release.
func testArgs(after pulumi.Resource) *SuiteArgs {
	return &SuiteArgs{APIHost: testHost, VpcCidr: "10.20.0.0/16", LoadTest: testLoadTest(), Scan: testScan(), After: []pulumi.Resource{after}}
}

// build runs NewSuite under the mocks, with a stand-in for the release it waits for; edit
// changes the arguments first.
func build(t *testing.T, edit func(*SuiteArgs)) (*offline.Mocks, *Suite) {
	t.Helper()
	var s *Suite
	m := offlinetest.Run(t, func(ctx *pulumi.Context) error {
		release, err := offlinetest.PodIdentityAgent(ctx)
		if err != nil {
			return err
		}
		a := testArgs(release)
		if edit != nil {
			edit(a)
		}
		s, err = NewSuite(ctx, "ip-platform-staging-api-tests", a)
		return err
	})
	return m, s
}

// podSpec is the Job's pod spec.
func podSpec(t *testing.T, m *offline.Mocks, name string) map[string]any {
	t.Helper()
	return offlinetest.Must(t, m, jobType, name).Input("spec.template.spec").(map[string]any)
}

// envOf maps a container's env to its values (valueFrom as its map).
func envOf(c map[string]any) map[string]any {
	out := map[string]any{}
	for _, e := range c["env"].([]any) {
		e := e.(map[string]any)
		out[e["name"].(string)] = e["value"]
	}
	return out
}

// jobNamed returns the registered Job named name.
func jobNamed(t *testing.T, m *offline.Mocks, name string) offline.Resource {
	t.Helper()
	return offlinetest.Must(t, m, jobType, name)
}
