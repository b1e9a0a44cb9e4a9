package charts

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"

	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

func TestMirrorInstallsThePinnedChartFromTheMirror(t *testing.T) {
	m := offlinetest.Run(t, func(ctx *pulumi.Context) error {
		mirror := Mirror{Repository: "https://charts.example.com/mirror"}
		_, err := mirror.Install(ctx, "obs-loki", release)
		return err
	})
	r := offlinetest.Must(t, m, "kubernetes:helm.sh/v3:Release", "obs-loki")
	assert.Equal(t, "loki", r.Input("chart"))
	assert.Equal(t, "6.26.0", r.Input("version"), "the mirror serves the pinned version")
	assert.Equal(t, "https://charts.example.com/mirror", r.Input("repositoryOpts.repo"))
}

func TestMirrorPerChartEntryWinsAndOCIIsAReference(t *testing.T) {
	other := release
	other.Name, other.Chart = "jaeger", Chart{Name: "jaeger", Repo: "https://jaegertracing.github.io/helm-charts", Version: "3.3.1"}
	m := offlinetest.Run(t, func(ctx *pulumi.Context) error {
		mirror := Mirror{Repository: "https://charts.example.com/mirror", PerChart: map[string]string{"loki": "oci://registry.example.com/helm/"}}
		if _, err := mirror.Install(ctx, "obs-loki", release); err != nil {
			return err
		}
		_, err := mirror.Install(ctx, "obs-jaeger", other)
		return err
	})
	loki := offlinetest.Must(t, m, "kubernetes:helm.sh/v3:Release", "obs-loki")
	assert.Equal(t, "oci://registry.example.com/helm/loki", loki.Input("chart"), "Helm pulls an OCI chart by reference")
	assert.Equal(t, "6.26.0", loki.Input("version"))
	assert.Nil(t, loki.Input("repositoryOpts.repo"), "an OCI chart takes no repository option")
	jaeger := offlinetest.Must(t, m, "kubernetes:helm.sh/v3:Release", "obs-jaeger")
	assert.Equal(t, "https://charts.example.com/mirror", jaeger.Input("repositoryOpts.repo"), "charts without an entry use the mirror")
}

func TestMirrorWithNothingSetKeepsUpstream(t *testing.T) {
	assert.Equal(t, release.Chart, Mirror{}.Locate(release.Chart))
}

func TestPinnedListsEachChartOnceSorted(t *testing.T) {
	a := Pin(Chart{Name: "zz-test-chart", Repo: "https://example.com", Version: "1.0.0"})
	Pin(a)
	Pin(Chart{Name: "aa-test-chart", Repo: "https://example.com", Version: "2.0.0"})
	var names []string
	for _, c := range Pinned() {
		names = append(names, c.Name+"@"+c.Version)
	}
	assert.Equal(t, []string{"aa-test-chart@2.0.0", "zz-test-chart@1.0.0"}, names)
	assert.Equal(t, []string{"aa-test-chart", "zz-test-chart"}, PinnedNames())
}
