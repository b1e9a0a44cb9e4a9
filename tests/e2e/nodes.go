//go:build e2e

package e2e

import (
	"context"
	"fmt"

	"github.com/ip-platform/infra/components/nodepool"
	"github.com/ip-platform/infra/internal/config"
)

// fakeNodeLabel marks the nodes kwok manages (and only those).
const fakeNodeLabel = "ip-platform.io/e2e-fake-node"

// createFakeNodes registers one kwok node per node pool and availability zone, with the pool's
// labels and taints and the zone label, so that node selectors, tolerations and zone spreads in
// the stack are scheduled as on EKS. kwok then reports them Ready and runs their pods.
func createFakeNodes(ctx context.Context, c *kubeClient, cfg *config.Config) (int, error) {
	count := 0
	for _, pool := range cfg.NodePools {
		for _, zone := range cfg.AvailabilityZones {
			name := fmt.Sprintf("%s-%s", pool.Name, zone)
			labels := map[string]string{
				fakeNodeLabel:                   "true",
				"type":                          "kwok",
				"kubernetes.io/hostname":        name,
				"kubernetes.io/os":              "linux",
				"kubernetes.io/arch":            "amd64",
				"topology.kubernetes.io/zone":   zone,
				"topology.kubernetes.io/region": cfg.Region,
				"eks.amazonaws.com/nodegroup":   pool.Name,
			}
			for k, v := range pool.Labels {
				labels[k] = v
			}
			taints := make([]map[string]string, 0, len(pool.Taints))
			for _, t := range pool.Taints {
				effect, ok := nodepool.KubernetesEffect(t.Effect)
				if !ok {
					return count, fmt.Errorf("node pool %s: taint %s: unknown effect %q", pool.Name, t.Key, t.Effect)
				}
				taints = append(taints, map[string]string{"key": t.Key, "value": t.Value, "effect": effect})
			}
			capacity := map[string]string{"cpu": "32", "memory": "256Gi", "pods": "110", "ephemeral-storage": "100Gi"}
			node := map[string]any{
				"apiVersion": "v1", "kind": "Node",
				"metadata": map[string]any{
					"name": name, "labels": labels,
					"annotations": map[string]string{"kwok.x-k8s.io/node": "fake"},
				},
				"spec":   map[string]any{"taints": taints},
				"status": map[string]any{"capacity": capacity, "allocatable": capacity},
			}
			if err := c.do(ctx, "POST", "/api/v1/nodes", "", node, nil); err != nil {
				return count, fmt.Errorf("fake node %s: %w", name, err)
			}
			count++
		}
	}
	return count, nil
}

// clusterDNSService is the Service EKS's CoreDNS add-on creates (the AWS layer installs the
// add-on, so an existing cluster has it); charts address it by name, as Loki's gateway does for
// its resolver. kwok runs no DNS server behind it, and nothing here resolves through it.
func createClusterDNSService(ctx context.Context, c *kubeClient) error {
	svc := map[string]any{
		"apiVersion": "v1", "kind": "Service",
		"metadata": map[string]any{"name": "kube-dns", "namespace": "kube-system", "labels": map[string]string{"k8s-app": "kube-dns", "eks.amazonaws.com/component": "kube-dns"}},
		"spec": map[string]any{
			"clusterIP": "10.96.0.10",
			"selector":  map[string]string{"k8s-app": "kube-dns"},
			"ports": []map[string]any{
				{"name": "dns", "port": 53, "protocol": "UDP"},
				{"name": "dns-tcp", "port": 53, "protocol": "TCP"},
			},
		},
	}
	if err := c.do(ctx, "POST", "/api/v1/namespaces/kube-system/services", "", svc, nil); err != nil {
		return fmt.Errorf("kube-dns Service: %w", err)
	}
	return nil
}
