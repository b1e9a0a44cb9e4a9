package security

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/tags"
)

// Suffixes of the rule names after RuleNamePrefix.
const (
	guardDutyRuleSuffix = "-guardduty-findings"
	inspectorRuleSuffix = "-inspector-critical"
)

// Keys of Monitoring.RuleArns.
const (
	RuleGuardDutyFindings = "guardDutyFindings"
	RuleInspectorCritical = "inspectorCritical"
)

// alarmTopicTargetID is the ID of each rule's one target.
const alarmTopicTargetID = "alarm-topic"

// eventPattern renders an EventBridge event pattern; maps marshal with sorted keys, so the same
// pattern always renders the same (no spurious diffs). ">=" stays readable: HTML escaping is off.
func eventPattern(p map[string]any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		panic(fmt.Sprintf("security: marshal event pattern: %v", err)) // unreachable: strings, numbers, maps and lists only
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// guardDutyPattern matches GuardDuty findings with a severity at or above threshold. Severity is a
// number in the event (detail.severity, e.g. 8.0), so the rule uses EventBridge's numeric
// matching; every finding, new or a repeat occurrence, is an event of detail-type "GuardDuty Finding".
func guardDutyPattern(threshold float64) string {
	return eventPattern(map[string]any{
		"source":      []string{"aws.guardduty"},
		"detail-type": []string{"GuardDuty Finding"},
		"detail": map[string]any{
			"severity": []any{map[string]any{"numeric": []any{">=", threshold}}},
		},
	})
}

// inspectorPattern matches active critical Amazon Inspector findings on images of the repositories
// under repositoryPrefix. detail.resources is a list of objects in the event; EventBridge matches a
// field of a list's objects when any element matches. Closed findings are events too (status
// CLOSED) and are not alerted on.
func inspectorPattern(repositoryPrefix string) string {
	return eventPattern(map[string]any{
		"source":      []string{"aws.inspector2"},
		"detail-type": []string{"Inspector2 Finding"},
		"detail": map[string]any{
			"severity": []string{"CRITICAL"},
			"status":   []string{"ACTIVE"},
			"resources": map[string]any{
				"details": map[string]any{
					"awsEcrContainerImage": map[string]any{
						"repositoryName": []any{map[string]any{"prefix": repositoryPrefix + "/"}},
					},
				},
			},
		},
	})
}

// newAlarmRule creates a rule on the default event bus and sends the events it matches, unchanged,
// to the alarm topic: subscribers get the whole finding (JSON), which a webhook or chat integration
// can render and a person can paste into the console's search.
func newAlarmRule(ctx *pulumi.Context, logical, ruleName, description, pattern string, topicArn pulumi.StringInput, parent pulumi.ResourceOption) (*cloudwatch.EventRule, error) {
	rule, err := cloudwatch.NewEventRule(ctx, logical, &cloudwatch.EventRuleArgs{
		Name:         pulumi.String(ruleName),
		Description:  pulumi.String(description),
		EventPattern: pulumi.String(pattern),
		State:        pulumi.String("ENABLED"),
		Tags:         tags.Name(ruleName),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("rule %s: %w", ruleName, err)
	}
	if _, err := cloudwatch.NewEventTarget(ctx, logical, &cloudwatch.EventTargetArgs{
		Rule:     rule.Name,
		TargetId: pulumi.String(alarmTopicTargetID),
		Arn:      topicArn,
	}, parent); err != nil {
		return nil, fmt.Errorf("rule %s: target: %w", ruleName, err)
	}
	return rule, nil
}
