package config

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Shortest windows the services accept.
const (
	rdsMinWindowMinutes         = 30
	elasticacheMinWindowMinutes = 60
)

const (
	minutesPerDay  = 24 * 60
	minutesPerWeek = 7 * minutesPerDay
)

var (
	dailyWindowPattern  = regexp.MustCompile(`^([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-3]):([0-5][0-9])$`)
	weeklyWindowPattern = regexp.MustCompile(`^(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):([0-5][0-9])-(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):([0-5][0-9])$`)
	weekdays            = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
)

// interval is a span of minutes from start (inclusive) to end (exclusive), both within one period;
// end < start wraps around the period's end (a window across midnight or the week's end).
type interval struct{ start, end, period int }

func (i interval) length() int {
	return ((i.end-i.start)%i.period + i.period) % i.period
}

// minutes lists the minutes the interval covers, on the weekly timeline.
func (i interval) weekMinutes() map[int]bool {
	out := map[int]bool{}
	for rep := 0; rep < minutesPerWeek/i.period; rep++ {
		for m := 0; m < i.length(); m++ {
			out[(rep*i.period+i.start+m)%minutesPerWeek] = true
		}
	}
	return out
}

// parseDailyWindow parses "hh:mm-hh:mm" (UTC, the RDS backup and ElastiCache snapshot format).
func parseDailyWindow(s string) (interval, error) {
	m := dailyWindowPattern.FindStringSubmatch(s)
	if m == nil {
		return interval{}, fmt.Errorf("must be hh:mm-hh:mm in UTC such as 02:00-03:00, got %q", s)
	}
	return interval{start: clock(m[1], m[2]), end: clock(m[3], m[4]), period: minutesPerDay}, nil
}

// parseWeeklyWindow parses "ddd:hh:mm-ddd:hh:mm" (UTC, the maintenance window format).
func parseWeeklyWindow(s string) (interval, error) {
	m := weeklyWindowPattern.FindStringSubmatch(strings.ToLower(s))
	if m == nil || strings.ToLower(s) != s {
		return interval{}, fmt.Errorf("must be ddd:hh:mm-ddd:hh:mm in UTC with a lower-case day such as sun:04:00-sun:05:00, got %q", s)
	}
	return interval{
		start:  dayIndex(m[1])*minutesPerDay + clock(m[2], m[3]),
		end:    dayIndex(m[4])*minutesPerDay + clock(m[5], m[6]),
		period: minutesPerWeek,
	}, nil
}

func clock(h, m string) int {
	hours, _ := strconv.Atoi(h) // the patterns admit digits only
	mins, _ := strconv.Atoi(m)
	return hours*60 + mins
}

func dayIndex(d string) int {
	for i, w := range weekdays {
		if w == d {
			return i
		}
	}
	return 0
}

// overlaps reports whether a daily window and a weekly window share a minute in any week.
func overlaps(daily, weekly interval) bool {
	week := weekly.weekMinutes()
	for m := range daily.weekMinutes() {
		if week[m] {
			return true
		}
	}
	return false
}

// validateWindows checks a daily backup/snapshot window and a weekly maintenance window: format,
// a minimum length, and no overlap (the services refuse overlapping windows).
func validateWindows(p *problems, dailyKey, daily, weeklyKey, weekly string, minMinutes int) {
	d, dErr := parseDailyWindow(daily)
	if dErr != nil {
		p.add(dailyKey, "%v", dErr)
	} else if d.length() < minMinutes {
		p.add(dailyKey, "must last at least %d minutes, got %q", minMinutes, daily)
	}
	w, wErr := parseWeeklyWindow(weekly)
	if wErr != nil {
		p.add(weeklyKey, "%v", wErr)
	} else if w.length() < minMinutes {
		p.add(weeklyKey, "must last at least %d minutes, got %q", minMinutes, weekly)
	}
	if dErr == nil && wErr == nil && overlaps(d, w) {
		p.add(weeklyKey, "must not overlap %s (%s), got %q", dailyKey, daily, weekly)
	}
}
