package chartcheck

import (
	"sort"
)

// freeForm are value keys whose contents the chart passes through without reading them key by
// key, so the check takes them as leaves: their keys belong to Kubernetes or to the component,
// not to the chart.
var freeForm = map[string]bool{
	// Labels, annotations and a node selector: the user's own keys.
	"labels": true, "annotations": true, "podLabels": true, "podAnnotations": true,
	"commonLabels": true, "nodeSelector": true,
	// Kubernetes objects the charts render whole (toYaml): their fields are the API's.
	"securityContext": true, "containerSecurityContext": true, "podSecurityContext": true,
	"resources": true, "affinity": true,
	// A component's own configuration, rendered into its config file (the collector's config,
	// Istio's meshConfig, Loki's limits_config, Grafana's grafana.ini) or onto its command line.
	"config": true, "structuredConfig": true, "limits_config": true, "grafana.ini": true, "meshConfig": true,
	"extraArgs": true,
}

// UnknownPaths returns the dotted paths in values that the chart does not have, sorted: a path is
// known when values.yaml has it, values.schema.json declares it, or a template reads it. A value
// under a key whose default is empty or null, or under a free-form key, is not looked into; a
// sub-chart's values are checked against the sub-chart, over the parent's defaults for it.
func (c *Chart) UnknownPaths(values map[string]any) []string {
	var unknown []string
	scope{chart: c}.walk(values, "", &unknown)
	sort.Strings(unknown)
	return unknown
}

// scope is one chart's view of the values, with what its parent knows about them.
type scope struct {
	chart *Chart
	// parent holds this chart's values under key (nil at the top): its defaults there lay over
	// this chart's, and its templates may read paths below key.
	parent         *Chart
	key            string
	parentDefaults map[string]any
}

// readByParent reports whether the parent's templates read the path rel of this chart's values.
func (s scope) readByParent(rel string) bool {
	return s.parent != nil && s.parent.Read[join(s.key, rel)]
}

// walk checks values given to the chart at its top level; full is their path in the release.
func (s scope) walk(values map[string]any, full string, unknown *[]string) {
	defaults := s.chart.Defaults
	if internal, ok := defaults[istioDefaultsKey].(map[string]any); ok {
		// Istio's charts keep their defaults under this key and merge them to the top themselves
		// (templates/zzz_profile.yaml): a user sets them at the top.
		defaults = merge(defaults, internal)
	}
	s.walkAt(values, merge(defaults, s.parentDefaults), s.chart.Schema, "", full, unknown)
}

// istioDefaultsKey holds the defaults of Istio's charts, which a user must not set directly.
const istioDefaultsKey = "_internal_defaults_do_not_set"

func (s scope) walkAt(values, defaults, schema map[string]any, rel, full string, unknown *[]string) {
	for k, v := range values {
		relK, fullK := join(rel, k), join(full, k)
		if rel == "" {
			if k == "global" {
				continue // shared by every chart of the release; Helm passes it to all
			}
			if sub, ok := s.chart.SubCharts[k]; ok {
				if m, isMap := v.(map[string]any); isMap {
					parentDefaults, _ := defaults[k].(map[string]any)
					scope{chart: sub, parent: s.chart, key: k, parentDefaults: parentDefaults}.walk(m, fullK, unknown)
				}
				continue
			}
		}
		d, inDefaults := defaults[k]
		prop := schemaProperty(schema, k)
		if !inDefaults && prop == nil && !s.chart.Read[relK] && !s.readByParent(relK) && !schemaOpen(schema) {
			*unknown = append(*unknown, fullK)
			continue
		}
		m, isMap := v.(map[string]any)
		if !isMap || freeForm[k] {
			continue
		}
		dm, _ := d.(map[string]any)
		if len(dm) == 0 && prop == nil {
			continue // an empty or null default, or one the templates read: the chart takes any keys
		}
		s.walkAt(m, dm, prop, relK, fullK, unknown)
	}
}

func join(prefix, k string) string {
	if prefix == "" {
		return k
	}
	return prefix + "." + k
}

// merge returns base with over's keys laid over it, maps merged recursively (as Helm coalesces a
// parent's values for a sub-chart over the sub-chart's defaults).
func merge(base, over map[string]any) map[string]any {
	if len(over) == 0 {
		return base
	}
	out := make(map[string]any, len(base)+len(over))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		bm, bIsMap := out[k].(map[string]any)
		om, oIsMap := v.(map[string]any)
		if bIsMap && oIsMap {
			out[k] = merge(bm, om)
		} else {
			out[k] = v
		}
	}
	return out
}

// schemaProperty is the schema of property k of an object schema, nil when it declares none.
func schemaProperty(schema map[string]any, k string) map[string]any {
	props, _ := schema["properties"].(map[string]any)
	p, _ := props[k].(map[string]any)
	return p
}

// schemaOpen reports whether an object schema takes properties it does not list.
func schemaOpen(schema map[string]any) bool {
	if schema == nil {
		return false
	}
	if ap, ok := schema["additionalProperties"]; ok {
		if b, isBool := ap.(bool); isBool {
			return b
		}
		return true // a schema for the extra properties: any name
	}
	_, hasProps := schema["properties"]
	return !hasProps && schema["type"] == "object"
}
