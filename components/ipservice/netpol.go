package ipservice

import (
	"fmt"

	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	networkingv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/networking/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/mesh"
)

// Peers of the observability layer (its contract with this component) and of cluster DNS.
const (
	ObservabilityNamespace = "observability"
	CollectorName          = "otel-collector"
	PrometheusName         = "prometheus"
	otlpGRPCPort           = 4317
	otlpHTTPPort           = 4318
	dnsPort                = 53
)

// The EKS Pod Identity agent: a hostNetwork DaemonSet that answers on this link-local address on
// every node, where the AWS SDK's container credential provider fetches the pods' credentials
// (AWS_CONTAINER_CREDENTIALS_FULL_URI, which EKS sets to http://169.254.170.23/v1/credentials). It
// is the only AWS endpoint the service's credentials need: the agent itself calls EKS Auth, and the
// service signs its Redis tokens locally. IPv4 only: the cluster's pods have no IPv6 address
// (IPv6 clusters would need fd00:ec2::23).
// https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html (read 2026-12-02)
const (
	PodIdentityAgentCidr = "169.254.170.23/32"
	PodIdentityAgentPort = 80
)

// namespaceLabel is set by Kubernetes on every namespace (1.22+), so it selects one by name.
const namespaceLabel = "kubernetes.io/metadata.name"

func port(p pulumi.Input, protocol string) networkingv1.NetworkPolicyPortArgs {
	return networkingv1.NetworkPolicyPortArgs{Port: p, Protocol: pulumi.String(protocol)}
}

func inNamespace(namespace string, podLabels map[string]string) networkingv1.NetworkPolicyPeerArgs {
	return networkingv1.NetworkPolicyPeerArgs{
		NamespaceSelector: &metav1.LabelSelectorArgs{MatchLabels: pulumi.StringMap{namespaceLabel: pulumi.String(namespace)}},
		PodSelector:       &metav1.LabelSelectorArgs{MatchLabels: pulumi.ToStringMap(podLabels)},
	}
}

func ipBlocks(cidrs []string) networkingv1.NetworkPolicyPeerArray {
	peers := make(networkingv1.NetworkPolicyPeerArray, len(cidrs))
	for i, c := range cidrs {
		peers[i] = networkingv1.NetworkPolicyPeerArgs{IpBlock: &networkingv1.IPBlockArgs{Cidr: pulumi.String(c)}}
	}
	return peers
}

// gatewayPorts are the ports the gateway's load balancer reaches: the API port for requests and
// the readiness probe's port for its health checks (the same port when the service has no separate
// management port).
func gatewayPorts(a ServiceArgs) []int {
	if a.ManagementPort == a.APIPort {
		return []int{a.APIPort}
	}
	return []int{a.APIPort, a.ManagementPort}
}

func tcpPorts(ports []int) networkingv1.NetworkPolicyPortArray {
	out := make(networkingv1.NetworkPolicyPortArray, len(ports))
	for i, p := range ports {
		out[i] = port(pulumi.Int(p), "TCP")
	}
	return out
}

// gatewayIngressRule admits the API's callers. Without the mesh's ingress gateway: the ALB, which
// sends to pod IPs (target type ip) from its own addresses in the subnets it lives in (no pod
// selector can name it), and health-checks the readiness endpoint, which lives on the management
// port: that port is admitted from the same blocks (it also serves metrics, but the ALB only ever
// requests the health path, and no listener routes there). With it (Mesh.Edge): the gateway's
// pods alone, on the API port and on HBONE, where ztunnel takes the gateway's mTLS connection;
// the ALB health-checks the gateway, not the pods.
func gatewayIngressRule(a ServiceArgs) networkingv1.NetworkPolicyIngressRuleArgs {
	if e := a.Mesh.Edge; e != nil {
		return networkingv1.NetworkPolicyIngressRuleArgs{
			From:  networkingv1.NetworkPolicyPeerArray{inNamespace(e.GatewayNamespace, e.PodLabels)},
			Ports: tcpPorts([]int{a.APIPort, mesh.HBONEPort}),
		}
	}
	return networkingv1.NetworkPolicyIngressRuleArgs{
		From:  ipBlocks(a.GatewayCidrs),
		Ports: tcpPorts(gatewayPorts(a)),
	}
}

