package nodepool

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

const (
	nodeGroupType  = "aws:eks/nodeGroup:NodeGroup"
	launchTmplType = "aws:ec2/launchTemplate:LaunchTemplate"
	attachmentType = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	asgTagType     = "aws:autoscaling/tag:Tag"
)

var testSubnets = []string{"subnet-euw1a", "subnet-euw1b", "subnet-euw1c"}

func generalArgs() *NodePoolArgs {
	return &NodePoolArgs{
		ClusterName:   pulumi.String("ip-prod"),
		SubnetIDs:     pulumi.ToStringArray(testSubnets),
		InstanceTypes: []string{"m6i.large"},
		MinSize:       2,
		MaxSize:       6,
	}
}

// run builds one pool named "general" under offline mocks.
func run(t *testing.T, args *NodePoolArgs) (*offline.Mocks, *NodePool) {
	t.Helper()
	var pool *NodePool
	m := offlinetest.Run(t, func(ctx *pulumi.Context) (err error) {
		pool, err = NewNodePool(ctx, "general", args)
		return err
	})
	return m, pool
}

func nodeGroup(t *testing.T, m *offline.Mocks) offline.Resource {
	t.Helper()
	ng, ok := m.Named(nodeGroupType, "general")
	require.True(t, ok, "no EKS node group named general; registered types: %v", m.Types())
	return ng
}

func TestNodeGroupSpansEveryGivenSubnet(t *testing.T) {
	m, _ := run(t, generalArgs())
	assert.Equal(t, []any{"subnet-euw1a", "subnet-euw1b", "subnet-euw1c"}, nodeGroup(t, m).Input("subnetIds"),
		"the pool must be placed in the private subnets of all three zones")
}

func TestNodeGroupDefaults(t *testing.T) {
	m, _ := run(t, generalArgs())
	ng := nodeGroup(t, m)

	assert.Equal(t, "ip-prod", ng.Input("clusterName"))
	assert.Equal(t, []any{"m6i.large"}, ng.Input("instanceTypes"))
	assert.Equal(t, "ON_DEMAND", ng.Input("capacityType"), "capacity type defaults to on-demand")
	assert.Equal(t, "AL2023_x86_64_STANDARD", ng.Input("amiType"))
	assert.Equal(t, map[string]any{"minSize": 2.0, "maxSize": 6.0, "desiredSize": 2.0}, ng.Input("scalingConfig"),
		"desired size defaults to the minimum")
	assert.Equal(t, 1.0, ng.Input("updateConfig.maxUnavailable"), "rolling updates replace one node at a time by default")
	assert.Equal(t, "general-", ng.Input("nodeGroupNamePrefix"))
	assert.Nil(t, ng.Input("diskSize"), "disk size lives in the launch template; EKS rejects both")
}

func TestSpotPoolCarriesItsSettingsLabelsAndTaints(t *testing.T) {
	args := generalArgs()
	args.InstanceTypes = []string{"c7g.xlarge", "m7g.xlarge"}
	args.CapacityType = Spot
	args.MinSize, args.DesiredSize, args.MaxSize = 1, 3, 10
	args.MaxUnavailable = 2
	args.Labels = map[string]string{"workload": "batch", "example.com/team": "ip"}
	args.Taints = []Taint{{Key: "dedicated", Value: "batch", Effect: NoSchedule}}
	m, _ := run(t, args)
	ng := nodeGroup(t, m)

	assert.Equal(t, "SPOT", ng.Input("capacityType"))
	assert.Equal(t, "AL2023_ARM_64_STANDARD", ng.Input("amiType"), "Graviton instance types need the arm64 AMI")
	assert.Equal(t, map[string]any{"minSize": 1.0, "maxSize": 10.0, "desiredSize": 3.0}, ng.Input("scalingConfig"))
	assert.Equal(t, 2.0, ng.Input("updateConfig.maxUnavailable"))
	assert.Equal(t, map[string]any{"workload": "batch", "example.com/team": "ip"}, ng.Input("labels"))
	assert.Equal(t, []any{map[string]any{"key": "dedicated", "value": "batch", "effect": "NO_SCHEDULE"}}, ng.Input("taints"))
}

func TestDesiredSizeIsLeftToTheAutoscaler(t *testing.T) {
	m, _ := run(t, generalArgs())
	assert.Contains(t, nodeGroup(t, m).IgnoreChanges, "scalingConfig.desiredSize",
		"a deploy must not reset the size cluster-autoscaler chose")
}

func TestLaunchTemplateHardensTheNodes(t *testing.T) {
	m, _ := run(t, generalArgs())
	lt, ok := m.Named(launchTmplType, "general")
	require.True(t, ok, "no launch template named general")

	assert.Equal(t, map[string]any{"httpEndpoint": "enabled", "httpTokens": "required", "httpPutResponseHopLimit": 1.0},
		lt.Input("metadataOptions"), "IMDSv2 only, and a hop limit of 1 so no pod-network container gets a token")
	assert.Equal(t, []any{map[string]any{
		"deviceName": "/dev/xvda",
		"ebs": map[string]any{
			"volumeType": "gp3", "volumeSize": 50.0, "encrypted": "true", "deleteOnTermination": "true",
		},
	}}, lt.Input("blockDeviceMappings"), "root volume: encrypted gp3 of the default 50 GiB, deleted with the node")
	assert.Nil(t, lt.Input("imageId"), "no AMI: EKS must pick the one matching the cluster version")
	assert.Nil(t, lt.Input("vpcSecurityGroupIds"), "no security groups: EKS attaches the cluster security group")
	assert.Nil(t, lt.Input("instanceType"), "instance types belong to the node group")
	assert.ElementsMatch(t, []any{
		map[string]any{"resourceType": "instance", "tags": map[string]any{"Name": "general"}},
		map[string]any{"resourceType": "volume", "tags": map[string]any{"Name": "general"}},
	}, lt.Input("tagSpecifications"))

	ng := nodeGroup(t, m)
	assert.Equal(t, "general-id", ng.Input("launchTemplate.id"))
	assert.Equal(t, "1", ng.Input("launchTemplate.version"), "the node group must follow the template's latest version")
}

