package baseline

import (
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// S3Policy: every bucket blocks public access (all four settings) and has default encryption
// configured by the program. S3 has encrypted new objects with SSE-S3 since 2023 whatever the
// configuration; the policy still wants it explicit, so that a KMS choice is a reviewed line.
// Public access blocks and encryption are separate resources, so this is a stack policy: they are
// tied to their bucket by the bucket's name or, when that is not known yet, by what their
// `bucket` input depends on.
func S3Policy() Policy {
	return Policy{
		Name:        "s3-baseline",
		Description: "S3 buckets block all public access and configure default encryption.",
		Enforcement: policyx.EnforcementLevelMandatory,
		CheckStack: func(resources []Resource, _ string) []Finding {
			return S3Buckets(resources)
		},
	}
}

// publicAccessSettings are the four switches of a public access block, all of which must be on.
func publicAccessSettings() []string {
	return []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"}
}

// S3Buckets returns a finding per bucket without a full public access block or encryption.
func S3Buckets(resources []Resource) []Finding {
	var out []Finding
	for _, b := range resources {
		if b.Type != TypeBucketV2 && b.Type != TypeBucket {
			continue
		}
		blocked, encrypted := false, inlineEncryption(b.Properties)
		for _, r := range resources {
			if !configures(r, b) {
				continue
			}
			switch r.Type {
			case TypeBucketPublicAccessBlock:
				blocked = blocked || blocksAll(r.Properties)
			case TypeBucketEncryption:
				encrypted = encrypted || sseRules(get(r.Properties, "rules").maps())
			}
		}
		if !blocked {
			out = append(out, Finding{URN: b.URN, Message: "the bucket has no public access block with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true"})
		}
		if !encrypted {
			out = append(out, Finding{URN: b.URN, Message: "the bucket has no server-side encryption configuration"})
		}
	}
	return out
}

// configures reports whether r (a public access block, an encryption configuration) is about b.
func configures(r, b Resource) bool {
	if dependsOn(r, "bucket", b.URN) {
		return true
	}
	target, ok := get(r.Properties, "bucket").str()
	if !ok {
		return false
	}
	name, _ := get(b.Properties, "bucket").str()
	return target == name && name != ""
}

func blocksAll(pab property.Map) bool {
	for _, key := range publicAccessSettings() {
		if f := get(pab, key); !f.unknown && !f.isTrue() {
			return false
		}
	}
	return true
}

// inlineEncryption reads the encryption a bucket declares itself (the legacy inline blocks).
func inlineEncryption(bucket property.Map) bool {
	if sseRules(get(bucket, "serverSideEncryptionConfiguration", "rule").maps()) ||
		sseRules([]property.Map{get(bucket, "serverSideEncryptionConfiguration", "rule").object()}) {
		return true
	}
	for _, c := range get(bucket, "serverSideEncryptionConfigurations").maps() {
		if sseRules(get(c, "rules").maps()) {
			return true
		}
	}
	return false
}

func sseRules(rules []property.Map) bool {
	for _, rule := range rules {
		f := get(rule, "applyServerSideEncryptionByDefault", "sseAlgorithm")
		if s, ok := f.str(); f.unknown || (ok && s != "") {
			return true
		}
	}
	return false
}
