package offlinetest

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// PodIdentityAgentType and PodIdentityAgentName name the stand-in PodIdentityAgent registers.
const (
	PodIdentityAgentType = "offlinetest:stand-in:PodIdentityAgent"
	PodIdentityAgentName = "pod-identity-agent"
)

// PodIdentityAgent registers a stand-in for the cluster's eks-pod-identity-agent add-on (made by
// components/cluster), for tests of a component whose pod identity associations must wait for it.
// It is a component resource, so it creates nothing and counts as no AWS resource; being childless,
// a DependsOn on it records no edge (components/podidentity's own tests check that edge against a
// real add-on).
func PodIdentityAgent(ctx *pulumi.Context) (pulumi.Resource, error) {
	agent := &pulumi.ResourceState{}
	return agent, ctx.RegisterComponentResource(PodIdentityAgentType, PodIdentityAgentName, agent)
}
