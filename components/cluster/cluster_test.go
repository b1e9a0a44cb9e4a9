package cluster

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

func TestSecretsAreEncryptedWithARotatedCustomerKey(t *testing.T) {
	m, _ := runCluster(t, nil)
	cluster := offlinetest.Must(t, m, typeCluster, "prod")
	key := offlinetest.Must(t, m, "aws:kms/key:Key", "prod-secrets")

	assert.Equal(t, []any{"secrets"}, cluster.Input("encryptionConfig.resources"))
	assert.Equal(t, "arn:aws:kms:eu-west-1:123456789012:key/prod-secrets", cluster.Input("encryptionConfig.provider.keyArn"),
		"secrets must be encrypted with the component's own KMS key")
	assert.Equal(t, true, key.Input("enableKeyRotation"), "the secrets key must rotate")
	assert.Equal(t, 30.0, key.Input("deletionWindowInDays"))
	assert.NotEmpty(t, key.Input("description"))

	alias := offlinetest.Must(t, m, "aws:kms/alias:Alias", "prod-secrets")
	assert.Equal(t, "alias/ip-platform-prod-secrets", alias.Input("name"))
	assert.Equal(t, "prod-secrets-key-id", alias.Input("targetKeyId"))

	keyUse := offlinetest.Must(t, m, "aws:iam/rolePolicy:RolePolicy", "prod-cluster-secrets-key")
	assert.Contains(t, keyUse.Input("policy"), "arn:aws:kms:eu-west-1:123456789012:key/prod-secrets",
		"the cluster role must be allowed to use the secrets key")
}

func TestClusterRoleIsAssumedByEKSAndReadyBeforeTheCluster(t *testing.T) {
	m, _ := runCluster(t, nil)
	cluster := offlinetest.Must(t, m, typeCluster, "prod")
	role := offlinetest.Must(t, m, typeRole, "prod-cluster")
	attachment := offlinetest.Must(t, m, typeAttachment, "prod-cluster-AmazonEKSClusterPolicy")

	assert.Contains(t, role.Input("assumeRolePolicy"), `"Service":["eks.amazonaws.com"]`)
	assert.Equal(t, "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy", attachment.Input("policyArn"))
	assert.Equal(t, "prod-cluster", attachment.Input("role"))
	assert.Equal(t, "arn:aws:iam::123456789012:role/prod-cluster", cluster.Input("roleArn"))
	assert.Contains(t, cluster.DependsOn, attachment.URN, "the cluster must wait for its role's policy")
}

func TestControlPlaneLogsGoToAManagedLogGroupCreatedFirst(t *testing.T) {
	m, _ := runCluster(t, nil)
	cluster := offlinetest.Must(t, m, typeCluster, "prod")
	group := offlinetest.Must(t, m, "aws:cloudwatch/logGroup:LogGroup", "prod-control-plane")

	assert.Subset(t, cluster.Input("enabledClusterLogTypes"), []any{"api", "audit", "authenticator"})
	assert.Equal(t, "/aws/eks/ip-platform-prod/cluster", group.Input("name"), "EKS writes to this exact group name")
	assert.Equal(t, 90.0, group.Input("retentionInDays"), "default retention")
	assert.Contains(t, cluster.DependsOn, group.URN,
		"the cluster must depend on the log group, or EKS creates an unmanaged one with infinite retention")
}

func TestLogRetentionIsConfigurable(t *testing.T) {
	m, _ := runCluster(t, func(a *ClusterArgs) { a.LogRetentionDays = 365 })
	assert.Equal(t, 365.0, offlinetest.Must(t, m, "aws:cloudwatch/logGroup:LogGroup", "prod-control-plane").Input("retentionInDays"))
}

