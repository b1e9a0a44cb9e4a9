package baseline

import (
	"context"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// PackName is the policy pack's name in the engine's output and in Pulumi Cloud.
const PackName = "ip-platform-baseline"

// PackVersion must match PulumiPolicy.yaml's version; `pulumi policy publish` refuses a version
// it has already published.
const PackVersion = "1.3.0"

// Policies returns every policy of the pack, in the order they are reported.
func Policies() []Policy {
	return []Policy{
		ContainerResourcesPolicy(),
		IPServiceLimitsPolicy(),
		IPServiceAvailabilityPolicy(),
		HelmReleaseResourcesPolicy(),
		HelmReleaseEphemeralStoragePolicy(),
		HelmChartUnknownPolicy(),
		PinnedVersionsPolicy(),
		NamespacePodSecurityPolicy(),
		ContainerSecurityContextPolicy(),
		RDSPolicy(),
		ElastiCachePolicy(),
		EKSPolicy(),
		EKSUpgradePolicy(),
		EKSStandardSupportPolicy(),
		EKSStandardSupportProdPolicy(),
		LaunchTemplateMetadataPolicy(),
		SecurityGroupIngressPolicy(),
		S3Policy(),
		RequiredTagsPolicy(),
		InstanceClassPolicy(),
		RBACClusterAdminPolicy(),
		RBACWildcardPolicy(),
		ServiceMeshPolicy(),
		MonthlyBudgetProdPolicy(),
		MonthlyBudgetPolicy(),
		APITestsInProdPolicy(),
	}
}

// NewPack is the pack the engine runs (policies/main.go hands it to policyx.Main). The stack name
// stands in for the environment of resources without tags.
func NewPack(ctx *pulumi.Context) (policyx.PolicyPack, error) {
	return Pack(ctx.Stack())
}

// Pack wraps every policy for the engine; stack may be empty (the URN's stack is used then).
func Pack(stack string) (policyx.PolicyPack, error) {
	policies := make([]policyx.Policy, 0, len(Policies()))
	for _, p := range Policies() {
		policies = append(policies, p.forEngine(stack))
	}
	return policyx.NewPolicyPack(PackName, semver.MustParse(PackVersion), policyx.EnforcementLevelMandatory, policies)
}

// forEngine adapts a policy to policyx: the engine's resource becomes a Resource, each message a
// reported violation on that resource.
func (p Policy) forEngine(stack string) policyx.Policy {
	if p.CheckStack != nil {
		return policyx.NewStackValidationPolicy(p.Name, policyx.StackValidationPolicyArgs{
			Description:      p.Description,
			EnforcementLevel: p.Enforcement,
			ConfigSchema:     p.Schema,
			ValidateStack: func(_ context.Context, args policyx.StackValidationArgs) error {
				resources := make([]Resource, len(args.Resources))
				for i, r := range args.Resources {
					resources[i] = fromEngine(r)
				}
				for _, f := range p.CheckStack(resources, stackName(stack, resources)) {
					args.Manager.ReportViolation(f.Message, f.URN)
				}
				return nil
			},
		})
	}
	return policyx.NewResourceValidationPolicy(p.Name, policyx.ResourceValidationPolicyArgs{
		Description:      p.Description,
		EnforcementLevel: p.Enforcement,
		ConfigSchema:     p.Schema,
		ValidateResource: func(_ context.Context, args policyx.ResourceValidationArgs) error {
			r := fromEngine(args.Resource)
			for _, msg := range p.CheckResource(r, r.Environment(stack), args.Config) {
				args.Manager.ReportViolation(msg, r.URN)
			}
			return nil
		},
	})
}

func fromEngine(r policyx.AnalyzerResource) Resource {
	return Resource{
		Type: r.Type, Name: r.Name, URN: r.URN, Parent: r.Parent,
		Properties:           r.Properties,
		ProviderProperties:   r.Provider.Properties,
		PropertyDependencies: r.PropertyDependencies,
	}
}

func stackName(stack string, resources []Resource) string {
	if stack != "" || len(resources) == 0 {
		return stack
	}
	return stackOfURN(resources[0].URN)
}
