package awslimits

import "slices"

// ValidInsightsRetention reports whether RDS Performance Insights accepts days as a retention
// period: 7 (the free tier), a whole number of months (multiples of 31) up to 713, or 731.
func ValidInsightsRetention(days int) bool {
	return days == 7 || days == 731 || (days > 0 && days%31 == 0 && days <= 713)
}

// ValidMonitoringInterval reports whether RDS enhanced monitoring accepts seconds as its
// granularity (1, 5, 10, 15, 30 or 60; 0 would turn it off and is refused here).
func ValidMonitoringInterval(seconds int) bool {
	return slices.Contains([]int{1, 5, 10, 15, 30, 60}, seconds)
}
