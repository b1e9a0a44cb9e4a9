package externalsecrets

import (
	"encoding/json"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/charts"
	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

const (
	releaseType   = "kubernetes:helm.sh/v3:Release"
	namespaceType = "kubernetes:core/v1:Namespace"
)

func prodArgs() *OperatorArgs {
	return &OperatorArgs{Replicas: 2}
}

func roleArgs() *RoleArgs {
	return &RoleArgs{
		ClusterName: pulumi.String("ip-platform-prod"),
		Region:      "eu-west-1",
		AccountID:   "111122223333",
		SecretsPath: "ip-platform/prod/platform",
	}
}

func run(t *testing.T, args *OperatorArgs) *offline.Mocks {
	t.Helper()
	return offlinetest.Run(t, func(ctx *pulumi.Context) error {
		_, err := NewOperator(ctx, "eso", args)
		return err
	})
}

// newRole registers the pod identity agent stand-in, applies edit to args and creates the
// operator's role named "eso-pod-identity".
func newRole(ctx *pulumi.Context, args *RoleArgs, edit func(*RoleArgs)) error {
	agent, err := offlinetest.PodIdentityAgent(ctx)
	if err != nil {
		return err
	}
	args.PodIdentityAgent = agent
	if edit != nil {
		edit(args)
	}
	_, err = NewRole(ctx, "eso-pod-identity", args)
	return err
}

func runRole(t *testing.T, args *RoleArgs) *offline.Mocks {
	t.Helper()
	return offlinetest.Run(t, func(ctx *pulumi.Context) error { return newRole(ctx, args, nil) })
}

func TestChartIsPinnedWithCRDsAndLimits(t *testing.T) {
	m := run(t, prodArgs())
	r := offlinetest.Must(t, m, releaseType, "eso")

	assert.Equal(t, "external-secrets", r.Input("chart"))
	assert.Equal(t, "2.9.0", r.Input("version"), "the chart must be pinned exactly")
	assert.Equal(t, "https://charts.external-secrets.io", r.Input("repositoryOpts.repo"))
	assert.Equal(t, "external-secrets", r.Input("namespace"))
	assert.Nil(t, r.Input("createNamespace"), "the namespace is the component's, not Helm's")
	assert.Equal(t, true, r.Input("atomic"))
	assert.Equal(t, true, r.Input("values.installCRDs"), "the services' SecretStores need the CRDs")
	assert.Equal(t, true, r.Input("values.leaderElect"), "two controllers must elect a leader")
	for _, path := range []string{"values.resources", "values.webhook.resources", "values.certController.resources"} {
		res, _ := r.Input(path).(map[string]any)
		assert.Contains(t, res, "requests", "%s needs requests", path)
		assert.Contains(t, res, "limits", "%s needs limits", path)
	}
}

func TestServiceAccountIsTheAssociatedOneWithoutAnIrsaAnnotation(t *testing.T) {
	m := run(t, prodArgs())
	r := offlinetest.Must(t, m, releaseType, "eso")
	assert.Nil(t, r.Input("values.serviceAccount.annotations"), "no IRSA role annotation: Pod Identity binds the role")
	assert.Equal(t, ServiceAccount, r.Input("values.serviceAccount.name"), "NewRole's association names this service account")
	assert.Empty(t, m.OfType("aws:iam/role:Role"), "the Kubernetes side creates no AWS resource")
}

func TestNamespaceIsOursAndRestricted(t *testing.T) {
	m := run(t, prodArgs())
	ns := offlinetest.Must(t, m, namespaceType, "eso-namespace")
	assert.Equal(t, Namespace, ns.Input("metadata.name"))
	labels := ns.Input("metadata.labels").(map[string]any)
	for _, mode := range []string{"enforce", "audit", "warn"} {
		assert.Equal(t, "restricted", labels["pod-security.kubernetes.io/"+mode], "PSA %s level", mode)
	}
	r := offlinetest.Must(t, m, releaseType, "eso")
	assert.Contains(t, r.DependsOn, ns.URN, "the release waits for its namespace")
}

func TestSingleReplicaHasNoBlockingBudget(t *testing.T) {
	a := prodArgs()
	a.Replicas = 0
	m := run(t, a)
	r := offlinetest.Must(t, m, releaseType, "eso")
	assert.Equal(t, 1.0, r.Input("values.replicaCount"))
	assert.Equal(t, false, r.Input("values.podDisruptionBudget.enabled"), "minAvailable 1 on one pod would block node drains")
}

func TestSkippedChartRegistersNoHelmRelease(t *testing.T) {
	skip := &charts.Skip{}
	a := prodArgs()
	a.Charts = skip
	m := run(t, a)

	assert.Empty(t, m.OfType(releaseType), "a skipped chart must not reach Helm")
	offlinetest.Must(t, m, charts.SkippedReleaseType, "eso")
	require.Len(t, skip.Skipped(), 1)
	assert.Equal(t, "external-secrets", skip.Skipped()[0].Chart.Name)
	assert.Equal(t, ChartVersion, skip.Skipped()[0].Chart.Version)
	offlinetest.Must(t, m, namespaceType, "eso-namespace")
}

func TestChildrenAreParentedAndPrefixed(t *testing.T) {
	m := run(t, prodArgs())
	offlinetest.AssertSubtree(t, m, "ip-platform:externalsecrets:Operator", "eso")
}

func TestRoleReadsOnlyThePlatformPath(t *testing.T) {
	m := runRole(t, roleArgs())
	p := offlinetest.Must(t, m, "aws:iam/rolePolicy:RolePolicy", "eso-pod-identity-inline")
	var doc struct {
		Statement []struct{ Action, Resource []string }
	}
	require.NoError(t, json.Unmarshal([]byte(p.Input("policy").(string)), &doc))
	require.Len(t, doc.Statement, 1)
	assert.Equal(t, []string{"arn:aws:secretsmanager:eu-west-1:111122223333:secret:ip-platform/prod/platform/*"}, doc.Statement[0].Resource)
	assert.ElementsMatch(t, []string{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"}, doc.Statement[0].Action)
}

func TestRoleServesOnlyTheOperatorServiceAccount(t *testing.T) {
	m := runRole(t, roleArgs())
	role := offlinetest.Must(t, m, "aws:iam/role:Role", "eso-pod-identity")
	var trust struct{ Statement []map[string]any }
	require.NoError(t, json.Unmarshal([]byte(role.Input("assumeRolePolicy").(string)), &trust))
	require.Len(t, trust.Statement, 1)
	conditions := trust.Statement[0]["Condition"].(map[string]any)["StringEquals"].(map[string]any)
	assert.Equal(t, "external-secrets", conditions["aws:RequestTag/kubernetes-namespace"])
	assert.Equal(t, ServiceAccount, conditions["aws:RequestTag/kubernetes-service-account"],
		"the trust names the service account the operator creates")
	assoc := offlinetest.Must(t, m, "aws:eks/podIdentityAssociation:PodIdentityAssociation", "eso-pod-identity")
	assert.Equal(t, Namespace, assoc.Input("namespace"))
	assert.Equal(t, ServiceAccount, assoc.Input("serviceAccount"))
}

func TestBadArgsAreRejected(t *testing.T) {
	cases := map[string]func(*OperatorArgs){
		"Replicas": func(a *OperatorArgs) { a.Replicas = 4 },
	}
	for field, edit := range cases {
		t.Run(field, func(t *testing.T) {
			a := prodArgs()
			edit(a)
			m, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
				_, err := NewOperator(ctx, "eso", a)
				return err
			})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "externalsecrets eso: "+field)
			assert.Empty(t, m.Resources())
		})
	}
}

func TestBadRoleArgsAreRejected(t *testing.T) {
	cases := map[string]func(*RoleArgs){
		"ClusterName": func(a *RoleArgs) { a.ClusterName = nil },
		"Agent":       func(a *RoleArgs) { a.PodIdentityAgent = nil },
		"Region":      func(a *RoleArgs) { a.Region = "eu-west-1a" },
		"AccountID":   func(a *RoleArgs) { a.AccountID = "abc" },
		"SecretsPath": func(a *RoleArgs) { a.SecretsPath = "" },
	}
	for field, edit := range cases {
		t.Run(field, func(t *testing.T) {
			m, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
				return newRole(ctx, roleArgs(), edit)
			})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "externalsecrets eso-pod-identity: ")
			assert.Contains(t, err.Error(), field)
			assert.Len(t, m.Resources(), 1, "only the agent stand-in may be registered")
		})
	}
}
