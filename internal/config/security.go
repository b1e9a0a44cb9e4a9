package config

import (
	"regexp"
)

// Security holds runtime security and security events (components/security): Amazon GuardDuty,
// Amazon Inspector scanning of the stack's images, and which findings reach the alarm topic.
//
// The GuardDuty detector and the ECR registry scanning configuration exist once per AWS account
// and region, not once per stack: the program assumes a stack per account (and region). Where
// stacks share an account and region, exactly one of them may turn each on (tests/security_test.go
// checks the stack files).
type Security struct {
	GuardDuty GuardDuty
	// FindingSeverityThreshold is the lowest GuardDuty severity (1.0 to 8.9) sent to the alarm
	// topic. GuardDuty grades findings Low 1.0-3.9, Medium 4.0-6.9, High 7.0-8.9 and Critical 9.0
	// and above, so every threshold allowed lets High and Critical findings through.
	FindingSeverityThreshold float64
	// EnhancedScanning makes the registry scan the stack's repositories continuously with Amazon
	// Inspector (ECR enhanced scanning), and sends Inspector's critical findings on them to the
	// alarm topic.
	EnhancedScanning bool
}

// GuardDuty holds the account's GuardDuty detector settings.
type GuardDuty struct {
	// Enabled creates the detector with EKS audit-log monitoring and sends its findings to the
	// alarm topic.
	Enabled bool
	// RuntimeMonitoring adds EKS runtime monitoring: the detector feature, the aws-guardduty-agent
	// EKS add-on on the stack's cluster and the VPC endpoint it reports through. Only with Enabled.
	RuntimeMonitoring bool
	// AgentVersion pins the aws-guardduty-agent add-on ("v1.10.0-eksbuild.2"); empty means EKS's
	// default for the cluster version (internal/eksversions/table.go says why no row pins it).
	AgentVersion string
}

// Bounds of the GuardDuty finding severity threshold. GuardDuty scores findings from 1.0; 8.9 is
// the top of High, so no threshold can hold back a High or Critical finding.
const (
	minFindingSeverity = 1.0
	maxFindingSeverity = 8.9
)

