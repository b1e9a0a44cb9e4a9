package awslimits

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseWindows(t *testing.T) {
	start, end, err := ParseDailyWindow("23:30-00:30")
	require.NoError(t, err)
	assert.Equal(t, [2]int{23*60 + 30, 30}, [2]int{start, end}, "a window across midnight ends before it starts")

	start, end, err = ParseWeeklyWindow("sun:23:00-mon:01:00")
	require.NoError(t, err)
	assert.Equal(t, [2]int{6*24*60 + 23*60, 60}, [2]int{start, end}, "a window across the week's end ends before it starts")

	for _, bad := range []string{"", "2am-3am", "24:00-01:00", "02:00-02:60", "2:00-3:00"} {
		assert.False(t, ValidDailyWindow(bad), "daily window %q", bad)
	}
	for _, bad := range []string{"", "sunday 04:00", "Sun:04:00-sun:05:00", "sun:24:00-sun:05:00", "sun:04:00"} {
		assert.False(t, ValidWeeklyWindow(bad), "weekly window %q", bad)
	}
	assert.True(t, ValidDailyWindow("02:00-03:00"))
	assert.True(t, ValidWeeklyWindow("sun:04:00-sun:05:00"))
}
