package awslimits

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

const minutesPerDay = 24 * 60

var (
	dailyWindowPattern  = regexp.MustCompile(`^([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-3]):([0-5][0-9])$`)
	weeklyWindowPattern = regexp.MustCompile(`^(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):([0-5][0-9])-(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):([0-5][0-9])$`)
)

// ParseDailyWindow parses "hh:mm-hh:mm" (UTC, the RDS backup and ElastiCache snapshot window
// format) into its start and end, in minutes of the day. end < start is a window across midnight.
func ParseDailyWindow(s string) (start, end int, err error) {
	m := dailyWindowPattern.FindStringSubmatch(s)
	if m == nil {
		return 0, 0, fmt.Errorf("must be hh:mm-hh:mm in UTC such as 02:00-03:00, got %q", s)
	}
	return clock(m[1], m[2]), clock(m[3], m[4]), nil
}

// ParseWeeklyWindow parses "ddd:hh:mm-ddd:hh:mm" (UTC, the RDS and ElastiCache maintenance window
// format, days in lower case) into its start and end, in minutes of the week from Monday 00:00.
// end < start is a window across the week's end.
func ParseWeeklyWindow(s string) (start, end int, err error) {
	m := weeklyWindowPattern.FindStringSubmatch(strings.ToLower(s))
	if m == nil || strings.ToLower(s) != s {
		return 0, 0, fmt.Errorf("must be ddd:hh:mm-ddd:hh:mm in UTC with a lower-case day such as sun:04:00-sun:05:00, got %q", s)
	}
	return dayIndex(m[1])*minutesPerDay + clock(m[2], m[3]), dayIndex(m[4])*minutesPerDay + clock(m[5], m[6]), nil
}

// ValidDailyWindow reports whether s is a daily window ParseDailyWindow accepts.
func ValidDailyWindow(s string) bool {
	_, _, err := ParseDailyWindow(s)
	return err == nil
}

// ValidWeeklyWindow reports whether s is a weekly window ParseWeeklyWindow accepts.
func ValidWeeklyWindow(s string) bool {
	_, _, err := ParseWeeklyWindow(s)
	return err == nil
}

func clock(h, m string) int {
	hours, _ := strconv.Atoi(h) // the patterns admit digits only
	mins, _ := strconv.Atoi(m)
	return hours*60 + mins
}

func dayIndex(d string) int {
	for i, w := range []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"} {
		if w == d {
			return i
		}
	}
	return 0
}
