package config

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"time"
)

// LoadTest is a k6 load test of the API through its public name (components/apitests): one
// Kubernetes Job per run id, results remote-written to Prometheus (ip-platform:loadTest).
type LoadTest struct {
	// Enabled creates the run's Job (and turns on Prometheus's remote-write receiver).
	Enabled bool
	// AllowInProd is the explicit consent a prod stack must give; the policy pack reads it from
	// the Job's annotation.
	AllowInProd bool
	// RunID names the run (the Job k6-<RunID>, k6's testid tag); a new one starts a new run.
	RunID string
	// Image is the k6 image, pinned by tag or digest.
	Image string
	// Thresholds fail the run when any service's scenario crosses them.
	Thresholds LoadThresholds
	// Profiles are the services called, one k6 scenario each, in the services' order.
	Profiles []LoadProfile
}

// LoadThresholds fail a run: k6 exits non-zero, and the Job fails.
type LoadThresholds struct {
	P95Milliseconds int
	P99Milliseconds int
	// ErrorRatio is the largest share of failed requests (k6's http_req_failed rate), 0 to 1.
	ErrorRatio float64
}

// LoadProfile is one service's scenario: a ramping-vus ramp to VirtualUsers over RampUp, held
// for Duration, each virtual user calling Paths in turn.
type LoadProfile struct {
	Service      string
	VirtualUsers int
	RampUp       time.Duration
	Duration     time.Duration
	// Paths are under the service's route prefix ("/trademark"): the requests reach it through
	// the API's edge.
	Paths []string
}

// SecurityScan is an OWASP ZAP baseline scan (passive rules only) of the API's public name: one
// Job per run id, its report kept in S3 (ip-platform:securityScan).
type SecurityScan struct {
	Enabled     bool
	AllowInProd bool
	RunID       string
	// Image is ZAP's packaged-scan image; UploaderImage the AWS CLI image that copies the
	// report to the bucket.
	Image         string
	UploaderImage string
	// FailOn is ScanFailOnFail (only ZAP's FAIL results fail the Job) or ScanFailOnWarn (WARN
	// results too).
	FailOn string
	// ReportRetentionDays is how long reports stay in the bucket.
	ReportRetentionDays int
}

// What fails a scan's Job (securityScan.failOn): zap-baseline.py exits 1 on a FAIL result and 2
// when the worst is a WARN.
const (
	ScanFailOnFail = "fail"
	ScanFailOnWarn = "warn"
)

// Pinned images of the tests. k6 1.3.0 has the Prometheus remote-write output built in
// (experimental-prometheus-rw); ZAP 2.16.1 is the stable release `zap.sh -version` reports in the
// ghcr.io/zaproxy/zaproxy:2.16.1 image; AWS CLI 2.27.50 serves EKS Pod Identity credentials
// (the container credential provider, AWS CLI 2.15 and later).
const (
	DefaultK6Image       = "docker.io/grafana/k6:1.3.0"
	DefaultZapImage      = "ghcr.io/zaproxy/zaproxy:2.16.1"
	DefaultUploaderImage = "docker.io/amazon/aws-cli:2.27.50"
)

// Bounds of a load test. A run longer than an hour is a soak test, which this Job is not sized
// for; 500 virtual users is what one k6 pod at the Job's 2-CPU limit drives.
const (
	maxVirtualUsers = 500
	maxRampUp       = 30 * time.Minute
	maxDuration     = time.Hour
	maxRunIDLength  = 40
)

var (
	// runIDPattern keeps the run id a valid part of a Job name and of a Prometheus label.
	runIDPattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)
	// testPathPattern is an absolute request path, optionally with a query.
	testPathPattern = regexp.MustCompile(`^/[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*$`)
)

// defaultLoadProfile is every service's scenario unless the stack sets one: a gentle ramp that
// shows the latency curve without reaching the WAF's per-IP rate limit.
func defaultLoadProfile(service string) LoadProfile {
	return LoadProfile{Service: service, VirtualUsers: 10, RampUp: time.Minute, Duration: 5 * time.Minute, Paths: []string{"/" + service}}
}

// apiTestsOn reports whether the tests run by default: in staging only. A prod stack may turn
// them on only with allowInProd as well.
func apiTestsOn(env Environment) bool { return env == Staging }

