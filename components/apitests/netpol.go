package apitests

import (
	"fmt"

	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	networkingv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/networking/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/ipservice"
)

const (
	dnsPort   = 53
	httpsPort = 443
)

// networkPolicies: nothing in, and out only what a test needs. Every test pod resolves names and
// calls HTTPS on the internet (the API's public name resolves to the ALB's public addresses; the
// scan's uploader reaches S3 and KMS there too), never an address of the VPC; the load test also
// writes to Prometheus, and the scan's uploader reaches the pod identity agent for its role.
func (o objects) networkPolicies() error {
	if err := o.policy("default-deny", &metav1.LabelSelectorArgs{}, []string{"Ingress", "Egress"}, nil); err != nil {
		return err
	}
	port := func(p int, protocol string) networkingv1.NetworkPolicyPortArgs {
		return networkingv1.NetworkPolicyPortArgs{Port: pulumi.Int(p), Protocol: pulumi.String(protocol)}
	}
	dns := networkingv1.NetworkPolicyEgressRuleArgs{
		To: networkingv1.NetworkPolicyPeerArray{networkingv1.NetworkPolicyPeerArgs{
			NamespaceSelector: &metav1.LabelSelectorArgs{MatchLabels: pulumi.StringMap{"kubernetes.io/metadata.name": pulumi.String("kube-system")}},
			PodSelector:       &metav1.LabelSelectorArgs{MatchLabels: pulumi.StringMap{"k8s-app": pulumi.String("kube-dns")}},
		}},
		Ports: networkingv1.NetworkPolicyPortArray{port(dnsPort, "UDP"), port(dnsPort, "TCP")},
	}
	internet := networkingv1.NetworkPolicyEgressRuleArgs{
		To: networkingv1.NetworkPolicyPeerArray{networkingv1.NetworkPolicyPeerArgs{IpBlock: &networkingv1.IPBlockArgs{
			Cidr: pulumi.String("0.0.0.0/0"), Except: pulumi.ToStringArray([]string{o.a.VpcCidr}),
		}}},
		Ports: networkingv1.NetworkPolicyPortArray{port(httpsPort, "TCP")},
	}
	all := &metav1.LabelSelectorArgs{MatchLabels: pulumi.StringMap{labelPartOf: pulumi.String(partOf)}}
	if err := o.policy("egress", all, []string{"Egress"}, networkingv1.NetworkPolicyEgressRuleArray{dns, internet}); err != nil {
		return err
	}
	if l := o.a.LoadTest; l != nil {
		prometheus := networkingv1.NetworkPolicyEgressRuleArgs{
			To: networkingv1.NetworkPolicyPeerArray{networkingv1.NetworkPolicyPeerArgs{
				NamespaceSelector: &metav1.LabelSelectorArgs{MatchLabels: pulumi.StringMap{"kubernetes.io/metadata.name": pulumi.String(l.Prometheus.Namespace)}},
				PodSelector:       &metav1.LabelSelectorArgs{MatchLabels: pulumi.ToStringMap(l.Prometheus.PodLabels)},
			}},
			Ports: networkingv1.NetworkPolicyPortArray{port(l.Prometheus.Port, "TCP")},
		}
		k6 := &metav1.LabelSelectorArgs{MatchLabels: pulumi.StringMap{LabelComponent: pulumi.String(ComponentLoadTest)}}
		if err := o.policy("remote-write", k6, []string{"Egress"}, networkingv1.NetworkPolicyEgressRuleArray{prometheus}); err != nil {
			return err
		}
	}
	if o.a.Scan != nil {
		agent := networkingv1.NetworkPolicyEgressRuleArgs{
			To: networkingv1.NetworkPolicyPeerArray{networkingv1.NetworkPolicyPeerArgs{
				IpBlock: &networkingv1.IPBlockArgs{Cidr: pulumi.String(ipservice.PodIdentityAgentCidr)},
			}},
			Ports: networkingv1.NetworkPolicyPortArray{port(ipservice.PodIdentityAgentPort, "TCP")},
		}
		zap := &metav1.LabelSelectorArgs{MatchLabels: pulumi.StringMap{LabelComponent: pulumi.String(ComponentSecurityScan)}}
		if err := o.policy("pod-identity", zap, []string{"Egress"}, networkingv1.NetworkPolicyEgressRuleArray{agent}); err != nil {
			return err
		}
	}
	return nil
}

func (o objects) policy(suffix string, selector *metav1.LabelSelectorArgs, types []string, egress networkingv1.NetworkPolicyEgressRuleArray) error {
	spec := &networkingv1.NetworkPolicySpecArgs{PodSelector: selector, PolicyTypes: pulumi.ToStringArray(types)}
	if egress != nil {
		spec.Egress = egress
	}
	if _, err := networkingv1.NewNetworkPolicy(o.ctx, o.name+"-"+suffix, &networkingv1.NetworkPolicyArgs{
		Metadata: o.meta("api-tests-"+suffix, map[string]string{labelPartOf: partOf}),
		Spec:     spec,
	}, o.parent); err != nil {
		return fmt.Errorf("%s policy: %w", suffix, err)
	}
	return nil
}
