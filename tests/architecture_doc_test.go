package tests

import (
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// architectureDoc is the architecture document the tests below keep in step with the code.
var architectureDoc = filepath.Join(projectDir, "docs", "architecture.md")

// componentToken matches a component type token registered by this program.
var componentToken = regexp.MustCompile(`ip-platform:([a-z]+):([A-Z][A-Za-z]*)`)

// mermaidBlocks returns the mermaid diagrams of a Markdown document, keyed by the heading they
// sit under.
func mermaidBlocks(doc string) map[string]string {
	blocks := map[string]string{}
	heading := ""
	var current *strings.Builder
	for _, line := range strings.Split(doc, "\n") {
		switch {
		case current != nil && strings.TrimSpace(line) == "```":
			blocks[heading] = current.String()
			current = nil
		case current != nil:
			current.WriteString(line + "\n")
		case strings.TrimSpace(line) == "```mermaid":
			current = &strings.Builder{}
		case strings.HasPrefix(line, "## "):
			heading = strings.TrimPrefix(line, "## ")
		}
	}
	return blocks
}

// tokensInCode are the component type tokens the program's source registers
// (RegisterComponentResource calls anywhere under components/).
func tokensInCode(t *testing.T) map[string]bool {
	t.Helper()
	re := regexp.MustCompile(`RegisterComponentResource(?:V2)?\(\s*"(ip-platform:[a-z]+:[A-Za-z]+)"`)
	tokens := map[string]bool{}
	err := filepath.WalkDir(filepath.Join(projectDir, "components"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			tokens[m[1]] = true
		}
		return nil
	})
	require.NoError(t, err)
	return tokens
}

// tokensInPlans are the component type tokens registered when the program runs on each stack.
func tokensInPlans(t *testing.T) map[string][]string {
	t.Helper()
	tokens := map[string][]string{}
	for _, stack := range stacks {
		for _, r := range planStack(t, stack).Resources {
			if strings.HasPrefix(r.Type, "ip-platform:") && !slices.Contains(tokens[r.Type], stack) {
				tokens[r.Type] = append(tokens[r.Type], stack)
			}
		}
	}
	return tokens
}

func TestArchitectureDocHasTheFourDiagrams(t *testing.T) {
	b, err := os.ReadFile(architectureDoc)
	require.NoError(t, err, "docs/architecture.md must exist")
	blocks := mermaidBlocks(string(b))
	for _, want := range []string{"Network topology", "Service dependencies", "Data flow", "Security boundaries"} {
		found := false
		for heading := range blocks {
			found = found || strings.Contains(heading, want)
		}
		assert.True(t, found, "docs/architecture.md needs a mermaid diagram under a heading naming %q; found diagrams under %v", want, slices.Sorted(maps.Keys(blocks)))
	}
}

func TestArchitectureDocNamesEveryComponentOfTheCode(t *testing.T) {
	b, err := os.ReadFile(architectureDoc)
	require.NoError(t, err)
	doc := string(b)
	var dependencies string
	for heading, block := range mermaidBlocks(doc) {
		if strings.Contains(heading, "Service dependencies") {
			dependencies = block
		}
	}
	require.NotEmpty(t, dependencies, "docs/architecture.md needs the service dependencies diagram")

	code := tokensInCode(t)
	plans := tokensInPlans(t)
	require.NotEmpty(t, plans, "the stacks' plans must register components")
	for token, inStacks := range plans {
		assert.True(t, code[token], "component %s is registered by the %v plans but no RegisterComponentResource call under components/ names it", token, inStacks)
	}
	for token := range code {
		m := componentToken.FindStringSubmatch(token)
		require.NotNil(t, m, "component type token %q must look like ip-platform:<pkg>:<Type>", token)
		pkg, typ := m[1], m[2]
		assert.Contains(t, doc, "`"+token+"`", "component %s (components/%s) is missing from the component table of docs/architecture.md", token, pkg)
		assert.Contains(t, dependencies, pkg+":"+typ, "component %s is missing from the service dependencies diagram of docs/architecture.md (label it %s:%s)", token, pkg, typ)
	}

	// The reverse: a diagram or table must not keep a component the code no longer has.
	for _, m := range componentToken.FindAllString(doc, -1) {
		assert.True(t, code[m], "docs/architecture.md names %s, which no component registers any more", m)
	}
	shortToken := regexp.MustCompile(`\b([a-z]+):([A-Z][A-Za-z]*)\b`)
	for _, m := range shortToken.FindAllStringSubmatch(dependencies, -1) {
		assert.True(t, code["ip-platform:"+m[1]+":"+m[2]], "the service dependencies diagram shows %s, which no component registers", m[0])
	}
}

func TestArchitectureDocNamesEveryComponentPackage(t *testing.T) {
	b, err := os.ReadFile(architectureDoc)
	require.NoError(t, err)
	entries, err := os.ReadDir(filepath.Join(projectDir, "components"))
	require.NoError(t, err)
	for _, e := range entries {
		if e.IsDir() {
			assert.Contains(t, string(b), "`components/"+e.Name()+"`", "package components/%s is missing from docs/architecture.md", e.Name())
		}
	}
}
