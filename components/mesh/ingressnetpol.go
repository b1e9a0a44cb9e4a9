package mesh

import (
	"fmt"

	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	networkingv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/networking/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ingressNetworkPolicies close the gateway's namespace by default and open exactly its flows: the
// load balancer's blocks to the HTTP and readiness ports (nothing else in the VPC or the internet
// reaches it), Prometheus to the metrics port; out to istiod, cluster DNS, and each service's pods
// on HBONE (where ztunnel takes the gateway's mTLS connection) and the API port.
func ingressNetworkPolicies(ctx *pulumi.Context, name string, namespace pulumi.StringInput, a IngressGatewayArgs, opts ...pulumi.ResourceOption) error {
	meta := func(objName string) *metav1.ObjectMetaArgs {
		return &metav1.ObjectMetaArgs{Name: pulumi.String(objName), Namespace: namespace, Labels: pulumi.ToStringMap(partOf)}
	}
	both := pulumi.StringArray{pulumi.String("Ingress"), pulumi.String("Egress")}
	if _, err := networkingv1.NewNetworkPolicy(ctx, name+"-default-deny", &networkingv1.NetworkPolicyArgs{
		Metadata: meta("default-deny"),
		Spec:     &networkingv1.NetworkPolicySpecArgs{PodSelector: &metav1.LabelSelectorArgs{}, PolicyTypes: both},
	}, opts...); err != nil {
		return fmt.Errorf("default deny policy: %w", err)
	}
	if _, err := networkingv1.NewNetworkPolicy(ctx, name+"-network", &networkingv1.NetworkPolicyArgs{
		Metadata: meta(IngressGatewayName),
		Spec:     ingressGatewayNetworkPolicy(a),
	}, opts...); err != nil {
		return fmt.Errorf("gateway policy: %w", err)
	}
	return nil
}

func ingressGatewayNetworkPolicy(a IngressGatewayArgs) *networkingv1.NetworkPolicySpecArgs {
	loadBalancer := make(networkingv1.NetworkPolicyPeerArray, len(a.LoadBalancerCidrs))
	for i, c := range a.LoadBalancerCidrs {
		loadBalancer[i] = networkingv1.NetworkPolicyPeerArgs{IpBlock: &networkingv1.IPBlockArgs{Cidr: pulumi.String(c)}}
	}
	egress := networkingv1.NetworkPolicyEgressRuleArray{istiodEgress(), dnsEgress()}
	for _, b := range a.Backends {
		egress = append(egress, networkingv1.NetworkPolicyEgressRuleArgs{
			To:    networkingv1.NetworkPolicyPeerArray{podsIn(b.Namespace, b.PodLabels)},
			Ports: tcpPorts(HBONEPort, b.APIPort),
		})
	}
	return &networkingv1.NetworkPolicySpecArgs{
		PodSelector: &metav1.LabelSelectorArgs{MatchLabels: pulumi.ToStringMap(IngressPodLabels())},
		PolicyTypes: pulumi.StringArray{pulumi.String("Ingress"), pulumi.String("Egress")},
		Ingress: networkingv1.NetworkPolicyIngressRuleArray{
			networkingv1.NetworkPolicyIngressRuleArgs{From: loadBalancer, Ports: tcpPorts(IngressHTTPPort, IngressReadinessPort)},
			networkingv1.NetworkPolicyIngressRuleArgs{
				From:  networkingv1.NetworkPolicyPeerArray{podsIn(a.Scraper.Namespace, a.Scraper.PodLabels)},
				Ports: tcpPorts(ingressMetricsPort),
			},
		},
		Egress: egress,
	}
}
