package cluster

import (
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

func addonsArgs() *AddonsArgs {
	return &AddonsArgs{ClusterName: pulumi.String(testClusterName)}
}

// withAgent registers a stand-in for the cluster's pod identity agent add-on (NewCluster makes the
// real one) and hands it to args.
func withAgent(ctx *pulumi.Context, args *AddonsArgs) error {
	agent, err := eks.NewAddon(ctx, "agent", &eks.AddonArgs{ClusterName: pulumi.String(testClusterName), AddonName: pulumi.String(AddonPodIdentityAgent)})
	args.PodIdentityAgent = agent
	return err
}

func runAddons(t *testing.T, args *AddonsArgs) *offline.Mocks {
	t.Helper()
	return offlinetest.Run(t, func(ctx *pulumi.Context) error {
		if err := withAgent(ctx, args); err != nil {
			return err
		}
		_, err := NewAddons(ctx, "prod-addons", args)
		return err
	})
}

func TestNewAddonsInstallsCoreDNSAndEBSCSIWithItsRole(t *testing.T) {
	m := runAddons(t, addonsArgs())

	var names []any
	for _, a := range m.OfType(typeAddon) {
		if a.Name == "agent" {
			continue
		}
		names = append(names, a.Input("addonName"))
		assert.Equal(t, testClusterName, a.Input("clusterName"), "add-on %s", a.Name)
		assert.Nil(t, a.Input("addonVersion"), "add-on %s is not pinned", a.Name)
	}
	assert.ElementsMatch(t, []any{"coredns", "aws-ebs-csi-driver"}, names)

	ebs := offlinetest.Must(t, m, typeAddon, "prod-addons-aws-ebs-csi-driver")
	role := offlinetest.Must(t, m, typeRole, "prod-addons-aws-ebs-csi-driver-pod-identity")
	assert.Nil(t, ebs.Input("serviceAccountRoleArn"), "no IRSA annotation: the controller gets its role through Pod Identity")
	assert.Equal(t, "ebs-csi-controller-sa", trustCondition(t, role)["aws:RequestTag/kubernetes-service-account"])
	assoc := offlinetest.Must(t, m, typePodIdentity, "prod-addons-aws-ebs-csi-driver-pod-identity")
	assert.Equal(t, "kube-system", assoc.Input("namespace"))
	assert.Equal(t, "ebs-csi-controller-sa", assoc.Input("serviceAccount"))
	assert.Contains(t, assoc.DependsOn, offlinetest.Must(t, m, typeAddon, "agent").URN, "the association waits for the pod identity agent")
	attachment := offlinetest.Must(t, m, typeAttachment, "prod-addons-aws-ebs-csi-driver-pod-identity-AmazonEBSCSIDriverPolicy")
	assert.Equal(t, "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy", attachment.Input("policyArn"),
		"AWS publishes the EBS CSI policy under service-role/")
	assert.Contains(t, ebs.DependsOn, assoc.URN, "the driver's pods must start with their association in place")
	assert.Nil(t, offlinetest.Must(t, m, typeAddon, "prod-addons-coredns").Input("serviceAccountRoleArn"))

	comp := offlinetest.Must(t, m, "ip-platform:cluster:Addons", "prod-addons")
	assert.Equal(t, comp.URN, ebs.Parent)
}

func TestNewAddonsPinsVersions(t *testing.T) {
	args := addonsArgs()
	args.Versions = map[string]string{"coredns": "v1.11.4-eksbuild.2", "vpc-cni": "v1.19.5-eksbuild.3"}
	m := runAddons(t, args)

	assert.Equal(t, "v1.11.4-eksbuild.2", offlinetest.Must(t, m, typeAddon, "prod-addons-coredns").Input("addonVersion"))
	assert.Nil(t, offlinetest.Must(t, m, typeAddon, "prod-addons-aws-ebs-csi-driver").Input("addonVersion"))
	assert.Len(t, m.OfType(typeAddon), 3, "the agent stand-in, coredns and the EBS CSI driver: a vpc-cni pin must not make NewAddons install vpc-cni")
}

func TestNewAddonsRejectsInvalidArgs(t *testing.T) {
	cases := []struct {
		desc  string
		edit  func(*AddonsArgs)
		field string
	}{
		{"no cluster", func(a *AddonsArgs) { a.ClusterName = nil }, "ClusterName"},
		{"no agent", func(a *AddonsArgs) { a.PodIdentityAgent = nil }, "PodIdentityAgent"},
		{"unknown add-on", func(a *AddonsArgs) { a.Versions = map[string]string{"ebs-csi": "v1.45.0-eksbuild.2"} }, "Versions"},
		{"bad version", func(a *AddonsArgs) { a.Versions = map[string]string{"coredns": "latest"} }, `Versions["coredns"]`},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			args := addonsArgs()
			m, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
				if err := withAgent(ctx, args); err != nil {
					return err
				}
				tc.edit(args)
				_, err := NewAddons(ctx, "prod-addons", args)
				return err
			})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.field, "the error should name the field")
			assert.Len(t, m.Resources(), 1, "nothing but the agent stand-in may be registered before the args are valid")
		})
	}
}

func TestVpcCniEnforcesNetworkPolicies(t *testing.T) {
	m, _ := runCluster(t, nil)
	cni := offlinetest.Must(t, m, typeAddon, "prod-vpc-cni")
	values, ok := cni.Input("configurationValues").(string)
	require.True(t, ok, "vpc-cni needs configuration values")
	assert.JSONEq(t, `{"enableNetworkPolicy":"true"}`, values, "without the agent NetworkPolicies are ignored")

	proxy := offlinetest.Must(t, m, typeAddon, "prod-kube-proxy")
	assert.Nil(t, proxy.Input("configurationValues"), "other add-ons keep their defaults")
}