func TestEndpointIsPrivateOnlyByDefault(t *testing.T) {
	m, _ := runCluster(t, nil)
	cluster := offlinetest.Must(t, m, typeCluster, "prod")

	assert.Equal(t, testClusterName, cluster.Input("name"))
	assert.Equal(t, "1.33", cluster.Input("version"))
	assert.Equal(t, []any{"subnet-a", "subnet-b", "subnet-c"}, cluster.Input("vpcConfig.subnetIds"))
	assert.Equal(t, true, cluster.Input("vpcConfig.endpointPrivateAccess"))
	assert.Equal(t, false, cluster.Input("vpcConfig.endpointPublicAccess"),
		"the public endpoint must be off explicitly: the provider defaults it on")
	assert.Nil(t, cluster.Input("vpcConfig.publicAccessCidrs"))
}

func TestPublicEndpointIsLimitedToTheGivenCidrs(t *testing.T) {
	m, _ := runCluster(t, func(a *ClusterArgs) {
		a.EndpointPublicAccess = true
		a.PublicAccessCidrs = []string{"203.0.113.0/24", "198.51.100.7/32"}
	})
	cluster := offlinetest.Must(t, m, typeCluster, "prod")

	assert.Equal(t, true, cluster.Input("vpcConfig.endpointPublicAccess"))
	assert.Equal(t, true, cluster.Input("vpcConfig.endpointPrivateAccess"), "nodes keep using the private endpoint")
	assert.Equal(t, []any{"203.0.113.0/24", "198.51.100.7/32"}, cluster.Input("vpcConfig.publicAccessCidrs"))
}

func TestAccessIsThroughExplicitAccessEntriesOnly(t *testing.T) {
	m, _ := runCluster(t, nil)
	cluster := offlinetest.Must(t, m, typeCluster, "prod")

	assert.Equal(t, "API", cluster.Input("accessConfig.authenticationMode"))
	assert.Equal(t, false, cluster.Input("accessConfig.bootstrapClusterCreatorAdminPermissions"),
		"the creator must not get an implicit admin entry")
	assert.Equal(t, false, cluster.Input("bootstrapSelfManagedAddons"))
}

