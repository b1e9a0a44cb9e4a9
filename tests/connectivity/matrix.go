package connectivity

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// matrix is what the test asked, by connection: the answer without the mesh (dev) and with it
// (staging, prod). docs/architecture.md states the same table (connectivityHeading).
type matrix map[string]*[2]string

const (
	withoutMesh = 0
	withMesh    = 1
	// connectivityHeading is the heading of the table in docs/architecture.md.
	connectivityHeading = "### Connectivity matrix"
)

func answer(allowed bool) string {
	if allowed {
		return "allowed"
	}
	return "denied"
}

// record notes c's answer in its mode; a connection asked twice in one mode with two answers is
// a fault of the test.
func (m matrix) record(t *testing.T, mesh bool, c connection) {
	t.Helper()
	mode := withoutMesh
	if mesh {
		mode = withMesh
	}
	row, ok := m[c.what]
	if !ok {
		row = &[2]string{"-", "-"}
		m[c.what] = row
	}
	if row[mode] != "-" && row[mode] != answer(c.allowed) {
		t.Fatalf("%q is asked with two answers in one mode", c.what)
	}
	row[mode] = answer(c.allowed)
}

// rows renders the matrix as the document's table rows, sorted.
func (m matrix) rows() []string {
	out := make([]string, 0, len(m))
	for what, a := range m {
		out = append(out, fmt.Sprintf("| %s | %s | %s |", what, a[withoutMesh], a[withMesh]))
	}
	slices.Sort(out)
	return out
}

// documentedMatrix reads the rows of the table under connectivityHeading, sorted.
func documentedMatrix() ([]string, error) {
	root, err := repositoryRoot()
	if err != nil {
		return nil, err
	}
	doc, err := os.ReadFile(filepath.Join(root, "docs", "architecture.md"))
	if err != nil {
		return nil, err
	}
	_, after, found := strings.Cut(string(doc), connectivityHeading+"\n")
	if !found {
		return nil, fmt.Errorf("docs/architecture.md has no %q section", connectivityHeading)
	}
	var out []string
	for _, line := range strings.Split(after, "\n") {
		if strings.HasPrefix(line, "#") {
			break
		}
		if !strings.HasPrefix(line, "| ") || strings.HasPrefix(line, "| Connection ") || strings.HasPrefix(line, "|---") {
			continue
		}
		out = append(out, strings.TrimSpace(line))
	}
	slices.Sort(out)
	return out, nil
}
