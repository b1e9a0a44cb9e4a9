package plan

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ip-platform/infra/internal/eksversions"
	"github.com/ip-platform/infra/internal/offline"
)

// jsonPlan is the --json output's shape.
type jsonPlan struct {
	Stack     string         `json:"stack"`
	Resources []jsonResource `json:"resources"`
}

type jsonResource struct {
	URN    string         `json:"urn"`
	Type   string         `json:"type"`
	Name   string         `json:"name"`
	Parent string         `json:"parent"`
	Inputs map[string]any `json:"inputs"`
}

// WriteJSON prints every resource with its resolved inputs; secrets print as "[secret]".
func WriteJSON(w io.Writer, r *Result) error {
	out := jsonPlan{Stack: r.Stack, Resources: make([]jsonResource, 0, len(r.Resources))}
	sorted := slices.Clone(r.Resources)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].URN < sorted[j].URN }) // diffable
	for _, res := range sorted {
		out.Resources = append(out.Resources, jsonResource{
			URN: res.URN, Type: res.Type, Name: res.Name, Parent: res.Parent, Inputs: res.Redacted(),
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// WriteTree prints a preview-like tree of the resources, then how many of each type.
func WriteTree(w io.Writer, r *Result) error {
	children := map[string][]offline.Resource{}
	known := map[string]bool{}
	for _, res := range r.Resources {
		known[res.URN] = true
	}
	var roots []offline.Resource
	for _, res := range r.Resources {
		if known[res.Parent] {
			children[res.Parent] = append(children[res.Parent], res)
		} else {
			roots = append(roots, res)
		}
	}

	// Registration order varies between runs (components build concurrently); a stable order keeps
	// plans diffable between commits.
	byTypeAndName := func(list []offline.Resource) {
		sort.SliceStable(list, func(i, j int) bool {
			if list[i].Type != list[j].Type {
				return list[i].Type < list[j].Type
			}
			return list[i].Name < list[j].Name
		})
	}
	byTypeAndName(roots)
	for _, list := range children {
		byTypeAndName(list)
	}

	tw := tabwriter.NewWriter(w, 0, 0, 3, ' ', 0)
	fmt.Fprintf(tw, "Offline plan of %s/%s (program run under mocks: no cloud, no credentials)\n", r.Project, r.Stack)
	if line := kubernetesSupport(r, time.Now()); line != "" {
		fmt.Fprintf(tw, "%s\n", line)
	}
	fmt.Fprintf(tw, "\n")
	fmt.Fprintf(tw, "     Type\tName\n")
	fmt.Fprintf(tw, " +   pulumi:pulumi:Stack\t%s-%s\n", r.Project, r.Stack)
	var walk func(list []offline.Resource, indent string)
	walk = func(list []offline.Resource, indent string) {
		for i, res := range list {
			branch, next := "├─ ", "│  "
			if i == len(list)-1 {
				branch, next = "└─ ", "   "
			}
			fmt.Fprintf(tw, " +   %s%s%s\t%s\n", indent, branch, res.Type, res.Name)
			walk(children[res.URN], indent+next)
		}
	}
	walk(roots, "")
	if err := tw.Flush(); err != nil {
		return err
	}
	return writeCounts(w, r.Resources)
}

// kubernetesSupport is the line on the support dates of the planned cluster's Kubernetes version
// (internal/eksversions), empty when the plan creates no cluster (an existing cluster's stack).
func kubernetesSupport(r *Result, day time.Time) string {
	for _, res := range r.Resources {
		if res.Type != "aws:eks/cluster:Cluster" {
			continue
		}
		version, _ := res.Input("version").(string)
		if m, ok := eksversions.Lookup(version); ok {
			return m.Summary(day)
		}
		return fmt.Sprintf("Kubernetes %s: not in the version calendar (internal/eksversions)", version)
	}
	return ""
}

func writeCounts(w io.Writer, resources []offline.Resource) error {
	counts := map[string]int{}
	components := 0
	for _, res := range resources {
		counts[res.Type]++
		if !res.Custom {
			components++
		}
	}
	types := make([]string, 0, len(counts))
	for t := range counts {
		types = append(types, t)
	}
	sort.Slice(types, func(i, j int) bool {
		if counts[types[i]] != counts[types[j]] {
			return counts[types[i]] > counts[types[j]]
		}
		return types[i] < types[j]
	})
	var b strings.Builder
	fmt.Fprintf(&b, "\nResources: %d to create (%d cloud resources, %d components)\n\n", len(resources), len(resources)-components, components)
	for _, t := range types {
		fmt.Fprintf(&b, "%5d  %s\n", counts[t], t)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
