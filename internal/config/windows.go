package config

import "github.com/ip-platform/infra/internal/awslimits"

// Shortest windows the services accept.
const (
	rdsMinWindowMinutes         = 30
	elasticacheMinWindowMinutes = 60
)

const (
	minutesPerDay  = 24 * 60
	minutesPerWeek = 7 * minutesPerDay
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
	start, end, err := awslimits.ParseDailyWindow(s)
	if err != nil {
		return interval{}, err
	}
	return interval{start: start, end: end, period: minutesPerDay}, nil
}

// parseWeeklyWindow parses "ddd:hh:mm-ddd:hh:mm" (UTC, the maintenance window format).
func parseWeeklyWindow(s string) (interval, error) {
	start, end, err := awslimits.ParseWeeklyWindow(s)
	if err != nil {
		return interval{}, err
	}
	return interval{start: start, end: end, period: minutesPerWeek}, nil
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
