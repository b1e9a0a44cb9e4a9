// Package charts installs the Helm charts the components pin. Components ask an Installer for a
// release instead of creating helm.v3.Release themselves, so one place decides how every release is
// installed: Helm from each chart's upstream repository by default, a Mirror for clusters that
// cannot reach it (the stack's charts setting; the real-engine check installs every release from
// a loopback mirror this way), and Skip where no chart should be fetched at all (unit tests, which
// still see every release the components ask for).
package charts

import (
	"fmt"
	"sync"

	helmv3 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Chart is a pinned chart: its name in Repo and an exact version. Repo is an index.yaml
// repository (https://...) or an OCI registry (oci://host/path).
type Chart struct {
	Name    string
	Repo    string
	Version string
}

// Release is one installation of a chart.
type Release struct {
	// Name is the Helm release name.
	Name string
	// Namespace the release is installed into; CreateNamespace lets Helm create it.
	Namespace       pulumi.StringInput
	CreateNamespace bool
	Chart           Chart
	Values          pulumi.MapInput
	// TimeoutSeconds bounds the install or upgrade; 0 keeps the provider's default (300 s).
	TimeoutSeconds int
}

// Installer installs a release as a resource that others can depend on (for a chart's CRDs, its
// webhooks or its namespace).
type Installer interface {
	Install(ctx *pulumi.Context, resourceName string, r Release, opts ...pulumi.ResourceOption) (pulumi.Resource, error)
}

// Or returns i, or Helm when i is nil: components default to installing charts for real.
func Or(i Installer) Installer {
	if i == nil {
		return Helm{}
	}
	return i
}

// Helm installs releases with the Kubernetes provider's helm.v3.Release. Every release is atomic (a
// failed upgrade rolls back rather than leaving a half-applied chart) and keeps ten revisions.
type Helm struct{}

// Install creates the helm.v3.Release.
func (Helm) Install(ctx *pulumi.Context, resourceName string, r Release, opts ...pulumi.ResourceOption) (pulumi.Resource, error) {
	args := &helmv3.ReleaseArgs{
		Name:       pulumi.String(r.Name),
		Namespace:  r.Namespace,
		Chart:      pulumi.String(r.Chart.Name),
		Version:    pulumi.String(r.Chart.Version),
		Values:     r.Values,
		Atomic:     pulumi.Bool(true),
		MaxHistory: pulumi.Int(10),
	}
	if IsOCI(r.Chart.Repo) {
		// Helm addresses a chart in an OCI registry by reference and takes no repository.
		args.Chart = pulumi.String(OCIReference(r.Chart.Repo, r.Chart.Name))
	} else {
		args.RepositoryOpts = helmv3.RepositoryOptsArgs{Repo: pulumi.String(r.Chart.Repo)}
	}
	if r.CreateNamespace {
		args.CreateNamespace = pulumi.Bool(true)
	}
	if r.TimeoutSeconds > 0 {
		args.Timeout = pulumi.Int(r.TimeoutSeconds)
	}
	release, err := helmv3.NewRelease(ctx, resourceName, args, opts...)
	if err != nil {
		return nil, fmt.Errorf("helm release %s: %w", r.Name, err)
	}
	return release, nil
}

// SkippedReleaseType is the type of the stand-in the Skip installer registers.
const SkippedReleaseType = "ip-platform:charts:SkippedRelease"

// Skip installs nothing. It registers an empty component per release, so dependencies on the
// release still resolve and the skip shows in the resource tree, and records the release.
type Skip struct {
	mu      sync.Mutex
	skipped []Release
}

// Install records r and registers its stand-in.
func (s *Skip) Install(ctx *pulumi.Context, resourceName string, r Release, opts ...pulumi.ResourceOption) (pulumi.Resource, error) {
	standIn := &skippedRelease{}
	if err := ctx.RegisterComponentResourceV2(SkippedReleaseType, resourceName, pulumi.Map{
		"chart":   pulumi.String(r.Chart.Name),
		"version": pulumi.String(r.Chart.Version),
	}, standIn, opts...); err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.skipped = append(s.skipped, r)
	s.mu.Unlock()
	return standIn, ctx.RegisterResourceOutputs(standIn, pulumi.Map{})
}

// Skipped returns the releases skipped so far, in the order they were asked for.
func (s *Skip) Skipped() []Release {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Release(nil), s.skipped...)
}

type skippedRelease struct {
	pulumi.ResourceState
}
