package cost

// replacingInputs are, per type, the inputs whose change makes the provider replace the resource
// rather than update it in place (ForceNew in the AWS provider's schema), for the types whose
// replacement loses data or availability. A type not listed is reported as "replacement unknown":
// the offline plan has no provider schema, and guessing "in place" would be the dangerous answer.
var replacingInputs = map[string][]string{
	"aws:ec2/vpc:Vpc":       {"cidrBlock", "instanceTenancy"},
	"aws:ec2/subnet:Subnet": {"cidrBlock", "vpcId", "availabilityZone", "availabilityZoneId"},
	"aws:eks/cluster:Cluster": {"name", "roleArn", "kubernetesNetworkConfig",
		"encryptionConfig", "outpostConfig"},
	"aws:eks/nodeGroup:NodeGroup": {"clusterName", "nodeGroupName", "nodeGroupNamePrefix", "nodeRoleArn", "subnetIds",
		"amiType", "capacityType", "instanceTypes", "diskSize", "remoteAccess"},
	"aws:rds/instance:Instance": {"engine", "identifier", "identifierPrefix", "dbName", "username", "storageEncrypted", "kmsKeyId",
		"availabilityZone", "characterSetName", "timezone", "replicateSourceDb"},
	"aws:elasticache/replicationGroup:ReplicationGroup": {"replicationGroupId", "atRestEncryptionEnabled", "kmsKeyId",
		"subnetGroupName", "port", "snapshotArns", "snapshotName"},
	"aws:s3/bucketV2:BucketV2":                      {"bucket", "bucketPrefix", "objectLockEnabled"},
	"aws:kms/key:Key":                               {"customerMasterKeySpec", "keySpec", "multiRegion"},
	"aws:ecr/repository:Repository":                 {"name", "encryptionConfigurations"},
	"aws:ec2/natGateway:NatGateway":                 {"subnetId", "allocationId", "connectivityType"},
	"aws:ec2/vpcEndpoint:VpcEndpoint":               {"vpcId", "serviceName", "vpcEndpointType"},
	"aws:backup/vault:Vault":                        {"name", "kmsKeyArn"},
	"aws:cloudwatch/logGroup:LogGroup":              {"name", "namePrefix", "logGroupClass"},
	"aws:secretsmanager/secret:Secret":              {"name", "namePrefix"},
	"aws:wafv2/webAcl:WebAcl":                       {"name", "scope"},
	"aws:ec2/launchTemplate:LaunchTemplate":         {"name", "namePrefix"},
	"aws:iam/role:Role":                             {"name", "namePrefix", "path"},
	"aws:elasticache/subnetGroup:SubnetGroup":       {"name"},
	"aws:rds/subnetGroup:SubnetGroup":               {"name", "namePrefix"},
	"aws:rds/parameterGroup:ParameterGroup":         {"name", "namePrefix", "family"},
	"aws:elasticache/parameterGroup:ParameterGroup": {"name", "family"},
}

// kubernetesReplacingInputs: a Kubernetes object is identified by its name and namespace; changing
// either makes the provider create the new object and delete the old one.
var kubernetesReplacingInputs = []string{"metadata.name", "metadata.namespace"}
