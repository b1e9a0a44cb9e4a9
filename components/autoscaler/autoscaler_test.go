package autoscaler

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/components/podidentity"
	"github.com/ip-platform/infra/internal/charts"
	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

const (
	releaseType     = "kubernetes:helm.sh/v3:Release"
	roleType        = "aws:iam/role:Role"
	rolePolicy      = "aws:iam/rolePolicy:RolePolicy"
	associationType = "aws:eks/podIdentityAssociation:PodIdentityAssociation"
	testRoleArn     = "arn:aws:iam::123456789012:role/autoscaler-pod-identity"
)

func prodArgs() *ClusterAutoscalerArgs {
	return &ClusterAutoscalerArgs{
		ClusterName: pulumi.String("ip-prod"),
		Region:      "eu-west-1",
	}
}

func roleArgs() *RoleArgs {
	return &RoleArgs{ClusterName: pulumi.String("ip-prod")}
}

// newRoleWithAgent registers a stand-in for the cluster's pod identity agent add-on, applies edit
// to args and creates the autoscaler's role named "autoscaler-pod-identity".
func newRoleWithAgent(ctx *pulumi.Context, args *RoleArgs, edit func(*RoleArgs)) (*podidentity.Role, error) {
	agent, err := offlinetest.PodIdentityAgent(ctx)
	if err != nil {
		return nil, err
	}
	args.PodIdentityAgent = agent
	if edit != nil {
		edit(args)
	}
	return NewRole(ctx, "autoscaler-pod-identity", args)
}

// runRole creates the autoscaler's role under offline mocks.
func runRole(t *testing.T, args *RoleArgs) (*offline.Mocks, *podidentity.Role) {
	t.Helper()
	var role *podidentity.Role
	m := offlinetest.Run(t, func(ctx *pulumi.Context) (err error) {
		role, err = newRoleWithAgent(ctx, args, nil)
		return err
	})
	return m, role
}

// run installs one autoscaler named "autoscaler" under offline mocks.
func run(t *testing.T, args *ClusterAutoscalerArgs) (*offline.Mocks, *ClusterAutoscaler) {
	t.Helper()
	var ca *ClusterAutoscaler
	m := offlinetest.Run(t, func(ctx *pulumi.Context) (err error) {
		ca, err = NewClusterAutoscaler(ctx, "autoscaler", args)
		return err
	})
	return m, ca
}

func release(t *testing.T, m *offline.Mocks) offline.Resource {
	t.Helper()
	r, ok := m.Named(releaseType, "autoscaler")
	require.True(t, ok, "no Helm release named autoscaler; registered types: %v", m.Types())
	return r
}

func TestChartIsPinnedToTheKubernetesMinorVersion(t *testing.T) {
	m, _ := run(t, prodArgs())
	r := release(t, m)

	assert.Equal(t, "cluster-autoscaler", r.Input("chart"))
	assert.Equal(t, "9.59.0", r.Input("version"), "the chart must be pinned exactly")
	assert.Equal(t, "v1.36.1", r.Input("values.image.tag"), "the autoscaler runs the cluster's minor, not the chart's default 1.35.0")
	assert.Equal(t, "https://kubernetes.github.io/autoscaler", r.Input("repositoryOpts.repo"))
	assert.Equal(t, "kube-system", r.Input("namespace"))
	assert.Equal(t, "cluster-autoscaler", r.Input("name"))
	assert.Equal(t, true, r.Input("atomic"), "a failed upgrade must roll back")
}

func TestValuesTargetTheClusterAsTheAssociatedServiceAccount(t *testing.T) {
	m, _ := run(t, prodArgs())
	r := release(t, m)
	assert.Empty(t, m.OfType(roleType), "the Kubernetes side creates no AWS resource")

	assert.Equal(t, "aws", r.Input("values.cloudProvider"))
	assert.Equal(t, "ip-prod", r.Input("values.autoDiscovery.clusterName"), "auto-discovery must look for this cluster's node groups")
	assert.Equal(t, "eu-west-1", r.Input("values.awsRegion"))
	assert.Equal(t, true, r.Input("values.rbac.serviceAccount.create"))
	assert.Equal(t, "cluster-autoscaler", r.Input("values.rbac.serviceAccount.name"), "the pod identity association names this service account")
	assert.Nil(t, r.Input("values.rbac.serviceAccount.annotations"), "no IRSA role annotation: Pod Identity binds the role")
	assert.Equal(t, 1.0, r.Input("values.replicaCount"), "one replica by default")
	assert.Equal(t, map[string]any{
		"requests": map[string]any{"cpu": "100m", "memory": "300Mi"},
		"limits":   map[string]any{"cpu": "500m", "memory": "600Mi"},
	}, r.Input("values.resources"), "requests and limits must both be set")
	assert.Equal(t, "least-waste", r.Input("values.extraArgs.expander"))
	assert.Equal(t, "true", r.Input("values.extraArgs.balance-similar-node-groups"))
	assert.Equal(t, "system-cluster-critical", r.Input("values.priorityClassName"))
	assert.Equal(t, 1.0, r.Input("values.podDisruptionBudget.maxUnavailable"))
	assert.Equal(t, true, r.Input("values.securityContext.runAsNonRoot"))
	assert.Equal(t, false, r.Input("values.containerSecurityContext.allowPrivilegeEscalation"))
}

