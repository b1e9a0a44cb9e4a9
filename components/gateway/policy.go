package gateway

import "github.com/ip-platform/infra/internal/iampolicy"

// controllerPolicy is the IAM policy of the AWS Load Balancer Controller, transcribed statement by
// statement from the project's published policy for the release the chart deploys:
// https://raw.githubusercontent.com/kubernetes-sigs/aws-load-balancer-controller/v3.5.0/docs/install/iam_policy.json
// (AppVersion). Keep it in step with AppVersion: a controller newer than its policy fails with
// AccessDenied on the first API call the policy lacks.
//
// Provenance: the tagged file itself was not available offline. The statements below were first
// checked, action by action, against copies of the v2.13.3 file (eksctl-io/eksctl#8447 quotes it;
// terraform-aws-modules/terraform-aws-iam#573 "match v2.13 of the upstream project"). For v3.5.0
// they were compared again (2026-12-02) with terraform-aws-modules/terraform-aws-iam's
// modules/iam-role-for-service-accounts/policies.tf at the version that added the controller's
// v3.4 Global Accelerator policy (#653, merged 2026-07-22), whose load_balancer_controller
// document follows upstream main's iam_policy.json: the same 16 statements, action for action.
// v3 puts the Global Accelerator permissions in a second file (aga_controller_iam_policy.json),
// needed only with the GlobalAcceleratorController gate, which this program leaves off.
// Compare with the URL above when bumping.
//
// One deliberate difference in form, none in effect: upstream's statement granting
// elasticloadbalancing:AddTags on create lists two values for elasticloadbalancing:CreateAction
// (CreateTargetGroup, CreateLoadBalancer). internal/iampolicy conditions take one value per key,
// so that statement is written as two statements with one value each; IAM ORs the values of one
// key and ORs statements, so the grant is identical.
//
// Mutating statements are guarded by the elbv2.k8s.aws/cluster tag the controller puts on
// everything it creates, so it can only modify load balancers, target groups and security
// groups it owns.
func controllerPolicy() string {
	return iampolicy.New(controllerStatements()...).JSON()
}

// Resource ARN patterns of the upstream policy.
const (
	anySecurityGroup = "arn:aws:ec2:*:*:security-group/*"
	anyTargetGroup   = "arn:aws:elasticloadbalancing:*:*:targetgroup/*/*"
	anyNLB           = "arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*/*"
	anyALB           = "arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*"
	// The elbv2.k8s.aws/cluster tag the controller puts on every resource it creates, as the tag of
	// a create request and as the tag of an existing resource.
	requestClusterTag  = "aws:RequestTag/elbv2.k8s.aws/cluster"
	resourceClusterTag = "aws:ResourceTag/elbv2.k8s.aws/cluster"
)

