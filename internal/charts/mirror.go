package charts

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Mirror installs every release from another chart repository than the chart's upstream one,
// keeping the pinned name and version: an air-gapped user's own mirror (Harbor, Artifactory,
// ChartMuseum, S3) or the loopback server of the real-engine check.
type Mirror struct {
	// Repository replaces every chart's repository; empty keeps the upstream ones.
	Repository string
	// PerChart replaces the repository of the charts it names, before Repository.
	PerChart map[string]string
	// Next installs the rewritten release.
	Next Installer
}

// Install rewrites the release's repository and hands it on.
func (m Mirror) Install(ctx *pulumi.Context, resourceName string, r Release, opts ...pulumi.ResourceOption) (pulumi.Resource, error) {
	r.Chart = m.Locate(r.Chart)
	return Or(m.Next).Install(ctx, resourceName, r, opts...)
}

// Locate returns c with the repository it is installed from.
func (m Mirror) Locate(c Chart) Chart {
	if repo, ok := m.PerChart[c.Name]; ok && repo != "" {
		c.Repo = repo
	} else if m.Repository != "" {
		c.Repo = m.Repository
	}
	return c
}

// IsOCI reports whether repo is an OCI registry (oci://host/path) rather than an index.yaml
// repository: Helm then takes the chart as <repo>/<name> and no repository option.
func IsOCI(repo string) bool { return strings.HasPrefix(repo, "oci://") }

// OCIReference is the chart reference Helm pulls from an OCI registry: oci://host/path/<name>.
func OCIReference(repo, name string) string { return strings.TrimSuffix(repo, "/") + "/" + name }
