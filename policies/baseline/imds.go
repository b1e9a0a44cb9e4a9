package baseline

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// maxMetadataHopLimit is the largest IMDS PUT response hop limit a node may have: with 1 the
// IMDSv2 token never reaches a container on the pod network, so no pod gets the node role's
// credentials.
const maxMetadataHopLimit = 1

// LaunchTemplateMetadataPolicy refuses a launch template whose instances would answer pods on
// the instance metadata service: IMDSv1 allowed, or a hop limit above 1.
func LaunchTemplateMetadataPolicy() Policy {
	return Policy{
		Name:        "launch-template-imds",
		Description: "Launch templates require IMDSv2 (httpTokens required) with httpPutResponseHopLimit 1, so no pod can reach the node role's credentials.",
		Enforcement: policyx.EnforcementLevelMandatory,
		CheckResource: func(r Resource, _ string, _ map[string]any) []string {
			if r.Type != TypeLaunchTemplate {
				return nil
			}
			return LaunchTemplateMetadata(r)
		},
	}
}

// LaunchTemplateMetadata judges a launch template's metadataOptions. A template that turns the
// metadata service off passes; an unset option is judged as the AMI's or account's default,
// which this template does not control, and so fails.
func LaunchTemplateMetadata(r Resource) []string {
	opts := get(r.Properties, "metadataOptions")
	if opts.unknown {
		return nil
	}
	if endpoint, ok := get(r.Properties, "metadataOptions", "httpEndpoint").str(); ok && endpoint == "disabled" {
		return nil
	}
	var out []string
	tokens := get(r.Properties, "metadataOptions", "httpTokens")
	if s, _ := tokens.str(); !tokens.unknown && s != "required" {
		out = append(out, fmt.Sprintf("metadataOptions.httpTokens is %s, not \"required\": IMDSv1 answers any pod on the node with the node role's credentials", describeField(tokens)))
	}
	hops := get(r.Properties, "metadataOptions", "httpPutResponseHopLimit")
	if n, ok := hops.number(); !hops.unknown && (!ok || n > maxMetadataHopLimit) {
		out = append(out, fmt.Sprintf("metadataOptions.httpPutResponseHopLimit is %s, not %d: pods one hop from the node can fetch an IMDSv2 token and the node role's credentials", describeField(hops), maxMetadataHopLimit))
	}
	return out
}

// describeField names a field's value for a message: unset, a number, or a quoted string.
func describeField(f field) string {
	switch {
	case !f.known():
		return "unset"
	case f.v.IsNumber():
		s, _ := f.str()
		return s
	}
	s, _ := f.str()
	return fmt.Sprintf("%q", s)
}
