package platform

import (
	"fmt"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/apitests"
	"github.com/ip-platform/infra/components/observability"
	"github.com/ip-platform/infra/internal/config"
)

// buildScanReports creates the security scan's report bucket and its uploader's Pod Identity role
// (AWS layer), where the stack runs the scan.
func (p *Platform) buildScanReports(ctx *pulumi.Context, in *ClusterInputs) error {
	cfg := p.Config
	if !cfg.SecurityScan.Enabled {
		return nil
	}
	prefix := cfg.ClusterName() + "-scan-reports-"
	if len(prefix) > 37 {
		prefix = prefix[:37]
	}
	store, err := apitests.NewReportStore(ctx, cfg.ClusterName()+"-scan-reports", &apitests.ReportStoreArgs{
		ClusterName:      p.Cluster.Name,
		BucketPrefix:     prefix,
		PodIdentityAgent: p.Cluster.PodIdentityAgent,
		RetentionDays:    cfg.SecurityScan.ReportRetentionDays,
	}, pulumi.Provider(p.AWS))
	if err != nil {
		return fmt.Errorf("scan reports: %w", err)
	}
	in.ScanReportBucket = store.Bucket
	p.addPodIdentity(in, "scanUploaderRoleArn", store.Role.Arn, store.Role.Association)
	return nil
}

// buildAPITests creates the load test and the security scan the stack runs, against the API's
// public name: the edge users hit (WAF, ALB and, with the mesh, the ingress gateway).
func (p *Platform) buildAPITests(ctx *pulumi.Context) error {
	cfg := p.Config
	lt, scan := cfg.LoadTest, cfg.SecurityScan
	if !lt.Enabled && !scan.Enabled {
		return nil
	}
	args := &apitests.SuiteArgs{
		APIHost: cfg.Gateway.Domain,
		VpcCidr: cfg.VpcCidr,
		After:   []pulumi.Resource{p.Observability.PrometheusRelease},
	}
	if lt.Enabled {
		args.LoadTest = loadTestArgs(lt)
	}
	if scan.Enabled {
		args.Scan = &apitests.ScanArgs{
			RunID: scan.RunID, Image: scan.Image, UploaderImage: scan.UploaderImage,
			AllowInProd: scan.AllowInProd, FailOnWarn: scan.FailOn == config.ScanFailOnWarn,
			Bucket: p.In.ScanReportBucket, Region: cfg.Region,
		}
	}
	// The Jobs need nodes and the uploader its pod identity association; they call the API, so
	// they start once its Ingress exists.
	after := append(p.In.podsReady(), p.Gateway)
	suite, err := apitests.NewSuite(ctx, cfg.ClusterName()+"-api-tests", args, pulumi.Provider(p.In.Provider), pulumi.DependsOn(after))
	if err != nil {
		return fmt.Errorf("api tests: %w", err)
	}
	p.APITests = suite
	return nil
}

// loadTestArgs are the stack's load test as the component takes it: one scenario per profile,
// results written to the observability stack's Prometheus.
func loadTestArgs(lt config.LoadTest) *apitests.LoadTestArgs {
	scenarios := make([]apitests.Scenario, len(lt.Profiles))
	for i, prof := range lt.Profiles {
		scenarios[i] = apitests.Scenario{Name: prof.Service, VirtualUsers: prof.VirtualUsers,
			RampUp: prof.RampUp.Truncate(time.Second), Duration: prof.Duration.Truncate(time.Second), Paths: prof.Paths}
	}
	return &apitests.LoadTestArgs{
		RunID: lt.RunID, Image: lt.Image, AllowInProd: lt.AllowInProd,
		Thresholds: apitests.Thresholds{P95Milliseconds: lt.Thresholds.P95Milliseconds, P99Milliseconds: lt.Thresholds.P99Milliseconds, ErrorRatio: lt.Thresholds.ErrorRatio},
		Scenarios:  scenarios,
		Prometheus: apitests.Prometheus{
			Namespace: observability.Namespace, Service: observability.PrometheusService,
			Port: observability.PrometheusWebPort, PodLabels: observability.PrometheusPodLabel,
		},
	}
}

// exportAPITests publishes where the tests' results are.
func (p *Platform) exportAPITests(ctx *pulumi.Context) {
	if p.APITests == nil {
		return
	}
	ctx.Export("apiTestsNamespace", pulumi.String(p.APITests.Namespace))
	if p.APITests.LoadTestJob != "" {
		ctx.Export("loadTestJob", pulumi.String(p.APITests.LoadTestJob))
	}
	if p.APITests.ScanJob != "" {
		ctx.Export("scanJob", pulumi.String(p.APITests.ScanJob))
		ctx.Export("scanReportBucket", p.In.ScanReportBucket)
	}
}
