package security

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/guardduty"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/eksversions"
	"github.com/ip-platform/infra/internal/iampolicy"
	"github.com/ip-platform/infra/internal/secgroup"
	"github.com/ip-platform/infra/internal/tags"
)

// GuardDuty names, as the API spells them.
const (
	featureEksAuditLogs       = "EKS_AUDIT_LOGS"
	featureRuntimeMonitoring  = "RUNTIME_MONITORING"
	configEksAddonManagement  = "EKS_ADDON_MANAGEMENT"
	configEcsFargateAgent     = "ECS_FARGATE_AGENT_MANAGEMENT"
	configEc2AgentManagement  = "EC2_AGENT_MANAGEMENT"
	statusEnabled             = "ENABLED"
	statusDisabled            = "DISABLED"
	agentAddonName            = eksversions.AddonGuardDutyAgent
	findingPublishingInterval = "SIX_HOURS"
)

// status spells a switch the way GuardDuty does.
func status(on bool) string {
	if on {
		return statusEnabled
	}
	return statusDisabled
}

// runtimeAdditionalConfiguration is the RUNTIME_MONITORING feature's agent management: never
// GuardDuty's own. The EKS agent is our add-on (package doc); we run no ECS Fargate tasks and no
// EC2 instances outside EKS. All three are listed so the provider sees no drift against what the
// API reports.
func runtimeAdditionalConfiguration() guardduty.DetectorFeatureAdditionalConfigurationArray {
	out := guardduty.DetectorFeatureAdditionalConfigurationArray{}
	for _, name := range []string{configEksAddonManagement, configEcsFargateAgent, configEc2AgentManagement} {
		out = append(out, guardduty.DetectorFeatureAdditionalConfigurationArgs{
			Name: pulumi.String(name), Status: pulumi.String(statusDisabled),
		})
	}
	return out
}

// newDetector creates the detector and declares both EKS features. Both are always declared, the
// runtime one ENABLED or DISABLED, because removing a feature resource does not turn the feature
// off: only an explicit DISABLED does.
func newDetector(ctx *pulumi.Context, name string, g *GuardDutyArgs, parent pulumi.ResourceOption) (*guardduty.Detector, *guardduty.DetectorFeature, error) {
	detector, err := guardduty.NewDetector(ctx, name+"-guardduty", &guardduty.DetectorArgs{
		Enable: pulumi.Bool(true),
		// How often GuardDuty re-publishes a finding that keeps occurring (a new finding is sent at
		// once): six hours keeps an ongoing finding from paging every quarter of an hour. Set
		// explicitly so that a console change shows as drift.
		FindingPublishingFrequency: pulumi.String(findingPublishingInterval),
		Tags:                       tags.Name(name + "-guardduty"),
	}, parent)
	if err != nil {
		return nil, nil, fmt.Errorf("detector: %w", err)
	}
	if _, err := guardduty.NewDetectorFeature(ctx, name+"-eks-audit-logs", &guardduty.DetectorFeatureArgs{
		DetectorId: detector.ID().ToStringOutput(),
		Name:       pulumi.String(featureEksAuditLogs),
		Status:     pulumi.String(statusEnabled),
	}, parent); err != nil {
		return nil, nil, fmt.Errorf("detector feature %s: %w", featureEksAuditLogs, err)
	}
	runtime, err := guardduty.NewDetectorFeature(ctx, name+"-runtime-monitoring", &guardduty.DetectorFeatureArgs{
		DetectorId:               detector.ID().ToStringOutput(),
		Name:                     pulumi.String(featureRuntimeMonitoring),
		Status:                   pulumi.String(status(g.RuntimeMonitoring != nil)),
		AdditionalConfigurations: runtimeAdditionalConfiguration(),
	}, parent)
	if err != nil {
		return nil, nil, fmt.Errorf("detector feature %s: %w", featureRuntimeMonitoring, err)
	}
	return detector, runtime, nil
}

