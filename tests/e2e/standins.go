//go:build e2e

package e2e

import "strings"

// standIn is something a real EKS cluster has and this one cannot, faked by the harness. Each
// fakes only what the machine lacks (AWS, a pod network, a kubelet); none changes what the program
// or a chart deploys. README ("The real-engine check") lists the same.
type standIn struct{ Name, Fakes string }

var standIns = []standIn{
	{"fake nodes (kwok)", "the kubelets: one node per node pool and zone with the pool's labels and taints; pods are marked Running and Ready, Job pods Succeeded, and no container runs"},
	{"cluster DNS", "the kube-dns Service of EKS's CoreDNS add-on (the AWS layer's), which charts name; no DNS server answers behind it"},
	{"load balancer", "the AWS Load Balancer Controller's ALB: every Ingress of class " + ingressClass + " gets the hostname " + fakeLoadBalancerHostname},
	{"cluster network", "the pod network the API server dials: one TLS server answers every admission webhook (admitted, unchanged) and the metrics API's discovery, for the webhook servers of ESO, the Prometheus operator, the load balancer controller, istiod and the VPA admission controller and for metrics-server, which are fake pods here"},
	{"webhook certificates", "what ESO's cert-controller, kube-webhook-certgen, istiod and the VPA admission controller do: every service-addressed webhook's caBundle is set to the cluster-network stand-in's CA"},
	{"volume binder", "the EBS CSI driver: each unbound PersistentVolumeClaim gets a PersistentVolume of its class, size and access modes, bound in advance to it"},
}

// describeStandIns is the list for the test output, one per line.
func describeStandIns() string {
	lines := make([]string, len(standIns))
	for i, s := range standIns {
		lines[i] = "  - " + s.Name + ": " + s.Fakes
	}
	return strings.Join(lines, "\n")
}