func TestDiskSizeReachesTheRootVolume(t *testing.T) {
	args := generalArgs()
	args.DiskSizeGiB = 120
	m, _ := run(t, args)
	lt, ok := m.Named(launchTmplType, "general")
	require.True(t, ok)
	assert.Equal(t, 120.0, lt.Input("blockDeviceMappings[0].ebs.volumeSize"))
}

func TestNodeRoleHoldsExactlyTheNodePolicies(t *testing.T) {
	m, _ := run(t, generalArgs())

	role, ok := m.Named("aws:iam/role:Role", "general-node")
	require.True(t, ok, "no node role general-node")
	var trust struct{ Statement []map[string]any }
	require.NoError(t, json.Unmarshal([]byte(role.Input("assumeRolePolicy").(string)), &trust))
	require.Len(t, trust.Statement, 1)
	assert.Equal(t, map[string]any{"Service": []any{"ec2.amazonaws.com"}}, trust.Statement[0]["Principal"], "only EC2 instances assume the node role")

	var arns []string
	for _, a := range m.OfType(attachmentType) {
		assert.Equal(t, "general-node", a.Input("role"), "attachment %s targets another role", a.Name)
		arns = append(arns, a.Input("policyArn").(string))
	}
	assert.ElementsMatch(t, []string{
		"arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
		"arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
		"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
	}, arns)
	assert.NotContains(t, arns, "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy", "the VPC CNI has its own IRSA role")

	ng := nodeGroup(t, m)
	assert.Equal(t, "arn:aws:iam::123456789012:role/general-node", ng.Input("nodeRoleArn"))
	for _, a := range m.OfType(attachmentType) {
		assert.True(t, slices.Contains(ng.DependsOn, a.URN), "the node group must wait for %s; depends on %v", a.Name, ng.DependsOn)
	}
}

func TestScaleFromZeroTagsOnlyForPoolsThatCanBeEmpty(t *testing.T) {
	args := generalArgs()
	args.Labels = map[string]string{"workload": "batch"}
	args.Taints = []Taint{{Key: "dedicated", Value: "batch", Effect: NoSchedule}}

	m, _ := run(t, args)
	assert.Empty(t, m.OfType(asgTagType), "a pool that never has zero nodes needs no node-template tags")

	args.MinSize = 0
	m, _ = run(t, args)
	tags := map[string]string{}
	for _, r := range m.OfType(asgTagType) {
		assert.Equal(t, "eks-general-asg", r.Input("autoscalingGroupName"), "tag %s must go on the node group's Auto Scaling group", r.Name)
		assert.Equal(t, false, r.Input("tag.propagateAtLaunch"), "node-template tags are for the autoscaler, not the instances")
		tags[r.Input("tag.key").(string)] = r.Input("tag.value").(string)
	}
	assert.Equal(t, map[string]string{
		"k8s.io/cluster-autoscaler/node-template/label/workload":  "batch",
		"k8s.io/cluster-autoscaler/node-template/taint/dedicated": "batch:NoSchedule",
	}, tags)
	assert.Equal(t, 0.0, nodeGroup(t, m).Input("scalingConfig.desiredSize"), "a pool with MinSize 0 starts empty")
}

func TestChildrenAreParentedAndPrefixedWithThePoolName(t *testing.T) {
	args := generalArgs()
	args.MinSize = 0
	args.Labels = map[string]string{"workload": "batch"}
	m, _ := run(t, args)

	comps := m.OfType("ip-platform:nodepool:NodePool")
	require.Len(t, comps, 1)
	for _, r := range m.Resources() {
		if r.Type == "ip-platform:nodepool:NodePool" {
			continue
		}
		assert.Equal(t, comps[0].URN, r.Parent, "%s %s is not a child of the pool", r.Type, r.Name)
		assert.True(t, strings.HasPrefix(r.Name, "general"), "%s %s does not start with the pool name", r.Type, r.Name)
	}
}

func TestOutputsNameTheNodeGroupAndRole(t *testing.T) {
	_, pool := run(t, generalArgs())

	name, err := internals.UnsafeAwaitOutput(context.Background(), pool.NodeGroupName)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(name.Value.(string), "general-"), "node group name %v", name.Value)

	arn, err := internals.UnsafeAwaitOutput(context.Background(), pool.NodeRoleArn)
	require.NoError(t, err)
	assert.Equal(t, "arn:aws:iam::123456789012:role/general-node", arn.Value)
}

func TestCallerArgsAreNotModified(t *testing.T) {
	args := generalArgs()
	run(t, args)
	assert.Empty(t, args.CapacityType, "defaults must be filled on a copy")
	assert.Zero(t, args.DesiredSize)
	assert.Zero(t, args.DiskSizeGiB)
}

func TestNodeGroupFollowsTheClusterVersion(t *testing.T) {
	m, _ := run(t, generalArgs())
	assert.Nil(t, nodeGroup(t, m).Input("version"), "without a version the group keeps what it was created with")

	args := generalArgs()
	args.KubernetesVersion = pulumi.String("1.33")
	m, _ = run(t, args)
	assert.Equal(t, "1.33", nodeGroup(t, m).Input("version"), "nodes must follow a control-plane upgrade")
}
