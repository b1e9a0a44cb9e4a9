package cost

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// PathChange is one input that differs between two plans, values as the plans print them
// (secrets stay "[secret]" on both sides, so a changed secret shows as a path, never a value).
type PathChange struct {
	Path   string `json:"path"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// Change is a resource present in both plans whose inputs differ.
type Change struct {
	URN   string       `json:"urn"`
	Type  string       `json:"type"`
	Name  string       `json:"name"`
	Paths []PathChange `json:"paths"`
	// Replaces are the changed paths known to force a replacement of the resource.
	Replaces []string `json:"replaces"`
	// ReplacementKnown is false when the program has no list of replacing inputs for the type:
	// only the provider's schema, in a real `pulumi preview --diff`, can tell.
	ReplacementKnown bool `json:"replacementKnown"`
}

// ResourceRef names a resource added or removed.
type ResourceRef struct {
	URN  string `json:"urn"`
	Type string `json:"type"`
	Name string `json:"name"`
}

// PlanDiff is what a change adds, removes and changes.
type PlanDiff struct {
	Added   []ResourceRef `json:"added"`
	Removed []ResourceRef `json:"removed"`
	Changed []Change      `json:"changed"`
}

// Empty reports whether the plans are the same.
func (d PlanDiff) Empty() bool { return len(d.Added)+len(d.Removed)+len(d.Changed) == 0 }

// DiffPlans compares two plans resource by resource (by URN: a renamed resource is one removed and
// one added, as the engine sees it without an alias).
func DiffPlans(base, head []Resource) PlanDiff {
	d := PlanDiff{Added: []ResourceRef{}, Removed: []ResourceRef{}, Changed: []Change{}}
	before := make(map[string]Resource, len(base))
	for _, r := range base {
		before[r.URN] = r
	}
	seen := make(map[string]bool, len(head))
	for _, r := range head {
		seen[r.URN] = true
		old, ok := before[r.URN]
		if !ok {
			d.Added = append(d.Added, ResourceRef{URN: r.URN, Type: r.Type, Name: r.Name})
			continue
		}
		if paths := changedPaths(old.Inputs, r.Inputs); len(paths) > 0 {
			replaces, known := replacingPaths(r.Type, paths)
			d.Changed = append(d.Changed, Change{URN: r.URN, Type: r.Type, Name: r.Name, Paths: paths, Replaces: replaces, ReplacementKnown: known})
		}
	}
	for _, r := range base {
		if !seen[r.URN] {
			d.Removed = append(d.Removed, ResourceRef{URN: r.URN, Type: r.Type, Name: r.Name})
		}
	}
	byURN := func(refs []ResourceRef) { sort.Slice(refs, func(i, j int) bool { return refs[i].URN < refs[j].URN }) }
	byURN(d.Added)
	byURN(d.Removed)
	sort.Slice(d.Changed, func(i, j int) bool { return d.Changed[i].URN < d.Changed[j].URN })
	return d
}

// changedPaths lists the leaf paths whose values differ, sorted.
func changedPaths(before, after map[string]any) []PathChange {
	a, b := map[string]string{}, map[string]string{}
	flatten("", before, a)
	flatten("", after, b)
	var out []PathChange
	for p, v := range a {
		if w, ok := b[p]; !ok || w != v {
			out = append(out, PathChange{Path: p, Before: v, After: b[p]})
		}
	}
	for p, w := range b {
		if _, ok := a[p]; !ok {
			out = append(out, PathChange{Path: p, Before: "", After: w})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// flatten writes every leaf of v under its path; a key with a dot of its own (an annotation) is
// quoted, the way Pulumi spells property paths: metadata.annotations["a.b/c"].
func flatten(prefix string, v any, out map[string]string) {
	switch node := v.(type) {
	case map[string]any:
		if len(node) == 0 && prefix != "" {
			out[prefix] = "{}"
		}
		for k, e := range node {
			flatten(joinPath(prefix, k), e, out)
		}
	case []any:
		if len(node) == 0 && prefix != "" {
			out[prefix] = "[]"
		}
		for i, e := range node {
			flatten(fmt.Sprintf("%s[%d]", prefix, i), e, out)
		}
	default:
		raw, _ := json.Marshal(node)
		out[prefix] = string(raw)
	}
}

func joinPath(prefix, key string) string {
	if strings.ContainsAny(key, ".[]\"") {
		return fmt.Sprintf("%s[%q]", prefix, key)
	}
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// componentTypePrefix starts the type token of every component of the program.
const componentTypePrefix = "ip-platform:"

// replacingPaths returns the changed paths that force a replacement, and whether the program knows
// the type's replacing inputs at all.
func replacingPaths(typ string, paths []PathChange) ([]string, bool) {
	prefixes, known := replacingInputs[typ]
	if !known && strings.HasPrefix(typ, componentTypePrefix) {
		// A component has no provider: the engine never replaces it, its children say what is.
		return []string{}, true
	}
	if !known && strings.HasPrefix(typ, "kubernetes:") {
		prefixes, known = kubernetesReplacingInputs, true
	}
	if !known {
		return nil, false
	}
	out := []string{}
	for _, p := range paths {
		for _, prefix := range prefixes {
			if p.Path == prefix || strings.HasPrefix(p.Path, prefix+".") || strings.HasPrefix(p.Path, prefix+"[") {
				out = append(out, p.Path)
				break
			}
		}
	}
	return out, true
}
