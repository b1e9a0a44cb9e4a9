package charts

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

var release = Release{
	Name:      "loki",
	Namespace: pulumi.String("observability"),
	Chart:     Chart{Name: "loki", Repo: "https://grafana.github.io/helm-charts", Version: "6.26.0"},
	Values:    pulumi.Map{"deploymentMode": pulumi.String("SingleBinary")},
}

func TestHelmInstallsAnAtomicPinnedRelease(t *testing.T) {
	m := offlinetest.Run(t, func(ctx *pulumi.Context) error {
		r := release
		r.CreateNamespace, r.TimeoutSeconds = true, 900
		_, err := Or(nil).Install(ctx, "obs-loki", r)
		return err
	})
	r := offlinetest.Must(t, m, "kubernetes:helm.sh/v3:Release", "obs-loki")
	assert.Equal(t, "loki", r.Input("name"))
	assert.Equal(t, "loki", r.Input("chart"))
	assert.Equal(t, "6.26.0", r.Input("version"))
	assert.Equal(t, "https://grafana.github.io/helm-charts", r.Input("repositoryOpts.repo"))
	assert.Equal(t, "observability", r.Input("namespace"))
	assert.Equal(t, true, r.Input("atomic"), "a failed upgrade rolls back")
	assert.Equal(t, 10.0, r.Input("maxHistory"))
	assert.Equal(t, true, r.Input("createNamespace"))
	assert.Equal(t, 900.0, r.Input("timeout"))
	assert.Equal(t, "SingleBinary", r.Input("values.deploymentMode"))
}

func TestHelmLeavesTimeoutAndNamespaceCreationToDefaults(t *testing.T) {
	m := offlinetest.Run(t, func(ctx *pulumi.Context) error {
		_, err := Helm{}.Install(ctx, "obs-loki", release)
		return err
	})
	r := offlinetest.Must(t, m, "kubernetes:helm.sh/v3:Release", "obs-loki")
	assert.Nil(t, r.Input("timeout"))
	assert.Nil(t, r.Input("createNamespace"))
}

func TestSkipRecordsTheReleaseAndStandsInForIt(t *testing.T) {
	skip := &Skip{}
	var standIn pulumi.Resource
	m := offlinetest.Run(t, func(ctx *pulumi.Context) error {
		var err error
		standIn, err = skip.Install(ctx, "obs-loki", release)
		return err
	})
	assert.NotContains(t, m.Types(), "kubernetes:helm.sh/v3:Release", "nothing is installed")
	r := offlinetest.Must(t, m, SkippedReleaseType, "obs-loki")
	assert.False(t, r.Custom, "the stand-in is a component: no provider ever sees it")
	require.NotNil(t, standIn, "callers depend on the stand-in as on the release")
	skipped := skip.Skipped()
	require.Len(t, skipped, 1)
	assert.Equal(t, release.Chart, skipped[0].Chart)
	assert.Equal(t, "loki", skipped[0].Name)
}
