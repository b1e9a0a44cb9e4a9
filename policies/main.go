// Command policies is the ip-platform policy pack served to the Pulumi engine:
//
//	pulumi preview --policy-pack policies
//
// The policies are in package baseline, where the offline plan and the tests use them too.
package main

import (
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/ip-platform/infra/policies/baseline"
)

func main() {
	if err := policyx.Main(baseline.NewPack); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
