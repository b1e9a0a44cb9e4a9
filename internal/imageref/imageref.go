// Package imageref judges container image references: what runs must be what was reviewed, so a
// reference is pinned by a tag other than latest or by a sha256 digest.
package imageref

import "strings"

// Problem says what is wrong with an image reference, or "" when it is pinned.
func Problem(image string) string {
	if image == "" {
		return "is required"
	}
	if _, digest, ok := strings.Cut(image, "@"); ok {
		if strings.HasPrefix(digest, "sha256:") && len(digest) == len("sha256:")+64 {
			return ""
		}
		return "has a malformed digest"
	}
	_, tag, ok := strings.Cut(image[strings.LastIndex(image, "/")+1:], ":")
	switch {
	case !ok || tag == "":
		return "has no tag (it means latest)"
	case tag == "latest":
		return "must not be tagged latest"
	}
	return ""
}
