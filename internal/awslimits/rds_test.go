package awslimits

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestValidInsightsRetention(t *testing.T) {
	for _, ok := range []int{7, 31, 62, 372, 713, 731} {
		assert.True(t, ValidInsightsRetention(ok), "%d days is a Performance Insights retention", ok)
	}
	for _, bad := range []int{-31, 0, 1, 8, 30, 32, 714, 730, 744} {
		assert.False(t, ValidInsightsRetention(bad), "%d days is not a Performance Insights retention", bad)
	}
}

func TestValidMonitoringInterval(t *testing.T) {
	for _, ok := range []int{1, 5, 10, 15, 30, 60} {
		assert.True(t, ValidMonitoringInterval(ok), "RDS accepts %d seconds", ok)
	}
	for _, bad := range []int{-1, 0, 2, 20, 120} {
		assert.False(t, ValidMonitoringInterval(bad), "RDS refuses %d seconds", bad)
	}
}