func TestAdminRoleGetsClusterAdminAndTheProviderWaitsForIt(t *testing.T) {
	m, _ := runCluster(t, nil)
	entry := offlinetest.Must(t, m, "aws:eks/accessEntry:AccessEntry", "prod-admin")
	association := offlinetest.Must(t, m, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation", "prod-admin")

	assert.Equal(t, testClusterName, entry.Input("clusterName"))
	assert.Equal(t, testAdminRole, entry.Input("principalArn"))
	assert.Equal(t, "STANDARD", entry.Input("type"))
	assert.Equal(t, testAdminRole, association.Input("principalArn"))
	assert.Equal(t, "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", association.Input("policyArn"))
	assert.Equal(t, "cluster", association.Input("accessScope.type"))
	assert.Contains(t, association.DependsOn, entry.URN, "the policy can only be associated with an existing entry")

	provider := offlinetest.Must(t, m, typeK8sProvider, "prod-k8s")
	assert.Contains(t, provider.DependsOn, association.URN,
		"the Kubernetes provider must wait until the deployer role may use the cluster")
}

func TestNoAccessEntryWithoutAdminRole(t *testing.T) {
	m, _ := runCluster(t, func(a *ClusterArgs) { a.AdminRoleArn = "" })
	assert.Empty(t, m.OfType("aws:eks/accessEntry:AccessEntry"))
	assert.Empty(t, m.OfType("aws:eks/accessPolicyAssociation:AccessPolicyAssociation"))
}

func TestOidcProviderRegistersTheClusterIssuer(t *testing.T) {
	m, c := runCluster(t, nil)
	oidc := offlinetest.Must(t, m, "aws:iam/openIdConnectProvider:OpenIdConnectProvider", "prod-oidc")

	assert.Equal(t, testIssuer, oidc.Input("url"), "the provider URL must be the cluster's issuer")
	assert.Equal(t, []any{"sts.amazonaws.com"}, oidc.Input("clientIdLists"))
	assert.Nil(t, oidc.Input("thumbprintLists"), "IAM trusts EKS issuers through its CA store; no pinned thumbprint")
	assert.Equal(t, testIssuer, await(t, c.OidcIssuerURL).Value)
	assert.Equal(t, testProviderArn, await(t, c.OidcProviderArn).Value)
}

func TestPreComputeAddonsAreInstalledAndVpcCniHasItsOwnRole(t *testing.T) {
	m, _ := runCluster(t, nil)

	var names []any
	for _, a := range m.OfType(typeAddon) {
		names = append(names, a.Input("addonName"))
		assert.Equal(t, testClusterName, a.Input("clusterName"), "add-on %s", a.Name)
		assert.Equal(t, "OVERWRITE", a.Input("resolveConflictsOnCreate"), "add-on %s", a.Name)
		assert.Equal(t, "OVERWRITE", a.Input("resolveConflictsOnUpdate"), "add-on %s", a.Name)
		assert.Nil(t, a.Input("addonVersion"), "add-on %s is not pinned, so EKS picks the default", a.Name)
	}
	assert.ElementsMatch(t, []any{"vpc-cni", "kube-proxy", "eks-pod-identity-agent"}, names,
		"NewCluster installs the node-side add-ons only; coredns and EBS CSI wait for nodes")

	cni := offlinetest.Must(t, m, typeAddon, "prod-vpc-cni")
	cniRole := offlinetest.Must(t, m, typeRole, "prod-vpc-cni-pod-identity")
	assert.Nil(t, cni.Input("serviceAccountRoleArn"), "vpc-cni gets its role through Pod Identity, not IRSA")
	assert.Equal(t, map[string]any{
		"aws:RequestTag/eks-cluster-name":           testClusterName,
		"aws:RequestTag/kubernetes-namespace":       "kube-system",
		"aws:RequestTag/kubernetes-service-account": "aws-node",
	}, trustCondition(t, cniRole), "the CNI's role serves aws-node of this cluster only")
	assoc := offlinetest.Must(t, m, typePodIdentity, "prod-vpc-cni-pod-identity")
	assert.Equal(t, "aws-node", assoc.Input("serviceAccount"))
	agent := offlinetest.Must(t, m, typeAddon, "prod-eks-pod-identity-agent")
	assert.Contains(t, assoc.DependsOn, agent.URN, "the CNI's association waits for the agent that serves it")
	assert.Contains(t, cni.DependsOn, assoc.URN, "aws-node must start with its association in place")
	assert.Equal(t, "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
		offlinetest.Must(t, m, typeAttachment, "prod-vpc-cni-pod-identity-AmazonEKS_CNI_Policy").Input("policyArn"))
	assert.Nil(t, offlinetest.Must(t, m, typeAddon, "prod-kube-proxy").Input("serviceAccountRoleArn"))
}

func TestAddonVersionsArePinnedOnlyWhereGiven(t *testing.T) {
	m, _ := runCluster(t, func(a *ClusterArgs) {
		a.AddonVersions = map[string]string{"vpc-cni": "v1.19.5-eksbuild.3", "coredns": "v1.11.4-eksbuild.2"}
	})
	assert.Equal(t, "v1.19.5-eksbuild.3", offlinetest.Must(t, m, typeAddon, "prod-vpc-cni").Input("addonVersion"))
	assert.Nil(t, offlinetest.Must(t, m, typeAddon, "prod-kube-proxy").Input("addonVersion"))
	assert.Empty(t, slices.DeleteFunc(m.OfType(typeAddon), func(r offline.Resource) bool { return r.Input("addonName") != "coredns" }),
		"a coredns pin must not make NewCluster install coredns")
}

func TestClusterNameWaitsForThePreComputeAddons(t *testing.T) {
	m, err := offline.Run(offline.Program{Region: testRegion}, func(ctx *pulumi.Context) error {
		c, err := NewCluster(ctx, "prod", validArgs())
		if err != nil {
			return err
		}
		// Stands in for a node pool: anything built from c.Name.
		_, err = eks.NewAccessEntry(ctx, "nodes", &eks.AccessEntryArgs{
			ClusterName:  c.Name,
			PrincipalArn: pulumi.String("arn:aws:iam::123456789012:role/nodes"),
		})
		return err
	})
	require.NoError(t, err)
	consumer := offlinetest.Must(t, m, "aws:eks/accessEntry:AccessEntry", "nodes")
	for _, addon := range []string{"prod-vpc-cni", "prod-kube-proxy", "prod-eks-pod-identity-agent"} {
		assert.Contains(t, consumer.DependsOn, offlinetest.Must(t, m, typeAddon, addon).URN,
			"a node pool built from Cluster.Name must wait for add-on %s", addon)
	}
	assert.Equal(t, testClusterName, consumer.Input("clusterName"))
}

func TestKubernetesProviderUsesTheExecKubeconfig(t *testing.T) {
	m, c := runCluster(t, nil)
	provider := offlinetest.Must(t, m, typeK8sProvider, "prod-k8s")
	require.True(t, provider.Custom, "the provider is a provider resource, not a component")

	config, ok := provider.Input("kubeconfig").(string)
	require.True(t, ok, "provider kubeconfig is not a resolved string: %v", provider.Input("kubeconfig"))
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(config), &doc), "the provider's kubeconfig must parse")
	exec := doc["users"].([]any)[0].(map[string]any)["user"].(map[string]any)["exec"].(map[string]any)
	assert.Equal(t, "aws", exec["command"])
	assert.Equal(t, []any{"eks", "get-token", "--cluster-name", testClusterName, "--region", testRegion, "--output", "json"}, exec["args"])
	server := doc["clusters"].([]any)[0].(map[string]any)["cluster"].(map[string]any)["server"]
	assert.Equal(t, "https://IP-PLATFORM-PROD.gr7.eu-west-1.eks.amazonaws.com", server)

	assert.Equal(t, true, provider.Input("enableServerSideApply"), "server-side apply must be pinned on")
	assert.Equal(t, "arn:aws:eks:eu-west-1:123456789012:cluster/prod", provider.Input("clusterIdentifier"),
		"the provider must be replaced only with the cluster")

	kubeconfig := await(t, c.Kubeconfig)
	assert.False(t, kubeconfig.Secret, "the kubeconfig holds no credential and stays readable")
	assert.Equal(t, config, kubeconfig.Value)
	require.NotNil(t, c.Provider)
}

