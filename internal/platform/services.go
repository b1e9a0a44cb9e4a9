package platform

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/dbusers"
	"github.com/ip-platform/infra/components/externalsecrets"
	"github.com/ip-platform/infra/components/ipservice"
	"github.com/ip-platform/infra/components/network"
	"github.com/ip-platform/infra/components/observability"
	"github.com/ip-platform/infra/components/vpa"
	"github.com/ip-platform/infra/internal/config"
)

// otelCollectorEndpoint is where every service exports traces, metrics and logs (OTLP/gRPC): the
// observability layer's collector gateway, Service otel-collector in namespace observability. The
// one place the services learn it; components/observability owns the value.
const otelCollectorEndpoint = observability.OtlpGrpcEndpoint

// Services is the services layer: the operators it needs and the three IP services.
type Services struct {
	// ExternalSecrets syncs Secrets Manager into Kubernetes; anything creating ESO objects
	// (SecretStore, ExternalSecret) must depend on ExternalSecrets.Release.
	ExternalSecrets *externalsecrets.Operator
	// DatabaseUsers is the Job that creates each service's database role; the services wait for it.
	DatabaseUsers *dbusers.Bootstrap
	VPA           *vpa.VerticalPodAutoscaler
	// ByName holds the services in the spec's order: trademark, copyright, recommendation.
	ByName []*ipservice.Service
}

// tierCidrs returns the CIDR blocks of one subnet tier, from the same pure plan the network
// component carves the VPC with.
func tierCidrs(cfg *config.Config, tier network.Tier) ([]string, error) {
	plans, err := network.PlanSubnets(cfg.VpcCidr, cfg.AvailabilityZones)
	if err != nil {
		return nil, fmt.Errorf("subnet plan: %w", err)
	}
	var cidrs []string
	for _, s := range plans {
		if s.Tier == tier {
			cidrs = append(cidrs, s.CidrBlock)
		}
	}
	return cidrs, nil
}

// secretsPath is a component's own prefix in Secrets Manager, "<project>/<stack>/<owner>".
func secretsPath(cfg *config.Config, owner string) string {
	return cfg.Project + "/" + cfg.Stack + "/" + owner
}

// buildServiceRoles creates the roles of the External Secrets Operator and of each IP service (AWS
// layer): their pods' Pod Identity roles, and the IRSA role External Secrets reads each service's
// secrets with, scoped to their own secrets and the data tier built before them.
func (p *Platform) buildServiceRoles(ctx *pulumi.Context, in *ClusterInputs) error {
	cfg := p.Config
	name := cfg.ClusterName()
	onAWS := pulumi.Provider(p.AWS)
	esoRole, err := externalsecrets.NewRole(ctx, name+"-external-secrets-pod-identity", &externalsecrets.RoleArgs{
		ClusterName:      p.Cluster.Name,
		PodIdentityAgent: p.Cluster.PodIdentityAgent,
		Region:           cfg.Region,
		AccountID:        cfg.AccountID,
		SecretsPath:      secretsPath(cfg, "platform"),
	}, onAWS)
	if err != nil {
		return fmt.Errorf("external secrets operator role: %w", err)
	}
	p.addPodIdentity(in, "externalSecretsRoleArn", esoRole.Arn, esoRole.Association)
	db, cache := p.Data.Database, p.Data.Cache
	bootstrapRole, err := dbusers.NewSecretsRole(ctx, name+"-db-bootstrap-secrets", &dbusers.SecretsRoleArgs{
		OidcProviderArn: p.Cluster.OidcProviderArn,
		OidcIssuerURL:   p.Cluster.OidcIssuerURL,
		Region:          cfg.Region,
		AccountID:       cfg.AccountID,
		MasterSecretArn: db.MasterSecretArn,
	}, onAWS)
	if err != nil {
		return fmt.Errorf("database users secrets role: %w", err)
	}
	in.DatabaseBootstrapRoleArn = bootstrapRole.Arn
	in.ServiceSecretsRoleArns = map[string]pulumi.StringInput{}
	for _, svc := range cfg.Services {
		role, err := ipservice.NewRole(ctx, name+"-"+svc.Name+"-pod-identity", &ipservice.RoleArgs{
			ServiceName:              svc.Name,
			ClusterName:              p.Cluster.Name,
			PodIdentityAgent:         p.Cluster.PodIdentityAgent,
			CacheReplicationGroupArn: cache.ReplicationGroupArn,
			CacheUserArn:             cache.UserArn,
			Region:                   cfg.Region,
			AccountID:                cfg.AccountID,
			DatabaseResourceID:       db.ResourceID,
		}, onAWS)
		if err != nil {
			return fmt.Errorf("service %s role: %w", svc.Name, err)
		}
		p.addPodIdentity(in, serviceRoleOutput(svc.Name), role.Arn, role.Association)
		secretsRole, err := ipservice.NewSecretsRole(ctx, name+"-"+svc.Name+"-secrets", &ipservice.SecretsRoleArgs{
			ServiceName:            svc.Name,
			OidcProviderArn:        p.Cluster.OidcProviderArn,
			OidcIssuerURL:          p.Cluster.OidcIssuerURL,
			Region:                 cfg.Region,
			AccountID:              cfg.AccountID,
			SecretsPath:            secretsPath(cfg, svc.Name),
			CacheSettingsSecretArn: cache.AuthSecretArn,
		}, onAWS)
		if err != nil {
			return fmt.Errorf("service %s secrets role: %w", svc.Name, err)
		}
		in.ServiceSecretsRoleArns[svc.Name] = secretsRole.Arn
	}
	return nil
}

