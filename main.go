// Command ip-platform is the Pulumi program that provisions the IP platform: the AWS layer
// (network, EKS cluster and node pools, PostgreSQL, Redis, backups, the API's ALB edge with WAF
// and DNS, the image registry, security monitoring) and the Kubernetes layer on it (the three IP
// services, External Secrets, autoscalers, the observability stack, the service mesh, RBAC, 14
// Helm releases). Run it with `pulumi up` per stack, or offline with `go run ./cmd/plan --stack dev`.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/platform"
)

func main() {
	pulumi.Run(platform.Run)
}
