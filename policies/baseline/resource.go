package baseline

import (
	"encoding/json"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// Resource is a resource as the policies see it, whether it comes from the engine or from the
// offline plan's mocks.
type Resource struct {
	Type string
	Name string
	URN  string
	// Parent is the URN of the resource's parent (its component), empty at the stack's root.
	Parent string
	// Properties are the resource's inputs.
	Properties property.Map
	// ProviderProperties are the inputs of the provider that manages the resource (the AWS
	// provider's default tags); empty for the default provider.
	ProviderProperties property.Map
	// PropertyDependencies maps an input to the URNs of the resources its value comes from; it is
	// how an S3 public access block is tied to its bucket when the bucket's name is not known yet.
	PropertyDependencies map[string][]string
}

// Finding is one violation found by a policy: the resource (URN, may be empty for the stack) and
// what is wrong, in words a reviewer can act on.
type Finding struct {
	URN     string
	Message string
}

// Violation is a Finding with the policy and its enforcement level, as reported by Evaluate.
type Violation struct {
	Policy      string
	Enforcement policyx.EnforcementLevel
	URN         string
	Type        string
	Name        string
	Message     string
}

// Mandatory reports whether the violation blocks an update.
func (v Violation) Mandatory() bool { return v.Enforcement == policyx.EnforcementLevelMandatory }

// EnforcementName spells an enforcement level the way the Pulumi CLI prints it.
func EnforcementName(l policyx.EnforcementLevel) string {
	switch l {
	case policyx.EnforcementLevelMandatory:
		return "mandatory"
	case policyx.EnforcementLevelAdvisory:
		return "advisory"
	case policyx.EnforcementLevelDisabled:
		return "disabled"
	case policyx.EnforcementLevelRemediate:
		return "remediate"
	}
	return "unknown"
}

// Policy is one rule of the pack. Exactly one of CheckResource and CheckStack is set.
type Policy struct {
	Name        string
	Description string
	Enforcement policyx.EnforcementLevel
	// Schema documents the policy's configuration (defaults included) for the engine and Pulumi Cloud.
	Schema *policyx.ConfigSchema
	// CheckResource judges one resource in its environment ("dev", "staging", "prod") with the
	// policy's configuration (nil: the defaults) and returns what is wrong with it.
	CheckResource func(r Resource, env string, config map[string]any) []string
	// CheckStack judges the stack as a whole; stack is the stack name.
	CheckStack func(resources []Resource, stack string) []Finding
}

// Environment returns the environment r belongs to: its own `environment` tag, else its provider's
// default tag, else the stack name (Kubernetes objects carry no tags).
func (r Resource) Environment(stack string) string {
	if env, ok := get(r.Properties, "tags", TagEnvironment).str(); ok && env != "" {
		return env
	}
	if env := defaultTags(r.ProviderProperties)[TagEnvironment]; env != "" {
		return env
	}
	if stack == "" {
		return stackOfURN(r.URN)
	}
	return stack
}

// defaultTags returns the AWS provider's default tags. The engine may hand provider inputs over
// JSON-encoded (provider configuration is a string map), so both shapes are read.
func defaultTags(provider property.Map) map[string]string {
	f := get(provider, "defaultTags")
	if s, ok := f.str(); ok && f.v.IsString() {
		var decoded struct {
			Tags map[string]string `json:"tags"`
		}
		if json.Unmarshal([]byte(s), &decoded) != nil || decoded.Tags == nil {
			return map[string]string{}
		}
		return decoded.Tags
	}
	return getValue(f.v, "tags").stringMap()
}

// stackOfURN returns the stack segment of a URN ("urn:pulumi:prod::ip-platform::...").
func stackOfURN(urn string) string {
	u, err := resource.ParseURN(urn)
	if err != nil {
		return ""
	}
	return string(u.Stack())
}

// labels returns a Kubernetes object's metadata labels.
func labels(props property.Map) map[string]string {
	return get(props, "metadata", "labels").stringMap()
}

// objectName returns a Kubernetes object's metadata.name, or the logical name when the provider
// names it (auto-naming leaves metadata.name unset in the inputs).
func objectName(r Resource) string {
	if n, ok := get(r.Properties, "metadata", "name").str(); ok && n != "" {
		return n
	}
	return r.Name
}

func namespaceOf(props property.Map) string {
	ns, _ := get(props, "metadata", "namespace").str()
	return ns
}

func dependsOn(r Resource, input, urn string) bool {
	return urn != "" && slices.Contains(r.PropertyDependencies[input], urn)
}
