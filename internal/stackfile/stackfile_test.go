package stackfile

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func write(t *testing.T, dir, name, body string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(path, []byte(body), 0o600))
	return path
}

func TestLoadRendersValuesAsTheEngineDoes(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "Pulumi.yaml", `
name: demo
runtime: go
config:
  network:
    type: object
    default: {}
  region:
    type: string
  nodePools:
    type: array
    items: {type: object}
    default: []
`)
	write(t, dir, "Pulumi.dev.yaml", `
config:
  demo:region: eu-west-1
  demo:zones: [eu-west-1a, eu-west-1b]
  demo:count: 3
  demo:enabled: true
  demo:token:
    secure: AAABAKs0Y2lwaGVydGV4dA==
  demo:nodePools:
    - name: general
      minSize: 1
  aws:region: eu-west-1
`)
	s, err := Load(dir, "dev", "")
	require.NoError(t, err)

	assert.Equal(t, "demo", s.Project)
	assert.Equal(t, "eu-west-1", s.Values["demo:region"], "strings pass through unquoted")
	assert.JSONEq(t, `["eu-west-1a","eu-west-1b"]`, s.Values["demo:zones"])
	assert.Equal(t, "3", s.Values["demo:count"])
	assert.Equal(t, "true", s.Values["demo:enabled"])
	assert.JSONEq(t, `[{"name":"general","minSize":1}]`, s.Values["demo:nodePools"], "the stack overrides the project default")
	assert.Equal(t, "{}", s.Values["demo:network"], "an unset key takes the project default")
	assert.Equal(t, SecretPlaceholder, s.Values["demo:token"], "ciphertext never reaches the program")
	assert.Equal(t, []string{"demo:token"}, s.SecretKeys)
	assert.Equal(t, "eu-west-1", s.Values["aws:region"])
}

func TestLoadReadsAnotherStackFile(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "Pulumi.yaml", "name: demo\nruntime: go\n")
	other := write(t, dir, "elsewhere.yaml", "config:\n  demo:environment: qa\n")

	s, err := Load(dir, "prod", other)
	require.NoError(t, err)
	assert.Equal(t, "qa", s.Values["demo:environment"])
	assert.Equal(t, "prod", s.Name)
}

func TestLoadFailsOnMissingFiles(t *testing.T) {
	dir := t.TempDir()
	_, err := Load(dir, "dev", "")
	assert.ErrorContains(t, err, "read project file")

	write(t, dir, "Pulumi.yaml", "name: demo\nruntime: go\n")
	_, err = Load(dir, "nosuchstack", "")
	assert.ErrorContains(t, err, "Pulumi.nosuchstack.yaml")
}