func controllerStatements() []iampolicy.Statement {
	allow := func(actions []string, resources []string, condition map[string]map[string]string) iampolicy.Statement {
		return iampolicy.Statement{Effect: "Allow", Action: actions, Resource: resources, Condition: condition}
	}
	all := []string{"*"}
	ownedResource := map[string]map[string]string{"Null": {resourceClusterTag: "false"}}
	return []iampolicy.Statement{
		allow([]string{"iam:CreateServiceLinkedRole"}, all, map[string]map[string]string{
			"StringEquals": {"iam:AWSServiceName": "elasticloadbalancing.amazonaws.com"},
		}),
		allow([]string{
			"ec2:DescribeAccountAttributes",
			"ec2:DescribeAddresses",
			"ec2:DescribeAvailabilityZones",
			"ec2:DescribeInternetGateways",
			"ec2:DescribeVpcs",
			"ec2:DescribeVpcPeeringConnections",
			"ec2:DescribeSubnets",
			"ec2:DescribeSecurityGroups",
			"ec2:DescribeInstances",
			"ec2:DescribeNetworkInterfaces",
			"ec2:DescribeTags",
			"ec2:GetCoipPoolUsage",
			"ec2:DescribeCoipPools",
			"ec2:GetSecurityGroupsForVpc",
			"ec2:DescribeIpamPools",
			"ec2:DescribeRouteTables",
			"elasticloadbalancing:DescribeLoadBalancers",
			"elasticloadbalancing:DescribeLoadBalancerAttributes",
			"elasticloadbalancing:DescribeListeners",
			"elasticloadbalancing:DescribeListenerCertificates",
			"elasticloadbalancing:DescribeSSLPolicies",
			"elasticloadbalancing:DescribeRules",
			"elasticloadbalancing:DescribeTargetGroups",
			"elasticloadbalancing:DescribeTargetGroupAttributes",
			"elasticloadbalancing:DescribeTargetHealth",
			"elasticloadbalancing:DescribeTags",
			"elasticloadbalancing:DescribeTrustStores",
			"elasticloadbalancing:DescribeListenerAttributes",
			"elasticloadbalancing:DescribeCapacityReservation",
		}, all, nil),
		allow([]string{
			"cognito-idp:DescribeUserPoolClient",
			"acm:ListCertificates",
			"acm:DescribeCertificate",
			"iam:ListServerCertificates",
			"iam:GetServerCertificate",
			"waf-regional:GetWebACL",
			"waf-regional:GetWebACLForResource",
			"waf-regional:AssociateWebACL",
			"waf-regional:DisassociateWebACL",
			"wafv2:GetWebACL",
			"wafv2:GetWebACLForResource",
			"wafv2:AssociateWebACL",
			"wafv2:DisassociateWebACL",
			"shield:GetSubscriptionState",
			"shield:DescribeProtection",
			"shield:CreateProtection",
			"shield:DeleteProtection",
		}, all, nil),
		allow([]string{"ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"}, all, nil),
		allow([]string{"ec2:CreateSecurityGroup"}, all, nil),
		allow([]string{"ec2:CreateTags"}, []string{anySecurityGroup}, map[string]map[string]string{
			"StringEquals": {"ec2:CreateAction": "CreateSecurityGroup"},
			"Null":         {requestClusterTag: "false"},
		}),
		allow([]string{"ec2:CreateTags", "ec2:DeleteTags"}, []string{anySecurityGroup}, map[string]map[string]string{
			"Null": {requestClusterTag: "true", resourceClusterTag: "false"},
		}),
		allow([]string{
			"ec2:AuthorizeSecurityGroupIngress",
			"ec2:RevokeSecurityGroupIngress",
			"ec2:DeleteSecurityGroup",
		}, all, ownedResource),
		allow([]string{
			"elasticloadbalancing:CreateLoadBalancer",
			"elasticloadbalancing:CreateTargetGroup",
		}, all, map[string]map[string]string{"Null": {requestClusterTag: "false"}}),
		allow([]string{
			"elasticloadbalancing:CreateListener",
			"elasticloadbalancing:DeleteListener",
			"elasticloadbalancing:CreateRule",
			"elasticloadbalancing:DeleteRule",
		}, all, nil),
		allow([]string{"elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"},
			[]string{anyTargetGroup, anyNLB, anyALB},
			map[string]map[string]string{"Null": {requestClusterTag: "true", resourceClusterTag: "false"}}),
		allow([]string{"elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"}, []string{
			"arn:aws:elasticloadbalancing:*:*:listener/net/*/*/*",
			"arn:aws:elasticloadbalancing:*:*:listener/app/*/*/*",
			"arn:aws:elasticloadbalancing:*:*:listener-rule/net/*/*/*",
			"arn:aws:elasticloadbalancing:*:*:listener-rule/app/*/*/*",
		}, nil),
		allow([]string{
			"elasticloadbalancing:ModifyLoadBalancerAttributes",
			"elasticloadbalancing:SetIpAddressType",
			"elasticloadbalancing:SetSecurityGroups",
			"elasticloadbalancing:SetSubnets",
			"elasticloadbalancing:DeleteLoadBalancer",
			"elasticloadbalancing:ModifyTargetGroup",
			"elasticloadbalancing:ModifyTargetGroupAttributes",
			"elasticloadbalancing:DeleteTargetGroup",
			"elasticloadbalancing:ModifyListenerAttributes",
			"elasticloadbalancing:ModifyCapacityReservation",
			"elasticloadbalancing:ModifyIpPools",
		}, all, ownedResource),
		// Upstream: one statement with CreateAction in [CreateTargetGroup, CreateLoadBalancer].
		allow([]string{"elasticloadbalancing:AddTags"}, []string{anyTargetGroup, anyNLB, anyALB}, map[string]map[string]string{
			"StringEquals": {"elasticloadbalancing:CreateAction": "CreateTargetGroup"},
			"Null":         {requestClusterTag: "false"},
		}),
		allow([]string{"elasticloadbalancing:AddTags"}, []string{anyTargetGroup, anyNLB, anyALB}, map[string]map[string]string{
			"StringEquals": {"elasticloadbalancing:CreateAction": "CreateLoadBalancer"},
			"Null":         {requestClusterTag: "false"},
		}),
		allow([]string{"elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"},
			[]string{anyTargetGroup}, nil),
		allow([]string{
			"elasticloadbalancing:SetWebAcl",
			"elasticloadbalancing:ModifyListener",
			"elasticloadbalancing:AddListenerCertificates",
			"elasticloadbalancing:RemoveListenerCertificates",
			"elasticloadbalancing:ModifyRule",
			"elasticloadbalancing:SetRulePriorities",
		}, all, nil),
	}
}