// parseAPITests reads loadTest and securityScan over the environment's defaults.
func parseAPITests(p *problems, values map[string]string, c *Config) {
	lt := LoadTest{Enabled: apiTestsOn(c.Environment), Image: DefaultK6Image,
		Thresholds: LoadThresholds{P95Milliseconds: 500, P99Milliseconds: 1000, ErrorRatio: 0.01}}
	profiles := map[string]LoadProfile{}
	if o := structured(p, values, "loadTest"); o != nil {
		o.bool("enabled", &lt.Enabled)
		o.bool("allowInProd", &lt.AllowInProd)
		o.string("runId", &lt.RunID)
		o.string("image", &lt.Image)
		o.object("thresholds", func(t *object) {
			t.int("p95Ms", &lt.Thresholds.P95Milliseconds)
			t.int("p99Ms", &lt.Thresholds.P99Milliseconds)
			t.float("errorRatio", &lt.Thresholds.ErrorRatio)
		})
		o.object("services", func(s *object) {
			// Read in the services' order, so a misspelt or unknown service is told the names.
			for _, name := range ServiceNames() {
				prof := defaultLoadProfile(name)
				s.object(name, func(svc *object) {
					svc.int("virtualUsers", &prof.VirtualUsers)
					readDuration(svc, "rampUp", &prof.RampUp)
					readDuration(svc, "duration", &prof.Duration)
					svc.strings("paths", &prof.Paths)
					profiles[name] = prof
				})
			}
		})
		o.done()
	}
	for _, name := range ServiceNames() {
		prof, ok := profiles[name]
		if !ok {
			prof = defaultLoadProfile(name)
		}
		lt.Profiles = append(lt.Profiles, prof)
	}
	c.LoadTest = lt

	scan := SecurityScan{Enabled: apiTestsOn(c.Environment), Image: DefaultZapImage, UploaderImage: DefaultUploaderImage,
		FailOn: ScanFailOnFail, ReportRetentionDays: c.Gateway.AccessLogRetentionDays}
	if o := structured(p, values, "securityScan"); o != nil {
		o.bool("enabled", &scan.Enabled)
		o.bool("allowInProd", &scan.AllowInProd)
		o.string("runId", &scan.RunID)
		o.string("image", &scan.Image)
		o.string("uploaderImage", &scan.UploaderImage)
		o.string("failOn", &scan.FailOn)
		o.int("reportRetentionDays", &scan.ReportRetentionDays)
		o.done()
	}
	c.SecurityScan = scan
}

// readDuration reads a duration such as "90s" or "5m" (Go's time.ParseDuration), whole seconds.
func readDuration(o *object, key string, dst *time.Duration) {
	v, ok := o.get(key)
	if !ok {
		return
	}
	s, isString := v.(string)
	d, err := time.ParseDuration(s)
	if !isString || err != nil || d != d.Truncate(time.Second) {
		o.p.add(o.child(key), "must be a duration in whole seconds such as 90s, 5m or 1m30s, got %s", describe(v))
		return
	}
	*dst = d
}

