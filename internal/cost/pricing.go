package cost

import (
	"fmt"
	"sort"
)

// pricer prices one resource: it adds items (or unpriced dimensions) through c.
type pricer func(c *pricing, r Resource)

// pricers are the types the estimate prices, by type token. Each lives with its AWS service's
// kind: compute.go, network.go, data.go, security.go, storage.go.
var pricers = map[string]pricer{
	"aws:eks/cluster:Cluster":                                             priceEKSCluster,
	"aws:eks/nodeGroup:NodeGroup":                                         priceNodeGroup,
	"aws:ec2/natGateway:NatGateway":                                       priceNATGateway,
	"aws:ec2/eip:Eip":                                                     priceEIP,
	"aws:ec2/vpcEndpoint:VpcEndpoint":                                     priceVPCEndpoint,
	"kubernetes:networking.k8s.io/v1:Ingress":                             priceIngress,
	"aws:rds/instance:Instance":                                           priceRDSInstance,
	"aws:elasticache/replicationGroup:ReplicationGroup":                   priceReplicationGroup,
	"aws:backup/vault:Vault":                                              priceBackupVault,
	"aws:kms/key:Key":                                                     priceKMSKey,
	"aws:secretsmanager/secret:Secret":                                    priceSecret,
	"aws:wafv2/webAcl:WebAcl":                                             priceWebACL,
	"aws:cloudwatch/logGroup:LogGroup":                                    priceLogGroup,
	"aws:cloudwatch/metricAlarm:MetricAlarm":                              priceAlarm,
	"aws:ecr/repository:Repository":                                       priceECRRepository,
	"aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration": priceRegistryScanning,
	"kubernetes:core/v1:PersistentVolumeClaim":                            pricePVC,
	"kubernetes:helm.sh/v3:Release":                                       priceHelmRelease,
	"aws:guardduty/detector:Detector":                                     notPricedBecause("GuardDuty bills per CloudTrail event, GB of flow and DNS logs analysed and per monitored vCPU-hour (runtime monitoring); no per-unit rate was found on a page read"),
	"aws:guardduty/detectorFeature:DetectorFeature":                       notPricedBecause("GuardDuty EKS audit-log and runtime-monitoring rates (per million events, per vCPU-hour) were not found on a page read"),
	"aws:s3/bucketV2:BucketV2":                                            notPricedBecause("S3 Standard storage and request rates were not found on a page read; the bucket holds ALB access logs or Loki chunks, whose volume is usage"),
	"aws:route53/record:Record":                                           notPricedBecause("Route 53 bills hosted zones and queries, not records; the zone is the stack's existing one (gateway.hostedZoneId), and no query rate was found on a page read"),
	"aws:sns/topic:Topic":                                                 notPricedBecause("SNS bills requests and deliveries, not topics; alarm notifications are too few to assume and no rate was found on a page read"),
}

// pricing is the state of one estimate: the table, the assumptions and the plan's resources, so a
// pricer can share a stack-wide assumption between the resources it spreads over.
type pricing struct {
	prices    *Prices
	assume    Assumptions
	resources []Resource
	byURN     map[string]Resource
	count     map[string]int
	items     []Item
	notPriced []Unpriced
	free      map[string]int
}

func newPricing(resources []Resource, prices *Prices, assume Assumptions) *pricing {
	c := &pricing{prices: prices, assume: assume, resources: resources,
		byURN: make(map[string]Resource, len(resources)), count: map[string]int{}, free: map[string]int{}}
	for _, r := range resources {
		c.byURN[r.URN] = r
		c.count[r.Type]++
	}
	return c
}

func (c *pricing) priceAll() {
	for _, r := range c.resources {
		if p, ok := pricers[r.Type]; ok {
			p(c, r)
			continue
		}
		if _, ok := freeReason(r.Type); ok {
			c.free[r.Type]++
			continue
		}
		c.unpriced(r, "no price rule for this resource type")
	}
}

// add prices quantity units of dimension key for r; a key missing from the table makes the
// dimension not priced rather than free.
func (c *pricing) add(r Resource, key string, quantity float64, note string) {
	p, ok := c.prices.Lookup(key)
	if !ok {
		c.unpriced(r, fmt.Sprintf("no price entry %s in the price table (quantity %g)", key, quantity))
		return
	}
	if quantity == 0 {
		return
	}
	c.items = append(c.items, Item{URN: r.URN, Type: r.Type, Name: r.Name, Component: componentOf(r, c.byURN),
		Dimension: key, Quantity: quantity, Unit: p.Unit, UnitUSD: p.USD, Monthly: quantity * p.USD, Note: note})
}

// hourly prices a dimension billed by the hour for a whole month.
func (c *pricing) hourly(r Resource, key string, units float64, note string) {
	c.add(r, key, units*HoursPerMonth, note)
}

func (c *pricing) unpriced(r Resource, reason string) {
	c.notPriced = append(c.notPriced, Unpriced{URN: r.URN, Type: r.Type, Name: r.Name, Component: componentOf(r, c.byURN), Reason: reason})
}

// share is an assumed stack-wide quantity spread evenly over the resources of one type.
func (c *pricing) share(assumption, typ string) float64 {
	n := c.count[typ]
	if n == 0 {
		return 0
	}
	return c.assume.Value(assumption) / float64(n)
}

func (c *pricing) freeTypes() []FreeType {
	out := make([]FreeType, 0, len(c.free))
	for t, n := range c.free {
		reason, _ := freeReason(t)
		out = append(out, FreeType{Type: t, Count: n, Reason: reason})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Type < out[j].Type })
	return out
}

func notPricedBecause(reason string) pricer {
	return func(c *pricing, r Resource) { c.unpriced(r, reason) }
}
