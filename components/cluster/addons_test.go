package cluster

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

func addonsArgs() *AddonsArgs {
	return &AddonsArgs{
		ClusterName:     pulumi.String(testClusterName),
		OidcProviderArn: pulumi.String(testProviderArn),
		OidcIssuerURL:   pulumi.String(testIssuer),
	}
}

func runAddons(t *testing.T, args *AddonsArgs) *offline.Mocks {
	t.Helper()
	return offlinetest.Run(t, func(ctx *pulumi.Context) error {
		_, err := NewAddons(ctx, "prod-addons", args)
		return err
	})
}

func TestNewAddonsInstallsCoreDNSAndEBSCSIWithItsRole(t *testing.T) {
	m := runAddons(t, addonsArgs())

	var names []any
	for _, a := range m.OfType(typeAddon) {
		names = append(names, a.Input("addonName"))
		assert.Equal(t, testClusterName, a.Input("clusterName"), "add-on %s", a.Name)
		assert.Nil(t, a.Input("addonVersion"), "add-on %s is not pinned", a.Name)
	}
	assert.ElementsMatch(t, []any{"coredns", "aws-ebs-csi-driver"}, names)

	ebs := offlinetest.Must(t, m, typeAddon, "prod-addons-aws-ebs-csi-driver")
	role := offlinetest.Must(t, m, typeRole, "prod-addons-aws-ebs-csi-driver-irsa")
	assert.Equal(t, "arn:aws:iam::123456789012:role/prod-addons-aws-ebs-csi-driver-irsa", ebs.Input("serviceAccountRoleArn"),
		"the EBS CSI controller must run with its IRSA role")
	assert.Equal(t, "system:serviceaccount:kube-system:ebs-csi-controller-sa",
		trustCondition(t, role)["oidc.eks.eu-west-1.amazonaws.com/id/0FFL1NE0PLAN:sub"])
	attachment := offlinetest.Must(t, m, typeAttachment, "prod-addons-aws-ebs-csi-driver-irsa-AmazonEBSCSIDriverPolicy")
	assert.Equal(t, "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy", attachment.Input("policyArn"),
		"AWS publishes the EBS CSI policy under service-role/")
	assert.Contains(t, ebs.DependsOn, attachment.URN, "the driver must start with its permissions attached")
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
	assert.Len(t, m.OfType(typeAddon), 2, "a vpc-cni pin must not make NewAddons install vpc-cni")
}

func TestNewAddonsRejectsInvalidArgs(t *testing.T) {
	cases := []struct {
		desc  string
		edit  func(*AddonsArgs)
		field string
	}{
		{"no cluster", func(a *AddonsArgs) { a.ClusterName = nil }, "ClusterName"},
		{"no provider", func(a *AddonsArgs) { a.OidcProviderArn = nil }, "OidcProviderArn"},
		{"no issuer", func(a *AddonsArgs) { a.OidcIssuerURL = nil }, "OidcIssuerURL"},
		{"unknown add-on", func(a *AddonsArgs) { a.Versions = map[string]string{"ebs-csi": "v1.45.0-eksbuild.2"} }, "Versions"},
		{"bad version", func(a *AddonsArgs) { a.Versions = map[string]string{"coredns": "latest"} }, `Versions["coredns"]`},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			args := addonsArgs()
			tc.edit(args)
			m, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
				_, err := NewAddons(ctx, "prod-addons", args)
				return err
			})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.field, "the error should name the field")
			assert.Empty(t, m.Resources(), "nothing may be registered before the args are valid")
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
