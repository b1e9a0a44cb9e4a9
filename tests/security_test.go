package tests

import (
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
)

// Type tokens of the security monitoring (components/security) and the alarm topic's policy.
const (
	detectorType        = "aws:guardduty/detector:Detector"
	featureType         = "aws:guardduty/detectorFeature:DetectorFeature"
	scanningType        = "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration"
	eventRuleType       = "aws:cloudwatch/eventRule:EventRule"
	eventTargetType     = "aws:cloudwatch/eventTarget:EventTarget"
	topicPolicyType     = "aws:sns/topicPolicy:TopicPolicy"
	vpcEndpointType     = "aws:ec2/vpcEndpoint:VpcEndpoint"
	snsTopicType        = "aws:sns/topic:Topic"
	kmsKeyType          = "aws:kms/key:Key"
	eventsPrincipal     = "events.amazonaws.com"
	guardDutyAgentAddon = "aws-guardduty-agent"
)

func TestAccountWideSecurityHasOneOwnerPerAccountAndRegion(t *testing.T) {
	// A GuardDuty detector and an ECR registry scanning configuration exist once per account and
	// region: a second detector cannot be created, and a second scanning configuration replaces the
	// first. Stacks sharing an account and region must leave each to one of them.
	detectorOwner, scanningOwner := map[string]string{}, map[string]string{}
	for _, stack := range stacks {
		cfg := stackConfig(t, stack)
		where := cfg.AccountID + "/" + cfg.Region
		if cfg.Security.GuardDuty.Enabled {
			other, taken := detectorOwner[where]
			assert.False(t, taken, "%s and %s both create the GuardDuty detector of %s", other, stack, where)
			detectorOwner[where] = stack
		}
		if cfg.Security.EnhancedScanning {
			other, taken := scanningOwner[where]
			assert.False(t, taken, "%s and %s both set the registry scanning configuration of %s", other, stack, where)
			scanningOwner[where] = stack
		}
	}
	assert.Equal(t, "prod", detectorOwner["111122223333/us-east-1"], "prod owns the example account's detector")
	assert.Equal(t, "prod", scanningOwner["111122223333/us-east-1"], "prod owns the example account's image scanning")
}

func TestProdWatchesEKSWithGuardDuty(t *testing.T) {
	r := planStack(t, "prod")
	detectors := ofType(r, detectorType)
	require.Len(t, detectors, 1, "prod creates the account's GuardDuty detector")
	assert.Equal(t, true, detectors[0].Input("enable"))

	features := map[string]offline.Resource{}
	for _, f := range ofType(r, featureType) {
		features[f.Input("name").(string)] = f
	}
	assert.Equal(t, "ENABLED", features["EKS_AUDIT_LOGS"].Input("status"), "EKS audit-log monitoring")
	runtime := features["RUNTIME_MONITORING"]
	assert.Equal(t, "ENABLED", runtime.Input("status"), "EKS runtime monitoring")
	assert.Contains(t, runtime.Input("additionalConfigurations"), map[string]any{"name": "EKS_ADDON_MANAGEMENT", "status": "DISABLED"},
		"the stack installs the agent add-on; GuardDuty must not install a second one")

	cluster := only(t, r, clusterType)
	var agent *offline.Resource
	for _, a := range ofType(r, addonType) {
		if a.Input("addonName") == guardDutyAgentAddon {
			agent = &a
		}
	}
	require.NotNil(t, agent, "the GuardDuty agent is an EKS add-on of the cluster")
	assert.Equal(t, cluster.Input("name"), agent.Input("clusterName"))
	for _, g := range ofType(r, nodeGroupType) {
		// The SDK records a dependency on a component as its children, or as the component itself.
		waits := slices.Contains(agent.DependsOn, g.URN) || slices.Contains(agent.DependsOn, g.Parent)
		assert.True(t, waits, "the agent waits for node group %s", g.Name)
	}

	var endpoint *offline.Resource
	for _, e := range ofType(r, vpcEndpointType) {
		if strings.HasSuffix(fmt.Sprint(e.Input("serviceName")), ".guardduty-data") {
			endpoint = &e
		}
	}
	require.NotNil(t, endpoint, "a manually managed agent reports through a guardduty-data endpoint")
	assert.Equal(t, "com.amazonaws.us-east-1.guardduty-data", endpoint.Input("serviceName"))
	assert.Equal(t, true, endpoint.Input("privateDnsEnabled"))
	assert.Len(t, endpoint.Input("subnetIds"), 3, "an interface in each private subnet")
	assert.Contains(t, agent.DependsOn, endpoint.URN)
}