// agentVersionPattern is how EKS versions its add-ons ("v1.10.0-eksbuild.2").
var agentVersionPattern = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+-eksbuild\.[0-9]+$`)

// securityProfile returns the environment's security defaults. staging and prod watch for threats
// and scan their images; dev does neither by default: both bill per account and region, and dev
// shares its account with the other stacks in the example stack files.
//
// prod alerts from Medium findings up (a Medium finding in prod, such as an unusual API call from a
// pod, is worth a look the same day); staging from High up, because load and security tests there
// produce Medium findings by design.
func securityProfile(env Environment) Security {
	switch env {
	case Prod:
		return Security{GuardDuty: GuardDuty{Enabled: true, RuntimeMonitoring: true}, FindingSeverityThreshold: 4.0, EnhancedScanning: true}
	case Staging:
		return Security{GuardDuty: GuardDuty{Enabled: true, RuntimeMonitoring: true}, FindingSeverityThreshold: 7.0, EnhancedScanning: true}
	default:
		return Security{GuardDuty: GuardDuty{Enabled: false, RuntimeMonitoring: true}, FindingSeverityThreshold: 7.0, EnhancedScanning: false}
	}
}

// parseSecurity reads the security object over the environment's profile.
func parseSecurity(p *problems, values map[string]string, env Environment) Security {
	s := securityProfile(env)
	o := structured(p, values, "security")
	if o == nil {
		return s
	}
	o.object("guardDuty", func(g *object) {
		g.bool("enabled", &s.GuardDuty.Enabled)
		g.bool("runtimeMonitoring", &s.GuardDuty.RuntimeMonitoring)
		g.string("agentVersion", &s.GuardDuty.AgentVersion)
		// A setting that would silently do nothing is refused: the agent runs only with runtime
		// monitoring, and runtime monitoring only with the detector.
		if fieldSet(g, "runtimeMonitoring") && s.GuardDuty.RuntimeMonitoring && !s.GuardDuty.Enabled {
			p.add(g.child("runtimeMonitoring"), "needs %s.enabled: true (runtime monitoring is a feature of the detector)", g.path)
		}
		if fieldSet(g, "agentVersion") && !(s.GuardDuty.Enabled && s.GuardDuty.RuntimeMonitoring) {
			p.add(g.child("agentVersion"), "needs %[1]s.enabled and %[1]s.runtimeMonitoring: the agent is installed only with runtime monitoring", g.path)
		}
	})
	if v, ok := o.get("findingSeverityThreshold"); ok {
		readSeverity(p, o.child("findingSeverityThreshold"), v, &s.FindingSeverityThreshold)
	}
	o.bool("enhancedScanning", &s.EnhancedScanning)
	o.done()
	return s
}

// fieldSet reports whether the stack gave field key of o a value.
func fieldSet(o *object, key string) bool {
	v, ok := o.fields[key]
	return ok && v != nil
}

// readSeverity reads a GuardDuty severity: any number, whole or not.
func readSeverity(p *problems, path string, v any, dst *float64) {
	f, ok := v.(float64)
	if !ok {
		p.add(path, "must be a number from %.1f to %.1f, got %s", minFindingSeverity, maxFindingSeverity, describe(v))
		return
	}
	*dst = f
}

// validateSecurity checks the security settings against GuardDuty's and EKS's limits.
func validateSecurity(p *problems, c *Config) {
	s := c.Security
	if s.FindingSeverityThreshold < minFindingSeverity || s.FindingSeverityThreshold > maxFindingSeverity {
		p.add(key("security.findingSeverityThreshold"), "must be a number from %.1f to %.1f (GuardDuty severities: Low 1.0-3.9, Medium 4.0-6.9, High 7.0-8.9), got %v",
			minFindingSeverity, maxFindingSeverity, s.FindingSeverityThreshold)
	}
	if v := s.GuardDuty.AgentVersion; v != "" && !agentVersionPattern.MatchString(v) {
		p.add(key("security.guardDuty.agentVersion"), "must be an EKS add-on version like v1.10.0-eksbuild.2, got %q", v)
	}
}

// securityKeys documents the security keys.
func securityKeys() []Key {
	return []Key{
		{Name: "security", Type: "object", ProjectDefault: map[string]any{}, Default: "environment profile",
			Description: "Runtime security and security events (fields below): GuardDuty, Amazon Inspector image scanning, and the findings sent to the alarm topic. The GuardDuty detector and the registry scanning configuration are per AWS account and region: one stack per account is assumed, and stacks sharing an account and region must leave them to one of them."},
		{Name: "security.guardDuty.enabled", Type: "boolean", Default: "dev: false; staging, prod: true",
			Description: "Create the account and region's GuardDuty detector with EKS audit-log monitoring, and send its findings to the alarm topic. Turn off where a detector already exists (e.g. enabled by the organization)."},
		{Name: "security.guardDuty.runtimeMonitoring", Type: "boolean", Default: "true (with enabled)",
			Description: "EKS runtime monitoring: the detector's RUNTIME_MONITORING feature, the aws-guardduty-agent EKS add-on on the cluster and the guardduty-data VPC endpoint it reports through."},
		{Name: "security.guardDuty.agentVersion", Type: "string", Default: "EKS default for the cluster version",
			Description: "Pinned aws-guardduty-agent add-on version, e.g. v1.10.0-eksbuild.2 (the version table pins none: internal/eksversions/table.go)."},
		{Name: "security.findingSeverityThreshold", Type: "number", Default: "dev, staging: 7.0; prod: 4.0",
			Description: "Lowest GuardDuty finding severity sent to the alarm topic, 1.0 to 8.9 (Low 1.0-3.9, Medium 4.0-6.9, High 7.0-8.9; Critical 9.0+ always passes)."},
		{Name: "security.enhancedScanning", Type: "boolean", Default: "dev: false; staging, prod: true",
			Description: "ECR enhanced scanning: Amazon Inspector scans the stack's repositories continuously, and critical findings go to the alarm topic. Sets the account and region's registry scanning configuration."},
	}
}
