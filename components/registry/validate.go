package registry

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// ECR repository names: lower case path components of letters, digits and . _ - separated by
// single slashes (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html).
var (
	prefixPattern  = regexp.MustCompile(`^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$`)
	servicePattern = regexp.MustCompile(`^[a-z0-9]+(?:[._-][a-z0-9]+)*$`)
)

// Defaults for what RegistryArgs leaves out.
const (
	defaultKeepTaggedImages   = 30
	defaultUntaggedExpiryDays = 7
	// maxRepositoryName is ECR's limit on a repository name.
	maxRepositoryName = 256
)

// withDefaults validates args and returns a copy with the defaults filled in.
func withDefaults(name string, args *RegistryArgs) (RegistryArgs, error) {
	if args == nil {
		return RegistryArgs{}, fmt.Errorf("registry %s: args are required", name)
	}
	a := *args
	a.Services = slices.Clone(args.Services)
	if a.KeepTaggedImages == 0 {
		a.KeepTaggedImages = defaultKeepTaggedImages
	}
	if a.UntaggedExpiryDays == 0 {
		a.UntaggedExpiryDays = defaultUntaggedExpiryDays
	}
	if err := validate(&a); err != nil {
		return RegistryArgs{}, fmt.Errorf("registry %s: %w", name, err)
	}
	return a, nil
}

func validate(a *RegistryArgs) error {
	if !prefixPattern.MatchString(a.Prefix) {
		return fmt.Errorf("Prefix %q is not an ECR repository namespace (lower case letters, digits, . _ - and single slashes, e.g. ip-platform/prod)", a.Prefix)
	}
	if len(a.Services) == 0 {
		return fmt.Errorf("Services must name at least one service")
	}
	for i, s := range a.Services {
		switch {
		case !servicePattern.MatchString(s):
			return fmt.Errorf("Services[%d] %q is not an ECR repository name component (lower case letters, digits and . _ -)", i, s)
		case len(a.Prefix)+1+len(s) > maxRepositoryName:
			return fmt.Errorf("Services[%d]: repository name %s/%s is longer than ECR's %d characters", i, a.Prefix, s, maxRepositoryName)
		case slices.Index(a.Services, s) != i:
			return fmt.Errorf("Services[%d] repeats %q; each service gets one repository", i, s)
		}
	}
	if a.KeepTaggedImages < 1 {
		return fmt.Errorf("KeepTaggedImages (%d) must be at least 1", a.KeepTaggedImages)
	}
	if a.UntaggedExpiryDays < 1 {
		return fmt.Errorf("UntaggedExpiryDays (%d) must be at least 1", a.UntaggedExpiryDays)
	}
	return nil
}

// aliasName turns a repository prefix into a KMS alias name ("ip-platform/prod" gives
// "ip-platform-prod-ecr"); KMS aliases may contain slashes, but a flat name reads better in the
// console.
func aliasName(prefix string) string {
	return strings.ReplaceAll(prefix, "/", "-") + "-ecr"
}
