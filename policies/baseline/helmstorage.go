package baseline

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// HelmReleaseEphemeralStoragePolicy: the charts' pods set ephemeral-storage requests and limits.
// Advisory, where container-resources is mandatory for the program's own containers: a chart's
// pods write what their chart makes them write (a write-ahead log or chunks on an emptyDir where
// persistence is off), which the program does not size, and a limit below that would evict them.
// So it names the components that run unbounded, for someone to size them.
func HelmReleaseEphemeralStoragePolicy() Policy {
	return Policy{
		Name:        "helm-release-ephemeral-storage",
		Description: "Helm releases of the charts the platform installs set ephemeral-storage requests and limits for every component they run (advisory: the charts' pods follow their charts).",
		Enforcement: policyx.EnforcementLevelAdvisory,
		CheckResource: func(r Resource, _ string, _ map[string]any) []string {
			if r.Type != TypeHelmRelease {
				return nil
			}
			return HelmReleaseEphemeralStorage(r.Properties)
		},
	}
}

// HelmReleaseEphemeralStorage judges the ephemeral storage of every running component of a known
// chart: one message for the release, listing the components that set none together and the
// others with what is wrong.
func HelmReleaseEphemeralStorage(release property.Map) []string {
	none := []string{"no " + resourceEphemeralStorage + " request", "no " + resourceEphemeralStorage + " limit"}
	var unset, wrong []string
	for _, c := range runningComponents(release) {
		problems := quantityProblems(c.holder, resourceEphemeralStorage, "", parseEphemeralStorage)
		switch {
		case len(problems) == 0:
		case slices.Equal(problems, none):
			unset = append(unset, "values."+c.resources)
		default:
			wrong = append(wrong, fmt.Sprintf("values.%s: %s", c.resources, strings.Join(problems, ", ")))
		}
	}
	if len(unset) > 0 {
		wrong = append([]string{fmt.Sprintf("no ephemeral-storage request or limit in %s: their pods' logs and emptyDirs are bounded only by the node's disk",
			strings.Join(unset, ", "))}, wrong...)
	}
	if len(wrong) == 0 {
		return nil
	}
	return []string{strings.Join(wrong, "; ")}
}

// parseEphemeralStorage returns a Kubernetes ephemeral-storage quantity in bytes (memory's syntax).
func parseEphemeralStorage(s string) (int64, error) {
	v, err := parseMemory(s)
	if err != nil {
		return 0, fmt.Errorf("ephemeral-storage quantity %q: want bytes with a suffix like 512Mi or 1Gi", strings.TrimSpace(s))
	}
	return v, nil
}
