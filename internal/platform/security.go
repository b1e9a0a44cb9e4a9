package platform

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/alerts"
	"github.com/ip-platform/infra/components/security"
	"github.com/ip-platform/infra/internal/config"
)

// eventBridgePrincipal is the service that delivers EventBridge rules' events to SNS.
const eventBridgePrincipal = "events.amazonaws.com"

// securityOn reports whether the stack builds any of the security monitoring.
func securityOn(cfg *config.Config) bool {
	return cfg.Security.GuardDuty.Enabled || cfg.Security.EnhancedScanning
}

// securityRulePrefix starts the names of the stack's security-event rules; the alarm topic admits
// EventBridge for rules with this prefix only.
func securityRulePrefix(cfg *config.Config) string {
	return cfg.ClusterName() + "-security"
}

// arnPartition is the ARN partition of a region.
func arnPartition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

// securityEventPublishers are the publishers the alarm topic admits besides CloudWatch alarms: the
// stack's security-event rules, when it has any. The topic exists before the rules (they target
// it), so they are named by the ARN their names will give them in the stack's account and region.
func securityEventPublishers(cfg *config.Config) []alerts.Publisher {
	if !securityOn(cfg) {
		return nil
	}
	return []alerts.Publisher{{
		Service: eventBridgePrincipal,
		SourceArn: fmt.Sprintf("arn:%s:events:%s:%s:rule/%s-*",
			arnPartition(cfg.Region), cfg.Region, cfg.AccountID, securityRulePrefix(cfg)),
	}}
}

// buildSecurity turns on GuardDuty (with EKS runtime monitoring) and Amazon Inspector scanning of
// the stack's images as the configuration says, and sends their findings to the data tier's alarm
// topic (built first). The detector and the registry scanning configuration are per account and
// region (components/security).
func (p *Platform) buildSecurity(ctx *pulumi.Context) error {
	cfg := p.Config
	// Without the data tier there is no AWS layer and no alarm topic to send findings to.
	if !securityOn(cfg) || p.Data == nil {
		return nil
	}
	s := cfg.Security
	args := &security.MonitoringArgs{
		AlarmTopicArn:  p.Data.Alarms.Arn,
		RuleNamePrefix: securityRulePrefix(cfg),
	}
	if s.GuardDuty.Enabled {
		args.GuardDuty = &security.GuardDutyArgs{FindingSeverityThreshold: s.FindingSeverityThreshold}
		if s.GuardDuty.RuntimeMonitoring {
			args.GuardDuty.RuntimeMonitoring = &security.RuntimeMonitoringArgs{
				ClusterName:  p.Cluster.Name,
				AgentVersion: s.GuardDuty.AgentVersion,
				Region:       cfg.Region,
				VpcID:        p.Network.VpcID.ToStringOutput(),
				SubnetIDs:    p.Network.PrivateSubnetIDs,
				// Managed nodes without custom security groups carry the cluster security group,
				// and so do the agent's pods (data.go relies on the same).
				NodeSecurityGroupID: p.Cluster.ClusterSecurityGroupID,
				AgentDependsOn:      nodePoolResources(p.NodePools),
			}
		}
	}
	if s.EnhancedScanning {
		args.Scanning = &security.ScanningArgs{RepositoryPrefix: registryPrefix(cfg)}
	}
	var err error
	if p.Security, err = security.NewMonitoring(ctx, cfg.ClusterName()+"-security", args, pulumi.Providers(p.AWS)); err != nil {
		return fmt.Errorf("security: %w", err)
	}
	return nil
}

// exportSecurity publishes the detector and the rules, empty where the stack turns them off.
func (p *Platform) exportSecurity(ctx *pulumi.Context) {
	if p.Security == nil {
		ctx.Export("guardDutyDetectorId", pulumi.String(""))
		ctx.Export("securityEventRuleArns", pulumi.StringMap{})
		return
	}
	ctx.Export("guardDutyDetectorId", p.Security.DetectorID)
	ctx.Export("securityEventRuleArns", p.Security.RuleArns)
}