// networkPolicies: a namespace-wide default deny, then exactly the flows the service needs.
// Enforced by the VPC CNI's network policy agent, which always admits the pod's own node, so the
// kubelet's probes need no rule (aws/aws-network-policy-agent#56, fixed by PR #65).
func (s serviceObjects) networkPolicies() error {
	all := &metav1.LabelSelectorArgs{}
	service := &metav1.LabelSelectorArgs{MatchLabels: pulumi.ToStringMap(serviceLabels(s.a.ServiceName))}
	both := pulumi.StringArray{pulumi.String("Ingress"), pulumi.String("Egress")}

	if _, err := networkingv1.NewNetworkPolicy(s.ctx, s.name+"-default-deny", &networkingv1.NetworkPolicyArgs{
		Metadata: s.meta("-default-deny"),
		Spec:     &networkingv1.NetworkPolicySpecArgs{PodSelector: all, PolicyTypes: both},
	}, s.opts...); err != nil {
		return fmt.Errorf("default deny policy: %w", err)
	}

	if _, err := networkingv1.NewNetworkPolicy(s.ctx, s.name+"-ingress", &networkingv1.NetworkPolicyArgs{
		Metadata: s.meta("-ingress"),
		Spec: &networkingv1.NetworkPolicySpecArgs{
			PodSelector: service,
			PolicyTypes: pulumi.StringArray{pulumi.String("Ingress")},
			Ingress: networkingv1.NetworkPolicyIngressRuleArray{
				gatewayIngressRule(s.a),
				networkingv1.NetworkPolicyIngressRuleArgs{
					From:  networkingv1.NetworkPolicyPeerArray{inNamespace(ObservabilityNamespace, map[string]string{LabelName: PrometheusName})},
					Ports: networkingv1.NetworkPolicyPortArray{port(pulumi.Int(s.a.ManagementPort), "TCP")},
				},
			},
		},
	}, s.opts...); err != nil {
		return fmt.Errorf("ingress policy: %w", err)
	}

	dns := map[string]string{"k8s-app": "kube-dns"}
	if _, err := networkingv1.NewNetworkPolicy(s.ctx, s.name+"-egress", &networkingv1.NetworkPolicyArgs{
		Metadata: s.meta("-egress"),
		Spec: &networkingv1.NetworkPolicySpecArgs{
			PodSelector: service,
			PolicyTypes: pulumi.StringArray{pulumi.String("Egress")},
			Egress: networkingv1.NetworkPolicyEgressRuleArray{
				networkingv1.NetworkPolicyEgressRuleArgs{
					To:    networkingv1.NetworkPolicyPeerArray{inNamespace("kube-system", dns)},
					Ports: networkingv1.NetworkPolicyPortArray{port(pulumi.Int(dnsPort), "UDP"), port(pulumi.Int(dnsPort), "TCP")},
				},
				networkingv1.NetworkPolicyEgressRuleArgs{
					To:    ipBlocks(s.a.Database.Cidrs),
					Ports: networkingv1.NetworkPolicyPortArray{port(s.a.Database.Port, "TCP")},
				},
				networkingv1.NetworkPolicyEgressRuleArgs{
					To:    ipBlocks(s.a.Cache.Cidrs),
					Ports: networkingv1.NetworkPolicyPortArray{port(s.a.Cache.Port, "TCP")},
				},
				networkingv1.NetworkPolicyEgressRuleArgs{
					To:    networkingv1.NetworkPolicyPeerArray{inNamespace(ObservabilityNamespace, map[string]string{LabelName: CollectorName})},
					Ports: networkingv1.NetworkPolicyPortArray{port(pulumi.Int(otlpGRPCPort), "TCP"), port(pulumi.Int(otlpHTTPPort), "TCP")},
				},
				networkingv1.NetworkPolicyEgressRuleArgs{
					To:    ipBlocks([]string{PodIdentityAgentCidr}),
					Ports: networkingv1.NetworkPolicyPortArray{port(pulumi.Int(PodIdentityAgentPort), "TCP")},
				},
			},
		},
	}, s.opts...); err != nil {
		return fmt.Errorf("egress policy: %w", err)
	}
	return nil
}
