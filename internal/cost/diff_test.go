package cost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDiffOfTwoPlansNamesTheChangedPaths(t *testing.T) {
	base := []Resource{
		res("aws:rds/instance:Instance", "db", map[string]any{"engine": "postgres", "instanceClass": "db.t4g.medium", "password": "[secret]",
			"tags": map[string]any{"team": "a"}}),
		res("aws:kms/key:Key", "old", nil),
		res("kubernetes:apps/v1:Deployment", "web", map[string]any{"metadata": map[string]any{"name": "web",
			"annotations": map[string]any{"example.com/rev": "1"}}}),
	}
	head := []Resource{
		res("aws:rds/instance:Instance", "db", map[string]any{"engine": "mysql", "instanceClass": "db.t4g.medium", "password": "[secret]",
			"tags": map[string]any{"team": "b"}}),
		res("aws:kms/key:Key", "new", nil),
		res("kubernetes:apps/v1:Deployment", "web", map[string]any{"metadata": map[string]any{"name": "web",
			"annotations": map[string]any{"example.com/rev": "2"}}}),
	}
	d := DiffPlans(base, head)
	require.Len(t, d.Added, 1)
	assert.Equal(t, "new", d.Added[0].Name)
	require.Len(t, d.Removed, 1)
	assert.Equal(t, "old", d.Removed[0].Name)
	require.Len(t, d.Changed, 2)

	db, deploy := d.Changed[0], d.Changed[1] // by URN
	assert.Equal(t, "db", db.Name)
	var paths []string
	for _, p := range db.Paths {
		paths = append(paths, p.Path)
	}
	assert.Equal(t, []string{"engine", "tags.team"}, paths, "only the inputs that differ, the secret that did not change is not listed")
	assert.Equal(t, []string{"engine"}, db.Replaces, "a new engine replaces the database")
	assert.True(t, db.ReplacementKnown)

	require.Len(t, deploy.Paths, 1)
	assert.Equal(t, `metadata.annotations["example.com/rev"]`, deploy.Paths[0].Path, "a key with dots is quoted, as Pulumi spells property paths")
	assert.Empty(t, deploy.Replaces, "an annotation is updated in place")
}

func TestDiffKeepsSecretsRedacted(t *testing.T) {
	base := []Resource{res("aws:secretsmanager/secret:Secret", "s", map[string]any{"value": "[secret]", "description": "a"})}
	head := []Resource{res("aws:secretsmanager/secret:Secret", "s", map[string]any{"value": "[secret]", "description": "b"})}
	d := DiffPlans(base, head)
	require.Len(t, d.Changed, 1)
	for _, p := range d.Changed[0].Paths {
		assert.NotContains(t, p.Before+p.After, "hunter2")
	}
	assert.Equal(t, "description", d.Changed[0].Paths[0].Path)
}

func TestDiffSaysWhenReplacementIsUnknown(t *testing.T) {
	base := []Resource{res("aws:sns/topic:Topic", "t", map[string]any{"displayName": "a"})}
	head := []Resource{res("aws:sns/topic:Topic", "t", map[string]any{"displayName": "b"})}
	d := DiffPlans(base, head)
	require.Len(t, d.Changed, 1)
	assert.False(t, d.Changed[0].ReplacementKnown, "no list of replacing inputs for SNS topics: say so rather than guess")
}

func TestDiffOfAPlanAgainstItselfIsEmpty(t *testing.T) {
	plan := []Resource{res("aws:rds/instance:Instance", "db", map[string]any{"engine": "postgres", "list": []any{1.0, map[string]any{"a": "b"}}})}
	d := DiffPlans(plan, plan)
	assert.True(t, d.Empty(), "%+v", d)
}

func TestDiffCostsPerComponent(t *testing.T) {
	nat := res("aws:ec2/natGateway:NatGateway", "nat-a", nil)
	nat2 := res("aws:ec2/natGateway:NatGateway", "nat-b", nil)
	before := estimate(t, nat)
	after := estimate(t, nat, nat2)
	d := DiffCosts(before, after)
	require.Len(t, d.Components, 1)
	assert.Equal(t, StackComponent, d.Components[0].Component)
	assert.InDelta(t, 0.045*HoursPerMonth, d.Delta, 0.01, "one more NAT gateway; the assumed traffic is the same, only spread over two")
	assert.Empty(t, DiffCosts(before, before).Components)
}

func TestDiffKnowsAComponentIsNeverReplaced(t *testing.T) {
	base := []Resource{res("ip-platform:budget:Budget", "b", map[string]any{"monthlyUsd": 500.0})}
	head := []Resource{res("ip-platform:budget:Budget", "b", map[string]any{"monthlyUsd": 600.0})}
	d := DiffPlans(base, head)
	require.Len(t, d.Changed, 1)
	assert.True(t, d.Changed[0].ReplacementKnown, "a component has no provider to replace it")
	assert.Empty(t, d.Changed[0].Replaces)
}
