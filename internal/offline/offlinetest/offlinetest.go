// Package offlinetest holds the few helpers every component test needs on top of the recording
// mocks: run a constructor, fetch a registered resource, resolve an output. One copy here instead of
// one per test package.
package offlinetest

import (
	"context"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
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