// serviceRoleOutput is the PodIdentityRoles key of a service's role; exportServices publishes it
// as services.<name>.roleArn.
func serviceRoleOutput(service string) string { return "services." + service + ".roleArn" }

// buildServices installs the External Secrets Operator and the VPA, then the three IP services.
func (p *Platform) buildServices(ctx *pulumi.Context) error {
	cfg := p.Config
	name := cfg.ClusterName()
	onCluster := pulumi.Provider(p.In.Provider)
	afterNodes := pulumi.DependsOn(p.In.podsReady())
	replicas := 1
	if cfg.HighlyAvailable() {
		replicas = 2
	}
	s := &Services{}
	var err error
	s.ExternalSecrets, err = externalsecrets.NewOperator(ctx, name+"-external-secrets", &externalsecrets.OperatorArgs{
		Replicas: replicas,
		Charts:   p.Charts,
	}, onCluster, afterNodes)
	if err != nil {
		return fmt.Errorf("external secrets operator: %w", err)
	}
	s.VPA, err = vpa.NewVerticalPodAutoscaler(ctx, name+"-vpa", &vpa.VerticalPodAutoscalerArgs{
		MetricsServerReplicas: replicas,
		Charts:                p.Charts,
	}, onCluster, afterNodes)
	if err != nil {
		return fmt.Errorf("vertical pod autoscaler: %w", err)
	}

	// The gateway runs its ALB in ip target mode: the ALB sends to pod IPs from its own addresses,
	// and its nodes live in the public subnets. NetworkPolicies cannot select an ALB (not a pod,
	// and its security group is invisible to them), so "ingress only from the gateway" is the API
	// port from the public subnets' CIDRs, plus the management port its health checks of the
	// readiness endpoint go to. Nothing else in the public subnets (NAT gateways) sends to pods.
	// The network component exposes only subnet IDs, so the CIDRs come from the same pure plan it
	// carves the VPC with.
	gatewayCidrs, err := tierCidrs(cfg, network.TierPublic)
	if err != nil {
		return fmt.Errorf("services: %w", err)
	}
	// The database and the cache run in the isolated subnets (internal/platform/data.go).
	dataCidrs, err := tierCidrs(cfg, network.TierIsolated)
	if err != nil {
		return fmt.Errorf("services: %w", err)
	}
	in := p.In
	s.DatabaseUsers, err = p.buildDatabaseUsers(ctx, dataCidrs, s.ExternalSecrets.Release)
	if err != nil {
		return err
	}
	for _, svc := range cfg.Services {
		serviceMesh := p.serviceMesh(svc)
		service, err := ipservice.NewService(ctx, name+"-"+svc.Name, &ipservice.ServiceArgs{
			ServiceName:    svc.Name,
			Image:          svc.Image.Reference(),
			APIPort:        svc.APIPort,
			ManagementPort: svc.ManagementPort,
			Resources: ipservice.Resources{
				CPURequest: svc.Requests.CPU, CPULimit: svc.Limits.CPU,
				MemoryRequest: svc.Requests.Memory, MemoryLimit: svc.Limits.Memory,
				EphemeralStorageRequest: svc.Requests.EphemeralStorage, EphemeralStorageLimit: svc.Limits.EphemeralStorage,
			},
			MinReplicas: svc.Replicas.Min,
			MaxReplicas: svc.Replicas.Max,
			Release: ipservice.Release{
				Strategy:       ipservice.Strategy(svc.Release.Strategy),
				ActiveColor:    svc.Release.ActiveColor,
				CanaryWeight:   svc.Release.CanaryWeight,
				CandidateImage: svc.CandidateImage().Reference(),
			},
			FeatureFlags: svc.FeatureFlags,
			Database: ipservice.Database{
				Host: in.DatabaseAddress, Port: in.DatabasePort, Name: in.DatabaseName, User: ipservice.DatabaseUser(svc.Name), Cidrs: dataCidrs,
				Ready: []pulumi.Resource{s.DatabaseUsers.Job},
			},
			Cache: ipservice.Cache{
				Host: in.RedisEndpoint, Port: in.RedisPort, User: in.RedisUser,
				ReplicationGroupArn: in.RedisReplicationGroupArn, Cidrs: dataCidrs,
			},
			OtelEndpoint:   otelCollectorEndpoint,
			GatewayCidrs:   serviceGatewayCidrs(serviceMesh, gatewayCidrs),
			SecretsRoleArn: in.ServiceSecretsRoleArns[svc.Name],
			Region:         cfg.Region,
			After:          []pulumi.Resource{s.ExternalSecrets.Release, s.VPA.Release},
			Mesh:           serviceMesh,
		}, onCluster, afterNodes)
		if err != nil {
			return fmt.Errorf("service %s: %w", svc.Name, err)
		}
		s.ByName = append(s.ByName, service)
	}
	p.Services = s
	return nil
}

