package offline

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Resource is one registered resource as the engine would have seen it at preview time.
type Resource struct {
	URN    string
	Type   string
	Name   string
	Parent string // URN of the parent; empty for children of the stack
	// Custom is false for component resources (ip-platform:...), true for provider-managed ones.
	Custom bool
	// Inputs are the resolved inputs; secret values stay wrapped as resource.Secret.
	Inputs resource.PropertyMap
	// Protect is the resource's protect option.
	Protect bool
	// DependsOn lists the URNs of explicit dependencies.
	DependsOn []string
	// IgnoreChanges lists the property paths of the resource's ignoreChanges option.
	IgnoreChanges []string
	// Provider is the provider reference ("<provider urn>::<id>"); empty means the default provider.
	Provider string
	// PropertyDependencies maps an input to the URNs of the resources its value came from, as the
	// engine records them (the policy pack ties an S3 public access block to its bucket by them).
	PropertyDependencies map[string][]string
}

// Mocks implements pulumi.MockResourceMonitor and records every registration in order.
type Mocks struct {
	Project string
	Stack   string
	// Region and AccountID shape the ARNs handed back; they default to us-east-1 and 123456789012.
	Region    string
	AccountID string

	mu        sync.Mutex
	resources []Resource
}

// NewMocks returns recording mocks for one project and stack in the given region.
func NewMocks(project, stack, region string) *Mocks {
	return &Mocks{Project: project, Stack: stack, Region: region, AccountID: "123456789012"}
}

// NewResource records the registration and answers with the inputs plus computed attributes.
func (m *Mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	rec := Resource{Type: args.TypeToken, Name: args.Name, Custom: args.Custom, Inputs: args.Inputs, Provider: args.Provider}
	if rpc := args.RegisterRPC; rpc != nil {
		rec.Parent = rpc.GetParent()
		rec.Protect = rpc.GetProtect()
		rec.DependsOn = rpc.GetDependencies()
		rec.IgnoreChanges = rpc.GetIgnoreChanges()
		for input, deps := range rpc.GetPropertyDependencies() {
			if rec.PropertyDependencies == nil {
				rec.PropertyDependencies = map[string][]string{}
			}
			rec.PropertyDependencies[input] = deps.GetUrns()
		}
	}
	rec.URN = m.urn(rec.Parent, rec.Type, rec.Name)

	id := args.Name + "-id"
	if args.ID != "" {
		id = args.ID
	}
	state := args.Inputs.Copy()
	for k, v := range m.computed(args.TypeToken, args.Name, id, m.regionOf(args.Provider), args.Inputs) {
		// vpcConfig is both an input and where EKS reports the security group it created, so the
		// computed copy (inputs plus that group) wins.
		if _, set := state[k]; !set || k == "vpcConfig" {
			state[k] = v
		}
	}

	m.mu.Lock()
	m.resources = append(m.resources, rec)
	m.mu.Unlock()
	return id, state, nil
}

// Call answers provider functions (invokes). The program keeps invokes out of the preview path on
// purpose (availability zones and account facts come from config), so any invoke is reported.
func (m *Mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	switch args.Token {
	case "aws:index/getCallerIdentity:getCallerIdentity":
		return resource.PropertyMap{"accountId": resource.NewProperty(m.account())}, nil
	case "aws:index/getPartition:getPartition":
		return resource.PropertyMap{"partition": resource.NewProperty("aws")}, nil
	case "aws:index/getRegion:getRegion":
		return resource.PropertyMap{"name": resource.NewProperty(m.region())}, nil
	}
	return nil, fmt.Errorf("offline mocks: unexpected invoke %s: the program must not look anything up at preview time", args.Token)
}

// Resources returns the recorded resources in registration order.
func (m *Mocks) Resources() []Resource {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Resource(nil), m.resources...)
}

// OfType returns the recorded resources of one type token, in registration order.
func (m *Mocks) OfType(typ string) []Resource {
	var out []Resource
	for _, r := range m.Resources() {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

// Named returns the resource of the given type and logical name, or false.
func (m *Mocks) Named(typ, name string) (Resource, bool) {
	for _, r := range m.OfType(typ) {
		if r.Name == name {
			return r, true
		}
	}
	return Resource{}, false
}

// CountByType returns how many resources of each type were registered.
func (m *Mocks) CountByType() map[string]int {
	counts := map[string]int{}
	for _, r := range m.Resources() {
		counts[r.Type]++
	}
	return counts
}

// Types returns the registered type tokens, sorted.
func (m *Mocks) Types() []string {
	var types []string
	for t := range m.CountByType() {
		types = append(types, t)
	}
	sort.Strings(types)
	return types
}

func (m *Mocks) urn(parent, typ, name string) string {
	// Mirrors the SDK's mock monitor so recorded URNs match the URNs resources report.
	parentType := tokens.Type("")
	if p := resource.URN(parent); p != "" && p.QualifiedType() != resource.RootStackType {
		parentType = p.QualifiedType()
	}
	return string(resource.NewURN(tokens.QName(m.Stack), tokens.PackageName(m.Project), parentType, tokens.Type(typ), name))
}

func (m *Mocks) region() string {
	if m.Region == "" {
		return "us-east-1"
	}
	return m.Region
}

// regionOf returns the region of the provider a resource is created through (its "region"
// input), so a resource in a second region (the backup DR vault and its key) gets that region's
// ARNs; the mocks' own region for the default provider or a provider without one.
func (m *Mocks) regionOf(providerRef string) string {
	// "<provider urn>::<id>"; URNs contain "::" themselves, the ID follows the last one.
	i := strings.LastIndex(providerRef, "::")
	if i < 0 {
		return m.region()
	}
	urn := providerRef[:i]
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, r := range m.resources {
		if r.URN == urn {
			if v, ok := r.Inputs["region"]; ok && v.IsString() && v.StringValue() != "" {
				return v.StringValue()
			}
		}
	}
	return m.region()
}

func (m *Mocks) account() string {
	if m.AccountID == "" {
		return "123456789012"
	}
	return m.AccountID
}
