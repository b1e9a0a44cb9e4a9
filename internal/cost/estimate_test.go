package cost

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPriceLookupPerType(t *testing.T) {
	h := HoursPerMonth
	cases := []struct {
		name      string
		resource  Resource
		dimension string
		want      float64
	}{
		{"EKS standard support", res("aws:eks/cluster:Cluster", "c", map[string]any{"upgradePolicy": map[string]any{"supportType": "STANDARD"}}),
			"eks.cluster.standard", 0.10 * h},
		{"EKS extended support", res("aws:eks/cluster:Cluster", "c", map[string]any{"upgradePolicy": map[string]any{"supportType": "EXTENDED"}}),
			"eks.cluster.extended", 0.60 * h},
		{"node group: desired size x first instance type", res("aws:eks/nodeGroup:NodeGroup", "ng", map[string]any{
			"instanceTypes": []any{"m6i.xlarge", "m6a.xlarge"}, "capacityType": "ON_DEMAND", "scalingConfig": map[string]any{"desiredSize": 3.0}}),
			"ec2.m6i.xlarge", 3 * 0.192 * h},
		{"spot node group at the on-demand price", res("aws:eks/nodeGroup:NodeGroup", "ng", map[string]any{
			"instanceTypes": []any{"t3.large"}, "capacityType": "SPOT", "scalingConfig": map[string]any{"desiredSize": 2.0}}),
			"ec2.t3.large", 2 * 0.0832 * h},
		{"NAT gateway hours", res("aws:ec2/natGateway:NatGateway", "nat", nil), "vpc.nat.hour", 0.045 * h},
		{"Elastic IP", res("aws:ec2/eip:Eip", "eip", nil), "vpc.public-ipv4.hour", 0.005 * h},
		{"interface endpoint per zone", res("aws:ec2/vpcEndpoint:VpcEndpoint", "ecr", map[string]any{
			"vpcEndpointType": "Interface", "subnetIds": []any{"a", "b", "c"}}), "vpc.interface-endpoint.hour", 3 * 0.01 * h},
		{"RDS Multi-AZ doubles the instance", res("aws:rds/instance:Instance", "db", map[string]any{
			"instanceClass": "db.m7g.large", "multiAz": true, "allocatedStorage": 100.0, "storageType": "gp3"}), "rds.db.m7g.large", 2 * 0.168 * h},
		{"RDS Multi-AZ doubles the storage", res("aws:rds/instance:Instance", "db", map[string]any{
			"instanceClass": "db.m7g.large", "multiAz": true, "allocatedStorage": 100.0, "storageType": "gp3"}), "rds.gp3.storage", 2 * 100 * 0.115},
		{"RDS Single-AZ", res("aws:rds/instance:Instance", "db", map[string]any{
			"instanceClass": "db.t4g.medium", "multiAz": false, "allocatedStorage": 20.0, "storageType": "gp3"}), "rds.db.t4g.medium", 0.065 * h},
		{"ElastiCache node type x nodes", res("aws:elasticache/replicationGroup:ReplicationGroup", "r", map[string]any{
			"nodeType": "cache.m7g.large", "numCacheClusters": 3.0, "engine": "valkey"}), "elasticache.cache.m7g.large", 3 * 0.149 * h},
		{"KMS key", res("aws:kms/key:Key", "k", nil), "kms.key", 1},
		{"Secrets Manager secret", res("aws:secretsmanager/secret:Secret", "s", nil), "secretsmanager.secret", 0.40},
		{"WAF rules", res("aws:wafv2/webAcl:WebAcl", "w", map[string]any{"rules": []any{map[string]any{}, map[string]any{}}}), "waf.rule", 2},
		{"CloudWatch alarm", res("aws:cloudwatch/metricAlarm:MetricAlarm", "a", nil), "cloudwatch.alarm", 0.10},
		{"ALB hours", res("kubernetes:networking.k8s.io/v1:Ingress", "i", map[string]any{"spec": map[string]any{"ingressClassName": "alb"}}),
			"elb.alb.hour", 0.0225 * h},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := estimate(t, tc.resource)
			assert.InDelta(t, tc.want, monthly(e, tc.dimension), 0.001, "monthly %s of %s", tc.dimension, tc.resource.Type)
		})
	}
}

func TestNodeDisksComeFromTheLaunchTemplateBesideTheGroup(t *testing.T) {
	pool := "urn:pulumi:prod::ip-platform::ip-platform:nodepool:NodePool::general"
	ng := res("aws:eks/nodeGroup:NodeGroup", "general", map[string]any{"instanceTypes": []any{"m6i.large"}, "scalingConfig": map[string]any{"desiredSize": 3.0}})
	lt := res("aws:ec2/launchTemplate:LaunchTemplate", "general", map[string]any{"blockDeviceMappings": []any{
		map[string]any{"ebs": map[string]any{"volumeSize": 100.0, "volumeType": "gp3"}}}})
	ng.Parent, lt.Parent = pool, pool
	e := estimate(t, res("ip-platform:nodepool:NodePool", "general", nil), ng, lt)
	assert.InDelta(t, 3*100*0.08, monthly(e, "ebs.gp3.storage"), 0.001, "three nodes with a 100 GiB gp3 root volume each")
	for _, it := range e.Items {
		assert.Equal(t, "ip-platform:nodepool:NodePool general", it.Component, "%s is charged to its node pool", it.Dimension)
	}
}