// newRuntimeAgent creates the guardduty-data endpoint and then the agent add-on, which starts
// reporting only once runtime monitoring is on and the endpoint answers.
func newRuntimeAgent(ctx *pulumi.Context, name string, r *RuntimeMonitoringArgs, runtimeFeature pulumi.Resource, parent pulumi.ResourceOrInvokeOption) (*eks.Addon, error) {
	endpoint, err := newAgentEndpoint(ctx, name, r, parent)
	if err != nil {
		return nil, err
	}
	args := &eks.AddonArgs{
		ClusterName: r.ClusterName,
		AddonName:   pulumi.String(agentAddonName),
		// As for the cluster's own add-ons: the code is the source of truth, so OVERWRITE adopts an
		// agent GuardDuty (or a person) installed before and reverts hand edits.
		ResolveConflictsOnCreate: pulumi.String("OVERWRITE"),
		ResolveConflictsOnUpdate: pulumi.String("OVERWRITE"),
		Tags:                     tags.Name(name + "-" + agentAddonName),
	}
	if r.AgentVersion != "" {
		args.AddonVersion = pulumi.String(r.AgentVersion)
	}
	deps := append([]pulumi.Resource{runtimeFeature, endpoint}, r.AgentDependsOn...)
	addon, err := eks.NewAddon(ctx, name+"-"+agentAddonName, args, parent, pulumi.DependsOn(deps))
	if err != nil {
		return nil, fmt.Errorf("add-on %s: %w", agentAddonName, err)
	}
	return addon, nil
}

// newAgentEndpoint is the interface endpoint the agent sends runtime events to, in every node
// subnet, resolved through private DNS (guardduty-data.<region>.amazonaws.com), open on 443 to the
// nodes and usable by this account's principals only, as AWS's prerequisite for a manually managed
// agent describes.
func newAgentEndpoint(ctx *pulumi.Context, name string, r *RuntimeMonitoringArgs, parent pulumi.ResourceOrInvokeOption) (*ec2.VpcEndpoint, error) {
	logical := name + "-guardduty-data"
	sg, err := secgroup.NewClientOnly(ctx, logical, secgroup.ClientOnlyArgs{
		VpcID:                 r.VpcID,
		Description:           "GuardDuty runtime monitoring endpoint: HTTPS from the nodes",
		Port:                  443,
		ClientSecurityGroupID: r.NodeSecurityGroupID,
		RuleDescription:       "HTTPS from the GuardDuty agent on the nodes",
		Name:                  logical,
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("guardduty-data endpoint: %w", err)
	}
	account := aws.GetCallerIdentityOutput(ctx, aws.GetCallerIdentityOutputArgs{}, parent).AccountId()
	endpoint, err := ec2.NewVpcEndpoint(ctx, logical, &ec2.VpcEndpointArgs{
		VpcId:             r.VpcID,
		ServiceName:       pulumi.String(fmt.Sprintf("com.amazonaws.%s.guardduty-data", r.Region)),
		VpcEndpointType:   pulumi.String("Interface"),
		SubnetIds:         r.SubnetIDs,
		SecurityGroupIds:  pulumi.StringArray{sg.ID().ToStringOutput()},
		PrivateDnsEnabled: pulumi.Bool(true),
		Policy:            account.ApplyT(agentEndpointPolicy).(pulumi.StringOutput),
		Tags:              tags.Name(logical),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("guardduty-data endpoint: %w", err)
	}
	return endpoint, nil
}

// agentEndpointPolicy admits requests from principals of account only: the agent authenticates as
// the node it runs on, and no other account's identity should be able to use our endpoint.
func agentEndpointPolicy(account string) string {
	return iampolicy.New(iampolicy.Statement{
		Sid: "ThisAccountOnly", Effect: "Allow",
		Principal: map[string][]string{"AWS": {"*"}},
		Action:    []string{"*"}, Resource: []string{"*"},
		Condition: map[string]map[string]string{"StringEquals": {"aws:PrincipalAccount": account}},
	}).JSON()
}
