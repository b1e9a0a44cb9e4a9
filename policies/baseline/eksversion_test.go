package baseline

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/ip-platform/infra/internal/eksversions"
)

func clusterOn(version string) Resource {
	return Resource{Type: TypeEKSCluster, URN: "urn:cluster", Properties: props(map[string]any{"version": version})}
}

func TestEKSStandardSupportWarnsWithinNinetyDaysAndRefusesProdAfter(t *testing.T) {
	m, ok := eksversions.Lookup("1.36")
	if !ok {
		t.Fatal("1.36 has a row")
	}
	end := m.StandardSupportEnd
	cases := []struct {
		name           string
		day            time.Time
		env            string
		advisory, prod bool
	}{
		{"91 days left: quiet", end.AddDate(0, 0, -91), "prod", false, false},
		{"90 days left: warned", end.AddDate(0, 0, -90), "prod", true, false},
		{"the last day of standard support: warned", end.AddDate(0, 0, -1), "staging", true, false},
		{"the day it ends, prod: refused", end, "prod", false, true},
		{"the day it ends, staging: warned", end, "staging", true, false},
		{"a year after, dev: warned", end.AddDate(1, 0, 0), "dev", true, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			advisory := EKSStandardSupport(clusterOn("1.36"), tc.env, tc.day, false)
			prod := EKSStandardSupport(clusterOn("1.36"), tc.env, tc.day, true)
			assert.Equal(t, tc.advisory, len(advisory) == 1, "advisory: %v", advisory)
			assert.Equal(t, tc.prod, len(prod) == 1, "mandatory: %v", prod)
			for _, msg := range append(advisory, prod...) {
				assert.Contains(t, msg, "Kubernetes 1.36 on EKS")
				assert.Contains(t, msg, end.Format(time.DateOnly), "names the end of standard support")
				assert.Contains(t, msg, "ip-platform:cluster.version", "names the key to change")
			}
		})
	}
}

func TestEKSStandardSupportNamesAVersionOutsideTheCalendar(t *testing.T) {
	found := EKSStandardSupport(clusterOn("1.29"), "dev", time.Now(), false)
	assert.Len(t, found, 1)
	assert.Contains(t, found[0], "Kubernetes 1.29 is not in the program's version calendar")
	assert.Empty(t, EKSStandardSupport(clusterOn("1.29"), "prod", time.Now(), true), "the mandatory policy judges only known dates")
	assert.Empty(t, EKSStandardSupport(Resource{Type: TypeEKSCluster, Properties: props(map[string]any{"version": unknownValue{}})}, "prod", time.Now(), false),
		"an unknown version is not judged")
}
