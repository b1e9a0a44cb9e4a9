// Package tags builds the per-resource AWS tags. The project-wide tags (project, environment,
// stack, managed-by) are the AWS provider's default tags; what each resource adds is a readable
// Name, which the console, Cost Explorer and the stack tests all look for.
package tags

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// Name returns the tags of a resource called name.
func Name(name string) pulumi.StringMap {
	return pulumi.StringMap{"Name": pulumi.String(name)}
}
