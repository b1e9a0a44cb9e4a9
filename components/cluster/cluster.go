package cluster

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Cluster is an EKS cluster with secrets encryption, control-plane logs, EKS Pod Identity and the
// add-ons nodes need.
type Cluster struct {
	pulumi.ResourceState

	// Name is the EKS cluster name. It resolves once vpc-cni, kube-proxy and eks-pod-identity-agent
	// are installed, so node pools built from it join a cluster where nodes can become Ready.
	Name pulumi.StringOutput
	// Version is the control plane's Kubernetes version. Node pools take it, so after an upgrade
	// the control plane moves first and the nodes follow (nodes may never be newer).
	Version pulumi.StringOutput
	// Endpoint is the API server URL.
	Endpoint pulumi.StringOutput
	// CertificateAuthorityData is the cluster CA certificate, base64 PEM.
	CertificateAuthorityData pulumi.StringOutput
	// ClusterSecurityGroupID is the security group EKS creates for control plane to node traffic.
	ClusterSecurityGroupID pulumi.StringOutput
	// PodIdentityAgent is the eks-pod-identity-agent add-on; every pod identity association waits
	// for it (components/podidentity).
	PodIdentityAgent *eks.Addon
	// OidcProviderArn is the cluster's IAM OIDC provider, for the trust policies of the IRSA roles
	// kept for External Secrets SecretStores (components/podidentity.NewTokenRole).
	OidcProviderArn pulumi.StringOutput
	// OidcIssuerURL is the cluster's OIDC issuer, "https://oidc.eks.<region>.amazonaws.com/id/<id>".
	OidcIssuerURL pulumi.StringOutput
	// Kubeconfig authenticates with `aws eks get-token`; it contains no credentials.
	Kubeconfig pulumi.StringOutput
	// Provider deploys to this cluster; hand it to later components with pulumi.Provider.
	Provider *kubernetes.Provider
}

// NewCluster creates the EKS control plane and what every later component needs from it.
func NewCluster(ctx *pulumi.Context, name string, args *ClusterArgs, opts ...pulumi.ResourceOption) (*Cluster, error) {
	a, err := args.withDefaults(name)
	if err != nil {
		return nil, err
	}
	c := &Cluster{}
	if err := ctx.RegisterComponentResourceV2("ip-platform:cluster:Cluster", name, pulumi.Map{
		"clusterName":          pulumi.String(a.ClusterName),
		"version":              pulumi.String(a.Version),
		"region":               pulumi.String(a.Region),
		"endpointPublicAccess": pulumi.Bool(a.EndpointPublicAccess),
		"publicAccessCidrs":    pulumi.ToStringArray(a.PublicAccessCidrs),
		"adminRoleArn":         pulumi.String(a.AdminRoleArn),
		"accessEntries":        accessEntriesInput(a.AccessEntries),
		"logRetentionDays":     pulumi.Int(a.LogRetentionDays),
		"addonVersions":        pulumi.ToStringMap(a.AddonVersions),
		"supportType":          pulumi.String(a.SupportType),
	}, c, opts...); err != nil {
		return nil, err
	}
	if err := c.build(ctx, name, a); err != nil {
		return nil, fmt.Errorf("cluster %s: %w", name, err)
	}
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{
		"name":                     c.Name,
		"version":                  c.Version,
		"endpoint":                 c.Endpoint,
		"certificateAuthorityData": c.CertificateAuthorityData,
		"clusterSecurityGroupId":   c.ClusterSecurityGroupID,
		"oidcProviderArn":          c.OidcProviderArn,
		"oidcIssuerUrl":            c.OidcIssuerURL,
		"kubeconfig":               c.Kubeconfig,
	})
}

