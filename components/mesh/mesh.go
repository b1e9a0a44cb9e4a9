package mesh

import (
	"fmt"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	yamlv2 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/yaml/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/charts"
	"github.com/ip-platform/infra/internal/helmvalues"
)

// MeshArgs describes the mesh's control plane.
type MeshArgs struct {
	// IstiodReplicas is the number of istiod pods, 1 to 3; use 2 in production so that a node
	// drain does not stop certificate issuance and configuration pushes. Defaults to 1.
	IstiodReplicas int
	// Charts installs the charts. Optional; nil installs with Helm.
	Charts charts.Installer
	// SkipGatewayAPICRDs leaves the Kubernetes Gateway API CRDs to the cluster's owner (a cluster
	// that has them already, or cannot download GatewayAPIManifest; the real-engine check applies
	// them from the sigs.k8s.io/gateway-api module). Defaults to false: the mesh installs them.
	SkipGatewayAPICRDs bool
}

// Mesh is Istio's ambient control plane and the mesh-wide mTLS policy.
type Mesh struct {
	pulumi.ResourceState

	// Namespace is the control plane's namespace, the mesh's root namespace (Namespace).
	Namespace pulumi.StringOutput
	// Ready are what the mesh's custom resources wait for: the base release (Istio's CRDs),
	// istiod (its validating webhook checks every Istio object) and the Gateway API CRDs.
	Ready []pulumi.Resource
}

// PeerAuthenticationName is the mesh-wide PeerAuthentication: "default" in the root namespace is
// the one Istio applies to every workload without a more specific policy.
const PeerAuthenticationName = "default"

// NewMesh installs Istio in ambient mode and turns mutual TLS to STRICT mesh-wide.
func NewMesh(ctx *pulumi.Context, name string, args *MeshArgs, opts ...pulumi.ResourceOption) (*Mesh, error) {
	a := MeshArgs{}
	if args != nil {
		a = *args
	}
	if a.IstiodReplicas == 0 {
		a.IstiodReplicas = 1
	}
	if a.IstiodReplicas < 1 || a.IstiodReplicas > 3 {
		return nil, fmt.Errorf("mesh %s: IstiodReplicas (%d) must be between 1 and 3", name, a.IstiodReplicas)
	}
	m := &Mesh{}
	err := ctx.RegisterComponentResourceV2("ip-platform:mesh:Mesh", name, pulumi.Map{
		"istioVersion":      pulumi.String(IstioVersion),
		"gatewayApiVersion": pulumi.String(GatewayAPIVersion),
		"istiodReplicas":    pulumi.Int(a.IstiodReplicas),
	}, m, opts...)
	if err != nil {
		return nil, err
	}
	if err := m.build(ctx, name, a); err != nil {
		return nil, fmt.Errorf("mesh %s: %w", name, err)
	}
	return m, ctx.RegisterResourceOutputs(m, pulumi.Map{
		"namespace":    m.Namespace,
		"istioVersion": pulumi.String(IstioVersion),
	})
}

func (m *Mesh) build(ctx *pulumi.Context, name string, a MeshArgs) error {
	parent := pulumi.Parent(m)
	installer := charts.Or(a.Charts)

	// The namespace is ours, not Helm's: it carries the Pod Security labels and exists where the
	// charts are skipped (the PeerAuthentication lives in it).
	ns, err := corev1.NewNamespace(ctx, name+"-namespace", &corev1.NamespaceArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(Namespace), Labels: pulumi.ToStringMap(controlPlaneNamespaceLabels())},
	}, parent)
	if err != nil {
		return fmt.Errorf("namespace: %w", err)
	}
	m.Namespace = ns.Metadata.Name().Elem()

	var ready []pulumi.Resource
	if !a.SkipGatewayAPICRDs {
		crds, err := yamlv2.NewConfigFile(ctx, name+"-gateway-api-crds", &yamlv2.ConfigFileArgs{
			File: pulumi.String(GatewayAPIManifest),
		}, parent)
		if err != nil {
			return fmt.Errorf("gateway API CRDs: %w", err)
		}
		ready = append(ready, crds)
	}

	install := func(suffix, release string, chart charts.Chart, values any, after ...pulumi.Resource) (pulumi.Resource, error) {
		v, err := helmvalues.ToMap(values)
		if err != nil {
			return nil, fmt.Errorf("%s values: %w", release, err)
		}
		return installer.Install(ctx, name+"-"+suffix, charts.Release{
			Name: release, Namespace: m.Namespace, Chart: chart, Values: pulumi.ToMap(v),
		}, parent, pulumi.DependsOn(after))
	}
	base, err := install("base", "istio-base", BaseChart, buildBaseValues())
	if err != nil {
		return err
	}
	istiod, err := install("istiod", "istiod", IstiodChart, buildIstiodValues(a.IstiodReplicas), base)
	if err != nil {
		return err
	}
	// istio-cni must be on a node before ztunnel can take over its enrolled pods; ztunnel fetches
	// its certificates from istiod, so an atomic install waits for both.
	cni, err := install("cni", "istio-cni", CNIChart, buildCNIValues(), base)
	if err != nil {
		return err
	}
	if _, err := install("ztunnel", "ztunnel", ZtunnelChart, buildZtunnelValues(), istiod, cni); err != nil {
		return err
	}
	ready = append(ready, base, istiod)
	m.Ready = ready

	if _, err := apiextensions.NewCustomResource(ctx, name+"-mtls-strict", &apiextensions.CustomResourceArgs{
		ApiVersion:  pulumi.String(securityAPIVersion),
		Kind:        pulumi.String("PeerAuthentication"),
		Metadata:    &metav1.ObjectMetaArgs{Name: pulumi.String(PeerAuthenticationName), Namespace: m.Namespace, Labels: pulumi.ToStringMap(partOf)},
		OtherFields: map[string]any{"spec": map[string]any{"mtls": map[string]any{"mode": MTLSStrict}}},
	}, parent, pulumi.DependsOn(ready)); err != nil {
		return fmt.Errorf("mesh-wide PeerAuthentication: %w", err)
	}
	return nil
}

// controlPlaneNamespaceLabels: istio-system enforces the privileged level, because istio-cni
// (host paths, a privileged container that writes the node's CNI configuration) and ztunnel
// (NET_ADMIN, SYS_ADMIN and root, to open sockets inside each enrolled pod's network namespace)
// need it, and both run in the control plane's namespace, as every Istio ambient install does.
// Warn and audit stay at restricted, so whatever it admits beyond restricted is visible in
// kubectl warnings and the audit log (the observability agents' namespace does the same).
func controlPlaneNamespaceLabels() map[string]string {
	l := map[string]string{
		"pod-security.kubernetes.io/enforce": "privileged",
		"pod-security.kubernetes.io/warn":    "restricted",
		"pod-security.kubernetes.io/audit":   "restricted",
	}
	for k, v := range partOf {
		l[k] = v
	}
	return l
}
