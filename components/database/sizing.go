package database

import (
	"strings"
)

// classMemoryGiB returns the memory of an RDS instance class for the families the platform uses
// (burstable t, general purpose m, memory optimised r), or false for a class it does not know.
// Alarm thresholds scale with it.
func classMemoryGiB(class string) (float64, bool) {
	parts := strings.Split(class, ".")
	if len(parts) != 3 || parts[0] != "db" || parts[1] == "" {
		return 0, false
	}
	family, size := parts[1], parts[2]
	if family[0] == 't' {
		gib, ok := map[string]float64{"micro": 1, "small": 2, "medium": 4, "large": 8, "xlarge": 16, "2xlarge": 32}[size]
		return gib, ok
	}
	perSize := map[string]float64{"large": 1, "xlarge": 2, "2xlarge": 4, "4xlarge": 8, "8xlarge": 16, "12xlarge": 24, "16xlarge": 32, "24xlarge": 48}
	mult, ok := perSize[size]
	if !ok {
		return 0, false
	}
	switch family[0] {
	case 'm':
		return 8 * mult, true // 4 GiB per vCPU, 2 vCPUs at large
	case 'r':
		return 16 * mult, true // 8 GiB per vCPU
	}
	return 0, false
}

// defaultMaxConnections is the max_connections RDS for PostgreSQL derives from the instance's
// memory: LEAST({DBInstanceClassMemory/9531392}, 5000).
func defaultMaxConnections(memoryGiB float64) int {
	return min(int(memoryGiB*(1<<30)/9531392), 5000)
}
