package ipservice

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Service is one IP service running on the cluster.
type Service struct {
	pulumi.ResourceState

	// ServiceName is the Kubernetes Service the gateway routes to.
	ServiceName string
	// Namespace holds the Service (and everything else of the service).
	Namespace string
	// NamespaceCreated is the namespace object: another component's objects in Namespace (RBAC)
	// depend on it rather than on the whole service, whose rollout may be slow or fail.
	NamespaceCreated pulumi.Resource
	// APIPort is the Service's API port.
	APIPort int
	// ReadinessPort and ReadinessPath are the endpoint of the readiness probe (the management
	// port, or the API port without one): the gateway's load balancer health-checks the same one.
	ReadinessPort int
	ReadinessPath string
}

// NewService creates everything one IP service needs; see the package doc.
func NewService(ctx *pulumi.Context, name string, args *ServiceArgs, opts ...pulumi.ResourceOption) (*Service, error) {
	a, err := withDefaults(name, args)
	if err != nil {
		return nil, err
	}
	p := releasePlan(a)
	svc := &Service{
		ServiceName: a.ServiceName, Namespace: a.ServiceName, APIPort: a.APIPort,
		ReadinessPort: a.ManagementPort, ReadinessPath: a.ReadinessPath,
	}
	err = ctx.RegisterComponentResourceV2("ip-platform:ipservice:Service", name, pulumi.Map{
		"serviceName": pulumi.String(a.ServiceName),
		"image":       pulumi.String(a.Image),
		"strategy":    pulumi.String(string(a.Release.Strategy)),
		"apiPort":     pulumi.Int(a.APIPort),
	}, svc, opts...)
	if err != nil {
		return nil, err
	}
	parent := pulumi.Parent(svc)
	fail := func(err error) (*Service, error) { return nil, fmt.Errorf("ipservice %s: %w", name, err) }

	namespace, err := newNamespace(ctx, name, a, p, parent)
	if err != nil {
		return fail(err)
	}
	// Every namespaced object takes the namespace's name output, so it waits for the namespace.
	ns := namespace.Metadata.Name().Elem()
	svc.NamespaceCreated = namespace

	if err := newServiceAccounts(ctx, name, a, ns, parent); err != nil {
		return fail(err)
	}
	afterCRDs := []pulumi.ResourceOption{parent, pulumi.DependsOn(a.After)}
	if err := newSecretStore(ctx, name, a, ns, afterCRDs...); err != nil {
		return fail(err)
	}
	if _, err := newFlags(ctx, name, a, ns, parent); err != nil {
		return fail(fmt.Errorf("feature flags: %w", err))
	}
	// Pods started before their database user exists would fail to connect until it does.
	afterDatabaseUser := []pulumi.ResourceOption{parent, pulumi.DependsOn(a.Database.Ready)}
	scaled := ""
	for _, t := range p.tracks {
		if _, err := newDeployment(ctx, name, a, t, ns, afterDatabaseUser...); err != nil {
			return fail(err)
		}
		if t.scaled() {
			scaled = a.ServiceName + t.suffix
		}
	}

	objects := serviceObjects{ctx: ctx, name: name, a: a, p: p, ns: ns, opts: []pulumi.ResourceOption{parent}}
	if err := objects.service(); err != nil {
		return fail(err)
	}
	if err := objects.autoscalers(scaled, a.After); err != nil {
		return fail(err)
	}
	if err := objects.disruptionBudget(); err != nil {
		return fail(err)
	}
	if err := objects.networkPolicies(); err != nil {
		return fail(err)
	}
	if err := objects.meshObjects(); err != nil {
		return fail(err)
	}

	return svc, ctx.RegisterResourceOutputs(svc, pulumi.Map{
		"serviceName":   pulumi.String(svc.ServiceName),
		"namespace":     pulumi.String(svc.Namespace),
		"apiPort":       pulumi.Int(svc.APIPort),
		"readinessPort": pulumi.Int(svc.ReadinessPort),
		"readinessPath": pulumi.String(svc.ReadinessPath),
	})
}
