package security

import (
	"encoding/json"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

const (
	typeDetector = "aws:guardduty/detector:Detector"
	typeFeature  = "aws:guardduty/detectorFeature:DetectorFeature"
	typeAddon    = "aws:eks/addon:Addon"
	typeEndpoint = "aws:ec2/vpcEndpoint:VpcEndpoint"
	typeSG       = "aws:ec2/securityGroup:SecurityGroup"
	typeScanning = "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration"
	typeRule     = "aws:cloudwatch/eventRule:EventRule"
	typeTarget   = "aws:cloudwatch/eventTarget:EventTarget"

	topicArn = "arn:aws:sns:eu-west-1:123456789012:ip-platform-prod-alarms"
)

func runtimeArgs() *RuntimeMonitoringArgs {
	return &RuntimeMonitoringArgs{
		ClusterName:         pulumi.String("ip-platform-prod"),
		Region:              "eu-west-1",
		VpcID:               pulumi.String("vpc-0prod"),
		SubnetIDs:           pulumi.ToStringArray([]string{"subnet-a", "subnet-b", "subnet-c"}),
		NodeSecurityGroupID: pulumi.String("sg-0cluster"),
	}
}

func fullArgs() *MonitoringArgs {
	return &MonitoringArgs{
		GuardDuty:      &GuardDutyArgs{FindingSeverityThreshold: 4, RuntimeMonitoring: runtimeArgs()},
		Scanning:       &ScanningArgs{RepositoryPrefix: "ip-platform/prod"},
		AlarmTopicArn:  pulumi.String(topicArn),
		RuleNamePrefix: "ip-platform-prod-security",
	}
}

func run(t *testing.T, args *MonitoringArgs) (*offline.Mocks, *Monitoring) {
	t.Helper()
	var mon *Monitoring
	m := offlinetest.Run(t, func(ctx *pulumi.Context) error {
		var err error
		mon, err = NewMonitoring(ctx, "prod-security", args)
		return err
	})
	return m, mon
}

// decode parses a JSON input (a policy, an event pattern).
func decode(t *testing.T, raw any) map[string]any {
	t.Helper()
	s, ok := raw.(string)
	require.True(t, ok, "expected a resolved JSON string, got %T", raw)
	var out map[string]any
	require.NoError(t, json.Unmarshal([]byte(s), &out))
	return out
}

func TestGuardDutyWatchesEKSAuditLogsAndRuntime(t *testing.T) {
	m, mon := run(t, fullArgs())
	offlinetest.AssertSubtree(t, m, "ip-platform:security:Monitoring", "prod-security")

	detector := offlinetest.Must(t, m, typeDetector, "prod-security-guardduty")
	assert.Equal(t, true, detector.Input("enable"))
	assert.Equal(t, "SIX_HOURS", detector.Input("findingPublishingFrequency"))
	assert.Equal(t, "prod-security-guardduty", detector.Input("tags.Name"))
	assert.Nil(t, detector.Input("datasources"), "features are declared as DetectorFeature resources, not the deprecated datasources")

	audit := offlinetest.Must(t, m, typeFeature, "prod-security-eks-audit-logs")
	assert.Equal(t, "prod-security-guardduty-id", audit.Input("detectorId"))
	assert.Equal(t, "EKS_AUDIT_LOGS", audit.Input("name"))
	assert.Equal(t, "ENABLED", audit.Input("status"))

	runtime := offlinetest.Must(t, m, typeFeature, "prod-security-runtime-monitoring")
	assert.Equal(t, "RUNTIME_MONITORING", runtime.Input("name"))
	assert.Equal(t, "ENABLED", runtime.Input("status"))
	assert.Equal(t, []any{
		map[string]any{"name": "EKS_ADDON_MANAGEMENT", "status": "DISABLED"},
		map[string]any{"name": "ECS_FARGATE_AGENT_MANAGEMENT", "status": "DISABLED"},
		map[string]any{"name": "EC2_AGENT_MANAGEMENT", "status": "DISABLED"},
	}, runtime.Input("additionalConfigurations"), "GuardDuty must not deploy the agent itself: the stack's add-on is the only owner")

	assert.Equal(t, "prod-security-guardduty-id", offlinetest.Await(t, mon.DetectorID))
}

func TestRuntimeAgentIsAnEKSAddOnReportingThroughAPrivateEndpoint(t *testing.T) {
	args := fullArgs()
	args.GuardDuty.RuntimeMonitoring.AgentVersion = "v1.10.0-eksbuild.2"
	m, _ := run(t, args)

	endpoint := offlinetest.Must(t, m, typeEndpoint, "prod-security-guardduty-data")
	assert.Equal(t, "com.amazonaws.eu-west-1.guardduty-data", endpoint.Input("serviceName"))
	assert.Equal(t, "Interface", endpoint.Input("vpcEndpointType"))
	assert.Equal(t, "vpc-0prod", endpoint.Input("vpcId"))
	assert.Equal(t, []any{"subnet-a", "subnet-b", "subnet-c"}, endpoint.Input("subnetIds"), "an interface in every node subnet")
	assert.Equal(t, true, endpoint.Input("privateDnsEnabled"), "the agent resolves guardduty-data.<region>.amazonaws.com")
	assert.Equal(t, []any{"prod-security-guardduty-data-id"}, endpoint.Input("securityGroupIds"))
	policy := decode(t, endpoint.Input("policy"))
	stmt := policy["Statement"].([]any)[0].(map[string]any)
	assert.Equal(t, map[string]any{"StringEquals": map[string]any{"aws:PrincipalAccount": "123456789012"}}, stmt["Condition"],
		"only this account's principals may use the endpoint")

	sg := offlinetest.Must(t, m, typeSG, "prod-security-guardduty-data")
	ingress := sg.Input("ingress").([]any)
	require.Len(t, ingress, 1)
	rule := ingress[0].(map[string]any)
	assert.Equal(t, 443.0, rule["fromPort"])
	assert.Equal(t, 443.0, rule["toPort"])
	assert.Equal(t, []any{"sg-0cluster"}, rule["securityGroups"], "HTTPS from the nodes only")
	assert.Nil(t, rule["cidrBlocks"])

	addon := offlinetest.Must(t, m, typeAddon, "prod-security-aws-guardduty-agent")
	assert.Equal(t, "aws-guardduty-agent", addon.Input("addonName"))
	assert.Equal(t, "ip-platform-prod", addon.Input("clusterName"))
	assert.Equal(t, "v1.10.0-eksbuild.2", addon.Input("addonVersion"))
	assert.Equal(t, "OVERWRITE", addon.Input("resolveConflictsOnCreate"))
	feature := offlinetest.Must(t, m, typeFeature, "prod-security-runtime-monitoring")
	assert.ElementsMatch(t, []string{feature.URN, endpoint.URN}, addon.DependsOn,
		"the agent starts only once runtime monitoring is on and its endpoint exists")
}

func TestGuardDutyWithoutRuntimeMonitoringTurnsTheFeatureOff(t *testing.T) {
	args := fullArgs()
	args.GuardDuty.RuntimeMonitoring = nil
	m, _ := run(t, args)

	runtime := offlinetest.Must(t, m, typeFeature, "prod-security-runtime-monitoring")
	assert.Equal(t, "DISABLED", runtime.Input("status"), "removing the feature resource would leave it on: it is declared off")
	assert.Equal(t, "ENABLED", offlinetest.Must(t, m, typeFeature, "prod-security-eks-audit-logs").Input("status"))
	assert.Empty(t, m.OfType(typeAddon), "no agent without runtime monitoring")
	assert.Empty(t, m.OfType(typeEndpoint))
	assert.Empty(t, m.OfType(typeSG))
}

func TestEnhancedScanningCoversTheStacksRepositoriesContinuously(t *testing.T) {
	m, _ := run(t, fullArgs())
	scanning := offlinetest.Must(t, m, typeScanning, "prod-security-ecr-scanning")
	assert.Equal(t, "ENHANCED", scanning.Input("scanType"), "Amazon Inspector, not ECR's basic scanning")
	assert.Equal(t, []any{map[string]any{
		"scanFrequency":     "CONTINUOUS_SCAN",
		"repositoryFilters": []any{map[string]any{"filter": "ip-platform/prod/*", "filterType": "WILDCARD"}},
	}}, scanning.Input("rules"))
}

func TestFindingsGoToTheAlarmTopic(t *testing.T) {
	m, mon := run(t, fullArgs())

	guardDuty := offlinetest.Must(t, m, typeRule, "prod-security-guardduty-findings")
	assert.Equal(t, "ip-platform-prod-security-guardduty-findings", guardDuty.Input("name"))
	assert.Equal(t, "ip-platform-prod-security-guardduty-findings", guardDuty.Input("tags.Name"))
	assert.Nil(t, guardDuty.Input("eventBusName"), "AWS services deliver findings to the default bus")
	pattern := decode(t, guardDuty.Input("eventPattern"))
	assert.Equal(t, []any{"aws.guardduty"}, pattern["source"])
	assert.Equal(t, []any{"GuardDuty Finding"}, pattern["detail-type"])
	assert.Equal(t, map[string]any{"severity": []any{map[string]any{"numeric": []any{">=", 4.0}}}}, pattern["detail"],
		"findings at or above the threshold, matched as numbers")

	inspector := offlinetest.Must(t, m, typeRule, "prod-security-inspector-critical")
	assert.Equal(t, "ip-platform-prod-security-inspector-critical", inspector.Input("name"))
	pattern = decode(t, inspector.Input("eventPattern"))
	assert.Equal(t, []any{"aws.inspector2"}, pattern["source"])
	assert.Equal(t, []any{"Inspector2 Finding"}, pattern["detail-type"])
	detail := pattern["detail"].(map[string]any)
	assert.Equal(t, []any{"CRITICAL"}, detail["severity"])
	assert.Equal(t, []any{"ACTIVE"}, detail["status"], "closed findings are not alerted on")
	assert.Equal(t, map[string]any{"details": map[string]any{"awsEcrContainerImage": map[string]any{
		"repositoryName": []any{map[string]any{"prefix": "ip-platform/prod/"}},
	}}}, detail["resources"], "only the stack's images")

	for _, name := range []string{"prod-security-guardduty-findings", "prod-security-inspector-critical"} {
		target := offlinetest.Must(t, m, typeTarget, name)
		assert.Equal(t, topicArn, target.Input("arn"), "%s must target the alarm topic", name)
		rule := offlinetest.Must(t, m, typeRule, name)
		assert.Equal(t, rule.Input("name"), target.Input("rule"))
		assert.Nil(t, target.Input("inputTransformer"), "the whole finding is forwarded")
	}
	assert.Equal(t, map[string]string{
		RuleGuardDutyFindings: "arn:aws:events:eu-west-1:123456789012:rule/ip-platform-prod-security-guardduty-findings",
		RuleInspectorCritical: "arn:aws:events:eu-west-1:123456789012:rule/ip-platform-prod-security-inspector-critical",
	}, offlinetest.Await(t, mon.RuleArns))
}

func TestEachPartIsOptional(t *testing.T) {
	t.Run("nothing", func(t *testing.T) {
		m, mon := run(t, &MonitoringArgs{})
		assert.Len(t, m.Resources(), 1, "only the component itself")
		assert.Equal(t, "", offlinetest.Await(t, mon.DetectorID))
		assert.Empty(t, offlinetest.Await(t, mon.RuleArns))
	})
	t.Run("scanning only", func(t *testing.T) {
		args := fullArgs()
		args.GuardDuty = nil
		m, mon := run(t, args)
		assert.Empty(t, m.OfType(typeDetector))
		assert.Empty(t, m.OfType(typeFeature))
		assert.Len(t, m.OfType(typeRule), 1)
		assert.Len(t, m.OfType(typeScanning), 1)
		assert.Equal(t, "", offlinetest.Await(t, mon.DetectorID))
	})
	t.Run("GuardDuty only", func(t *testing.T) {
		args := fullArgs()
		args.Scanning = nil
		m, _ := run(t, args)
		assert.Empty(t, m.OfType(typeScanning), "the account's registry scanning configuration is left alone")
		assert.Len(t, m.OfType(typeDetector), 1)
		assert.Len(t, m.OfType(typeRule), 1)
	})
}

func TestGuardDutyPatternRendersTheThresholdAsANumber(t *testing.T) {
	assert.JSONEq(t, `{"detail":{"severity":[{"numeric":[">=",7]}]},"detail-type":["GuardDuty Finding"],"source":["aws.guardduty"]}`, guardDutyPattern(7))
	assert.Contains(t, guardDutyPattern(8.9), `[">=",8.9]`)
	assert.Contains(t, guardDutyPattern(1), `[">=",1]`)
	assert.Equal(t, guardDutyPattern(4.5), guardDutyPattern(4.5), "the same threshold always renders the same pattern")
}

func TestNewMonitoringRejectsInvalidArgs(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*MonitoringArgs)
		field string
	}{
		{"no topic", func(a *MonitoringArgs) { a.AlarmTopicArn = nil }, "AlarmTopicArn"},
		{"no rule prefix", func(a *MonitoringArgs) { a.RuleNamePrefix = "" }, "RuleNamePrefix"},
		{"rule prefix with spaces", func(a *MonitoringArgs) { a.RuleNamePrefix = "ip platform" }, "RuleNamePrefix"},
		{"rule prefix too long", func(a *MonitoringArgs) { a.RuleNamePrefix = "ip-platform-a-very-long-stack-name-security-xy" }, "RuleNamePrefix"},
		{"severity 0", func(a *MonitoringArgs) { a.GuardDuty.FindingSeverityThreshold = 0 }, "GuardDuty.FindingSeverityThreshold"},
		{"severity 9", func(a *MonitoringArgs) { a.GuardDuty.FindingSeverityThreshold = 9 }, "GuardDuty.FindingSeverityThreshold"},
		{"no cluster", func(a *MonitoringArgs) { a.GuardDuty.RuntimeMonitoring.ClusterName = nil }, "GuardDuty.RuntimeMonitoring.ClusterName"},
		{"no VPC", func(a *MonitoringArgs) { a.GuardDuty.RuntimeMonitoring.VpcID = nil }, "GuardDuty.RuntimeMonitoring.VpcID"},
		{"no subnets", func(a *MonitoringArgs) { a.GuardDuty.RuntimeMonitoring.SubnetIDs = nil }, "GuardDuty.RuntimeMonitoring.SubnetIDs"},
		{"no node group", func(a *MonitoringArgs) { a.GuardDuty.RuntimeMonitoring.NodeSecurityGroupID = nil }, "GuardDuty.RuntimeMonitoring.NodeSecurityGroupID"},
		{"bad region", func(a *MonitoringArgs) { a.GuardDuty.RuntimeMonitoring.Region = "Europe" }, "GuardDuty.RuntimeMonitoring.Region"},
		{"bad agent version", func(a *MonitoringArgs) { a.GuardDuty.RuntimeMonitoring.AgentVersion = "latest" }, "GuardDuty.RuntimeMonitoring.AgentVersion"},
		{"bad repository prefix", func(a *MonitoringArgs) { a.Scanning.RepositoryPrefix = "IP-Platform/prod/" }, "Scanning.RepositoryPrefix"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := fullArgs()
			tc.edit(args)
			m, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
				_, err := NewMonitoring(ctx, "prod-security", args)
				return err
			})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.field)
			assert.Empty(t, m.Resources(), "nothing is registered for invalid args")
		})
	}
}
