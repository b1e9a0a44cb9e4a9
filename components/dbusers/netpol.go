package dbusers

import (
	"fmt"

	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	networkingv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/networking/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const dnsPort = 53

// networkPolicies: nothing in or out of the namespace but DNS and the database. The Job holds the
// master password, so it gets no path anywhere else (not even the pod identity agent: it calls no
// AWS API; ESO reads the secret from its own namespace).
func (o objects) networkPolicies() error {
	all := &metav1.LabelSelectorArgs{}
	if _, err := networkingv1.NewNetworkPolicy(o.ctx, o.name+"-default-deny", &networkingv1.NetworkPolicyArgs{
		Metadata: o.meta(appName + "-default-deny"),
		Spec: &networkingv1.NetworkPolicySpecArgs{
			PodSelector: all, PolicyTypes: pulumi.StringArray{pulumi.String("Ingress"), pulumi.String("Egress")},
		},
	}, o.parent); err != nil {
		return fmt.Errorf("default deny policy: %w", err)
	}
	port := func(p pulumi.IntInput, protocol string) networkingv1.NetworkPolicyPortArgs {
		return networkingv1.NetworkPolicyPortArgs{Port: p, Protocol: pulumi.String(protocol)}
	}
	database := make(networkingv1.NetworkPolicyPeerArray, len(o.a.Cidrs))
	for i, c := range o.a.Cidrs {
		database[i] = networkingv1.NetworkPolicyPeerArgs{IpBlock: &networkingv1.IPBlockArgs{Cidr: pulumi.String(c)}}
	}
	dns := networkingv1.NetworkPolicyPeerArgs{
		NamespaceSelector: &metav1.LabelSelectorArgs{MatchLabels: pulumi.StringMap{"kubernetes.io/metadata.name": pulumi.String("kube-system")}},
		PodSelector:       &metav1.LabelSelectorArgs{MatchLabels: pulumi.StringMap{"k8s-app": pulumi.String("kube-dns")}},
	}
	if _, err := networkingv1.NewNetworkPolicy(o.ctx, o.name+"-egress", &networkingv1.NetworkPolicyArgs{
		Metadata: o.meta(appName + "-egress"),
		Spec: &networkingv1.NetworkPolicySpecArgs{
			PodSelector: &metav1.LabelSelectorArgs{MatchLabels: pulumi.ToStringMap(labels())},
			PolicyTypes: pulumi.StringArray{pulumi.String("Egress")},
			Egress: networkingv1.NetworkPolicyEgressRuleArray{
				networkingv1.NetworkPolicyEgressRuleArgs{
					To:    networkingv1.NetworkPolicyPeerArray{dns},
					Ports: networkingv1.NetworkPolicyPortArray{port(pulumi.Int(dnsPort), "UDP"), port(pulumi.Int(dnsPort), "TCP")},
				},
				networkingv1.NetworkPolicyEgressRuleArgs{To: database, Ports: networkingv1.NetworkPolicyPortArray{port(o.a.Port, "TCP")}},
			},
		},
	}, o.parent); err != nil {
		return fmt.Errorf("egress policy: %w", err)
	}
	return nil
}
