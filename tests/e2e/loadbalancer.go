//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"net/url"
	"time"
)

// fakeLoadBalancerHostname is what the stand-in for the AWS Load Balancer Controller writes into an
// Ingress's status.
const fakeLoadBalancerHostname = "k8s-ipplatform-e2e.us-east-1.elb.amazonaws.com"

// fakeLoadBalancers stands in for the AWS Load Balancer Controller, which cannot run without AWS:
// it gives every Ingress of the ALB class a load balancer hostname, the way the controller does
// once the ALB exists. The Kubernetes provider's Ingress await (and the program's API URL output)
// then runs for real. It polls until ctx ends.
func fakeLoadBalancers(ctx context.Context, c *kubeClient, ingressClass string) {
	every(ctx, 500*time.Millisecond, func() bool {
		var list struct {
			Items []struct {
				Metadata struct{ Name, Namespace string } `json:"metadata"`
				Spec     struct {
					IngressClassName string `json:"ingressClassName"`
				} `json:"spec"`
				Status struct {
					LoadBalancer struct {
						Ingress []any `json:"ingress"`
					} `json:"loadBalancer"`
				} `json:"status"`
			} `json:"items"`
		}
		if err := c.get(ctx, "/apis/networking.k8s.io/v1/ingresses", &list); err != nil {
			return true
		}
		for _, ing := range list.Items {
			if ing.Spec.IngressClassName != ingressClass || len(ing.Status.LoadBalancer.Ingress) > 0 {
				continue
			}
			path := fmt.Sprintf("/apis/networking.k8s.io/v1/namespaces/%s/ingresses/%s/status",
				url.PathEscape(ing.Metadata.Namespace), url.PathEscape(ing.Metadata.Name))
			status := []byte(fmt.Sprintf(`{"status":{"loadBalancer":{"ingress":[{"hostname":%q}]}}}`, fakeLoadBalancerHostname))
			_ = c.do(ctx, "PATCH", path, "application/merge-patch+json", status, nil)
		}
		return true
	})
}

// every calls poll at each tick until poll returns false or ctx ends.
func every(ctx context.Context, interval time.Duration, poll func() bool) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		if !poll() {
			return
		}
	}
}
