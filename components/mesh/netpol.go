package mesh

import (
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	networkingv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/networking/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// NetworkPolicy pieces shared by the mesh's own proxies (waypoints, the ingress gateway): both
// need istiod and cluster DNS, and both are named by the labels their controllers give them.

func tcpPort(p int) networkingv1.NetworkPolicyPortArgs {
	return networkingv1.NetworkPolicyPortArgs{Port: pulumi.Int(p), Protocol: pulumi.String("TCP")}
}

func tcpPorts(ports ...int) networkingv1.NetworkPolicyPortArray {
	out := make(networkingv1.NetworkPolicyPortArray, len(ports))
	for i, p := range ports {
		out[i] = tcpPort(p)
	}
	return out
}

// podsIn is the pods with labels in the namespace named ns.
func podsIn(ns string, labels map[string]string) networkingv1.NetworkPolicyPeerArgs {
	return networkingv1.NetworkPolicyPeerArgs{
		NamespaceSelector: &metav1.LabelSelectorArgs{MatchLabels: pulumi.StringMap{namespaceNameLabel: pulumi.String(ns)}},
		PodSelector:       &metav1.LabelSelectorArgs{MatchLabels: pulumi.ToStringMap(labels)},
	}
}

// istiodEgress reaches istiod's xDS port: configuration and certificates.
func istiodEgress() networkingv1.NetworkPolicyEgressRuleArgs {
	return networkingv1.NetworkPolicyEgressRuleArgs{
		To:    networkingv1.NetworkPolicyPeerArray{podsIn(Namespace, map[string]string{"app": "istiod"})},
		Ports: tcpPorts(istiodXDSPort),
	}
}

// dnsEgress reaches cluster DNS.
func dnsEgress() networkingv1.NetworkPolicyEgressRuleArgs {
	return networkingv1.NetworkPolicyEgressRuleArgs{
		To: networkingv1.NetworkPolicyPeerArray{podsIn("kube-system", map[string]string{"k8s-app": "kube-dns"})},
		Ports: networkingv1.NetworkPolicyPortArray{
			networkingv1.NetworkPolicyPortArgs{Port: pulumi.Int(53), Protocol: pulumi.String("UDP")}, tcpPort(53),
		},
	}
}
