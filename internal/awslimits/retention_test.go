package awslimits

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestValidLogRetention(t *testing.T) {
	for _, d := range []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653} {
		assert.True(t, ValidLogRetention(d), "CloudWatch Logs accepts %d days", d)
	}
	for _, d := range []int{-1, 0, 2, 31, 366, 3650, 4000} {
		assert.False(t, ValidLogRetention(d), "CloudWatch Logs rejects %d days", d)
	}
}

func TestLogRetentionList(t *testing.T) {
	assert.Equal(t, "1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653", LogRetentionList())
}
