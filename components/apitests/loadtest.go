package apitests

import (
	"fmt"

	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/podsecurity"
)

// k6UID is the k6 user of the grafana/k6 images: a fixed, non-zero ID the restricted profile
// accepts.
const k6UID = 12345

// scriptFile is the script's key in its ConfigMap and its file name in the pod.
const scriptFile = "load-test.js"

// trendStats are the request-duration statistics k6 remote-writes (k6_http_req_duration_p95, ...):
// the thresholds' percentiles, and the mean and worst for the dashboard.
const trendStats = "p(95),p(99),avg,max"

// The k6 container's requests and limits: 500 virtual users (the config's bound) of plain GETs
// take about a core and a half and under 1 GiB; results stream to Prometheus, so the disk holds
// the log only.
var (
	k6Requests = quantities{cpu: "500m", memory: "256Mi", storage: "64Mi"}
	k6Limits   = quantities{cpu: "2", memory: "1Gi", storage: "256Mi"}
)

// RemoteWriteURL is Prometheus's remote-write receiver for p.
func RemoteWriteURL(p Prometheus) string {
	return fmt.Sprintf("http://%s.%s.svc:%d/api/v1/write", p.Service, p.Namespace, p.Port)
}

// loadTest creates the run's script and its Job.
func (o objects) loadTest(jobName string) error {
	l := *o.a.LoadTest
	script, err := Script(o.a.APIHost, l)
	if err != nil {
		return err
	}
	l8s := labels(ComponentLoadTest)
	cm, err := corev1.NewConfigMap(o.ctx, o.name+"-k6-script", &corev1.ConfigMapArgs{
		// Named by the run and immutable: a new run id is a new script for the new Job, never an
		// edit under a running one.
		Metadata:  o.meta("k6-script-"+l.RunID, l8s),
		Immutable: pulumi.Bool(true),
		Data:      pulumi.StringMap{scriptFile: pulumi.String(script)},
	}, o.parent)
	if err != nil {
		return fmt.Errorf("k6 script: %w", err)
	}
	pod := &corev1.PodSpecArgs{
		RestartPolicy:                pulumi.String("Never"),
		AutomountServiceAccountToken: pulumi.Bool(false),
		SecurityContext:              podsecurity.Pod(k6UID),
		Containers: corev1.ContainerArray{corev1.ContainerArgs{
			Name:            pulumi.String("k6"),
			Image:           pulumi.String(l.Image),
			ImagePullPolicy: pulumi.String("IfNotPresent"),
			Command:         pulumi.ToStringArray([]string{"k6", "run", "--out", "experimental-prometheus-rw", "/scripts/" + scriptFile}),
			Env: corev1.EnvVarArray{
				env("K6_PROMETHEUS_RW_SERVER_URL", RemoteWriteURL(l.Prometheus)),
				env("K6_PROMETHEUS_RW_TREND_STATS", trendStats),
				// No usage report to Grafana Labs: the run's egress is for the API.
				env("K6_NO_USAGE_REPORT", "true"),
				env("HOME", "/tmp"),
			},
			Resources:       resources(k6Requests, k6Limits),
			SecurityContext: podsecurity.Container(),
			VolumeMounts: corev1.VolumeMountArray{
				mount("script", "/scripts", true),
				mount("tmp", "/tmp", false),
			},
		}},
		Volumes: corev1.VolumeArray{
			corev1.VolumeArgs{Name: pulumi.String("script"), ConfigMap: &corev1.ConfigMapVolumeSourceArgs{Name: cm.Metadata.Name().Elem()}},
			scratch("tmp", "64Mi"),
		},
	}
	if err := o.job(jobSpec{
		logical: "-load-test", name: jobName, component: ComponentLoadTest, runID: l.RunID, allowInProd: l.AllowInProd,
		deadline: deadline(l), pod: pod, after: []pulumi.Resource{cm},
	}); err != nil {
		return fmt.Errorf("load test %w", err)
	}
	return nil
}
