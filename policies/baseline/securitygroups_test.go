package baseline

import (
	"testing"
)

func TestSecurityGroupIngress(t *testing.T) {
	p := SecurityGroupIngressPolicy()
	lbTags := map[string]any{"Name": "alb", TagRole: RoleLoadBalancer}
	https := map[string]any{"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": []any{"0.0.0.0/0"}}
	ssh := map[string]any{"protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": []any{"0.0.0.0/0"}}
	inVPC := map[string]any{"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": []any{"10.30.0.0/16"}}
	cases := []struct {
		name string
		typ  string
		sg   map[string]any
		want []string
	}{
		{"VPC-internal HTTPS", TypeSecurityGroup, map[string]any{"ingress": []any{inVPC}}, nil},
		{"a load balancer on 443", TypeSecurityGroup, map[string]any{"tags": lbTags, "ingress": []any{https}}, nil},
		{"a load balancer on 22", TypeSecurityGroup, map[string]any{"tags": lbTags, "ingress": []any{ssh}}, []string{"a load balancer, which may only take tcp 80 and 443"}},
		{"HTTPS from the world without the load balancer tag", TypeSecurityGroup, map[string]any{"ingress": []any{https}}, []string{"tcp 443-443 from 0.0.0.0/0"}},
		{"everything over IPv6", TypeSecurityGroup, map[string]any{"ingress": []any{map[string]any{"protocol": "-1", "fromPort": 0, "toPort": 0, "ipv6CidrBlocks": []any{"::/0"}}}}, []string{"from ::/0"}},
		{"a vpc ingress rule for a load balancer", TypeSecurityGroupIngressRule, map[string]any{"tags": lbTags, "ipProtocol": "tcp", "fromPort": 80, "toPort": 80, "cidrIpv4": "0.0.0.0/0"}, nil},
		{"a vpc ingress rule for a database from the world", TypeSecurityGroupIngressRule, map[string]any{"ipProtocol": "tcp", "fromPort": 5432, "toPort": 5432, "cidrIpv4": "0.0.0.0/0"}, []string{"tcp 5432-5432"}},
		{"a legacy rule cannot be marked", TypeSecurityGroupRule, map[string]any{"type": "ingress", "protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": []any{"0.0.0.0/0"}}, []string{"not a load balancer's"}},
		{"egress to the world is fine", TypeSecurityGroupRule, map[string]any{"type": "egress", "protocol": "-1", "fromPort": 0, "toPort": 0, "cidrBlocks": []any{"0.0.0.0/0"}}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assertMessages(t, tc.want, p.CheckResource(Resource{Type: tc.typ, Properties: props(tc.sg)}, "prod", nil))
		})
	}
}
