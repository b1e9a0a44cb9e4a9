package cost

import "fmt"

func priceKMSKey(c *pricing, r Resource) {
	c.add(r, "kms.key", 1, "")
}

func priceSecret(c *pricing, r Resource) {
	c.add(r, "secretsmanager.secret", 1, "")
}

// priceWebACL: the ACL, one rule price per rule (a managed rule group counts as one) and the
// assumed requests.
func priceWebACL(c *pricing, r Resource) {
	c.add(r, "waf.acl", 1, "")
	rules := float64(len(r.list("rules")))
	c.add(r, "waf.rule", rules, fmt.Sprintf("%g rules", rules))
	c.add(r, "waf.requests", c.assume.Value(AssumeWafRequestsM), "assumed requests")
}

// priceRegistryScanning: Inspector's enhanced scanning, per image scanned on push and per
// continuous rescan; basic scanning has no charge.
func priceRegistryScanning(c *pricing, r Resource) {
	if r.str("scanType") != "ENHANCED" {
		return
	}
	c.add(r, "inspector.ecr.scan", c.assume.Value(AssumeImagesScanned), "assumed images pushed and scanned")
	c.add(r, "inspector.ecr.rescan", c.assume.Value(AssumeImageRescans), "assumed continuous rescans")
}
