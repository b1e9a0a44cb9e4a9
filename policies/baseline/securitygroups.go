package baseline

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// SecurityGroupIngressPolicy: nothing takes traffic from the whole internet except a load
// balancer, on HTTP (redirected) and HTTPS. A load balancer's group or rule carries the tag
// ip-platform/role=load-balancer; security group rules of the legacy
// aws:ec2/securityGroupRule type take no tags, so they can never open to the world.
func SecurityGroupIngressPolicy() Policy {
	return Policy{
		Name:        "security-group-ingress",
		Description: "No security group admits 0.0.0.0/0 or ::/0, except a load balancer's (tag ip-platform/role=load-balancer) on TCP 80 and 443.",
		Enforcement: policyx.EnforcementLevelMandatory,
		CheckResource: func(r Resource, _ string, _ map[string]any) []string {
			lb := get(r.Properties, "tags").stringMap()[TagRole] == RoleLoadBalancer
			switch r.Type {
			case TypeSecurityGroup, TypeDefaultSecurityGroup:
				var out []string
				for _, rule := range get(r.Properties, "ingress").maps() {
					out = append(out, worldIngress(rule, "protocol", []string{"cidrBlocks", "ipv6CidrBlocks"}, lb)...)
				}
				return out
			case TypeSecurityGroupRule:
				if t, _ := get(r.Properties, "type").str(); t != "ingress" {
					return nil
				}
				return worldIngress(r.Properties, "protocol", []string{"cidrBlocks", "ipv6CidrBlocks"}, false)
			case TypeSecurityGroupIngressRule:
				return worldIngress(r.Properties, "ipProtocol", []string{"cidrIpv4", "cidrIpv6"}, lb)
			}
			return nil
		},
	}
}

// worldIngress judges one ingress rule: sources are read from cidrKeys (lists or single CIDRs).
func worldIngress(rule property.Map, protocolKey string, cidrKeys []string, loadBalancer bool) []string {
	var world []string
	for _, key := range cidrKeys {
		f := get(rule, key)
		if s, ok := f.str(); ok && isWorld(s) {
			world = append(world, s)
		}
		for _, s := range f.strings() {
			if isWorld(s) {
				world = append(world, s)
			}
		}
	}
	if len(world) == 0 {
		return nil
	}
	proto, _ := get(rule, protocolKey).str()
	from, _ := get(rule, "fromPort").number()
	to, _ := get(rule, "toPort").number()
	ports := fmt.Sprintf("%s %g-%g", proto, from, to)
	if loadBalancer && isWebPort(proto, from, to) {
		return nil
	}
	who := "a security group that is not a load balancer's"
	if loadBalancer {
		who = "a load balancer, which may only take tcp 80 and 443,"
	}
	return []string{fmt.Sprintf("ingress %s from %s: %s admits the whole internet", ports, strings.Join(world, ", "), who)}
}

func isWebPort(proto string, from, to float64) bool {
	tcp := proto == "tcp" || proto == "6"
	return tcp && from == to && (from == 80 || from == 443)
}
