// Package offlinetest holds the few helpers every component test needs on top of the recording
// mocks: run a constructor, fetch a registered resource, resolve an output. One copy here instead of
// one per test package.
package offlinetest

import (
	"context"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
)

// Region is the region component tests run in.
const Region = "eu-west-1"

// Run runs build under recording mocks in Region and fails the test if the program fails.
func Run(t testing.TB, build func(ctx *pulumi.Context) error) *offline.Mocks {
	t.Helper()
	m, err := offline.Run(offline.Program{Region: Region}, build)
	require.NoError(t, err)
	return m
}

// Must returns the registered resource of type typ named name, failing the test when there is none.
func Must(t testing.TB, m *offline.Mocks, typ, name string) offline.Resource {
	t.Helper()
	r, ok := m.Named(typ, name)
	require.True(t, ok, "no %s named %q was registered; registered: %v", typ, name, m.CountByType())
	return r
}

// Await resolves an output of a finished run to its plain value.
func Await(t testing.TB, o pulumi.Output) any {
	t.Helper()
	res, err := internals.UnsafeAwaitOutput(context.Background(), o)
	require.NoError(t, err)
	require.True(t, res.Known, "the output must be known after the run")
	return res.Value
}

// AssertSubtree checks that the run registered exactly one component of type componentType and
// that every other resource sits below it (its chain of parents reaches the component) with a
// logical name starting with prefix, so two instances of the component never collide. It returns
// the component. The PodIdentityAgent stand-in, which tests register beside the component, is
// not the component's.
func AssertSubtree(t testing.TB, m *offline.Mocks, componentType, prefix string) offline.Resource {
	t.Helper()
	comps := m.OfType(componentType)
	require.Len(t, comps, 1, "one %s component", componentType)
	comp := comps[0]
	parents := map[string]string{}
	for _, r := range m.Resources() {
		parents[r.URN] = r.Parent
	}
	for _, r := range m.Resources() {
		if r.URN == comp.URN || r.Type == PodIdentityAgentType {
			continue
		}
		assert.True(t, strings.HasPrefix(r.Name, prefix), "%s %s does not start with the component name %q", r.Type, r.Name, prefix)
		assert.True(t, descendsFrom(parents, r.URN, comp.URN), "%s %s is not registered under the %s component", r.Type, r.Name, componentType)
	}
	return comp
}

// descendsFrom reports whether ancestor is on urn's chain of parents.
func descendsFrom(parents map[string]string, urn, ancestor string) bool {
	for p := parents[urn]; p != ""; p = parents[p] {
		if p == ancestor {
			return true
		}
	}
	return false
}