func TestIngressesOfOneGroupShareOneALB(t *testing.T) {
	ingress := func(name string) Resource {
		return res("kubernetes:networking.k8s.io/v1:Ingress", name, map[string]any{
			"metadata": map[string]any{"annotations": map[string]any{annotationGroup: "api"}}, "spec": map[string]any{"ingressClassName": "alb"}})
	}
	e := estimate(t, ingress("a"), ingress("b"), ingress("c"))
	assert.InDelta(t, 0.0225*HoursPerMonth, monthly(e, "elb.alb.hour"), 0.001, "one ALB for the group, not three")
}

func TestHelmChartVolumesArePricedPerReplica(t *testing.T) {
	sc := res("kubernetes:storage.k8s.io/v1:StorageClass", "sc", map[string]any{"metadata": map[string]any{"name": "obs-gp3"}, "parameters": map[string]any{"type": "gp3"}})
	loki := res("kubernetes:helm.sh/v3:Release", "loki", map[string]any{"chart": "loki", "values": map[string]any{
		"write":        map[string]any{"replicas": 3.0, "persistence": map[string]any{"size": "10Gi", "storageClass": "obs-gp3"}},
		"singleBinary": map[string]any{"replicas": 0.0, "persistence": map[string]any{"size": "10Gi", "storageClass": "obs-gp3"}},
	}})
	e := estimate(t, sc, loki)
	assert.InDelta(t, 3*10*0.08, monthly(e, "ebs.gp3.storage"), 0.001, "three write replicas of 10 GiB; no single-binary replica")
}

func TestUnpricedTypeIsReportedNotCountedAsZero(t *testing.T) {
	e := estimate(t,
		res("aws:opensearch/domain:Domain", "search", map[string]any{"clusterConfig": map[string]any{"instanceType": "r6g.large.search"}}),
		res("aws:rds/instance:Instance", "db", map[string]any{"instanceClass": "db.x2g.16xlarge", "allocatedStorage": 10.0, "storageType": "gp3"}),
	)
	var reasons []string
	for _, u := range e.NotPriced {
		reasons = append(reasons, u.Type+": "+u.Reason)
	}
	joined := strings.Join(reasons, "\n")
	assert.Contains(t, joined, "aws:opensearch/domain:Domain: no price rule for this resource type")
	assert.Contains(t, joined, "no price entry rds.db.x2g.16xlarge", "an instance class without a price is listed, not free")
	for _, it := range e.Items {
		assert.NotEqual(t, "aws:opensearch/domain:Domain", it.Type, "an unpriced type has no item, not an item of 0")
		assert.NotEqual(t, "rds.db.x2g.16xlarge", it.Dimension)
	}
	assert.InDelta(t, 10*0.115+assumed(t, AssumeRdsBackupGb)*0.095, e.TotalUSD, 0.01, "the total holds only what was priced")
}

func TestFreeTypesAreListedWithTheirReason(t *testing.T) {
	e := estimate(t, res("aws:iam/role:Role", "r", nil), res("aws:iam/role:Role", "r2", nil), res("kubernetes:core/v1:Namespace", "ns", nil))
	require.Len(t, e.Free, 2)
	assert.Equal(t, FreeType{Type: "aws:iam/role:Role", Count: 2, Reason: "IAM has no charge"}, e.Free[0])
	assert.Empty(t, e.NotPriced)
	assert.Zero(t, e.TotalUSD)
}

func TestAnotherRegionIsNotPricedWithThisTable(t *testing.T) {
	p, err := LoadPrices()
	require.NoError(t, err)
	a, err := LoadAssumptions(testStack)
	require.NoError(t, err)
	e := Compute([]Resource{res("aws:ec2/natGateway:NatGateway", "nat", nil)}, testStack, "eu-west-1", p, a)
	assert.Zero(t, e.TotalUSD)
	require.Len(t, e.NotPriced, 1)
	assert.Contains(t, e.NotPriced[0].Reason, "the price table is for us-east-1, the stack is in eu-west-1")
}

func TestLargestSumsAResourceOverItsDimensions(t *testing.T) {
	e := estimate(t,
		res("aws:rds/instance:Instance", "db", map[string]any{"instanceClass": "db.t4g.medium", "allocatedStorage": 20.0, "storageType": "gp3"}),
		res("aws:ec2/natGateway:NatGateway", "nat", nil),
		res("aws:kms/key:Key", "k", nil))
	top := e.Largest(2)
	require.Len(t, top, 2)
	assert.Equal(t, "aws:ec2/natGateway:NatGateway nat", top[0].Resource, "hours and the assumed traffic of the only NAT gateway")
	assert.InDelta(t, 0.045*HoursPerMonth+assumed(t, AssumeNatGb)*0.045, top[0].Monthly, 0.01)
	assert.Equal(t, "aws:rds/instance:Instance db", top[1].Resource)
	assert.InDelta(t, 0.065*HoursPerMonth+20*0.115+assumed(t, AssumeRdsBackupGb)*0.095, top[1].Monthly, 0.01, "instance, storage and backups summed")
}
