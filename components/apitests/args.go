package apitests

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/imageref"
)

// DefaultNamespace is where the tests run unless SuiteArgs.Namespace says otherwise.
const DefaultNamespace = "api-tests"

// ScanServiceAccount is the service account of the scan's pods, the subject of the report
// uploader's Pod Identity role.
const ScanServiceAccount = "security-scan"

// SuiteArgs describe the tests of one stack's API.
type SuiteArgs struct {
	// Namespace is where the Jobs run. Defaults to DefaultNamespace.
	Namespace string
	// APIHost is the API's public name (gateway.domain): what the tests call, over HTTPS.
	// Required.
	APIHost string
	// VpcCidr is the VPC's block, left out of the internet egress so the tests reach nothing
	// inside the VPC but DNS and Prometheus. Required.
	VpcCidr string
	// LoadTest is the k6 run; nil runs none.
	LoadTest *LoadTestArgs
	// Scan is the ZAP baseline scan; nil runs none.
	Scan *ScanArgs
	// After are what the PrometheusRule waits for: the kube-prometheus-stack release (its CRD).
	// Required when LoadTest or Scan is set.
	After []pulumi.Resource
}

// LoadTestArgs describe one k6 run.
type LoadTestArgs struct {
	// RunID names the run: the Job k6-<RunID> and the testid tag of every sample. Required.
	RunID string
	// Image is the k6 image, pinned by tag or digest. Required.
	Image string
	// AllowInProd annotates the Job with the stack's explicit consent to run it in prod, which
	// the policy pack requires there. Defaults to false.
	AllowInProd bool
	// Thresholds fail the run. Required.
	Thresholds Thresholds
	// Scenarios are the services called, one k6 scenario each. Required, at least one, names
	// unique.
	Scenarios []Scenario
	// Prometheus is where the samples are remote-written. Required.
	Prometheus Prometheus
}

// Thresholds fail a run when any scenario crosses them.
type Thresholds struct {
	// P95Milliseconds and P99Milliseconds bound the request duration's percentiles. Required.
	P95Milliseconds int
	P99Milliseconds int
	// ErrorRatio bounds k6's http_req_failed rate, 0 to 1.
	ErrorRatio float64
}

// Scenario is one service's load: a ramp to VirtualUsers over RampUp, held for Duration, each
// virtual user calling Paths in turn.
type Scenario struct {
	// Name is the service's name: the scenario tag of its samples. Required.
	Name         string
	VirtualUsers int
	RampUp       time.Duration
	Duration     time.Duration
	// Paths are absolute request paths. Required, at least one.
	Paths []string
}

// Prometheus is the remote-write receiver the load test writes to.
type Prometheus struct {
	// Namespace and Service name Prometheus's Service; Port its web port, which serves
	// /api/v1/write once the receiver is on. Required.
	Namespace string
	Service   string
	Port      int
	// PodLabels select the Prometheus pods: the NetworkPolicy's egress peer. Required.
	PodLabels map[string]string
}

// ScanArgs describe one ZAP baseline scan.
type ScanArgs struct {
	// RunID names the scan: the Job zap-<RunID> and the report's prefix. Required.
	RunID string
	// Image is ZAP's image, UploaderImage the AWS CLI's, each pinned by tag or digest. Required.
	Image         string
	UploaderImage string
	// AllowInProd annotates the Job with the stack's explicit consent (see LoadTestArgs).
	AllowInProd bool
	// FailOnWarn fails the Job on ZAP WARN results too; otherwise only FAIL results (and
	// scanner errors) fail it. Defaults to false.
	FailOnWarn bool
	// Bucket is the report bucket (ReportStore.Bucket); Region its region. Required.
	Bucket pulumi.StringInput
	Region string
}

var (
	dnsLabel    = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	runID       = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$`)
	hostPattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$`)
	pathPattern = regexp.MustCompile(`^/[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*$`)
)

// withDefaults validates args and returns a copy with the defaults filled; errors name the field.
func withDefaults(name string, args *SuiteArgs) (SuiteArgs, error) {
	if args == nil {
		return SuiteArgs{}, fmt.Errorf("apitests %s: args are required", name)
	}
	a := *args
	if a.Namespace == "" {
		a.Namespace = DefaultNamespace
	}
	if err := validate(a); err != nil {
		return SuiteArgs{}, fmt.Errorf("apitests %s: %w", name, err)
	}
	return a, nil
}

