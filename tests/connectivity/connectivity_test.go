package connectivity

import (
	"fmt"
	"testing"

	"github.com/mattfenwick/cyclonus/pkg/matcher"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
)

var stacks = []string{"dev", "staging", "prod"}

// services are the IP services with their API and management ports (the spec's).
var services = []struct {
	name            string
	api, management int
}{
	{"trademark", 4001, 4002},
	{"copyright", 4003, 4004},
	{"recommendation", 3000, 3000},
}

// connection is one question to the engine, with the answer the platform needs.
type connection struct {
	what     string
	from, to *matcher.TrafficPeer
	port     int
	protocol corev1.Protocol
	allowed  bool
}

func TestServicesReachWhatTheyNeedAndNothingElse(t *testing.T) {
	asked := matrix{}
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			p, err := planStack(stack)
			require.NoError(t, err)
			require.NotEmpty(t, p.policies, "the plan has no NetworkPolicy")
			engine := matcher.BuildNetworkPolicies(true, p.policies)
			t.Logf("%s: %d NetworkPolicies from the plan", stack, len(p.policies))

			require.NotEmpty(t, p.subnets["public"], "no public subnets in the plan")
			require.NotEmpty(t, p.subnets["isolated"], "no isolated subnets in the plan")
			require.NotEmpty(t, p.subnets["private"], "no private subnets in the plan")
			alb := address(hostIn(p.subnets["public"][0], 10))
			database := address(hostIn(p.subnets["isolated"][0], 10))
			// An interface VPC endpoint (STS, ECR, Logs) has its addresses in the private subnets,
			// and so has every pod.
			private := p.subnets["private"][0]
			endpoint := address(hostIn(private, 10))
			podIP := func(n int) string { return hostIn(private, 100+n) }

			count := 0
			_, mesh := p.namespaceLabels["istio-ingress"]
			for i, svc := range services {
				pods := p.podLabels[svc.name]
				require.NotEmpty(t, pods, "%s: no Deployment in the plan", svc.name)
				other := services[(i+1)%len(services)]
				for _, labels := range pods {
					self := pod(svc.name, p.namespaceLabels[svc.name], labels, podIP(0))
					neighbour := pod(other.name, p.namespaceLabels[other.name], p.podLabels[other.name][0], podIP(1))
					var connections []connection
					for _, c := range []connection{
						{"credentials from the pod identity agent", self, address(podIdentityAgent), 80, corev1.ProtocolTCP, true},
						{"the node's instance metadata (the node role's credentials)", self, address(instanceMetadata), 80, corev1.ProtocolTCP, false},
						{"STS over the internet", self, address(publicSTS), 443, corev1.ProtocolTCP, false},
						{"an interface endpoint (STS, ECR) in the private subnets", self, endpoint, 443, corev1.ProtocolTCP, false},
						{"PostgreSQL", self, database, 5432, corev1.ProtocolTCP, true},
						{"Redis", self, database, 6379, corev1.ProtocolTCP, true},
						{"anything else in the data subnets", self, database, 22, corev1.ProtocolTCP, false},
						{"cluster DNS", self, kubeDNS(podIP(2)), 53, corev1.ProtocolUDP, true},
						{"the OpenTelemetry collector", self, collector(podIP(3)), 4317, corev1.ProtocolTCP, true},
						{"another service's API", self, neighbour, other.api, corev1.ProtocolTCP, false},
						// With the mesh the ALB's only target is the ingress gateway: nothing in the
						// public subnets reaches a service pod, API or management port.
						{"the load balancer to the API", alb, self, svc.api, corev1.ProtocolTCP, !mesh},
						{"the load balancer's health check", alb, self, svc.management, corev1.ProtocolTCP, !mesh},
						{"the internet to a pod", address(publicSTS), self, svc.api, corev1.ProtocolTCP, false},
						{"Prometheus to the management port", prometheus(podIP(4)), self, svc.management, corev1.ProtocolTCP, true},
						{"another namespace's pod to the API", grafana(podIP(5)), self, svc.api, corev1.ProtocolTCP, false},
					} {
						connections = append(connections, c)
					}
					if mesh {
						gw := ingressGateway(podIP(6))
						wp := waypoint(svc.name, p.namespaceLabels[svc.name], podIP(7))
						connections = append(connections,
							connection{"the ingress gateway to the API over HBONE", gw, self, hbone, corev1.ProtocolTCP, true},
							connection{"the ingress gateway to the API port", gw, self, svc.api, corev1.ProtocolTCP, true},
							connection{"the namespace's waypoint to the pod over HBONE", wp, self, hbone, corev1.ProtocolTCP, true},
							connection{"Prometheus over HBONE (its scrapes in the mesh)", prometheus(podIP(4)), self, hbone, corev1.ProtocolTCP, true},
							connection{"the mesh's rewritten kubelet probe", address(meshProbeSource), self, svc.management, corev1.ProtocolTCP, true},
							connection{"another service's pod over HBONE", neighbour, self, hbone, corev1.ProtocolTCP, false},
							connection{"the service to another service's waypoint", self, waypoint(other.name, p.namespaceLabels[other.name], podIP(8)), hbone, corev1.ProtocolTCP, false},
						)
					}
					if mesh && svc.management != svc.api {
						connections = append(connections, connection{"the ingress gateway to the management port", ingressGateway(podIP(6)), self, svc.management, corev1.ProtocolTCP, false})
					}
					for _, c := range connections {
						count++
						asked.record(t, mesh, c)
						result := engine.IsTrafficAllowed(&matcher.Traffic{Source: c.from, Destination: c.to, ResolvedPort: c.port, Protocol: c.protocol})
						assert.Equal(t, c.allowed, result.IsAllowed(), "%s %v: %s (port %d/%s): %s", svc.name, labels, c.what, c.port, c.protocol, explain(result))
					}
				}
			}
			if mesh {
				// The ingress gateway's own namespace: the ALB's subnets reach its HTTP and
				// readiness ports and nothing else; Prometheus its metrics; it reaches istiod.
				gw := ingressGateway(podIP(6))
				for _, c := range []connection{
					{"the load balancer to the ingress gateway", alb, gw, ingressHTTP, corev1.ProtocolTCP, true},
					{"the load balancer's health check of the ingress gateway", alb, gw, ingressReadiness, corev1.ProtocolTCP, true},
					{"the load balancer to the gateway's metrics", alb, gw, ingressMetrics, corev1.ProtocolTCP, false},
					{"the internet to the ingress gateway directly", address(publicSTS), gw, ingressHTTP, corev1.ProtocolTCP, false},
					{"a service pod to the ingress gateway", pod(services[0].name, p.namespaceLabels[services[0].name], p.podLabels[services[0].name][0], podIP(0)), gw, ingressHTTP, corev1.ProtocolTCP, false},
					{"Prometheus to the gateway's metrics", prometheus(podIP(4)), gw, ingressMetrics, corev1.ProtocolTCP, true},
					{"the ingress gateway to istiod", gw, istiod(podIP(9)), istiodXDS, corev1.ProtocolTCP, true},
					{"the ingress gateway to cluster DNS", gw, kubeDNS(podIP(2)), 53, corev1.ProtocolUDP, true},
					{"the ingress gateway to the internet", gw, address(publicSTS), 443, corev1.ProtocolTCP, false},
				} {
					count++
					asked.record(t, mesh, c)
					result := engine.IsTrafficAllowed(&matcher.Traffic{Source: c.from, Destination: c.to, ResolvedPort: c.port, Protocol: c.protocol})
					assert.Equal(t, c.allowed, result.IsAllowed(), "ingress gateway: %s (port %d/%s): %s", c.what, c.port, c.protocol, explain(result))
				}
			}
			if tests := testPods(p, podIP); tests != nil {
				// The API tests (staging): out only to DNS, HTTPS on the internet (the API's public
				// name), the load test to Prometheus's remote-write port and the scan's uploader to
				// the pod identity agent; nothing in.
				k6, zap := tests["load-test"], tests["security-scan"]
				self := pod(services[0].name, p.namespaceLabels[services[0].name], p.podLabels[services[0].name][0], podIP(0))
				for _, c := range []connection{
					{"the load test to the API's public name (the internet on 443)", k6, address(publicSTS), 443, corev1.ProtocolTCP, true},
					{"the load test to Prometheus's remote-write port", k6, prometheus(podIP(4)), 9090, corev1.ProtocolTCP, true},
					{"the load test to cluster DNS", k6, kubeDNS(podIP(2)), 53, corev1.ProtocolUDP, true},
					{"the load test to a service's API directly", k6, self, services[0].api, corev1.ProtocolTCP, false},
					{"the load test to an address of the VPC on 443", k6, endpoint, 443, corev1.ProtocolTCP, false},
					{"the load test to the data subnets", k6, database, 5432, corev1.ProtocolTCP, false},
					{"the load test to the pod identity agent", k6, address(podIdentityAgent), 80, corev1.ProtocolTCP, false},
					{"the scan to the API's public name (the internet on 443)", zap, address(publicSTS), 443, corev1.ProtocolTCP, true},
					{"the scan's uploader to the pod identity agent", zap, address(podIdentityAgent), 80, corev1.ProtocolTCP, true},
					{"the scan to Prometheus", zap, prometheus(podIP(4)), 9090, corev1.ProtocolTCP, false},
					{"Prometheus to the load test's pod", prometheus(podIP(4)), k6, 6565, corev1.ProtocolTCP, false},
				} {
					count++
					asked.record(t, mesh, c)
					result := engine.IsTrafficAllowed(&matcher.Traffic{Source: c.from, Destination: c.to, ResolvedPort: c.port, Protocol: c.protocol})
					assert.Equal(t, c.allowed, result.IsAllowed(), "api tests: %s (port %d/%s): %s", c.what, c.port, c.protocol, explain(result))
				}
			}
			t.Logf("%s: %d connections asked", stack, count)
		})
	}
	t.Run("docs/architecture.md states the same matrix", func(t *testing.T) {
		documented, err := documentedMatrix()
		require.NoError(t, err)
		assert.Equal(t, asked.rows(), documented, "docs/architecture.md's connectivity matrix must list each connection this test asks, with its answer without and with the mesh")
	})

}

// testPods are the API tests' pods (namespace api-tests) by their app.kubernetes.io/component
// label, or nil where the stack runs no test.
func testPods(p *stackPlan, podIP func(int) string) map[string]*matcher.TrafficPeer {
	jobs, ok := p.podLabels["api-tests"]
	if !ok {
		return nil
	}
	out := map[string]*matcher.TrafficPeer{}
	for i, labels := range jobs {
		out[labels["app.kubernetes.io/component"]] = pod("api-tests", p.namespaceLabels["api-tests"], labels, podIP(20+i))
	}
	return out
}

// explain is the engine's table of the policies that decided, for a failure message.
func explain(r *matcher.AllowedResult) string {
	return fmt.Sprintf("allowed %v\n%s", r.IsAllowed(), r.Table())
}