// build creates the children and fills c's outputs; a has been validated.
func (c *Cluster) build(ctx *pulumi.Context, name string, a ClusterArgs) error {
	parent := pulumi.Parent(c)

	key, err := newSecretsKey(ctx, name, a.ClusterName, parent)
	if err != nil {
		return err
	}
	role, err := newClusterRole(ctx, name, a.ClusterName, key.Arn, parent)
	if err != nil {
		return err
	}
	logs, err := newLogGroup(ctx, name, a.ClusterName, a.LogRetentionDays, parent)
	if err != nil {
		return err
	}
	cluster, err := eks.NewCluster(ctx, name, controlPlaneArgs(a, role.role.Arn, key.Arn), parent,
		// The log group must exist first (see newLogGroup), and the role's grants must outlive the
		// cluster: without them EKS cannot clean up the network interfaces it made on deletion.
		pulumi.DependsOn(append([]pulumi.Resource{logs}, role.grants...)))
	if err != nil {
		return fmt.Errorf("eks cluster: %w", err)
	}

	var accessReady []pulumi.Resource
	if a.AdminRoleArn != "" {
		if accessReady, err = newAdminAccess(ctx, name, cluster.Name, a.AdminRoleArn, parent); err != nil {
			return err
		}
	}
	entries, err := newAccessEntries(ctx, name, cluster.Name, a.AccessEntries, parent)
	if err != nil {
		return err
	}
	accessReady = append(accessReady, entries...)

	issuer := oidcIssuer(cluster)
	oidc, err := newOidcProvider(ctx, name, a.ClusterName, issuer, parent)
	if err != nil {
		return err
	}
	addons, agent, err := newPreComputeAddons(ctx, name, cluster.Name, a.AddonVersions, parent)
	if err != nil {
		return err
	}

	c.Kubeconfig = clusterKubeconfig(cluster, a.ClusterName, a.Region)
	if c.Provider, err = newKubernetesProvider(ctx, name, cluster, c.Kubeconfig, accessReady, parent); err != nil {
		return err
	}
	c.Name = afterAddons(cluster.Name, addons)
	c.Version = cluster.Version
	c.Endpoint = cluster.Endpoint
	c.CertificateAuthorityData = cluster.CertificateAuthority.Data().Elem()
	c.ClusterSecurityGroupID = cluster.VpcConfig.ClusterSecurityGroupId().Elem()
	c.PodIdentityAgent = agent
	c.OidcProviderArn = oidc.Arn
	c.OidcIssuerURL = issuer
	return nil
}

// controlPlaneArgs are the EKS cluster's settings.
func controlPlaneArgs(a ClusterArgs, roleArn, keyArn pulumi.StringOutput) *eks.ClusterArgs {
	vpc := eks.ClusterVpcConfigArgs{
		SubnetIds: a.SubnetIDs,
		// Nodes and in-VPC tooling always reach the API server privately, never through the internet.
		EndpointPrivateAccess: pulumi.Bool(true),
		// Set explicitly: the provider's default is a public endpoint.
		EndpointPublicAccess: pulumi.Bool(a.EndpointPublicAccess),
	}
	if a.EndpointPublicAccess {
		vpc.PublicAccessCidrs = pulumi.ToStringArray(a.PublicAccessCidrs)
	}
	return &eks.ClusterArgs{
		Name:                   pulumi.String(a.ClusterName),
		Version:                pulumi.String(a.Version),
		RoleArn:                roleArn,
		VpcConfig:              vpc,
		EnabledClusterLogTypes: pulumi.ToStringArray(controlPlaneLogTypes()),
		EncryptionConfig: &eks.ClusterEncryptionConfigArgs{
			Provider:  eks.ClusterEncryptionConfigProviderArgs{KeyArn: keyArn},
			Resources: pulumi.StringArray{pulumi.String("secrets")},
		},
		AccessConfig: &eks.ClusterAccessConfigArgs{
			// Access entries only: no aws-auth ConfigMap that a bad edit can lock everyone out with.
			AuthenticationMode: pulumi.String("API"),
			// No implicit admin for the creator: it would be invisible in code and state, kept by
			// whoever ran the first `pulumi up` (a person or CI), and the flag forces a new cluster to
			// change later. The deployer gets admin through AdminRoleArn's explicit access entry.
			BootstrapClusterCreatorAdminPermissions: pulumi.Bool(false),
		},
		// The managed add-ons (newPreComputeAddons, then NewAddons for CoreDNS) replace the
		// self-managed copies EKS would otherwise install at creation and leave for them to adopt.
		BootstrapSelfManagedAddons: pulumi.Bool(false),
		// Always set: left out, the EKS API picks EXTENDED (see SupportStandard).
		UpgradePolicy: &eks.ClusterUpgradePolicyArgs{SupportType: pulumi.String(a.SupportType)},
		Tags:          pulumi.StringMap{"Name": pulumi.String(a.ClusterName)},
	}
}
