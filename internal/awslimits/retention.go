// Package awslimits holds values AWS APIs accept and refuse that the config package and the
// components both check: the config package to name the stack key at fault, a component so its Args
// fail before any resource exists. One copy keeps the two checks from drifting apart.
package awslimits

import (
	"slices"
	"strconv"
	"strings"
)

// LogRetentionDays returns the only retention periods CloudWatch Logs accepts, shortest first.
func LogRetentionDays() []int {
	return []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}
}

// ValidLogRetention reports whether CloudWatch Logs accepts days as a retention period; the API
// rejects any other value, so checking it turns a failed update into a preview error.
func ValidLogRetention(days int) bool {
	return slices.Contains(LogRetentionDays(), days)
}

// LogRetentionList lists the accepted periods for an error message: "1, 3, 5, ..., 3288 or 3653".
func LogRetentionList() string {
	days := LogRetentionDays()
	words := make([]string, len(days))
	for i, d := range days {
		words[i] = strconv.Itoa(d)
	}
	last := len(words) - 1
	return strings.Join(words[:last], ", ") + " or " + words[last]
}
