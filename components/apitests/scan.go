package apitests

import (
	"fmt"
	"time"

	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/podsecurity"
)

// zapUID is the zap user of the ZAP images; the uploader runs as the same user so it can read the
// reports ZAP wrote.
const zapUID = 1000

// The scan's bounds: the spider crawls for at most spiderMinutes, ZAP's passive scan gets at most
// passiveMinutes after it, and the Job's deadline leaves room for the image pulls (ZAP's image is
// about 1 GB) and the upload.
const (
	spiderMinutes  = 5
	passiveMinutes = 15
	scanDeadline   = 45 * time.Minute
)

// The containers' requests and limits. ZAP is a JVM that holds the crawled site in memory; the
// uploader is one AWS CLI command.
var (
	zapRequests      = quantities{cpu: "500m", memory: "1Gi", storage: "256Mi"}
	zapLimits        = quantities{cpu: "2", memory: "2Gi", storage: "1Gi"}
	uploaderRequests = quantities{cpu: "50m", memory: "128Mi", storage: "64Mi"}
	uploaderLimits   = quantities{cpu: "500m", memory: "256Mi", storage: "256Mi"}
)

// reportDir is where zap-baseline.py writes its reports (it requires /zap/wrk), an emptyDir both
// containers mount.
const reportDir = "/zap/wrk"

// ZapCommand is the scan's init container command: the baseline scan of https://host, passive
// rules only (-t without -a or -j: no alpha rules, no AJAX spider; zap-baseline.py never attacks),
// its exit code kept in the report folder instead of failing the container, so that the uploader
// still copies the reports. zap-baseline.py exits 0 (pass), 1 (at least one FAIL), 2 (WARN, no
// FAIL) or 3 (the scan itself failed).
func ZapCommand(host string) []string {
	script := fmt.Sprintf(`zap-baseline.py -t %q -m %d -T %d -r report.html -J report.json -w report.md; `+
		`code=$?; echo "$code" > %s/exit-code; echo "zap-baseline.py exited $code"`,
		"https://"+host, spiderMinutes, passiveMinutes, reportDir)
	return []string{"/bin/sh", "-c", script}
}

// UploaderCommand copies the reports to s3://$BUCKET/$RUN_ID/ and exits with the scan's verdict:
// 0 when it passed (or only warned, unless FAIL_ON_WARN is true), ZAP's exit code otherwise, and
// 4 when the upload failed. A missing exit code means ZAP never finished: 3, as ZAP's own errors.
func UploaderCommand() []string {
	script := `set -u
code=$(cat ` + reportDir + `/exit-code 2>/dev/null || echo 3)
aws s3 cp ` + reportDir + `/ "s3://$BUCKET/$RUN_ID/" --recursive --only-show-errors || { echo "upload to s3://$BUCKET/$RUN_ID/ failed"; exit 4; }
echo "reports in s3://$BUCKET/$RUN_ID/; zap-baseline.py exit code $code (0 pass, 1 FAIL, 2 WARN, 3 error)"
case "$code" in
  0) exit 0 ;;
  2) if [ "$FAIL_ON_WARN" = true ]; then exit 2; fi; exit 0 ;;
  *) exit "$code" ;;
esac`
	return []string{"/bin/sh", "-c", script}
}

// scan creates the scan's service account and Job.
func (o objects) scan(jobName string) error {
	s := *o.a.Scan
	l8s := labels(ComponentSecurityScan)
	sa, err := corev1.NewServiceAccount(o.ctx, o.name+"-scan-sa", &corev1.ServiceAccountArgs{
		// The uploader's AWS role comes through its pod identity association (NewReportStore).
		Metadata:                     o.meta(ScanServiceAccount, l8s),
		AutomountServiceAccountToken: pulumi.Bool(false),
	}, o.parent)
	if err != nil {
		return fmt.Errorf("scan service account: %w", err)
	}
	failOnWarn := "false"
	if s.FailOnWarn {
		failOnWarn = "true"
	}
	pod := &corev1.PodSpecArgs{
		RestartPolicy:                pulumi.String("Never"),
		ServiceAccountName:           sa.Metadata.Name().Elem(),
		AutomountServiceAccountToken: pulumi.Bool(false),
		SecurityContext:              podsecurity.Pod(zapUID),
		InitContainers: corev1.ContainerArray{corev1.ContainerArgs{
			Name:            pulumi.String("zap"),
			Image:           pulumi.String(s.Image),
			ImagePullPolicy: pulumi.String("IfNotPresent"),
			Command:         pulumi.ToStringArray(ZapCommand(o.a.APIHost)),
			Env:             corev1.EnvVarArray{env("HOME", "/home/zap")},
			Resources:       resources(zapRequests, zapLimits),
			SecurityContext: podsecurity.Container(),
			VolumeMounts: corev1.VolumeMountArray{
				mount("reports", reportDir, false),
				// ZAP keeps its session, add-ons and logs in ~/.ZAP.
				mount("home", "/home/zap", false),
				mount("tmp", "/tmp", false),
			},
		}},
		Containers: corev1.ContainerArray{corev1.ContainerArgs{
			Name:            pulumi.String("upload"),
			Image:           pulumi.String(s.UploaderImage),
			ImagePullPolicy: pulumi.String("IfNotPresent"),
			Command:         pulumi.ToStringArray(UploaderCommand()),
			Env: corev1.EnvVarArray{
				corev1.EnvVarArgs{Name: pulumi.String("BUCKET"), Value: s.Bucket},
				env("RUN_ID", s.RunID),
				env("FAIL_ON_WARN", failOnWarn),
				env("AWS_REGION", s.Region),
				env("HOME", "/tmp"),
			},
			Resources:       resources(uploaderRequests, uploaderLimits),
			SecurityContext: podsecurity.Container(),
			VolumeMounts: corev1.VolumeMountArray{
				mount("reports", reportDir, true),
				mount("tmp", "/tmp", false),
			},
		}},
		Volumes: corev1.VolumeArray{
			scratch("reports", "256Mi"),
			scratch("home", "512Mi"),
			scratch("tmp", "128Mi"),
		},
	}
	if err := o.job(jobSpec{
		logical: "-security-scan", name: jobName, component: ComponentSecurityScan, runID: s.RunID, allowInProd: s.AllowInProd,
		deadline: scanDeadline, pod: pod, after: []pulumi.Resource{sa},
	}); err != nil {
		return fmt.Errorf("security scan %w", err)
	}
	return nil
}
