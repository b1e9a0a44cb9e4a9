package cost

import "strings"

// freeTypes are AWS resource types with no charge of their own, with why; what they lead to is
// priced where it is billed (a launch template's disk with its node group, a flow log's volume with
// its log group).
var freeTypes = map[string]string{
	"aws:ec2/vpc:Vpc":                                           "VPCs have no charge of their own",
	"aws:ec2/subnet:Subnet":                                     "subnets have no charge",
	"aws:ec2/routeTable:RouteTable":                             "route tables have no charge",
	"aws:ec2/route:Route":                                       "routes have no charge",
	"aws:ec2/routeTableAssociation:RouteTableAssociation":       "route table associations have no charge",
	"aws:ec2/internetGateway:InternetGateway":                   "internet gateways have no charge (data transfer out is usage)",
	"aws:ec2/securityGroup:SecurityGroup":                       "security groups have no charge",
	"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup":         "security groups have no charge",
	"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "security group rules have no charge",
	"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":   "security group rules have no charge",
	"aws:ec2/securityGroupRule:SecurityGroupRule":               "security group rules have no charge",
	"aws:ec2/launchTemplate:LaunchTemplate":                     "launch templates have no charge; the disk they describe is priced with the node group",
	"aws:ec2/flowLog:FlowLog":                                   "flow logs are billed as log ingestion, priced with the log group",
	"aws:iam/role:Role":                                         "IAM has no charge",
	"aws:iam/rolePolicy:RolePolicy":                             "IAM has no charge",
	"aws:iam/rolePolicyAttachment:RolePolicyAttachment":         "IAM has no charge",
	"aws:iam/policy:Policy":                                     "IAM has no charge",
	"aws:iam/instanceProfile:InstanceProfile":                   "IAM has no charge",
	"aws:iam/openIdConnectProvider:OpenIdConnectProvider":       "IAM has no charge",
	"aws:eks/addon:Addon":                                       "EKS add-ons have no charge; their pods run on the priced nodes",
	"aws:eks/accessEntry:AccessEntry":                           "EKS access entries have no charge",
	"aws:eks/accessPolicyAssociation:AccessPolicyAssociation":   "EKS access entries have no charge",
	"aws:eks/podIdentityAssociation:PodIdentityAssociation":     "EKS Pod Identity has no charge",
	"aws:kms/alias:Alias":                                       "KMS aliases have no charge; the key is priced",
	"aws:rds/subnetGroup:SubnetGroup":                           "RDS subnet groups have no charge",
	"aws:rds/parameterGroup:ParameterGroup":                     "RDS parameter groups have no charge",
	"aws:elasticache/subnetGroup:SubnetGroup":                   "ElastiCache subnet groups have no charge",
	"aws:elasticache/parameterGroup:ParameterGroup":             "ElastiCache parameter groups have no charge",
	"aws:elasticache/user:User":                                 "ElastiCache users have no charge",
	"aws:elasticache/userGroup:UserGroup":                       "ElastiCache user groups have no charge",
	"aws:backup/plan:Plan":                                      "backup plans have no charge; the vault's stored snapshots are priced",
	"aws:backup/selection:Selection":                            "backup selections have no charge",
	"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock":    "bucket settings have no charge",
	"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": "bucket settings have no charge",
	"aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2":                       "bucket settings have no charge",
	"aws:s3/bucketOwnershipControls:BucketOwnershipControls":                                     "bucket settings have no charge",
	"aws:s3/bucketPolicy:BucketPolicy":                                                           "bucket settings have no charge",
	"aws:ecr/lifecyclePolicy:LifecyclePolicy":                                                    "ECR lifecycle policies have no charge",
	"aws:sns/topicPolicy:TopicPolicy":                                                            "SNS topic policies have no charge",
	"aws:cloudwatch/eventRule:EventRule":                                                         "EventBridge rules on AWS service events have no charge",
	"aws:cloudwatch/eventTarget:EventTarget":                                                     "EventBridge targets have no charge",
	"aws:acm/certificate:Certificate":                                                            "public ACM certificates have no charge",
	"aws:acm/certificateValidation:CertificateValidation":                                        "certificate validation has no charge",
	"aws:secretsmanager/secretVersion:SecretVersion":                                             "secret versions are included in the secret's price",
}

// freeReason says why a type costs nothing by itself, or false when it may.
func freeReason(typ string) (string, bool) {
	if r, ok := freeTypes[typ]; ok {
		return r, true
	}
	switch {
	case strings.HasPrefix(typ, componentTypePrefix):
		return "a component of this program: its children are priced", true
	case strings.HasPrefix(typ, "pulumi:providers:"):
		return "a Pulumi provider, not a cloud resource", true
	case strings.HasPrefix(typ, "kubernetes:"):
		return "a Kubernetes object: it runs on the priced nodes (its volumes are priced with their claims and charts)", true
	}
	return "", false
}
