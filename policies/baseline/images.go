package baseline

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// PinnedVersionsPolicy: what runs is what was reviewed. A container image without a tag or
// tagged `latest` changes under a running Deployment at the next pull; a Helm release without an
// exact chart version changes on the next update (and the chart pins its images).
func PinnedVersionsPolicy() Policy {
	return Policy{
		Name:        "pinned-versions",
		Description: "Container images are pinned by tag (not latest) or digest; Helm releases pin an exact chart version.",
		Enforcement: policyx.EnforcementLevelMandatory,
		CheckResource: func(r Resource, _ string, _ map[string]any) []string {
			if r.Type == TypeHelmRelease {
				return ChartPinned(r.Properties)
			}
			spec, ok := podSpec(r.Type, r.Properties)
			if !ok {
				return nil
			}
			return ImagesPinned(spec)
		},
	}
}

// ImagesPinned judges the image reference of every container of a pod spec.
func ImagesPinned(spec property.Map) []string {
	var out []string
	for _, c := range containers(spec) {
		f := get(c.props, "image")
		if f.unknown {
			continue // built from a repository URL only known after the update
		}
		image, _ := f.str()
		if problem := imageProblem(image); problem != "" {
			out = append(out, fmt.Sprintf("%s: image %s %s", c.label(), quote(image), problem))
		}
	}
	return out
}

// imageProblem says what is wrong with an image reference, or "" when it is pinned.
func imageProblem(image string) string {
	if image == "" {
		return "is not set"
	}
	if _, digest, ok := strings.Cut(image, "@"); ok {
		if strings.HasPrefix(digest, "sha256:") && len(digest) > len("sha256:") {
			return ""
		}
		return "has a malformed digest"
	}
	last := image[strings.LastIndex(image, "/")+1:] // a registry port ("host:5000/app") is not a tag
	_, tag, ok := strings.Cut(last, ":")
	switch {
	case !ok || tag == "":
		return "has no tag (it means latest)"
	case tag == "latest":
		return "is tagged latest"
	}
	return ""
}

// ChartPinned judges a Helm release's chart version: exact, not a range or empty.
func ChartPinned(release property.Map) []string {
	f := get(release, "version")
	if f.unknown {
		return nil
	}
	v, _ := f.str()
	if v == "" {
		return []string{"the chart version is not set: the release takes whatever the repository serves"}
	}
	if strings.ContainsAny(v, "^~*><=| ") || slices.ContainsFunc(strings.Split(v, "."), func(seg string) bool { return seg == "x" || seg == "X" }) {
		return []string{fmt.Sprintf("the chart version %q is a range; pin an exact version", v)}
	}
	return nil
}
