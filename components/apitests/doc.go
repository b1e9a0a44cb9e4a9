// Package apitests runs tests of the API from inside the cluster, through the edge users hit: the
// API's public name, so every request crosses the WAF, the ALB and (with the mesh) the ingress
// gateway before it reaches a service.
//
// NewSuite creates, in a namespace of its own (Pod Security restricted, default-deny
// NetworkPolicies with egress to cluster DNS, to the internet on 443 and, for the load test, to
// Prometheus's remote-write port):
//   - a load test: a k6 script generated from the stack's profiles (one ramping-vus scenario per
//     service, thresholds on p95 and p99 latency and on the error ratio, per service) in an
//     immutable ConfigMap, and the Job k6-<runId> that runs it with the Prometheus remote-write
//     output, every sample tagged testid=<runId>; a "Load tests" dashboard compares runs by
//     testid. k6 exits non-zero when a threshold is crossed, and the Job fails;
//   - a security scan: the Job zap-<runId>, ZAP's packaged baseline scan (zap-baseline.py:
//     spider and passive rules only, no attack) in an init container, then an AWS CLI container
//     that copies the reports to s3://<bucket>/<runId>/ and ends with the scan's verdict, so the
//     report is kept whatever the result and the Job fails when the scan does;
//   - a PrometheusRule on kube-state-metrics' job status that alerts on a failed scan or load
//     test.
//
// Each Job's name carries its run id, and a Job's pod template is immutable: a new run id makes
// Pulumi replace the Job (a new run), an unchanged one leaves the finished Job alone. The Jobs are
// created without waiting for them to finish (pulumi.com/skipAwait), so `pulumi up` does not
// fail with a test; the staging-tests workflow waits for the Job and reports it. They are bounded
// (backoffLimit 0: a run is never repeated behind the reader's back; activeDeadlineSeconds;
// requests and limits) and run unprivileged with read-only root filesystems.
//
// NewReportStore is the AWS side of the scan: the report bucket (private, SSE-KMS with its own
// key, TLS only, reports expired after the retention) and the EKS Pod Identity role of the scan's
// service account, which may only put objects in it.
package apitests
