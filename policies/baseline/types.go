package baseline

// Type tokens the policies judge. A misspelt token is a policy that silently inspects nothing, so
// each is spelled once here and the tests build resources from these constants.
const (
	// AWS
	TypeRDSInstance              = "aws:rds/instance:Instance"
	TypeRDSCluster               = "aws:rds/cluster:Cluster"
	TypeRDSClusterInstance       = "aws:rds/clusterInstance:ClusterInstance"
	TypeReplicationGroup         = "aws:elasticache/replicationGroup:ReplicationGroup"
	TypeBucket                   = "aws:s3/bucket:Bucket"
	TypeBucketV2                 = "aws:s3/bucketV2:BucketV2"
	TypeBucketPublicAccessBlock  = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	TypeBucketEncryption         = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	TypeEKSCluster               = "aws:eks/cluster:Cluster"
	TypeEKSNodeGroup             = "aws:eks/nodeGroup:NodeGroup"
	TypeLaunchTemplate           = "aws:ec2/launchTemplate:LaunchTemplate"
	TypeEC2Instance              = "aws:ec2/instance:Instance"
	TypeSecurityGroup            = "aws:ec2/securityGroup:SecurityGroup"
	TypeDefaultSecurityGroup     = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
	TypeSecurityGroupRule        = "aws:ec2/securityGroupRule:SecurityGroupRule"
	TypeSecurityGroupIngressRule = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	TypeAWSProvider              = "pulumi:providers:aws"

	// Kubernetes
	TypeNamespace   = "kubernetes:core/v1:Namespace"
	TypePod         = "kubernetes:core/v1:Pod"
	TypeDeployment  = "kubernetes:apps/v1:Deployment"
	TypeStatefulSet = "kubernetes:apps/v1:StatefulSet"
	TypeDaemonSet   = "kubernetes:apps/v1:DaemonSet"
	TypeReplicaSet  = "kubernetes:apps/v1:ReplicaSet"
	TypeJob         = "kubernetes:batch/v1:Job"
	TypeCronJob     = "kubernetes:batch/v1:CronJob"
	TypeHPA         = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler"
	TypePDB         = "kubernetes:policy/v1:PodDisruptionBudget"
	TypeHelmRelease = "kubernetes:helm.sh/v3:Release"
	TypeIngress     = "kubernetes:networking.k8s.io/v1:Ingress"

	TypeRole                    = "kubernetes:rbac.authorization.k8s.io/v1:Role"
	TypeClusterRole             = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole"
	TypeRoleBinding             = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"
	TypeClusterRoleBinding      = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding"
	TypeRolePatch               = "kubernetes:rbac.authorization.k8s.io/v1:RolePatch"
	TypeClusterRolePatch        = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRolePatch"
	TypeRoleBindingPatch        = "kubernetes:rbac.authorization.k8s.io/v1:RoleBindingPatch"
	TypeClusterRoleBindingPatch = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBindingPatch"
)

// Labels and tags the policies read.
const (
	// LabelName identifies an IP service's workload (app.kubernetes.io/name: trademark).
	LabelName = "app.kubernetes.io/name"
	// LabelPartOf marks the platform's own workloads (app.kubernetes.io/part-of: ip-platform).
	LabelPartOf = "app.kubernetes.io/part-of"
	// LabelPodSecurityEnforce is the Pod Security Admission mode a namespace enforces.
	LabelPodSecurityEnforce = "pod-security.kubernetes.io/enforce"
	// TagEnvironment is the AWS tag (a default tag of the provider) naming the environment.
	TagEnvironment = "environment"
	// TagRole with the value RoleLoadBalancer marks a load balancer's security group, the only one
	// allowed to take HTTP and HTTPS from the whole internet.
	TagRole          = "ip-platform/role"
	RoleLoadBalancer = "load-balancer"
)

// Environments with stricter rules.
const envProd = "prod"
