package config

// Registry holds the lifecycle of the stack's ECR repositories (components/registry).
type Registry struct {
	// KeepTaggedImages is how many tagged images each repository keeps.
	KeepTaggedImages int
	// UntaggedExpiryDays is how long an untagged image survives after its push.
	UntaggedExpiryDays int
}

// Bounds of the registry settings: ECR counts images per rule, and an untagged image older than
// a year is never going to be deployed.
const (
	maxKeepTaggedImages   = 10000
	maxUntaggedExpiryDays = 365
)

// registryProfile returns the environment's registry defaults. prod keeps the most releases: its
// rollback targets; dev keeps a few and drops untagged build leftovers after a day.
func registryProfile(env Environment) Registry {
	switch env {
	case Prod:
		return Registry{KeepTaggedImages: 100, UntaggedExpiryDays: 7}
	case Staging:
		return Registry{KeepTaggedImages: 30, UntaggedExpiryDays: 7}
	default:
		return Registry{KeepTaggedImages: 20, UntaggedExpiryDays: 1}
	}
}

func parseRegistry(p *problems, values map[string]string, defaults Registry) Registry {
	r := defaults
	if o := structured(p, values, "registry"); o != nil {
		o.int("keepTaggedImages", &r.KeepTaggedImages)
		o.int("untaggedExpiryDays", &r.UntaggedExpiryDays)
		o.done()
	}
	return r
}

func validateRegistry(p *problems, r Registry) {
	if r.KeepTaggedImages < 1 || r.KeepTaggedImages > maxKeepTaggedImages {
		p.add(key("registry.keepTaggedImages"), "must be from 1 to %d, got %d", maxKeepTaggedImages, r.KeepTaggedImages)
	}
	if r.UntaggedExpiryDays < 1 || r.UntaggedExpiryDays > maxUntaggedExpiryDays {
		p.add(key("registry.untaggedExpiryDays"), "must be from 1 to %d days, got %d", maxUntaggedExpiryDays, r.UntaggedExpiryDays)
	}
}
