//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/ip-platform/infra/components/mesh"
)

// crdSource is where the CustomResourceDefinitions of one project come from: the project's own Go
// module, as controller-runtime's envtest users take them. Every chart installs its own CRDs
// (kube-prometheus-stack, external-secrets, vpa, Istio's base chart); the harness installs only
// those the program takes from elsewhere than a chart.
type crdSource struct {
	Module, Version string
	// Paths are files or folders (every *.yaml in it) inside the module.
	Paths []string
	// Why says how Version relates to what the program installs in a real cluster.
	Why string
}

// crdSources are pinned like any dependency; bump them with what they stand for.
var crdSources = []crdSource{
	{
		Module: "sigs.k8s.io/gateway-api", Version: mesh.GatewayAPIVersion,
		Paths: []string{"config/crd/experimental"},
		Why:   "the release the mesh installs from its GitHub release manifest (mesh.GatewayAPIManifest), which this machine cannot download; experimental channel for HTTPRoute retries",
	},
}

// crdFiles downloads each source's module (the Go module cache makes a second run free) and returns
// the CRD documents it holds.
func crdFiles(ctx context.Context, sources []crdSource) ([]string, error) {
	var files []string
	for _, src := range sources {
		dir, err := moduleDir(ctx, src.Module, src.Version)
		if err != nil {
			return nil, err
		}
		for _, p := range src.Paths {
			full := filepath.Join(dir, p)
			info, err := os.Stat(full)
			if err != nil {
				return nil, fmt.Errorf("%s@%s: %w", src.Module, src.Version, err)
			}
			if !info.IsDir() {
				files = append(files, full)
				continue
			}
			matches, err := filepath.Glob(filepath.Join(full, "*.yaml"))
			if err != nil {
				return nil, err
			}
			sort.Strings(matches)
			files = append(files, matches...)
		}
	}
	return files, nil
}

func moduleDir(ctx context.Context, module, version string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", "mod", "download", "-json", module+"@"+version)
	// Outside any module, so the program's go.mod is neither read nor changed.
	cmd.Dir = os.TempDir()
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GO111MODULE=on")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go mod download %s@%s: %v: %s", module, version, err, stderr.String())
	}
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(out, &info); err != nil {
		return "", err
	}
	if info.Error != "" {
		return "", fmt.Errorf("go mod download %s@%s: %s", module, version, info.Error)
	}
	return info.Dir, nil
}

// installCRDs applies every CustomResourceDefinition in files and waits until each is Established.
func installCRDs(ctx context.Context, c *kubeClient, files []string) (int, error) {
	var names []string
	for _, file := range files {
		docs, err := yamlDocuments(file)
		if err != nil {
			return 0, err
		}
		for _, doc := range docs {
			if doc["kind"] != "CustomResourceDefinition" {
				continue
			}
			meta, _ := doc["metadata"].(map[string]any)
			name, _ := meta["name"].(string)
			body, err := json.Marshal(doc)
			if err != nil {
				return 0, err
			}
			if err := c.apply(ctx, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/"+name, body); err != nil {
				return 0, fmt.Errorf("CRD %s from %s: %w", name, file, err)
			}
			names = append(names, name)
		}
	}
	for _, name := range names {
		if err := waitEstablished(ctx, c, name); err != nil {
			return 0, err
		}
	}
	return len(names), nil
}

func waitEstablished(ctx context.Context, c *kubeClient, name string) error {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		var crd struct {
			Status struct {
				Conditions []struct{ Type, Status string } `json:"conditions"`
			} `json:"status"`
		}
		if err := c.get(ctx, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/"+name, &crd); err != nil {
			return err
		}
		for _, cond := range crd.Status.Conditions {
			if cond.Type == "Established" && cond.Status == "True" {
				return nil
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("CRD %s not Established after 30 s", name)
}

// yamlDocuments reads every non-empty document of a YAML file.
func yamlDocuments(path string) ([]map[string]any, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var docs []map[string]any
	dec := yaml.NewDecoder(f)
	for {
		var doc map[string]any
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if len(doc) > 0 {
			docs = append(docs, doc)
		}
	}
}

// describeSources names the modules and versions the CRDs came from, for the run's summary.
func describeSources(sources []crdSource) string {
	parts := make([]string, len(sources))
	for i, s := range sources {
		parts[i] = s.Module + "@" + s.Version
	}
	return strings.Join(parts, ", ")
}