// validateAPITests checks the tests against what the Jobs and k6 accept.
func validateAPITests(p *problems, c *Config) {
	lt, scan := c.LoadTest, c.SecurityScan
	if lt.Enabled {
		validateRunID(p, "loadTest", lt.RunID)
		validateTestImage(p, "loadTest.image", lt.Image)
		validateProdConsent(p, c.Environment, "loadTest", lt.AllowInProd)
		validateTestTarget(p, c, "loadTest")
	}
	t := lt.Thresholds
	if t.P95Milliseconds < 1 {
		p.add(key("loadTest.thresholds.p95Ms"), "must be at least 1 (milliseconds), got %d", t.P95Milliseconds)
	}
	if t.P99Milliseconds < t.P95Milliseconds {
		p.add(key("loadTest.thresholds.p99Ms"), "must be at least thresholds.p95Ms (%d ms): the 99th percentile is never below the 95th, got %d", t.P95Milliseconds, t.P99Milliseconds)
	}
	if math.IsNaN(t.ErrorRatio) || t.ErrorRatio < 0 || t.ErrorRatio > 1 {
		p.add(key("loadTest.thresholds.errorRatio"), "must be a ratio from 0 to 1 (0.01 is 1%% of requests failing), got %g", t.ErrorRatio)
	}
	for _, prof := range lt.Profiles {
		path := func(field string) string { return key("loadTest.services." + prof.Service + "." + field) }
		if prof.VirtualUsers < 1 || prof.VirtualUsers > maxVirtualUsers {
			p.add(path("virtualUsers"), "must be from 1 to %d, got %d", maxVirtualUsers, prof.VirtualUsers)
		}
		if prof.RampUp < 0 || prof.RampUp > maxRampUp {
			p.add(path("rampUp"), "must be from 0s to %s, got %s", maxRampUp, prof.RampUp)
		}
		if prof.Duration < time.Second || prof.Duration > maxDuration {
			p.add(path("duration"), "must be from 1s to %s, got %s", maxDuration, prof.Duration)
		}
		if len(prof.Paths) == 0 {
			p.add(path("paths"), "must list at least one path under /%s, the service's route", prof.Service)
		}
		for i, pth := range prof.Paths {
			prefix := "/" + prof.Service
			if !testPathPattern.MatchString(pth) || (pth != prefix && !strings.HasPrefix(pth, prefix+"/") && !strings.HasPrefix(pth, prefix+"?")) {
				p.add(fmt.Sprintf("%s[%d]", path("paths"), i), "must be an absolute path under %s (the service's route at the edge), got %q", prefix, pth)
			}
		}
	}
	if total := totalVirtualUsers(lt); lt.Enabled && total*requestsPerVirtualUserPerWindow > c.Gateway.RateLimitPerFiveMinutes {
		p.add(key("loadTest.services"), "ramp to %d virtual users in all, about %d requests per 5 minutes from one NAT address, over the WAF's limit gateway.rateLimitPerFiveMinutes (%d): the WAF would answer 403; lower virtualUsers or raise the limit for the run",
			total, total*requestsPerVirtualUserPerWindow, c.Gateway.RateLimitPerFiveMinutes)
	}
	if scan.Enabled {
		validateRunID(p, "securityScan", scan.RunID)
		validateTestImage(p, "securityScan.image", scan.Image)
		validateTestImage(p, "securityScan.uploaderImage", scan.UploaderImage)
		validateProdConsent(p, c.Environment, "securityScan", scan.AllowInProd)
		validateTestTarget(p, c, "securityScan")
	}
	if scan.FailOn != ScanFailOnFail && scan.FailOn != ScanFailOnWarn {
		p.add(key("securityScan.failOn"), "must be %s (ZAP FAIL results fail the Job) or %s (WARN results too), got %q", ScanFailOnFail, ScanFailOnWarn, scan.FailOn)
	}
	if !isLogRetention(scan.ReportRetentionDays) {
		p.add(key("securityScan.reportRetentionDays"), "must be from 1 to 3653 days, got %d", scan.ReportRetentionDays)
	}
}

// requestsPerVirtualUserPerWindow is what one virtual user sends in the WAF's 5-minute window:
// the script waits a second after each request (components/apitests).
const requestsPerVirtualUserPerWindow = 300

func totalVirtualUsers(lt LoadTest) int {
	total := 0
	for _, prof := range lt.Profiles {
		total += prof.VirtualUsers
	}
	return total
}

func validateRunID(p *problems, owner, id string) {
	switch {
	case id == "":
		p.add(key(owner+".runId"), "is required when %s.enabled is true: a name for the run, such as 2026-12-02-1 (a new one starts a new run)", owner)
	case len(id) > maxRunIDLength || !runIDPattern.MatchString(id):
		p.add(key(owner+".runId"), "must be at most %d lower-case letters, digits and dashes, starting and ending with a letter or digit, got %q", maxRunIDLength, id)
	}
}

func validateTestImage(p *problems, k, image string) {
	_, tag, hasTag := strings.Cut(image[strings.LastIndex(image, "/")+1:], ":")
	pinned := strings.Contains(image, "@sha256:") || (hasTag && tag != "" && tag != "latest")
	if !pinned || strings.ContainsAny(image, " \t") {
		p.add(key(k), "must be an image pinned by tag (not latest) or digest, such as %s, got %q", DefaultK6Image, image)
	}
}

func validateProdConsent(p *problems, env Environment, owner string, allowed bool) {
	if env == Prod && !allowed {
		p.add(key(owner+".enabled"), "runs against the production API: set %s.allowInProd: true as well to mean it (the policy pack refuses it otherwise)", owner)
	}
}

func validateTestTarget(p *problems, c *Config, owner string) {
	if c.Gateway.Domain == "" {
		p.add(key(owner+".enabled"), "needs gateway.domain: the tests call the API by its public name")
	}
}