func TestProductionReplicasAndResources(t *testing.T) {
	args := prodArgs()
	args.Replicas = 2
	args.Resources = Resources{MemoryRequest: "600Mi", MemoryLimit: "1Gi"}
	m, _ := run(t, args)
	r := release(t, m)

	assert.Equal(t, 2.0, r.Input("values.replicaCount"))
	assert.Equal(t, map[string]any{
		"requests": map[string]any{"cpu": "100m", "memory": "600Mi"},
		"limits":   map[string]any{"cpu": "500m", "memory": "1Gi"},
	}, r.Input("values.resources"), "given fields override, empty ones keep their defaults")
}

// inlinePolicy returns the statements of the autoscaler role's inline policy.
func inlinePolicy(t *testing.T, m *offline.Mocks) []map[string]any {
	t.Helper()
	p, ok := m.Named(rolePolicy, "autoscaler-pod-identity-inline")
	require.True(t, ok, "no inline policy on the autoscaler role")
	assert.Equal(t, "autoscaler-pod-identity", p.Input("role"))
	var doc struct{ Statement []map[string]any }
	require.NoError(t, json.Unmarshal([]byte(p.Input("policy").(string)), &doc))
	return doc.Statement
}

func TestScalingIsLimitedToThisClustersNodeGroups(t *testing.T) {
	m, _ := runRole(t, roleArgs())
	statements := inlinePolicy(t, m)

	var scaling map[string]any
	for _, s := range statements {
		for _, action := range s["Action"].([]any) {
			a := action.(string)
			if strings.Contains(a, ":Describe") || strings.Contains(a, ":Get") {
				continue
			}
			require.NotNil(t, s["Condition"], "write action %s is granted without a condition", a)
			scaling = s
		}
	}
	require.NotNil(t, scaling, "no statement grants SetDesiredCapacity")
	assert.ElementsMatch(t, []any{"autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"}, scaling["Action"])
	assert.Equal(t, map[string]any{"StringEquals": map[string]any{
		"aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true",
		"aws:ResourceTag/k8s.io/cluster-autoscaler/ip-prod": "owned",
	}}, scaling["Condition"], "scaling must require the tags EKS puts on this cluster's node groups")
}

func TestRoleIsAssociatedWithTheChartsServiceAccountOnly(t *testing.T) {
	m, role := runRole(t, roleArgs())
	iamRole, ok := m.Named(roleType, "autoscaler-pod-identity")
	require.True(t, ok, "no role autoscaler-pod-identity")
	var trust struct{ Statement []map[string]any }
	require.NoError(t, json.Unmarshal([]byte(iamRole.Input("assumeRolePolicy").(string)), &trust))
	require.Len(t, trust.Statement, 1)
	tags := trust.Statement[0]["Condition"].(map[string]any)["StringEquals"].(map[string]any)
	assoc := offlinetest.Must(t, m, associationType, "autoscaler-pod-identity")

	// The chart's service account must be the one the association and the trust name.
	cm, _ := run(t, prodArgs())
	r := release(t, cm)
	for _, want := range []struct{ got, tag any }{
		{assoc.Input("namespace"), tags["aws:RequestTag/kubernetes-namespace"]},
		{assoc.Input("serviceAccount"), tags["aws:RequestTag/kubernetes-service-account"]},
	} {
		assert.Equal(t, want.got, want.tag, "association and trust must name the same service account")
	}
	assert.Equal(t, r.Input("namespace"), assoc.Input("namespace"), "the association names another namespace than the chart's")
	assert.Equal(t, r.Input("values.rbac.serviceAccount.name"), assoc.Input("serviceAccount"), "the association names a service account the chart does not create")
	assert.Equal(t, "ip-prod", assoc.Input("clusterName"))
	assert.Equal(t, "ip-prod", tags["aws:RequestTag/eks-cluster-name"])
	assert.Equal(t, testRoleArn, offlinetest.Await(t, role.Arn))
}

