package cost

import "fmt"

// Ingress annotations of the AWS Load Balancer Controller: Ingresses that share a group name share
// one ALB.
const (
	annotationGroup  = "alb.ingress.kubernetes.io/group.name"
	annotationScheme = "alb.ingress.kubernetes.io/scheme"
)

func priceNATGateway(c *pricing, r Resource) {
	c.hourly(r, "vpc.nat.hour", 1, "")
	c.add(r, "vpc.nat.gb", c.share(AssumeNatGb, r.Type), "assumed traffic, spread evenly over the stack's NAT gateways")
}

// priceEIP: every public IPv4 address is billed by the hour since February 2024, attached or not.
func priceEIP(c *pricing, r Resource) {
	c.hourly(r, "vpc.public-ipv4.hour", 1, "")
}

// priceVPCEndpoint: interface endpoints bill per zone they sit in (one subnet per zone) and per GB;
// gateway endpoints (S3, DynamoDB) have no charge.
func priceVPCEndpoint(c *pricing, r Resource) {
	if r.str("vpcEndpointType") != "Interface" {
		return
	}
	zones := float64(len(r.list("subnetIds")))
	c.hourly(r, "vpc.interface-endpoint.hour", zones, fmt.Sprintf("%g zones", zones))
	interfaces := 0
	for _, other := range c.resources {
		if other.Type == r.Type && other.str("vpcEndpointType") == "Interface" {
			interfaces++
		}
	}
	if interfaces > 0 {
		c.add(r, "vpc.interface-endpoint.gb", c.assume.Value(AssumeEndpointGb)/float64(interfaces), "assumed traffic, spread evenly over the interface endpoints")
	}
}

// priceIngress: the ALB the load balancer controller makes for an alb Ingress, priced once per
// group on the group's first Ingress by name (the others share it).
func priceIngress(c *pricing, r Resource) {
	if !isALBIngress(r) {
		return
	}
	group := r.annotation(annotationGroup)
	if group != "" {
		for _, other := range c.resources {
			if other.Type == r.Type && isALBIngress(other) && other.annotation(annotationGroup) == group && other.Name < r.Name {
				return
			}
		}
	}
	note := "one ALB"
	if group != "" {
		note = "one ALB for Ingress group " + group
	}
	c.hourly(r, "elb.alb.hour", 1, note)
	c.hourly(r, "elb.alb.lcu", c.assume.Value(AssumeAlbLcu), "assumed average LCUs per hour")
	if r.annotation(annotationScheme) == "internet-facing" {
		c.unpriced(r, "the internet-facing ALB's public IPv4 addresses (one per zone it spans) are billed like Elastic IPs; the zones are chosen by the controller, so they are not counted")
	}
}

func isALBIngress(r Resource) bool {
	return r.str("spec.ingressClassName") == "alb" || r.annotation("kubernetes.io/ingress.class") == "alb"
}

// annotation reads a metadata annotation; its name has dots of its own, so no dotted path can.
func (r Resource) annotation(name string) string {
	ann, _ := at(r.Inputs, "metadata.annotations").(map[string]any)
	s, _ := ann[name].(string)
	return s
}
