package chartcheck

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Repository is an index.yaml chart repository (what `helm repo add` takes) over HTTP(S).
type Repository struct {
	URL    string
	Client *http.Client
}

// Index is a repository's index.yaml: the versions of each chart and where their archives are.
type Index struct {
	repo    string
	Entries map[string][]IndexEntry `yaml:"entries"`
}

// IndexEntry is one chart version in an index.
type IndexEntry struct {
	Name    string   `yaml:"name"`
	Version string   `yaml:"version"`
	URLs    []string `yaml:"urls"`
}

// Index downloads and parses the repository's index.yaml.
func (r Repository) Index(ctx context.Context) (*Index, error) {
	body, err := r.get(ctx, strings.TrimSuffix(r.URL, "/")+"/index.yaml")
	if err != nil {
		return nil, err
	}
	ix := &Index{repo: r.URL}
	if err := yaml.Unmarshal(body, ix); err != nil {
		return nil, fmt.Errorf("chart repository %s: index.yaml: %w", r.URL, err)
	}
	return ix, nil
}

// Find returns the entry of chart name at exactly version, or an error naming the chart, the
// version, the repository and the versions it does have.
func (ix *Index) Find(name, version string) (IndexEntry, error) {
	entries, ok := ix.Entries[name]
	if !ok {
		return IndexEntry{}, fmt.Errorf("chart %s is not in repository %s", name, ix.repo)
	}
	var have []string
	for _, e := range entries {
		if e.Version == version {
			return e, nil
		}
		have = append(have, e.Version)
	}
	slices.Sort(have)
	if len(have) > 12 {
		have = append(have[:6:6], append([]string{"..."}, have[len(have)-6:]...)...)
	}
	return IndexEntry{}, fmt.Errorf("chart %s version %s is not in repository %s (it has %s)", name, version, ix.repo, strings.Join(have, ", "))
}

// Archive downloads the chart archive of an index entry; a relative URL is below the repository.
func (r Repository) Archive(ctx context.Context, e IndexEntry) ([]byte, error) {
	if len(e.URLs) == 0 {
		return nil, fmt.Errorf("chart %s %s: the index gives no archive URL", e.Name, e.Version)
	}
	base, err := url.Parse(strings.TrimSuffix(r.URL, "/") + "/")
	if err != nil {
		return nil, err
	}
	ref, err := url.Parse(e.URLs[0])
	if err != nil {
		return nil, fmt.Errorf("chart %s %s: archive URL %q: %w", e.Name, e.Version, e.URLs[0], err)
	}
	return r.get(ctx, base.ResolveReference(ref).String())
}

func (r Repository) get(ctx context.Context, address string) ([]byte, error) {
	client := r.Client
	if client == nil {
		client = http.DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, address, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("chart repository %s: %w", r.URL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("chart repository %s: GET %s: %s", r.URL, address, resp.Status)
	}
	return io.ReadAll(resp.Body)
}