func TestRoleArgsAreValidatedNamingTheField(t *testing.T) {
	cases := map[string]func(*RoleArgs){
		"ClusterName": func(a *RoleArgs) { a.ClusterName = nil },
		"Agent":       func(a *RoleArgs) { a.PodIdentityAgent = nil },
	}
	for field, edit := range cases {
		t.Run(field, func(t *testing.T) {
			m, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
				_, err := newRoleWithAgent(ctx, roleArgs(), edit)
				return err
			})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "autoscaler-pod-identity: ")
			assert.Contains(t, err.Error(), field+" is required")
			assert.Len(t, m.Resources(), 1, "only the agent stand-in may be registered")
		})
	}
}

func TestSkippedChartRegistersNoHelmRelease(t *testing.T) {
	skip := &charts.Skip{}
	args := prodArgs()
	args.Charts = skip
	m, ca := run(t, args)

	assert.Empty(t, m.OfType(releaseType), "a skipped chart must not reach Helm")
	standIn := offlinetest.Must(t, m, charts.SkippedReleaseType, "autoscaler")
	assert.Equal(t, "cluster-autoscaler", standIn.Input("chart"))
	assert.Equal(t, "9.59.0", standIn.Input("version"))
	require.Len(t, skip.Skipped(), 1)
	assert.Equal(t, "cluster-autoscaler", skip.Skipped()[0].Name)
	values, ok := offlinetest.Await(t, skip.Skipped()[0].Values.ToMapOutput()).(map[string]any)
	require.True(t, ok)
	assert.Equal(t, "ip-prod", values["autoDiscovery"].(map[string]any)["clusterName"], "the skipped release keeps its values")
	assert.NotNil(t, ca.Release)
}

func TestChildrenAreParentedAndPrefixed(t *testing.T) {
	m, _ := run(t, prodArgs())
	comp := offlinetest.AssertSubtree(t, m, "ip-platform:autoscaler:ClusterAutoscaler", "autoscaler")
	var direct int
	for _, r := range m.Resources() {
		if r.Parent == comp.URN {
			direct++
		}
	}
	assert.Equal(t, 1, direct, "the Helm release is the autoscaler's only child; its role is made apart")
}

func TestCallerArgsAreNotModified(t *testing.T) {
	args := prodArgs()
	run(t, args)
	assert.Zero(t, args.Replicas, "defaults must be filled on a copy")
	assert.Empty(t, args.Expander)
	assert.Equal(t, Resources{}, args.Resources)
}

func TestBadArgsAreRejectedNamingTheField(t *testing.T) {
	cases := []struct {
		desc     string
		edit     func(*ClusterAutoscalerArgs)
		field    string
		fragment string
	}{
		{"no cluster", func(a *ClusterAutoscalerArgs) { a.ClusterName = nil }, "ClusterName", "required"},
		{"no region", func(a *ClusterAutoscalerArgs) { a.Region = "" }, "Region", "not an AWS region"},
		{"availability zone as region", func(a *ClusterAutoscalerArgs) { a.Region = "eu-west-1a" }, "Region", "not an AWS region"},
		{"negative replicas", func(a *ClusterAutoscalerArgs) { a.Replicas = -1 }, "Replicas", "between 1 and 3"},
		{"too many replicas", func(a *ClusterAutoscalerArgs) { a.Replicas = 5 }, "Replicas", "between 1 and 3"},
		{"priority expander", func(a *ClusterAutoscalerArgs) { a.Expander = "priority" }, "Expander", "least-waste"},
		{"CPU not a quantity", func(a *ClusterAutoscalerArgs) { a.Resources.CPURequest = "100 millicores" }, "Resources: CPURequest", "not a Kubernetes quantity"},
		{"memory limit below request", func(a *ClusterAutoscalerArgs) { a.Resources.MemoryRequest = "1Gi" }, "Resources: MemoryLimit", "at least MemoryRequest"},
		{"CPU limit below request", func(a *ClusterAutoscalerArgs) { a.Resources.CPULimit = "50m" }, "Resources: CPULimit", "at least CPURequest"},
		{"zero CPU request", func(a *ClusterAutoscalerArgs) { a.Resources.CPURequest = "0" }, "Resources: CPURequest", "positive"},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			args := prodArgs()
			tc.edit(args)
			m, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
				_, err := NewClusterAutoscaler(ctx, "autoscaler", args)
				return err
			})
			require.Error(t, err, "args should have been rejected")
			assert.Contains(t, err.Error(), "autoscaler autoscaler: "+tc.field, "the error must name the field")
			assert.Contains(t, err.Error(), tc.fragment)
			assert.Empty(t, m.Resources(), "nothing may be registered before validation passes")
		})
	}
}
