// Command pulumi-resource-kubernetes is the Pulumi Kubernetes provider plugin, version 4.32.0 (the
// SDK version in the program's go.mod). The engine finds it on PATH by this name.
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
)

// providerVersion must match github.com/pulumi/pulumi-kubernetes/sdk/v4 in the program's go.mod:
// the engine asks for that version and uses this plugin only if it reports it.
const providerVersion = "4.32.0"

// schema.json is copied from the provider module's cmd/pulumi-resource-kubernetes by build.sh.
//
//go:embed schema.json
var schema []byte

func main() {
	// The mapping is for Terraform bridging only; the Kubernetes provider does not need it here.
	provider.Serve("kubernetes", providerVersion, schema, []byte("{}"))
}