func TestProdScansItsImagesContinuously(t *testing.T) {
	r := planStack(t, "prod")
	scanning := only(t, r, scanningType)
	assert.Equal(t, "ENHANCED", scanning.Input("scanType"))
	assert.Equal(t, []any{map[string]any{
		"scanFrequency":     "CONTINUOUS_SCAN",
		"repositoryFilters": []any{map[string]any{"filter": "ip-platform/prod/*", "filterType": "WILDCARD"}},
	}}, scanning.Input("rules"))
	for _, repo := range ofType(r, "aws:ecr/repository:Repository") {
		name := repo.Input("name").(string)
		ok, err := path.Match("ip-platform/prod/*", name)
		require.NoError(t, err)
		assert.True(t, ok, "repository %s must be covered by the scanning filter", name)
	}
}

func TestProdSecurityFindingsReachTheAlarmTopic(t *testing.T) {
	r := planStack(t, "prod")
	cfg := stackConfig(t, "prod")
	topic := only(t, r, snsTopicType)
	topicArn := "arn:aws:sns:us-east-1:123456789012:topic/" + topic.Name

	rules := ofType(r, eventRuleType)
	require.Len(t, rules, 2, "GuardDuty findings and Inspector critical findings")
	patterns := map[string]map[string]any{}
	for _, rule := range rules {
		var p map[string]any
		require.NoError(t, json.Unmarshal([]byte(rule.Input("eventPattern").(string)), &p))
		patterns[p["source"].([]any)[0].(string)] = p
	}
	assert.Equal(t, map[string]any{"severity": []any{map[string]any{"numeric": []any{">=", cfg.Security.FindingSeverityThreshold}}}},
		patterns["aws.guardduty"]["detail"], "GuardDuty findings at or above the configured severity")
	inspector := patterns["aws.inspector2"]["detail"].(map[string]any)
	assert.Equal(t, []any{"CRITICAL"}, inspector["severity"])

	targets := ofType(r, eventTargetType)
	require.Len(t, targets, 2)
	for _, target := range targets {
		assert.Equal(t, topicArn, target.Input("arn"), "%s must notify the alarm topic the data tier's alarms use", target.Name)
	}

	// The topic admits EventBridge for the stack's rules only, and its key lets EventBridge encrypt.
	policy := only(t, r, topicPolicyType)
	events := statementFor(t, policy.Input("policy"), eventsPrincipal)
	require.NotNil(t, events, "the topic policy must admit EventBridge")
	assert.Equal(t, []any{"sns:Publish"}, events["Action"])
	sourceArn := events["Condition"].(map[string]any)["ArnLike"].(map[string]any)["aws:SourceArn"].(string)
	assert.True(t, strings.HasPrefix(sourceArn, fmt.Sprintf("arn:aws:events:%s:%s:rule/", cfg.Region, cfg.AccountID)), "rules of the stack's account and region, got %s", sourceArn)
	for _, rule := range rules {
		pattern := strings.TrimPrefix(sourceArn[strings.Index(sourceArn, ":rule/"):], ":")
		ok, err := path.Match(pattern, "rule/"+rule.Input("name").(string))
		require.NoError(t, err)
		assert.True(t, ok, "rule %s must be admitted by %s", rule.Input("name"), sourceArn)
	}
	var keyAdmitsEvents bool
	for _, key := range ofType(r, kmsKeyType) {
		if key.Parent == topic.Parent {
			if s := statementFor(t, key.Input("policy"), eventsPrincipal); s != nil {
				keyAdmitsEvents = true
				assert.ElementsMatch(t, []any{"kms:Decrypt", "kms:GenerateDataKey*"}, s["Action"])
			}
		}
	}
	assert.True(t, keyAdmitsEvents, "the alarm topic's key must let EventBridge encrypt messages")
}

func TestStacksWithoutSecurityMonitoringHaveNone(t *testing.T) {
	// dev is off by its profile; staging leaves the account-wide pieces to prod, whose account it
	// shares in the example stack files.
	for _, stack := range []string{"dev", "staging"} {
		t.Run(stack, func(t *testing.T) {
			r := planStack(t, stack)
			for _, typ := range []string{detectorType, featureType, scanningType, eventRuleType, eventTargetType, topicPolicyType} {
				assert.Empty(t, ofType(r, typ), "%s plans no %s", stack, typ)
			}
			for _, a := range ofType(r, addonType) {
				assert.NotEqual(t, guardDutyAgentAddon, a.Input("addonName"))
			}
		})
	}
}

// statementFor returns the statement of a JSON policy naming service as its principal, or nil.
func statementFor(t *testing.T, raw any, service string) map[string]any {
	t.Helper()
	var doc struct{ Statement []map[string]any }
	require.NoError(t, json.Unmarshal([]byte(raw.(string)), &doc))
	for _, s := range doc.Statement {
		principal, _ := s["Principal"].(map[string]any)
		for _, p := range strs(principal["Service"]) {
			if p == service {
				return s
			}
		}
	}
	return nil
}