// exportServices publishes where each service runs, the role its pods hold (where this stack made
// it) and the role External Secrets reads its secrets with.
func (p *Platform) exportServices(ctx *pulumi.Context) {
	out := pulumi.Map{}
	secretsRoles := pulumi.Map{}
	for _, s := range p.Services.ByName {
		service := pulumi.Map{
			"namespace": pulumi.String(s.Namespace),
			"service":   pulumi.String(s.ServiceName),
			"apiPort":   pulumi.Int(s.APIPort),
		}
		if arn, ok := p.PodIdentityRoles[serviceRoleOutput(s.ServiceName)]; ok {
			service["roleArn"] = arn
		}
		out[s.ServiceName] = service
		secretsRoles[s.ServiceName] = p.In.ServiceSecretsRoleArns[s.ServiceName]
	}
	ctx.Export("services", out)
	// Named as existingCluster.aws takes it.
	ctx.Export("serviceSecretsRoleArns", secretsRoles)
	ctx.Export("databaseBootstrapRoleArn", p.In.DatabaseBootstrapRoleArn)
}

// connectionsPerPod is the connection pool a service pod is budgeted: the services' pools default
// to 10, the size HikariCP and node-postgres ship with.
const connectionsPerPod = 10

// databaseConnectionLimit caps a service's role at what its pods may hold at their peak: the HPA
// ceiling, twice over (a blue-green or canary release runs a second track, and a rolling update
// surges), at connectionsPerPod each. A ceiling of 10 replicas gives 200, so three such services
// stay at 600, under the 900 or so RDS allows a db.m7g.large (its max_connections follows the
// instance's memory), leaving room for the master user and maintenance.
func databaseConnectionLimit(maxReplicas int) int { return 2 * maxReplicas * connectionsPerPod }

// buildDatabaseUsers runs the Job that gives each service its own database role and schema
// (components/dbusers), with the master secret synced in its own namespace only.
func (p *Platform) buildDatabaseUsers(ctx *pulumi.Context, dataCidrs []string, operator pulumi.Resource) (*dbusers.Bootstrap, error) {
	cfg, in := p.Config, p.In
	users := make([]dbusers.User, len(cfg.Services))
	for i, svc := range cfg.Services {
		users[i] = dbusers.User{Name: ipservice.DatabaseUser(svc.Name), ConnectionLimit: databaseConnectionLimit(svc.Replicas.Max)}
	}
	b, err := dbusers.NewBootstrap(ctx, cfg.ClusterName()+"-db-users", &dbusers.BootstrapArgs{
		Image:           cfg.Database.BootstrapImage,
		Host:            in.DatabaseAddress,
		Port:            in.DatabasePort,
		DatabaseName:    in.DatabaseName,
		Cidrs:           dataCidrs,
		MasterSecretArn: in.DatabaseSecretArn,
		Region:          cfg.Region,
		SecretsRoleArn:  in.DatabaseBootstrapRoleArn,
		Users:           users,
		After:           []pulumi.Resource{operator},
	}, pulumi.Provider(in.Provider), pulumi.DependsOn(in.podsReady()))
	if err != nil {
		return nil, fmt.Errorf("database users: %w", err)
	}
	return b, nil
}

// serviceGatewayCidrs are the blocks a service admits the ALB from: the public subnets', unless
// the service is reached through the mesh's ingress gateway (m.Edge), which is then the API's only
// way in (nothing reaches the pods from the load balancer directly).
func serviceGatewayCidrs(m ipservice.Mesh, public []string) []string {
	if m.Edge != nil {
		return nil
	}
	return public
}