func validate(a SuiteArgs) error {
	if !dnsLabel.MatchString(a.Namespace) {
		return fmt.Errorf("Namespace %q must be a DNS label", a.Namespace)
	}
	if !hostPattern.MatchString(a.APIHost) || !strings.Contains(a.APIHost, ".") {
		return fmt.Errorf("APIHost %q must be the API's public DNS name, such as api.staging.example.com", a.APIHost)
	}
	if _, err := netip.ParsePrefix(a.VpcCidr); err != nil {
		return fmt.Errorf("VpcCidr %q is not a CIDR block", a.VpcCidr)
	}
	if (a.LoadTest != nil || a.Scan != nil) && len(a.After) == 0 {
		return fmt.Errorf("After is required: the kube-prometheus-stack release, whose CRD the alert rule needs")
	}
	if a.LoadTest != nil {
		if err := validateLoadTest(*a.LoadTest); err != nil {
			return fmt.Errorf("LoadTest.%w", err)
		}
	}
	if a.Scan != nil {
		if err := validateScan(*a.Scan); err != nil {
			return fmt.Errorf("Scan.%w", err)
		}
	}
	return nil
}

func validateLoadTest(l LoadTestArgs) error {
	t := l.Thresholds
	switch {
	case !runID.MatchString(l.RunID):
		return fmt.Errorf("RunID %q must be 1 to 40 lower-case letters, digits and dashes", l.RunID)
	case imageref.Problem(l.Image) != "":
		return fmt.Errorf("Image %q %s", l.Image, imageref.Problem(l.Image))
	case t.P95Milliseconds < 1 || t.P99Milliseconds < t.P95Milliseconds:
		return fmt.Errorf("Thresholds: P95Milliseconds (%d) must be at least 1 and P99Milliseconds (%d) at least P95Milliseconds", t.P95Milliseconds, t.P99Milliseconds)
	case !(t.ErrorRatio >= 0 && t.ErrorRatio <= 1):
		return fmt.Errorf("Thresholds.ErrorRatio %g must be from 0 to 1", t.ErrorRatio)
	case len(l.Scenarios) == 0:
		return fmt.Errorf("Scenarios is required: one per service")
	case l.Prometheus.Namespace == "" || l.Prometheus.Service == "" || l.Prometheus.Port < 1 || l.Prometheus.Port > 65535 || len(l.Prometheus.PodLabels) == 0:
		return fmt.Errorf("Prometheus: Namespace, Service, Port (1 to 65535) and PodLabels are required")
	}
	var seen []string
	for i, s := range l.Scenarios {
		switch {
		case !dnsLabel.MatchString(s.Name) || slices.Contains(seen, s.Name):
			return fmt.Errorf("Scenarios[%d].Name %q must be a unique DNS label (the service's name)", i, s.Name)
		case s.VirtualUsers < 1:
			return fmt.Errorf("Scenarios[%d].VirtualUsers must be at least 1, got %d", i, s.VirtualUsers)
		case s.RampUp < 0 || s.RampUp%time.Second != 0:
			return fmt.Errorf("Scenarios[%d].RampUp %s must be whole seconds, 0 or more", i, s.RampUp)
		case s.Duration < time.Second || s.Duration%time.Second != 0:
			return fmt.Errorf("Scenarios[%d].Duration %s must be whole seconds, at least 1s", i, s.Duration)
		case len(s.Paths) == 0:
			return fmt.Errorf("Scenarios[%d].Paths is required", i)
		}
		for j, p := range s.Paths {
			if !pathPattern.MatchString(p) {
				return fmt.Errorf("Scenarios[%d].Paths[%d] %q must be an absolute request path", i, j, p)
			}
		}
		seen = append(seen, s.Name)
	}
	return nil
}

func validateScan(s ScanArgs) error {
	switch {
	case !runID.MatchString(s.RunID):
		return fmt.Errorf("RunID %q must be 1 to 40 lower-case letters, digits and dashes", s.RunID)
	case imageref.Problem(s.Image) != "":
		return fmt.Errorf("Image %q %s", s.Image, imageref.Problem(s.Image))
	case imageref.Problem(s.UploaderImage) != "":
		return fmt.Errorf("UploaderImage %q %s", s.UploaderImage, imageref.Problem(s.UploaderImage))
	case s.Bucket == nil:
		return fmt.Errorf("Bucket is required (ReportStore.Bucket)")
	case s.Region == "":
		return fmt.Errorf("Region is required")
	}
	return nil
}
