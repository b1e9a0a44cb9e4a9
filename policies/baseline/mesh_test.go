package baseline

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func serviceNamespace(name string, labels map[string]any) Resource {
	meta := map[string]any{"name": name}
	if labels != nil {
		meta["labels"] = labels
	}
	return Resource{Type: TypeNamespace, URN: "urn:ns:" + name, Name: name + "-namespace", Properties: props(map[string]any{"metadata": meta})}
}

func peerAuthentication(namespace, mode string, selector map[string]any) Resource {
	spec := map[string]any{"mtls": map[string]any{"mode": mode}}
	if selector != nil {
		spec["selector"] = map[string]any{"matchLabels": selector}
	}
	return Resource{Type: TypePeerAuthentication, URN: "urn:pa:" + namespace, Properties: props(map[string]any{
		"metadata": map[string]any{"name": "default", "namespace": namespace}, "spec": spec,
	})}
}

func ingress(namespace string) Resource {
	return Resource{Type: TypeIngress, URN: "urn:ingress:" + namespace, Properties: props(map[string]any{
		"metadata": map[string]any{"name": "api-gateway", "namespace": namespace},
	})}
}

func messages(findings []Finding) []string {
	out := make([]string, len(findings))
	for i, f := range findings {
		out[i] = f.Message
	}
	return out
}

func TestServiceMesh(t *testing.T) {
	ambient := map[string]any{LabelDataplaneMode: "ambient"}
	services := []string{"copyright", "recommendation", "trademark"}
	enrolled := []Resource{serviceNamespace("trademark", ambient), serviceNamespace("copyright", ambient), serviceNamespace("recommendation", ambient)}
	strict := peerAuthentication(MeshRootNamespace, "STRICT", nil)

	cases := []struct {
		name      string
		env       string
		resources []Resource
		want      []string
	}{
		{"enrolled and STRICT in prod", "prod", append(enrolled, strict), nil},
		{"enrolled and STRICT in staging", "staging", append(enrolled, strict), nil},
		{"dev may run without the mesh", "dev", []Resource{serviceNamespace("trademark", nil)}, nil},
		{"a namespace left out in prod", "prod", []Resource{serviceNamespace("trademark", nil), serviceNamespace("copyright", ambient), strict},
			[]string{"namespace trademark is not enrolled in the service mesh: want label istio.io/dataplane-mode: ambient in prod"}},
		{"sidecar mode is not ambient", "staging", []Resource{serviceNamespace("trademark", map[string]any{LabelDataplaneMode: "none"}), strict},
			[]string{"namespace trademark is not enrolled"}},
		{"no PeerAuthentication", "prod", enrolled,
			[]string{"no PeerAuthentication in istio-system without a selector sets spec.mtls.mode STRICT"}},
		{"a PERMISSIVE mesh-wide policy", "prod", append(enrolled, peerAuthentication(MeshRootNamespace, "PERMISSIVE", nil)),
			[]string{"mutual TLS must be STRICT mesh-wide in prod"}},
		{"STRICT for one workload only", "prod", append(enrolled, peerAuthentication(MeshRootNamespace, "STRICT", map[string]any{"app": "x"})),
			[]string{"no PeerAuthentication in istio-system"}},
		{"STRICT in a service namespace is not mesh-wide", "prod", append(enrolled, peerAuthentication("trademark", "STRICT", nil)),
			[]string{"no PeerAuthentication in istio-system"}},
		{"an unknown label at preview", "prod", []Resource{serviceNamespace("trademark", map[string]any{LabelDataplaneMode: unknownValue{}}), strict}, nil},
		{"a mode left unset (PERMISSIVE by default)", "prod", append(enrolled, peerAuthentication(MeshRootNamespace, "", nil)), []string{"STRICT"}},
		{"no service namespaces, nothing to enrol", "prod", []Resource{serviceNamespace("observability", nil)}, nil},
		{"an Ingress in a service namespace in prod", "prod", append(append([]Resource{}, enrolled...), strict, ingress("trademark")),
			[]string{"Ingress api-gateway targets service namespace trademark directly: in prod external traffic must enter through the mesh's ingress gateway"}},
		{"an Ingress in a service namespace in staging", "staging", append(append([]Resource{}, enrolled...), strict, ingress("copyright")),
			[]string{"Ingress api-gateway targets service namespace copyright directly"}},
		{"the ingress gateway's own Ingress", "prod", append(append([]Resource{}, enrolled...), strict, ingress("istio-ingress")), nil},
		{"dev keeps its Ingresses in the service namespaces", "dev", []Resource{serviceNamespace("trademark", nil), ingress("trademark")}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assertMessages(t, tc.want, messages(ServiceMesh(tc.resources, tc.env, services)))
		})
	}
}

func TestServiceMeshFindingsNameTheNamespace(t *testing.T) {
	got := ServiceMesh([]Resource{serviceNamespace("copyright", nil)}, "prod", []string{"copyright"})
	if assert.Len(t, got, 2) {
		assert.Equal(t, "urn:ns:copyright", got[0].URN)
		assert.Equal(t, "urn:ns:copyright", got[1].URN, "the missing policy is reported on a service namespace")
	}
}

func TestServiceMeshPolicyTakesTheEnvironmentFromTheProviderTags(t *testing.T) {
	p := ServiceMeshPolicy()
	unenrolled := serviceNamespace("trademark", nil)
	aws := Resource{Type: TypeAWSProvider, URN: "urn:provider", Properties: props(map[string]any{
		"defaultTags": map[string]any{"tags": map[string]any{TagEnvironment: "prod"}},
	})}
	assert.Len(t, p.CheckStack([]Resource{aws, unenrolled}, "my-stack"), 2, "a stack named otherwise is prod by its tags")
	assert.Empty(t, p.CheckStack([]Resource{unenrolled}, "dev"), "dev by its name")
	assert.Len(t, p.CheckStack([]Resource{unenrolled}, "staging"), 2)
}

func TestIstioChartsAreSizedByThePack(t *testing.T) {
	sized := map[string]any{"requests": map[string]any{"cpu": "100m", "memory": "128Mi"}, "limits": map[string]any{"cpu": "500m", "memory": "512Mi"}}
	release := func(chart string, values map[string]any) Resource {
		return Resource{Type: TypeHelmRelease, Properties: props(map[string]any{"chart": chart, "values": values})}
	}
	assert.Empty(t, HelmReleaseResources(release("istiod", map[string]any{"pilot": map[string]any{"resources": sized}, "global": map[string]any{"waypoint": map[string]any{"resources": sized}}}).Properties))
	assert.NotEmpty(t, HelmReleaseResources(release("istiod", map[string]any{"pilot": map[string]any{"resources": sized}}).Properties), "waypoints need limits too")
	assert.NotEmpty(t, HelmReleaseResources(release("ztunnel", map[string]any{}).Properties))
	assert.Empty(t, HelmReleaseResources(release("cni", map[string]any{"resources": sized}).Properties))
	assert.Empty(t, HelmChartUnknownPolicy().CheckResource(release("base", nil), "prod", nil), "base holds only CRDs")
}

func TestIstioSystemIsExemptFromRestricted(t *testing.T) {
	ns := Resource{Type: TypeNamespace, Properties: props(map[string]any{"metadata": map[string]any{"name": "istio-system", "labels": map[string]any{LabelPodSecurityEnforce: "privileged"}}})}
	assert.Empty(t, NamespacePodSecurityPolicy().CheckResource(ns, "prod", nil))
}
