package platform

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Export publishes the stack outputs other stacks, runbooks and CI read. Identifiers and endpoints
// only: never a secret value.
func (p *Platform) Export(ctx *pulumi.Context) {
	ctx.Export("environment", pulumi.String(string(p.Config.Environment)))
	ctx.Export("region", pulumi.String(p.Config.Region))
	ctx.Export("availabilityZones", pulumi.ToStringArray(p.Config.AvailabilityZones))
	ctx.Export("vpcId", p.Network.VpcID)
	ctx.Export("publicSubnetIds", p.Network.PublicSubnetIDs)
	ctx.Export("privateSubnetIds", p.Network.PrivateSubnetIDs)
	ctx.Export("isolatedSubnetIds", p.Network.IsolatedSubnetIDs)
	ctx.Export("clusterName", p.Cluster.Name)
	ctx.Export("clusterEndpoint", p.Cluster.Endpoint)
	ctx.Export("clusterSecurityGroupId", p.Cluster.ClusterSecurityGroupID)
	ctx.Export("oidcProviderArn", p.Cluster.OidcProviderArn)
	ctx.Export("kubeconfig", p.Cluster.Kubeconfig)
	names := make(pulumi.StringArray, len(p.NodePools))
	for i, np := range p.NodePools {
		names[i] = np.NodeGroupName
	}
	ctx.Export("nodeGroupNames", names)
	p.exportObservability(ctx)
	p.exportData(ctx)
	p.exportServices(ctx)
	p.exportGateway(ctx)
	p.exportMesh(ctx)
	p.exportSecurity(ctx)
}
