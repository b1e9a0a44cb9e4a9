package baseline

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// The service mesh's objects and labels the mesh policy reads (components/mesh).
const (
	TypePeerAuthentication = "kubernetes:security.istio.io/v1:PeerAuthentication"
	// LabelDataplaneMode enrols a namespace's workloads in Istio's ambient mesh.
	LabelDataplaneMode = "istio.io/dataplane-mode"
	// MeshRootNamespace is Istio's root namespace: a PeerAuthentication there without a selector
	// applies to every workload of the mesh.
	MeshRootNamespace = "istio-system"
)

// meshEnvironments are where the mesh is required: mutual TLS between workloads and identity-based
// authorization are part of what staging tests and production runs on.
var meshEnvironments = []string{"staging", "prod"}

// ServiceMeshPolicy: in staging and prod, every IP service's namespace is enrolled in the ambient
// mesh, mutual TLS is STRICT mesh-wide, and no Ingress sits in a service namespace (the load
// balancer sends to the mesh's ingress gateway, never to a service's pods), so no connection,
// external requests included, can bypass mTLS and the services' AuthorizationPolicies.
func ServiceMeshPolicy() Policy {
	return Policy{
		Name:        "service-mesh",
		Description: "In staging and prod, the IP services' namespaces are enrolled in the ambient mesh (istio.io/dataplane-mode: ambient), a PeerAuthentication in the root namespace sets mutual TLS STRICT mesh-wide, and no Ingress targets a service namespace (external traffic enters through the mesh's ingress gateway).",
		Enforcement: policyx.EnforcementLevelMandatory,
		CheckStack: func(resources []Resource, stack string) []Finding {
			// Stack policies get no configuration in this policyx version: the services are the spec's.
			return ServiceMesh(resources, stackEnvironment(resources, stack), serviceNames(SpecServiceLimits()))
		},
	}
}

// ServiceMesh judges a stack's mesh in environment env: a finding per service namespace (of those
// named) that is not enrolled, one per Ingress in a service namespace, and one when the stack has service namespaces but no mesh-wide
// STRICT PeerAuthentication. A stack without the services' namespaces has nothing to enrol.
func ServiceMesh(resources []Resource, env string, services []string) []Finding {
	if !slices.Contains(meshEnvironments, env) {
		return nil
	}
	var out []Finding
	first := ""
	for _, r := range resources {
		if r.Type != TypeNamespace || !slices.Contains(services, objectName(r)) {
			continue
		}
		if first == "" {
			first = r.URN
		}
		f := get(r.Properties, "metadata", "labels", LabelDataplaneMode)
		if f.unknown {
			continue
		}
		if mode, _ := f.str(); mode != "ambient" {
			out = append(out, Finding{URN: r.URN, Message: fmt.Sprintf(
				"namespace %s is not enrolled in the service mesh: want label %s: ambient in %s", objectName(r), LabelDataplaneMode, env)})
		}
	}
	for _, r := range resources {
		if r.Type != TypeIngress {
			continue
		}
		if ns := namespaceOf(r.Properties); slices.Contains(services, ns) {
			out = append(out, Finding{URN: r.URN, Message: fmt.Sprintf(
				"Ingress %s targets service namespace %s directly: in %s external traffic must enter through the mesh's ingress gateway (an Ingress in its namespace), so that the services' routes and AuthorizationPolicies apply to it", objectName(r), ns, env)})
		}
	}
	if first != "" && !meshWideStrict(resources) {
		out = append(out, Finding{URN: first, Message: fmt.Sprintf(
			"no PeerAuthentication in %s without a selector sets spec.mtls.mode STRICT: mutual TLS must be STRICT mesh-wide in %s", MeshRootNamespace, env)})
	}
	return out
}

// meshWideStrict reports whether a PeerAuthentication in the root namespace, without a workload
// selector, requires mutual TLS (an unknown mode at preview is given the benefit of the doubt).
func meshWideStrict(resources []Resource) bool {
	for _, r := range resources {
		if r.Type != TypePeerAuthentication || namespaceOf(r.Properties) != MeshRootNamespace {
			continue
		}
		if sel := get(r.Properties, "spec", "selector"); !sel.missing {
			continue
		}
		mode := get(r.Properties, "spec", "mtls", "mode")
		if s, _ := mode.str(); mode.unknown || s == "STRICT" {
			return true
		}
	}
	return false
}

// stackEnvironment is the environment a stack deploys: the environment tag of its resources or
// of their AWS provider's default tags, else the stack's name (a stack without AWS resources).
func stackEnvironment(resources []Resource, stack string) string {
	for _, r := range resources {
		if r.Type == TypeAWSProvider {
			if env := defaultTags(r.Properties)[TagEnvironment]; env != "" {
				return env
			}
		}
		if env, ok := get(r.Properties, "tags", TagEnvironment).str(); ok && env != "" {
			return env
		}
		if env := defaultTags(r.ProviderProperties)[TagEnvironment]; env != "" {
			return env
		}
	}
	if stack == "" && len(resources) > 0 {
		return stackOfURN(resources[0].URN)
	}
	return stack
}
