// Command ip-platform is the Pulumi program that provisions the IP platform: network, EKS cluster
// and node pools today, with the data tier, services and observability layered on by later
// components. Run it with `pulumi up` per stack, or offline with `go run ./cmd/plan --stack dev`.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/platform"
)

func main() {
	pulumi.Run(platform.Run)
}
