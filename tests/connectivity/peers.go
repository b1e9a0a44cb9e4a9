package connectivity

import (
	"github.com/mattfenwick/cyclonus/pkg/matcher"
)

// namespaceName is the label Kubernetes sets on every namespace (1.22+).
const namespaceName = "kubernetes.io/metadata.name"

// pod is a peer inside the cluster: a namespace with its labels, a pod's labels and its address
// (the VPC CNI gives every pod an address of a private subnet).
func pod(namespace string, namespaceLabels, labels map[string]string, ip string) *matcher.TrafficPeer {
	ns := map[string]string{namespaceName: namespace}
	for k, v := range namespaceLabels {
		ns[k] = v
	}
	return &matcher.TrafficPeer{Internal: &matcher.InternalPeer{Namespace: namespace, NamespaceLabels: ns, PodLabels: labels}, IP: ip}
}

// address is a peer outside the cluster's pod network, by IP.
func address(ip string) *matcher.TrafficPeer { return &matcher.TrafficPeer{IP: ip} }

// The chart-made pods the services talk to, by the labels their charts give them: the contract
// components/ipservice's policies are written against (its package comment).
func kubeDNS(ip string) *matcher.TrafficPeer {
	return pod("kube-system", nil, map[string]string{"k8s-app": "kube-dns"}, ip)
}

func prometheus(ip string) *matcher.TrafficPeer {
	return pod("observability", nil, map[string]string{"app.kubernetes.io/name": "prometheus"}, ip)
}

func collector(ip string) *matcher.TrafficPeer {
	return pod("observability", nil, map[string]string{"app.kubernetes.io/name": "otel-collector"}, ip)
}

// grafana is a chart-made pod of the observability namespace that has no business with the
// services' pods.
func grafana(ip string) *matcher.TrafficPeer {
	return pod("observability", nil, map[string]string{"app.kubernetes.io/name": "grafana"}, ip)
}

// Addresses a pod can reach on its node or on the internet.
const (
	// podIdentityAgent serves the pods' AWS credentials (EKS Pod Identity).
	podIdentityAgent = "169.254.170.23"
	// instanceMetadata is IMDS, where the node role's credentials are.
	instanceMetadata = "169.254.169.254"
	// publicSTS stands for sts.amazonaws.com over the internet: any public address.
	publicSTS = "52.94.236.248"
)

// The mesh's proxies, by the labels their controllers give them: the ingress gateway's pods (the
// gateway chart's selector labels, in istio-ingress) and a service namespace's waypoint (istiod
// labels a Gateway's pods with its name).
func ingressGateway(ip string) *matcher.TrafficPeer {
	return pod("istio-ingress", nil, map[string]string{"app": "ingress-gateway", "istio": "ingress-gateway"}, ip)
}

func waypoint(namespace string, namespaceLabels map[string]string, ip string) *matcher.TrafficPeer {
	return pod(namespace, namespaceLabels, map[string]string{"gateway.networking.k8s.io/gateway-name": "waypoint", "gateway.networking.k8s.io/gateway-class-name": "istio-waypoint"}, ip)
}

// Ports of the mesh the policies name.
const (
	hbone            = 15008
	ingressHTTP      = 80
	ingressReadiness = 15021
	ingressMetrics   = 15090
	meshProbeSource  = "169.254.7.127"
	istiodXDS        = 15012
)

func istiod(ip string) *matcher.TrafficPeer {
	return pod("istio-system", nil, map[string]string{"app": "istiod"}, ip)
}