func TestOutputsResolveFromTheCluster(t *testing.T) {
	m, c := runCluster(t, nil)
	assert.Equal(t, testClusterName, await(t, c.Name).Value)
	assert.Equal(t, "https://IP-PLATFORM-PROD.gr7.eu-west-1.eks.amazonaws.com", await(t, c.Endpoint).Value)
	assert.NotEmpty(t, await(t, c.CertificateAuthorityData).Value)

	// The offline mocks keep a resource's inputs over its computed attributes, and vpcConfig is
	// always an input, so the security group EKS would report resolves empty offline. Check that the
	// output comes from the cluster, and its value once the mocks merge computed vpcConfig fields.
	sg := await(t, c.ClusterSecurityGroupID)
	assert.True(t, sg.Known)
	require.Len(t, sg.Dependencies, 1)
	assert.Equal(t, pulumi.URN(offlinetest.Must(t, m, typeCluster, "prod").URN), await(t, sg.Dependencies[0].URN()).Value,
		"the cluster security group must come from the EKS cluster")
	if sg.Value != "" {
		assert.Equal(t, "prod-cluster-sg", sg.Value)
	}
}

func TestEveryChildIsParentedToTheComponent(t *testing.T) {
	m, _ := runCluster(t, nil)
	comp := offlinetest.Must(t, m, "ip-platform:cluster:Cluster", "prod")
	urns := map[string]bool{comp.URN: true}
	for _, r := range m.Resources() {
		if r.Type == "ip-platform:podidentity:Role" {
			assert.Equal(t, comp.URN, r.Parent, "pod identity role %s is outside the cluster component", r.Name)
			urns[r.URN] = true
		}
	}
	for _, r := range m.Resources() {
		if r.URN == comp.URN {
			continue
		}
		assert.True(t, urns[r.Parent], "%s %s is outside the cluster component (parent %q)", r.Type, r.Name, r.Parent)
	}
}
