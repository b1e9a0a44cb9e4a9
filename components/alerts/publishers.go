package alerts

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/iampolicy"
)

// sourceArnPattern is an ARN or ArnLike pattern naming a service, region and account:
// arn:<partition>:<service>:<region>:<account>:<resource>.
var sourceArnPattern = regexp.MustCompile(`^arn:[a-z-]+:[a-z0-9-]+:[a-z0-9-]*:[0-9]{12}:\S+$`)

func validatePublishers(publishers []Publisher) error {
	for i, p := range publishers {
		if !servicePrincipalPattern.MatchString(p.Service) {
			return fmt.Errorf("Publishers[%d].Service %q must be an AWS service principal such as events.amazonaws.com", i, p.Service)
		}
		if !sourceArnPattern.MatchString(p.SourceArn) {
			return fmt.Errorf("Publishers[%d].SourceArn %q must be an ARN (or ArnLike pattern) naming the account, such as arn:aws:events:us-east-1:111122223333:rule/name-*", i, p.SourceArn)
		}
	}
	return nil
}

// publishersInput records the publishers among the component's inputs.
func publishersInput(publishers []Publisher) pulumi.Array {
	out := pulumi.Array{}
	for _, p := range publishers {
		out = append(out, pulumi.Map{"service": pulumi.String(p.Service), "sourceArn": pulumi.String(p.SourceArn)})
	}
	return out
}

// publisherServices lists each publishing service once, in the order first given.
func publisherServices(publishers []Publisher) []string {
	var services []string
	for _, p := range publishers {
		if !slices.Contains(services, p.Service) {
			services = append(services, p.Service)
		}
	}
	return services
}

// statementID turns a service principal into a policy statement ID prefix:
// "events.amazonaws.com" gives "Events" (statement IDs are letters and digits only).
func statementID(service string) string {
	var b strings.Builder
	for _, word := range strings.FieldsFunc(strings.TrimSuffix(service, ".amazonaws.com"), func(r rune) bool { return r == '.' || r == '-' }) {
		b.WriteString(strings.ToUpper(word[:1]) + word[1:])
	}
	return b.String()
}

// snsOwnerActions are what SNS's default topic policy grants the owning account.
func snsOwnerActions() []string {
	return []string{
		"sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:AddPermission", "sns:RemovePermission",
		"sns:DeleteTopic", "sns:Subscribe", "sns:ListSubscriptionsByTopic", "sns:Publish",
	}
}

// topicPolicy keeps SNS's default grant to the owning account and CloudWatch alarms publishing, and
// lets each publisher publish only for its source resources in this account: aws:SourceArn names
// the resources, aws:SourceAccount pins the account even where the ARN pattern is loose.
func topicPolicy(topicArn, partition, account string, publishers []Publisher) string {
	sameAccount := map[string]string{"aws:SourceAccount": account}
	statements := []iampolicy.Statement{
		{
			Sid: "AccountUsesTheTopic", Effect: "Allow",
			Principal: map[string][]string{"AWS": {fmt.Sprintf("arn:%s:iam::%s:root", partition, account)}},
			Action:    snsOwnerActions(), Resource: []string{topicArn},
		},
		{
			Sid: "CloudWatchAlarmsPublish", Effect: "Allow",
			Principal: map[string][]string{"Service": {cloudWatchPrincipal}},
			Action:    []string{"sns:Publish"}, Resource: []string{topicArn},
			Condition: map[string]map[string]string{"StringEquals": sameAccount},
		},
	}
	seen := map[string]int{}
	for _, p := range publishers {
		seen[p.Service]++
		sid := statementID(p.Service) + "Publish"
		if n := seen[p.Service]; n > 1 {
			sid = fmt.Sprintf("%s%d", sid, n)
		}
		statements = append(statements, iampolicy.Statement{
			Sid: sid, Effect: "Allow",
			Principal: map[string][]string{"Service": {p.Service}},
			Action:    []string{"sns:Publish"}, Resource: []string{topicArn},
			Condition: map[string]map[string]string{
				"ArnLike":      {"aws:SourceArn": p.SourceArn},
				"StringEquals": sameAccount,
			},
		})
	}
	return iampolicy.New(statements...).JSON()
}
