package baseline

import (
	"slices"
	"strings"
)

// untaggableTypes are AWS resource types whose API takes no tags: each was checked against the
// generated pulumi-aws SDK in go.mod (its Args struct has no Tags field). The required-tags policy
// and the stack tests skip them; add a type here only when that is true of it.
func untaggableTypes() []string {
	return []string{
		"aws:acm/certificateValidation:CertificateValidation",
		"aws:autoscaling/tag:Tag",
		"aws:backup/selection:Selection",
		"aws:backup/vaultNotifications:VaultNotifications",
		"aws:backup/vaultPolicy:VaultPolicy",
		"aws:cloudwatch/eventTarget:EventTarget",
		"aws:cloudwatch/logResourcePolicy:LogResourcePolicy",
		"aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
		"aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation",
		"aws:ec2/route:Route",
		"aws:ec2/routeTableAssociation:RouteTableAssociation",
		"aws:ec2/securityGroupRule:SecurityGroupRule",
		"aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation",
		"aws:ecr/lifecyclePolicy:LifecyclePolicy",
		"aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration",
		"aws:ecr/repositoryPolicy:RepositoryPolicy",
		"aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
		"aws:elasticache/userGroupAssociation:UserGroupAssociation",
		"aws:guardduty/detectorFeature:DetectorFeature",
		"aws:iam/policyAttachment:PolicyAttachment",
		"aws:iam/rolePolicy:RolePolicy",
		"aws:iam/rolePolicyAttachment:RolePolicyAttachment",
		"aws:kms/alias:Alias",
		"aws:kms/grant:Grant",
		"aws:kms/keyPolicy:KeyPolicy",
		"aws:lb/listenerCertificate:ListenerCertificate",
		"aws:lb/targetGroupAttachment:TargetGroupAttachment",
		"aws:rds/roleAssociation:RoleAssociation",
		"aws:route53/record:Record",
		"aws:s3/bucketAclV2:BucketAclV2",
		"aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
		"aws:s3/bucketLoggingV2:BucketLoggingV2",
		"aws:s3/bucketOwnershipControls:BucketOwnershipControls",
		"aws:s3/bucketPolicy:BucketPolicy",
		"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
		"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
		"aws:s3/bucketVersioningV2:BucketVersioningV2",
		"aws:secretsmanager/secretPolicy:SecretPolicy",
		"aws:secretsmanager/secretRotation:SecretRotation",
		"aws:secretsmanager/secretVersion:SecretVersion",
		"aws:sns/topicPolicy:TopicPolicy",
		"aws:sns/topicSubscription:TopicSubscription",
		"aws:wafv2/webAclAssociation:WebAclAssociation",
		"aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
	}
}

// UntaggableTypes returns the AWS types whose API takes no tags, sorted.
func UntaggableTypes() []string { return untaggableTypes() }

// Taggable reports whether typ is an AWS resource type that takes tags.
func Taggable(typ string) bool {
	return strings.HasPrefix(typ, "aws:") && !slices.Contains(untaggableTypes(), typ)
}
