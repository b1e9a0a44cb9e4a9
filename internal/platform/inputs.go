package platform

import (
	"fmt"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/config"
)

// ClusterInputs are what the Kubernetes layer takes from the AWS layer: the cluster's provider,
// what workloads must wait for, and the endpoints, role ARNs and names of AWS resources its objects
// refer to. A full deployment fills them from the AWS layer's resources (awsLayerInputs); the
// Kubernetes-layer-only mode from the stack's existingCluster config (existingClusterInputs).
type ClusterInputs struct {
	// Provider deploys to the cluster.
	Provider pulumi.ProviderResource
	// NodesReady are what pods need before they can be scheduled (the node pools); VolumesReady
	// what persistent volumes need as well (the EBS CSI add-on). Empty on an existing cluster.
	NodesReady   []pulumi.Resource
	VolumesReady []pulumi.Resource
	// IdentitiesReady are the pod identity associations of the workloads that call AWS: EKS gives a
	// pod its role's credentials only if the association exists when the pod is created, so those
	// workloads wait for them. Empty on an existing cluster, whose associations come with the roles
	// (README: "Kubernetes layer only").
	IdentitiesReady []pulumi.Resource

	ClusterName pulumi.StringInput
	VpcID       pulumi.StringInput

	DatabaseAddress   pulumi.StringInput
	DatabasePort      pulumi.IntInput
	DatabaseName      string
	DatabaseSecretArn pulumi.StringInput
	// DatabaseBootstrapRoleArn is the IRSA role External Secrets reads DatabaseSecretArn with,
	// for the database users Job only (components/dbusers).
	DatabaseBootstrapRoleArn pulumi.StringInput

	RedisEndpoint            pulumi.StringInput
	RedisPort                pulumi.IntInput
	RedisUser                string
	RedisReplicationGroupArn pulumi.StringInput

	// ServiceSecretsRoleArns are the IRSA roles External Secrets reads the IP services' secrets
	// with, by service name; GrafanaSecretsRoleArn the one it reads Grafana's admin secret with.
	// The only IRSA roles left: see components/podidentity.
	ServiceSecretsRoleArns map[string]pulumi.StringInput
	GrafanaSecretsRoleArn  pulumi.StringInput

	LokiBucket      pulumi.StringInput
	CertificateArn  pulumi.StringInput
	WebAclArn       pulumi.StringInput
	AccessLogBucket pulumi.StringInput
	// ScanReportBucket is the security scan's report bucket (components/apitests); nil without
	// the scan.
	ScanReportBucket pulumi.StringInput
}

// existingClusterInputs are the inputs of the Kubernetes-layer-only mode: a provider for the
// kubeconfig the stack names and the AWS values the stack gives. Nothing is read from AWS.
func existingClusterInputs(ctx *pulumi.Context, cfg *config.Config) (*ClusterInputs, error) {
	e := cfg.ExistingCluster
	args := &kubernetes.ProviderArgs{Kubeconfig: pulumi.String(e.Kubeconfig)}
	if e.Context != "" {
		args.Context = pulumi.String(e.Context)
	}
	provider, err := kubernetes.NewProvider(ctx, "existing-cluster", args)
	if err != nil {
		return nil, fmt.Errorf("existing cluster provider: %w", err)
	}
	a := e.AWS
	roles := make(map[string]pulumi.StringInput, len(a.ServiceSecretsRoleArns))
	for service, arn := range a.ServiceSecretsRoleArns {
		roles[service] = pulumi.String(arn)
	}
	return &ClusterInputs{
		Provider:                 provider,
		ClusterName:              pulumi.String(a.ClusterName),
		VpcID:                    pulumi.String(a.VpcID),
		DatabaseAddress:          pulumi.String(a.DatabaseAddress),
		DatabasePort:             pulumi.Int(a.DatabasePort),
		DatabaseName:             a.DatabaseName,
		DatabaseSecretArn:        pulumi.String(a.DatabaseMasterSecretArn),
		DatabaseBootstrapRoleArn: pulumi.String(a.DatabaseBootstrapRoleArn),
		RedisEndpoint:            pulumi.String(a.RedisPrimaryEndpoint),
		RedisPort:                pulumi.Int(a.RedisPort),
		RedisUser:                a.RedisUser,
		RedisReplicationGroupArn: pulumi.String(a.RedisReplicationGroupArn),
		ServiceSecretsRoleArns:   roles,
		GrafanaSecretsRoleArn:    pulumi.String(a.GrafanaSecretsRoleArn),
		LokiBucket:               pulumi.String(a.LokiBucket),
		CertificateArn:           pulumi.String(a.CertificateArn),
		WebAclArn:                pulumi.String(a.WebAclArn),
		AccessLogBucket:          pulumi.String(a.AccessLogBucket),
		ScanReportBucket:         pulumi.String(a.ScanReportBucket),
	}, nil
}

// podsReady are what the Kubernetes layer's workloads wait for: nodes to run on and the pod
// identity associations that give them their AWS credentials.
func (in *ClusterInputs) podsReady() []pulumi.Resource {
	return append(append([]pulumi.Resource{}, in.NodesReady...), in.IdentitiesReady...)
}
