package security

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Monitoring is the stack's GuardDuty detector, its registry scanning configuration and the rules
// sending their findings to the alarm topic.
type Monitoring struct {
	pulumi.ResourceState

	// DetectorID is the GuardDuty detector's ID; empty without GuardDuty.
	DetectorID pulumi.StringOutput
	// RuleArns maps RuleGuardDutyFindings and RuleInspectorCritical to the ARNs of the rules that
	// exist.
	RuleArns pulumi.StringMapOutput
}

// NewMonitoring creates what args turn on. Pass the AWS provider in opts.
func NewMonitoring(ctx *pulumi.Context, name string, args *MonitoringArgs, opts ...pulumi.ResourceOption) (*Monitoring, error) {
	if args == nil {
		return nil, fmt.Errorf("security %s: args are required", name)
	}
	if err := validate(args); err != nil {
		return nil, fmt.Errorf("security %s: %w", name, err)
	}
	m := &Monitoring{}
	if err := ctx.RegisterComponentResourceV2("ip-platform:security:Monitoring", name, componentInputs(args), m, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(m)

	detectorID := pulumi.String("").ToStringOutput()
	rules := pulumi.StringMap{}
	if g := args.GuardDuty; g != nil {
		detector, runtime, err := newDetector(ctx, name, g, parent)
		if err != nil {
			return nil, fmt.Errorf("security %s: %w", name, err)
		}
		detectorID = detector.ID().ToStringOutput()
		if g.RuntimeMonitoring != nil {
			if _, err := newRuntimeAgent(ctx, name, g.RuntimeMonitoring, runtime, parent); err != nil {
				return nil, fmt.Errorf("security %s: %w", name, err)
			}
		}
		rule, err := newAlarmRule(ctx, name+"-guardduty-findings", args.RuleNamePrefix+guardDutyRuleSuffix,
			fmt.Sprintf("GuardDuty findings of severity %.1f and above, to the alarm topic", g.FindingSeverityThreshold),
			guardDutyPattern(g.FindingSeverityThreshold), args.AlarmTopicArn, parent)
		if err != nil {
			return nil, fmt.Errorf("security %s: %w", name, err)
		}
		rules[RuleGuardDutyFindings] = rule.Arn
	}
	if s := args.Scanning; s != nil {
		if err := newEnhancedScanning(ctx, name, s, parent); err != nil {
			return nil, fmt.Errorf("security %s: %w", name, err)
		}
		rule, err := newAlarmRule(ctx, name+"-inspector-critical", args.RuleNamePrefix+inspectorRuleSuffix,
			"Critical Amazon Inspector findings on the images under "+s.RepositoryPrefix+"/, to the alarm topic",
			inspectorPattern(s.RepositoryPrefix), args.AlarmTopicArn, parent)
		if err != nil {
			return nil, fmt.Errorf("security %s: %w", name, err)
		}
		rules[RuleInspectorCritical] = rule.Arn
	}

	m.DetectorID = detectorID
	m.RuleArns = rules.ToStringMapOutput()
	return m, ctx.RegisterResourceOutputs(m, pulumi.Map{"detectorId": m.DetectorID, "ruleArns": m.RuleArns})
}

// componentInputs records what the component was asked to build (plain values only).
func componentInputs(a *MonitoringArgs) pulumi.Map {
	in := pulumi.Map{"ruleNamePrefix": pulumi.String(a.RuleNamePrefix)}
	if g := a.GuardDuty; g != nil {
		in["findingSeverityThreshold"] = pulumi.Float64(g.FindingSeverityThreshold)
		in["runtimeMonitoring"] = pulumi.Bool(g.RuntimeMonitoring != nil)
	}
	if s := a.Scanning; s != nil {
		in["scannedRepositoryPrefix"] = pulumi.String(s.RepositoryPrefix)
	}
	return in
}
