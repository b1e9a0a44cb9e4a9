package security

import (
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// MonitoringArgs configures Monitoring. GuardDuty and Scanning are independent; with neither the
// component builds nothing.
type MonitoringArgs struct {
	// GuardDuty creates the account and region's GuardDuty detector and the rule sending its
	// findings to AlarmTopicArn. Optional; nil means no detector and no GuardDuty rule.
	GuardDuty *GuardDutyArgs
	// Scanning turns the account and region's ECR registry scanning to Amazon Inspector (enhanced,
	// continuous) for the stack's repositories, and adds the rule sending Inspector's critical
	// findings on them to AlarmTopicArn. Optional; nil leaves the registry scanning configuration
	// alone.
	Scanning *ScanningArgs
	// AlarmTopicArn is the SNS topic findings are sent to. Required with GuardDuty or Scanning. If
	// the topic has a policy or a customer managed key, both must admit events.amazonaws.com for the
	// rules named RuleNamePrefix-* (components/alerts does it through TopicArgs.Publishers).
	AlarmTopicArn pulumi.StringInput
	// RuleNamePrefix starts the names of the EventBridge rules ("<prefix>-guardduty-findings",
	// "<prefix>-inspector-critical"), e.g. "ip-platform-prod-security"; the alarm topic's policy
	// admits rules by it. Required with GuardDuty or Scanning: letters, digits, '.', '-' or '_', at
	// most 44 characters (EventBridge allows 64 for the whole name).
	RuleNamePrefix string
}

// GuardDutyArgs configures the GuardDuty detector.
type GuardDutyArgs struct {
	// FindingSeverityThreshold is the lowest severity sent to the alarm topic. Required, 1.0 to 8.9:
	// GuardDuty grades findings Low 1.0-3.9, Medium 4.0-6.9, High 7.0-8.9 and Critical 9.0 and above,
	// so no allowed threshold holds back a High or Critical finding.
	FindingSeverityThreshold float64
	// RuntimeMonitoring turns EKS runtime monitoring on and installs its agent. Optional; nil turns
	// the RUNTIME_MONITORING feature off (EKS audit-log monitoring stays on).
	RuntimeMonitoring *RuntimeMonitoringArgs
}

// RuntimeMonitoringArgs places the GuardDuty security agent on a cluster and the VPC endpoint it
// reports through. Every field but AgentVersion is required.
type RuntimeMonitoringArgs struct {
	// ClusterName is the EKS cluster the aws-guardduty-agent add-on is installed on.
	ClusterName pulumi.StringInput
	// AgentVersion pins the add-on ("v1.10.0-eksbuild.2"). Optional; empty installs EKS's default
	// version for the cluster and keeps it until a pin changes it.
	AgentVersion string
	// Region is the cluster's AWS region, e.g. "us-east-1": it names the endpoint service
	// (com.amazonaws.<region>.guardduty-data).
	Region string
	// VpcID is the cluster's VPC.
	VpcID pulumi.StringInput
	// SubnetIDs are the subnets of the nodes (the private subnets): the endpoint gets a network
	// interface in each, so an AZ outage does not cut the other zones' agents off.
	SubnetIDs pulumi.StringArrayInput
	// NodeSecurityGroupID is the security group the nodes (and the agent pods on them) carry; the
	// endpoint admits HTTPS from it only. For EKS managed nodes without custom security groups this
	// is the cluster security group.
	NodeSecurityGroupID pulumi.StringInput
	// AgentDependsOn are resources the add-on waits for, typically the node groups. Optional: the
	// agent is a DaemonSet, and EKS fails an add-on whose pods are still starting on nodes that are
	// joining while it checks.
	AgentDependsOn []pulumi.Resource
}

// ScanningArgs configures ECR enhanced scanning.
type ScanningArgs struct {
	// RepositoryPrefix is the namespace of the stack's repositories, e.g. "ip-platform/prod": the
	// repositories "<prefix>/..." are scanned continuously and their critical findings alerted on.
	// Required: lower case letters, digits and . _ - separated by single slashes.
	RepositoryPrefix string
}

// Limits of the arguments.
const (
	minSeverity = 1.0
	maxSeverity = 8.9
	// maxRuleName is EventBridge's limit on a rule name.
	maxRuleName = 64
)

var (
	ruleNamePattern     = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)
	agentVersionPattern = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+-eksbuild\.[0-9]+$`)
	regionPattern       = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]$`)
	// repositoryPrefixPattern is an ECR repository namespace (API_CreateRepository.html).
	repositoryPrefixPattern = regexp.MustCompile(`^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$`)
)

// validate checks args before any child exists; errors name the field.
func validate(a *MonitoringArgs) error {
	if a.GuardDuty == nil && a.Scanning == nil {
		return nil
	}
	if a.AlarmTopicArn == nil {
		return fmt.Errorf("AlarmTopicArn is required: findings need somewhere to go")
	}
	longest := len(inspectorRuleSuffix)
	if len(guardDutyRuleSuffix) > longest {
		longest = len(guardDutyRuleSuffix)
	}
	switch {
	case !ruleNamePattern.MatchString(a.RuleNamePrefix):
		return fmt.Errorf("RuleNamePrefix %q must be letters, digits, '.', '-' or '_'", a.RuleNamePrefix)
	case len(a.RuleNamePrefix)+longest > maxRuleName:
		return fmt.Errorf("RuleNamePrefix %q is too long: rule names would exceed EventBridge's %d characters (at most %d for the prefix)",
			a.RuleNamePrefix, maxRuleName, maxRuleName-longest)
	}
	if g := a.GuardDuty; g != nil {
		if g.FindingSeverityThreshold < minSeverity || g.FindingSeverityThreshold > maxSeverity {
			return fmt.Errorf("GuardDuty.FindingSeverityThreshold %v must be from %.1f to %.1f", g.FindingSeverityThreshold, minSeverity, maxSeverity)
		}
		if r := g.RuntimeMonitoring; r != nil {
			if err := validateRuntime(r); err != nil {
				return fmt.Errorf("GuardDuty.RuntimeMonitoring.%w", err)
			}
		}
	}
	if s := a.Scanning; s != nil && !repositoryPrefixPattern.MatchString(s.RepositoryPrefix) {
		return fmt.Errorf("Scanning.RepositoryPrefix %q is not an ECR repository namespace (lower case letters, digits, . _ - and single slashes, e.g. ip-platform/prod)", s.RepositoryPrefix)
	}
	return nil
}

// validateRuntime returns an error starting with the field's name.
func validateRuntime(r *RuntimeMonitoringArgs) error {
	switch {
	case r.ClusterName == nil:
		return fmt.Errorf("ClusterName is required: the agent is installed on it")
	case r.VpcID == nil:
		return fmt.Errorf("VpcID is required: the agent's endpoint is created in it")
	case r.SubnetIDs == nil:
		return fmt.Errorf("SubnetIDs is required: the endpoint needs the nodes' subnets")
	case r.NodeSecurityGroupID == nil:
		return fmt.Errorf("NodeSecurityGroupID is required: the endpoint admits the nodes only")
	case !regionPattern.MatchString(r.Region):
		return fmt.Errorf("Region %q must be an AWS region name such as us-east-1", r.Region)
	case r.AgentVersion != "" && !agentVersionPattern.MatchString(r.AgentVersion):
		return fmt.Errorf("AgentVersion %q is not an EKS add-on version like \"v1.10.0-eksbuild.2\"", r.AgentVersion)
	}
	return nil
}