// isLogRetention reports whether days is an S3 lifecycle expiration this program allows (up to
// ten years).
func isLogRetention(days int) bool { return days >= 1 && days <= 3653 }

// apiTestsKeys documents the load test and the security scan.
func apiTestsKeys() []Key {
	fieldOf := func(owner string) func(field, typ, def, desc string) Key {
		return func(field, typ, def, desc string) Key {
			return Key{Name: owner + "." + field, Type: typ, Default: def, Description: desc}
		}
	}
	lt, sc := fieldOf("loadTest"), fieldOf("securityScan")
	return []Key{
		{Name: "loadTest", Type: "object", ProjectDefault: map[string]any{}, Default: "environment profile",
			Description: "A k6 load test of the API through its public name (WAF, ALB, ingress gateway), one Kubernetes Job per run id, results remote-written to Prometheus and compared on the \"Load tests\" dashboard (fields below). docs/runbooks/staging-tests.md."},
		lt("enabled", "boolean", "staging: true; dev, prod: false", "Run the load test of runId; also turns on Prometheus's remote-write receiver. In prod only with allowInProd."),
		lt("allowInProd", "boolean", "false", "Explicit consent to load-test the production API; without it a prod stack with loadTest.enabled is refused here and by the policy pack."),
		lt("runId", "string", "required when enabled", "Name of the run: the Job k6-<runId> and k6's testid tag. A new value starts a new run; at most 40 lower-case letters, digits and dashes."),
		lt("image", "string", DefaultK6Image, "k6 image, pinned by tag or digest."),
		lt("thresholds.p95Ms", "integer", "500", "Largest 95th percentile of request duration per service, in milliseconds; crossing it fails the run."),
		lt("thresholds.p99Ms", "integer", "1000", "Largest 99th percentile of request duration per service, in milliseconds, at least p95Ms."),
		lt("thresholds.errorRatio", "number", "0.01", "Largest share of failed requests (status >= 400 or no response) per service, 0 to 1."),
		lt("services.<service>.virtualUsers", "integer", "10", "Virtual users the service's scenario ramps to, 1 to 500; each sends at most one request a second, and all services' together times 300 must stay within gateway.rateLimitPerFiveMinutes (the WAF sees one client, the NAT address)."),
		lt("services.<service>.rampUp", "string", "1m", "Time to ramp from 0 to virtualUsers, a duration such as 90s or 1m30s, up to 30m."),
		lt("services.<service>.duration", "string", "5m", "Time virtualUsers are held, 1s to 1h."),
		{Name: "loadTest.services.<service>.paths", Type: "array", Items: "string", Default: "[/<service>]", Description: "Paths each virtual user calls in turn, under the service's route (/trademark, ...)."},
		{Name: "securityScan", Type: "object", ProjectDefault: map[string]any{}, Default: "environment profile",
			Description: "An OWASP ZAP baseline scan (passive rules, no attacks) of the API's public name, one Kubernetes Job per run id, its report kept in a private, encrypted S3 bucket, a failed scan raised as an alert (fields below). docs/runbooks/staging-tests.md."},
		sc("enabled", "boolean", "staging: true; dev, prod: false", "Run the scan of runId, with its report bucket and the uploader's Pod Identity role. In prod only with allowInProd."),
		sc("allowInProd", "boolean", "false", "Explicit consent to scan the production API; without it a prod stack with securityScan.enabled is refused here and by the policy pack."),
		sc("runId", "string", "required when enabled", "Name of the run: the Job zap-<runId> and the report's prefix s3://<bucket>/<runId>/. A new value starts a new scan."),
		sc("image", "string", DefaultZapImage, "ZAP image with the packaged scans, pinned by tag or digest."),
		sc("uploaderImage", "string", DefaultUploaderImage, "AWS CLI image that copies the report to the bucket, pinned by tag or digest."),
		sc("failOn", "string", ScanFailOnFail, "fail: only ZAP FAIL results (zap-baseline.py exit 1) fail the Job; warn: WARN results (exit 2) too. Scanner errors (exit 3) always fail it."),
		sc("reportRetentionDays", "integer", "the stack's gateway.accessLogRetentionDays (dev: 7; staging: 30; prod: 365)", "Days a report stays in the bucket, 1 to 3653."),
	}
}
