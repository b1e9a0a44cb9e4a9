package nodepool

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAmiTypeFollowsTheCPUArchitecture(t *testing.T) {
	cases := []struct {
		types []string
		want  string
	}{
		{[]string{"m6i.large"}, AmiX86},
		{[]string{"t3.medium"}, AmiX86},
		{[]string{"m7i-flex.large"}, AmiX86},
		{[]string{"c6in.2xlarge"}, AmiX86},
		{[]string{"m7a.xlarge", "m6a.xlarge"}, AmiX86},
		{[]string{"u-6tb1.112xlarge"}, AmiX86},
		{[]string{"c7g.2xlarge"}, AmiArm},
		{[]string{"m7g.large", "m6g.large"}, AmiArm},
		{[]string{"t4g.medium"}, AmiArm},
		{[]string{"c7gn.xlarge"}, AmiArm},
		{[]string{"r6gd.large"}, AmiArm},
		{[]string{"im4gn.large"}, AmiArm},
		{[]string{"hpc7g.4xlarge"}, AmiArm},
		{[]string{"a1.large"}, AmiArm},
		{[]string{"m8g.metal-24xl"}, ""}, // size with a dash is not a size the pattern accepts
	}
	for _, tc := range cases {
		got, err := amiType(AL2023, tc.types)
		if tc.want == "" {
			assert.Error(t, err, "%v should be rejected", tc.types)
			continue
		}
		if assert.NoError(t, err, "%v", tc.types) {
			assert.Equal(t, tc.want, got, "AMI type for %v", tc.types)
		}
	}
}

func TestAmiTypeRejectsWhatOneStandardAmiCannotRun(t *testing.T) {
	cases := map[string][]string{
		"mixed architectures":  {"m6i.large", "m6g.large"},
		"NVIDIA GPU":           {"g5.xlarge"},
		"ARM GPU":              {"g5g.xlarge"},
		"training accelerator": {"p4d.24xlarge"},
		"Inferentia":           {"inf2.xlarge"},
		"Trainium":             {"trn1.2xlarge"},
		"no types":             nil,
	}
	for desc, types := range cases {
		for _, family := range []AmiFamily{AL2023, Bottlerocket} {
			_, err := amiType(family, types)
			assert.Error(t, err, "%s (%v) should be rejected on %s", desc, types, family)
		}
	}
}

func TestAmiTypeFollowsTheFamilyAndTheArchitecture(t *testing.T) {
	cases := []struct {
		family AmiFamily
		types  []string
		want   string
	}{
		{AL2023, []string{"m6i.large"}, "AL2023_x86_64_STANDARD"},
		{AL2023, []string{"m7g.large"}, "AL2023_ARM_64_STANDARD"},
		{Bottlerocket, []string{"m6i.large", "m6a.large"}, "BOTTLEROCKET_x86_64"},
		{Bottlerocket, []string{"c7g.xlarge"}, "BOTTLEROCKET_ARM_64"},
	}
	for _, tc := range cases {
		got, err := amiType(tc.family, tc.types)
		if assert.NoError(t, err, "%s %v", tc.family, tc.types) {
			assert.Equal(t, tc.want, got, "AMI type of %s on %v", tc.family, tc.types)
		}
	}
	_, err := amiType("ubuntu", []string{"m6i.large"})
	assert.ErrorContains(t, err, `unknown AMI family "ubuntu"`)
}
