package cost

import (
	"fmt"
	"strings"
)

func priceLogGroup(c *pricing, r Resource) {
	c.add(r, "logs.ingest.gb", c.share(AssumeLogIngestGb, r.Type), "assumed ingestion, spread evenly over the stack's log groups")
	c.unpriced(r, fmt.Sprintf("log storage for %g days' retention: no storage rate was found on a page read", r.numOr("retentionInDays", 0)))
}

func priceAlarm(c *pricing, r Resource) {
	c.add(r, "cloudwatch.alarm", 1, "")
}

func priceECRRepository(c *pricing, r Resource) {
	c.add(r, "ecr.storage.gb", c.share(AssumeEcrStoredGb, r.Type), "assumed stored images, spread evenly over the repositories")
}

// pricePVC: a claim on a gp3 storage class is an EBS gp3 volume of the requested size.
func pricePVC(c *pricing, r Resource) {
	size, ok := gib(at(r.Inputs, "spec.resources.requests.storage"))
	if !ok {
		c.unpriced(r, "the claim's storage request is not known")
		return
	}
	class := r.str("spec.storageClassName")
	if !c.isGP3Class(class) {
		c.unpriced(r, fmt.Sprintf("storage class %q is not a gp3 class of this stack", class))
		return
	}
	c.add(r, "ebs.gp3.storage", size, fmt.Sprintf("%g GiB claim on %s", size, class))
}

// isGP3Class reports whether the stack's StorageClass of that name provisions gp3 volumes.
func (c *pricing) isGP3Class(name string) bool {
	for _, sc := range c.resources {
		if sc.Type == "kubernetes:storage.k8s.io/v1:StorageClass" && sc.str("metadata.name") == name {
			return sc.str("parameters.type") == "gp3"
		}
	}
	return false
}

// chartVolume is where a chart takes a persistent volume's size and replica count from; each
// replica of a StatefulSet gets its own claim.
type chartVolume struct {
	size, replicas, class string
}

// chartVolumes are the persistent volumes of the charts the program installs, by chart name. A
// chart not listed makes no claim of its own in these stacks (Jaeger's claim is a separate
// PersistentVolumeClaim, priced as one).
var chartVolumes = map[string][]chartVolume{
	"kube-prometheus-stack": {
		{size: "prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage", replicas: "prometheus.prometheusSpec.replicas",
			class: "prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.storageClassName"},
		{size: "alertmanager.alertmanagerSpec.storage.volumeClaimTemplate.spec.resources.requests.storage", replicas: "alertmanager.alertmanagerSpec.replicas",
			class: "alertmanager.alertmanagerSpec.storage.volumeClaimTemplate.spec.storageClassName"},
	},
	"loki": {
		{size: "singleBinary.persistence.size", replicas: "singleBinary.replicas", class: "singleBinary.persistence.storageClass"},
		{size: "backend.persistence.size", replicas: "backend.replicas", class: "backend.persistence.storageClass"},
		{size: "write.persistence.size", replicas: "write.replicas", class: "write.persistence.storageClass"},
	},
}

// priceHelmRelease prices the claims a chart's values ask for: size x replicas (1 when unset) on a
// gp3 class. A volume on another class is reported, not guessed.
func priceHelmRelease(c *pricing, r Resource) {
	for _, v := range chartVolumes[r.str("chart")] {
		size, ok := gib(at(r.Inputs, "values."+v.size))
		if !ok {
			continue
		}
		replicas := r.numOr("values."+v.replicas, 1)
		if replicas == 0 {
			continue
		}
		class := r.str("values." + v.class)
		what := strings.SplitN(v.size, ".", 2)[0]
		if !c.isGP3Class(class) {
			c.unpriced(r, fmt.Sprintf("%s volume on storage class %q, not a gp3 class of this stack", what, class))
			continue
		}
		c.add(r, "ebs.gp3.storage", size*replicas, fmt.Sprintf("%s: %g x %g GiB on %s", what, replicas, size, class))
	}
}
