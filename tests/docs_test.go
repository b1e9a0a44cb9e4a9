package tests

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/config"
	"github.com/ip-platform/infra/internal/stackfile"
)

// The README's config reference sits between these markers, one table row per config.Keys() entry.
const (
	referenceStart = "<!-- config-reference:start -->"
	referenceEnd   = "<!-- config-reference:end -->"
)

// referenceRow is the README row documenting k.
func referenceRow(k config.Key) string {
	typ := k.Type
	if k.Items != "" {
		typ += " of " + k.Items
	}
	return fmt.Sprintf("| `%s` | %s | %s | %s |", k.Name, typ, k.Default, k.Description)
}

// updateReadme rewrites the README's config reference from internal/config/keys.go:
// go test ./tests -run TestReadmeConfigReference -update-readme
var updateReadme = flag.Bool("update-readme", false, "rewrite README.md's config reference from the config package")

func TestReadmeConfigReferenceMatchesTheConfigPackage(t *testing.T) {
	path := filepath.Join(projectDir, "README.md")
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	head, rest, found := strings.Cut(string(b), referenceStart)
	require.True(t, found, "README.md needs the %s marker", referenceStart)
	table, tail, found := strings.Cut(rest, referenceEnd)
	require.True(t, found, "README.md needs the %s marker", referenceEnd)

	if *updateReadme {
		var rows []string
		for _, k := range config.Keys() {
			rows = append(rows, referenceRow(k))
		}
		table = "\n| Key | Type | Default | Description |\n|---|---|---|---|\n" + strings.Join(rows, "\n") + "\n"
		require.NoError(t, os.WriteFile(path, []byte(head+referenceStart+table+referenceEnd+tail), 0o644))
	}

	var rows []string
	for _, line := range strings.Split(table, "\n") {
		if strings.HasPrefix(line, "| `") {
			rows = append(rows, line)
		}
	}
	var want []string
	for _, k := range config.Keys() {
		want = append(want, referenceRow(k))
	}
	assert.Equal(t, strings.Join(want, "\n"), strings.Join(rows, "\n"),
		"README.md's config reference must list every key of internal/config/keys.go, in order "+
			"(go test ./tests -run TestReadmeConfigReference -update-readme rewrites it)")
}

func TestPulumiYamlDeclaresEveryTopLevelKey(t *testing.T) {
	project, err := stackfile.LoadProject(projectDir)
	require.NoError(t, err)
	assert.Equal(t, "ip-platform", project.Name)
	assert.Equal(t, "go", project.Runtime)

	declared := map[string]bool{}
	for _, k := range config.Keys() {
		if !k.TopLevel() {
			continue
		}
		declared[k.Name] = true
		decl, ok := project.Config[k.Name]
		if !assert.True(t, ok, "Pulumi.yaml must declare config key %s", k.Name) {
			continue
		}
		assert.Equal(t, k.Type, decl.Type, "type of %s", k.Name)
		assert.Equal(t, k.Description, decl.Description, "description of %s", k.Name)
		assert.Equal(t, k.ProjectDefault, decl.Default, "default of %s", k.Name)
		if k.Items != "" {
			require.NotNil(t, decl.Items, "items of %s", k.Name)
			assert.Equal(t, k.Items, decl.Items.Type, "item type of %s", k.Name)
		}
	}
	for name := range project.Config {
		assert.True(t, declared[name], "Pulumi.yaml declares %s, which the program does not read", name)
	}
}

func TestEveryStackFileSetsTheRequiredKeys(t *testing.T) {
	for _, stack := range stacks {
		s, err := stackfile.Load(projectDir, stack, "")
		require.NoError(t, err)
		assert.Equal(t, stack, s.Values["ip-platform:environment"], "Pulumi.%s.yaml must be the %s environment", stack, stack)
	}
}
