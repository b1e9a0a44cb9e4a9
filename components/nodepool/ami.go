package nodepool

import (
	"fmt"
	"regexp"
	"strings"
)

// AmiFamily is the operating system of a pool's nodes; the CPU architecture of the AMI follows the
// instance types.
type AmiFamily string

// The AMI families a pool may run. AL2023 rather than AL2: EKS ended support for its AL2 AMIs in
// November 2025 and builds none for Kubernetes 1.33 and later
// (https://github.com/awslabs/amazon-eks-ami/issues/2545). Bottlerocket is the container-only OS
// (immutable root, SELinux enforcing, no shell or SSH); its disk layout differs (see blockDevices).
const (
	AL2023       AmiFamily = "al2023"
	Bottlerocket AmiFamily = "bottlerocket"
)

// AMI types of the EKS-optimized images, as the node group's amiType names them (EKS API
// Nodegroup.amiType, docs.aws.amazon.com/eks/latest/APIReference/API_Nodegroup.html, read
// 2026-12-02). Changing a node group's amiType replaces the node group (the provider marks it
// ForceNew; hashicorp/terraform-provider-aws internal/service/eks/node_group.go).
const (
	AmiX86             = "AL2023_x86_64_STANDARD"
	AmiArm             = "AL2023_ARM_64_STANDARD"
	AmiBottlerocketX86 = "BOTTLEROCKET_x86_64"
	AmiBottlerocketArm = "BOTTLEROCKET_ARM_64"
)

// amiTypes maps a family to its AMI type per architecture (false: x86_64, true: arm64).
func amiTypes(family AmiFamily) (x86, arm string, ok bool) {
	switch family {
	case AL2023:
		return AmiX86, AmiArm, true
	case Bottlerocket:
		return AmiBottlerocketX86, AmiBottlerocketArm, true
	}
	return "", "", false
}

// instanceTypePattern matches EC2 instance type names: a family ("m6i", "c7g", "u-6tb1", "m7i-flex")
// and a size ("large", "2xlarge", "metal").
var instanceTypePattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)?\.[a-z0-9]+$`)

// familyPattern splits a family into its series letters, generation digits and attribute letters:
// "c7gn" is series "c", generation "7", attributes "gn".
var familyPattern = regexp.MustCompile(`^([a-z]+)([0-9]*)([a-z0-9]*)$`)

// instanceFamily is the parsed family part of an instance type name.
type instanceFamily struct {
	series     string
	attributes string
}

// parseFamily parses the family of an instance type such as "m7i-flex.large" (series "m",
// attributes "i"); the "-flex"-style suffix does not change the hardware class.
func parseFamily(instanceType string) (instanceFamily, error) {
	if !instanceTypePattern.MatchString(instanceType) {
		return instanceFamily{}, fmt.Errorf("%q is not an EC2 instance type (family.size, e.g. m6i.large)", instanceType)
	}
	family, _, _ := strings.Cut(instanceType, ".")
	family, _, _ = strings.Cut(family, "-")
	m := familyPattern.FindStringSubmatch(family)
	if m == nil {
		return instanceFamily{}, fmt.Errorf("%q is not an EC2 instance type (family.size, e.g. m6i.large)", instanceType)
	}
	return instanceFamily{series: m[1], attributes: m[3]}, nil
}

// graviton reports whether the family runs on AWS Graviton (arm64): the attribute letter "g"
// (m7g, c7gn, r6gd, t4g, hpc7g) or the first-generation a1.
func (f instanceFamily) graviton() bool {
	return strings.Contains(f.attributes, "g") || f.series == "a"
}

// accelerated reports whether the family carries GPUs or other accelerators. Their nodes need the
// NVIDIA or Neuron AMI variants and device plugins; on the STANDARD AMI the hardware is invisible
// to Kubernetes, so such pools are rejected rather than built broken.
func (f instanceFamily) accelerated() bool {
	switch f.series {
	case "p", "g", "gr", "inf", "trn", "dl", "f", "vt":
		return true
	}
	return false
}

// amiType returns the AMI type of family for a pool of these instance types. A node group has one
// AMI type, so all instance types must share a CPU architecture.
func amiType(family AmiFamily, instanceTypes []string) (string, error) {
	x86, arm, ok := amiTypes(family)
	if !ok {
		return "", fmt.Errorf("unknown AMI family %q (known: %s, %s)", family, AL2023, Bottlerocket)
	}
	if len(instanceTypes) == 0 {
		return "", fmt.Errorf("at least one instance type is required")
	}
	ami := ""
	for _, t := range instanceTypes {
		f, err := parseFamily(t)
		if err != nil {
			return "", err
		}
		if f.accelerated() {
			return "", fmt.Errorf("%q is an accelerated (GPU/Inferentia/Trainium/FPGA) instance type, which needs an NVIDIA or Neuron AMI this component does not build", t)
		}
		this := x86
		if f.graviton() {
			this = arm
		}
		if ami != "" && this != ami {
			return "", fmt.Errorf("%q needs %s but %q needs %s: one node group has one AMI, so split them into two pools", instanceTypes[0], ami, t, this)
		}
		ami = this
	}
	return ami, nil
}
