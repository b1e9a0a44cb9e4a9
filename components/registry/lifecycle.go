package registry

import (
	"encoding/json"
	"fmt"
)

// lifecyclePolicy is an ECR lifecycle policy document
// (https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html).
type lifecyclePolicy struct {
	Rules []lifecycleRule `json:"rules"`
}

type lifecycleRule struct {
	// RulePriority orders the rules: lower numbers are evaluated first, and an image expired by one
	// rule is not counted by the next.
	RulePriority int             `json:"rulePriority"`
	Description  string          `json:"description"`
	Selection    lifecycleSelect `json:"selection"`
	Action       lifecycleAction `json:"action"`
}

type lifecycleSelect struct {
	TagStatus      string   `json:"tagStatus"`
	TagPatternList []string `json:"tagPatternList,omitempty"`
	CountType      string   `json:"countType"`
	CountUnit      string   `json:"countUnit,omitempty"`
	CountNumber    int      `json:"countNumber"`
}

type lifecycleAction struct {
	Type string `json:"type"`
}

// buildLifecyclePolicy returns the policy that expires untagged images untaggedDays after their
// push and keeps the keepTagged most recently pushed tagged images.
//
// Untagged images are the leftovers of multi-arch builds and re-pushes: nothing deploys them, so
// they go first (priority 1). ECR requires a "tagged" rule to name its tags; the pattern "*"
// matches every tag, so the count covers all releases whatever their naming scheme.
func buildLifecyclePolicy(keepTagged, untaggedDays int) lifecyclePolicy {
	return lifecyclePolicy{Rules: []lifecycleRule{
		{
			RulePriority: 1,
			Description:  fmt.Sprintf("Expire untagged images %d days after push", untaggedDays),
			Selection: lifecycleSelect{
				TagStatus:   "untagged",
				CountType:   "sinceImagePushed",
				CountUnit:   "days",
				CountNumber: untaggedDays,
			},
			Action: lifecycleAction{Type: "expire"},
		},
		{
			RulePriority: 2,
			Description:  fmt.Sprintf("Keep the %d most recent tagged images", keepTagged),
			Selection: lifecycleSelect{
				TagStatus:      "tagged",
				TagPatternList: []string{"*"},
				CountType:      "imageCountMoreThan",
				CountNumber:    keepTagged,
			},
			Action: lifecycleAction{Type: "expire"},
		},
	}}
}

// JSON renders the policy. Marshalling plain strings, ints and slices cannot fail.
func (p lifecyclePolicy) JSON() string {
	b, err := json.Marshal(p)
	if err != nil {
		return "" // unreachable: only strings, ints and slices
	}
	return string(b)
}
