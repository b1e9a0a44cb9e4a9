package gateway

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/wafv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/tags"
)

// WAF rule names and settings.
const (
	rateLimitRule = "rate-limit-per-ip"
	commonRuleSet = "AWSManagedRulesCommonRuleSet"
	// rateWindowSeconds is the window the rate limit counts over. WAF's default is five minutes,
	// which the config key is named after; it accepts 60, 120, 300 or 600.
	rateWindowSeconds = 300
)

// newWebACL creates the regional web ACL the ALB is associated with (through the Ingress
// annotation, by the controller). Requests are allowed unless a rule blocks them:
//
//  1. rate-limit-per-ip (priority 0) blocks a client IP that sent more than the limit in the last
//     five minutes. It runs first so a flood is cut before the managed rules spend capacity on it.
//  2. AWSManagedRulesCommonRuleSet (priority 1), AWS's baseline against the OWASP top ten
//     (bad bots, LFI/RFI, XSS in bodies and query strings, oversized requests), in its own
//     actions (override "none").
//
// Both rules and the ACL publish CloudWatch metrics and keep sampled requests, so a block can be
// explained from the console.
func newWebACL(ctx *pulumi.Context, name string, a EdgeArgs, parent pulumi.ResourceOption) (*wafv2.WebAcl, error) {
	acl, err := wafv2.NewWebAcl(ctx, name+"-waf", &wafv2.WebAclArgs{
		Description: pulumi.String("Rate limit and AWS common rule set in front of " + a.Domain),
		// REGIONAL: an ALB, not CloudFront.
		Scope:            pulumi.String("REGIONAL"),
		DefaultAction:    &wafv2.WebAclDefaultActionArgs{Allow: &wafv2.WebAclDefaultActionAllowArgs{}},
		VisibilityConfig: aclVisibility(name + "-waf"),
		Rules: wafv2.WebAclRuleArray{
			&wafv2.WebAclRuleArgs{
				Name:     pulumi.String(rateLimitRule),
				Priority: pulumi.Int(0),
				Action:   &wafv2.WebAclRuleActionArgs{Block: &wafv2.WebAclRuleActionBlockArgs{}},
				Statement: &wafv2.WebAclRuleStatementArgs{
					RateBasedStatement: &wafv2.WebAclRuleStatementRateBasedStatementArgs{
						Limit:               pulumi.Int(a.RateLimitPerFiveMinutes),
						AggregateKeyType:    pulumi.String("IP"),
						EvaluationWindowSec: pulumi.Int(rateWindowSeconds),
					},
				},
				VisibilityConfig: ruleVisibility(rateLimitRule),
			},
			&wafv2.WebAclRuleArgs{
				Name:     pulumi.String(commonRuleSet),
				Priority: pulumi.Int(1),
				// Managed rule groups take an override action, not an action: "none" keeps the
				// group's own block decisions.
				OverrideAction: &wafv2.WebAclRuleOverrideActionArgs{None: &wafv2.WebAclRuleOverrideActionNoneArgs{}},
				Statement: &wafv2.WebAclRuleStatementArgs{
					ManagedRuleGroupStatement: &wafv2.WebAclRuleStatementManagedRuleGroupStatementArgs{
						VendorName: pulumi.String("AWS"),
						Name:       pulumi.String(commonRuleSet),
					},
				},
				VisibilityConfig: ruleVisibility(commonRuleSet),
			},
		},
		Tags: tags.Name(name + "-waf"),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("waf web acl: %w", err)
	}
	return acl, nil
}

func aclVisibility(metric string) *wafv2.WebAclVisibilityConfigArgs {
	return &wafv2.WebAclVisibilityConfigArgs{
		CloudwatchMetricsEnabled: pulumi.Bool(true),
		MetricName:               pulumi.String(metric),
		SampledRequestsEnabled:   pulumi.Bool(true),
	}
}

func ruleVisibility(metric string) *wafv2.WebAclRuleVisibilityConfigArgs {
	return &wafv2.WebAclRuleVisibilityConfigArgs{
		CloudwatchMetricsEnabled: pulumi.Bool(true),
		MetricName:               pulumi.String(metric),
		SampledRequestsEnabled:   pulumi.Bool(true),
	}
}
