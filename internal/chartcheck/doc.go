// Package chartcheck checks the program's Helm releases against the charts themselves: that each
// pinned chart and version is in the repository it is installed from (Repository, Index), and
// that every value path the program sets exists in the chart (Chart.UnknownPaths), by the chart's
// values.schema.json, its default values, its sub-charts' defaults and the paths its templates
// read. It is what would have caught a pin of a version that was never published and a value
// that a chart version does not have; tests/charts runs it over every stack's plan.
package chartcheck
