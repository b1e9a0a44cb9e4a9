package eksversions

import (
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var addonVersionPattern = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+-eksbuild\.[0-9]+$`)

func TestEveryRowPinsEveryAddonAndHasOrderedDates(t *testing.T) {
	require.NotEmpty(t, table)
	for i, m := range table {
		t.Run(m.Version, func(t *testing.T) {
			for _, name := range PinnedAddons() {
				assert.Regexp(t, addonVersionPattern, m.Addons[name], "%s pins %s", m.Version, name)
			}
			assert.Len(t, m.Addons, len(PinnedAddons()), "no add-on the program does not install")
			assert.True(t, m.Released.Before(m.StandardSupportEnd))
			assert.Equal(t, m.StandardSupportEnd.AddDate(1, 0, 0), m.ExtendedSupportEnd, "extended support is the 12 months after standard")
			if i > 0 {
				assert.True(t, table[i-1].Released.Before(m.Released), "rows oldest first")
			}
		})
	}
}

func TestKubeProxyFollowsItsMinor(t *testing.T) {
	for _, m := range table {
		assert.Regexp(t, `^v`+regexp.QuoteMeta(m.Version)+`\.`, m.Addons[AddonKubeProxy], "kube-proxy must match the control plane's minor")
	}
}

func TestSummaryCountsDaysAndSaysWhenSupportEnded(t *testing.T) {
	m := Minor{Version: "1.99", StandardSupportEnd: date("2027-08-02"), ExtendedSupportEnd: date("2028-08-02")}
	day := time.Date(2027, 7, 3, 15, 0, 0, 0, time.UTC)
	assert.Equal(t, 30, m.DaysLeft(day))
	assert.Equal(t, "Kubernetes 1.99 on EKS: standard support until 2027-08-02 (30 days left), extended support until 2028-08-02", m.Summary(day))
	assert.True(t, m.InStandardSupport(date("2027-08-01")))
	assert.False(t, m.InStandardSupport(date("2027-08-02")), "extended support is billed from the start of the end date")
	assert.Contains(t, m.Summary(date("2027-08-02")), "standard support ended 2027-08-02")
}

func TestLookupAndVersions(t *testing.T) {
	_, ok := Lookup("1.19")
	assert.False(t, ok)
	for _, v := range Versions() {
		m, ok := Lookup(v)
		assert.True(t, ok)
		assert.Equal(t, v, m.Version)
	}
}
