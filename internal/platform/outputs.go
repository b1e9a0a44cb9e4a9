package platform

import (
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Export publishes the stack outputs other stacks, runbooks and CI read. Identifiers and endpoints
// only: never a secret value. On an existing cluster only the Kubernetes layer's outputs exist.
func (p *Platform) Export(ctx *pulumi.Context) {
	ctx.Export("environment", pulumi.String(string(p.Config.Environment)))
	ctx.Export("region", pulumi.String(p.Config.Region))
	ctx.Export("availabilityZones", pulumi.ToStringArray(p.Config.AvailabilityZones))
	if p.AWS != nil {
		p.exportAWSLayer(ctx)
	}
	p.exportObservability(ctx)
	p.exportServices(ctx)
	p.exportGateway(ctx)
	p.exportMesh(ctx)
	p.exportAPITests(ctx)
}

// exportAWSLayer publishes what only a stack that built the AWS layer has.
func (p *Platform) exportAWSLayer(ctx *pulumi.Context) {
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
	ctx.Export("ecrRepositoryUrls", p.Registry.RepositoryURLs)
	p.exportData(ctx)
	p.exportSecurity(ctx)
	p.exportRoles(ctx)
}

// exportRoles publishes the workloads' Pod Identity roles (for audits and runbooks), and the IRSA
// role and the gateway's certificate under the names existingCluster.aws takes them by, so a stack
// on an existing cluster can be filled from `pulumi stack output` of one that built the AWS layer.
func (p *Platform) exportRoles(ctx *pulumi.Context) {
	in := p.In
	for _, output := range slices.Sorted(maps.Keys(p.PodIdentityRoles)) {
		if !strings.HasPrefix(output, "services.") { // exportServices publishes the services' own
			ctx.Export(output, p.PodIdentityRoles[output])
		}
	}
	ctx.Export("lokiRoleArn", p.ObservabilityCloud.LokiRoleArn)
	ctx.Export("grafanaSecretsRoleArn", in.GrafanaSecretsRoleArn)
	ctx.Export("certificateArn", in.CertificateArn)
	ctx.Export("redisReplicationGroupArn", in.RedisReplicationGroupArn)
}
