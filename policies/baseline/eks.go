package baseline

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// requiredControlPlaneLogs are the control-plane logs an incident review needs: who called the API
// (api, audit) and who they were (authenticator).
func requiredControlPlaneLogs() []string { return []string{"api", "audit", "authenticator"} }

// EKSPolicy: the control plane envelope-encrypts Secrets with KMS, ships its logs, and exposes a
// public endpoint only to an allow-list.
func EKSPolicy() Policy {
	return Policy{
		Name:        "eks-control-plane",
		Description: "EKS clusters encrypt Secrets with KMS, enable api/audit/authenticator logs, and open a public endpoint only to an allow-list.",
		Enforcement: policyx.EnforcementLevelMandatory,
		CheckResource: func(r Resource, _ string, _ map[string]any) []string {
			if r.Type != TypeEKSCluster {
				return nil
			}
			return EKSCluster(r.Properties)
		},
	}
}

// EKSCluster judges an EKS cluster's control-plane settings.
func EKSCluster(c property.Map) []string {
	var out []string
	enc := get(c, "encryptionConfig")
	if !enc.unknown {
		res := getValue(enc.v, "resources")
		key := getValue(enc.v, "provider", "keyArn")
		if !res.unknown && !slices.Contains(res.strings(), "secrets") {
			out = append(out, "encryptionConfig does not cover secrets: Kubernetes Secrets would not be envelope-encrypted with our KMS key")
		}
		if key.missing {
			out = append(out, "encryptionConfig.provider.keyArn is not set")
		}
	}
	if logs := get(c, "enabledClusterLogTypes"); !logs.unknown && !logs.hasUnknownElement() {
		for _, want := range requiredControlPlaneLogs() {
			if !slices.Contains(logs.strings(), want) {
				out = append(out, fmt.Sprintf("enabledClusterLogTypes lacks %s", want))
			}
		}
	}
	public := get(c, "vpcConfig", "endpointPublicAccess")
	if public.unknown || public.isFalse() {
		return out
	}
	// Unset means public: that is the EKS default.
	cidrs := get(c, "vpcConfig", "publicAccessCidrs")
	switch {
	case cidrs.unknown || cidrs.hasUnknownElement():
	case len(cidrs.strings()) == 0:
		out = append(out, "the public API endpoint has no publicAccessCidrs allow-list (EKS then admits 0.0.0.0/0)")
	default:
		for _, cidr := range cidrs.strings() {
			if isWorld(cidr) {
				out = append(out, fmt.Sprintf("the public API endpoint admits %s", cidr))
			}
		}
	}
	return out
}

// isWorld reports whether a CIDR is the whole IPv4 or IPv6 internet.
func isWorld(cidr string) bool {
	cidr = strings.TrimSpace(cidr)
	return cidr == "0.0.0.0/0" || cidr == "::/0"
}
