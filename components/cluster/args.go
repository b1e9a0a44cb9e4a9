package cluster

import (
	"fmt"
	"maps"
	"net/netip"
	"regexp"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/awslimits"
)

// DefaultLogRetentionDays is how long control-plane logs are kept when ClusterArgs does not say: the
// audit log must cover an incident noticed weeks later, and a quarter keeps the cost bounded.
const DefaultLogRetentionDays = 90

// maxPublicAccessCidrs is the EKS quota on public endpoint CIDR blocks per cluster.
const maxPublicAccessCidrs = 40

// Support types of the cluster's upgrade policy, in the EKS API spelling. What happens when the
// Kubernetes version leaves standard support (14 months after its EKS release): STANDARD upgrades
// the control plane to the next version, EXTENDED keeps it for up to 12 more months at $0.60 per
// cluster hour instead of $0.10. A cluster created without an upgrade policy gets EXTENDED
// (API_UpgradePolicyRequest, "The default value is EXTENDED", docs.aws.amazon.com/eks/latest/
// APIReference/API_UpgradePolicyRequest.html; prices from the AWS Containers blog "Amazon EKS
// extended support for Kubernetes versions pricing"; both read 2026-12-02).
const (
	SupportStandard = "STANDARD"
	SupportExtended = "EXTENDED"
)

// ClusterArgs describes an EKS cluster.
type ClusterArgs struct {
	// ClusterName is the physical EKS cluster name, e.g. "ip-platform-prod". Required.
	ClusterName string
	// Version is the Kubernetes minor version, e.g. "1.33". Required. Upgrade by raising it one minor
	// version at a time; EKS cannot downgrade.
	Version string
	// Region is the cluster's AWS region, written into the kubeconfig's `aws eks get-token` call.
	// Required.
	Region string
	// SubnetIDs are the private subnets of every AZ, where EKS places the control plane's network
	// interfaces. Required.
	SubnetIDs pulumi.StringArrayInput
	// EndpointPublicAccess opens the API server endpoint to the internet, restricted to
	// PublicAccessCidrs. Defaults to false: the endpoint is reachable from inside the VPC only.
	EndpointPublicAccess bool
	// PublicAccessCidrs are the only networks that may reach the public endpoint. Required and
	// non-empty when EndpointPublicAccess is true, rejected otherwise; a /0 block is rejected.
	PublicAccessCidrs []string
	// AdminRoleArn is an IAM role ARN granted cluster admin through an access entry: the role CI
	// deploys with, which the Kubernetes provider then authenticates as. Optional, but the creator
	// of the cluster gets no implicit access, so without it nobody can use the cluster until an
	// access entry is added some other way.
	AdminRoleArn string
	// AccessEntries give further IAM roles access to the cluster: the personas' Kubernetes groups,
	// and the cluster-admin access policy for roles that run `pulumi up`. Optional. The Kubernetes
	// provider waits for every entry, so a CI role granted access here can deploy the cluster's
	// Kubernetes objects in the same update that creates the cluster.
	AccessEntries []AccessEntry
	// LogRetentionDays is how long control-plane logs are kept; one of the values CloudWatch Logs
	// accepts (1, 3, 5, 7, 14, 30, 60, 90, ..., 3653). Defaults to DefaultLogRetentionDays.
	LogRetentionDays int
	// AddonVersions pins add-on versions by add-on name, e.g. {"vpc-cni": "v1.19.5-eksbuild.3"}. Keys
	// are any of the add-ons this package installs, so one map from config serves NewCluster and
	// NewAddons alike. Optional; an add-on without a pin gets the EKS default version for the cluster
	// version when created and then stays there until pinned.
	AddonVersions map[string]string
	// SupportType is the upgrade policy, SupportStandard or SupportExtended. Defaults to
	// SupportStandard, not the API's EXTENDED: an unattended cluster should be upgraded, not billed
	// six times the standard price. Changing it is an in-place update of the cluster.
	SupportType string
}

var (
	// clusterNamePattern is what the EKS API accepts as a cluster name.
	clusterNamePattern = regexp.MustCompile(`^[0-9A-Za-z][A-Za-z0-9_-]*$`)
	// versionPattern is a Kubernetes minor version as EKS names it ("1.33"), not a patch version.
	versionPattern = regexp.MustCompile(`^[0-9]+\.[0-9]+$`)
	regionPattern  = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)
	// roleArnPattern accepts IAM role ARNs, not the sts assumed-role ARN a session reports, which an
	// access entry cannot name.
	roleArnPattern = regexp.MustCompile(`^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$`)
	// addonVersionPattern is how EKS versions its add-ons ("v1.19.5-eksbuild.3").
	addonVersionPattern = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+-eksbuild\.[0-9]+$`)
)

// withDefaults validates args and returns a copy with the defaults filled in.
func (a *ClusterArgs) withDefaults(name string) (ClusterArgs, error) {
	if a == nil {
		return ClusterArgs{}, fmt.Errorf("cluster %s: args are required", name)
	}
	args := *a
	args.PublicAccessCidrs = slices.Clone(a.PublicAccessCidrs)
	args.AddonVersions = maps.Clone(a.AddonVersions)
	args.AccessEntries = slices.Clone(a.AccessEntries)
	for i := range args.AccessEntries {
		args.AccessEntries[i].KubernetesGroups = slices.Clone(a.AccessEntries[i].KubernetesGroups)
	}
	if args.LogRetentionDays == 0 {
		args.LogRetentionDays = DefaultLogRetentionDays
	}
	if args.SupportType == "" {
		args.SupportType = SupportStandard
	}
	if err := args.validate(); err != nil {
		return ClusterArgs{}, fmt.Errorf("cluster %s: %w", name, err)
	}
	return args, nil
}

func (a ClusterArgs) validate() error {
	switch {
	case a.ClusterName == "":
		return fmt.Errorf("ClusterName is required")
	case len(a.ClusterName) > 100 || !clusterNamePattern.MatchString(a.ClusterName):
		return fmt.Errorf("ClusterName %q: EKS accepts 1-100 letters, digits, '-' and '_', starting with a letter or digit", a.ClusterName)
	case a.Version == "":
		return fmt.Errorf("Version is required")
	case !versionPattern.MatchString(a.Version):
		return fmt.Errorf("Version %q must be a Kubernetes minor version like \"1.33\"", a.Version)
	case a.Region == "":
		return fmt.Errorf("Region is required")
	case !regionPattern.MatchString(a.Region):
		return fmt.Errorf("Region %q is not an AWS region name like \"eu-west-1\"", a.Region)
	case a.SubnetIDs == nil:
		return fmt.Errorf("SubnetIDs is required")
	case a.AdminRoleArn != "" && !roleArnPattern.MatchString(a.AdminRoleArn):
		return fmt.Errorf("AdminRoleArn %q is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)", a.AdminRoleArn)
	case !awslimits.ValidLogRetention(a.LogRetentionDays):
		return fmt.Errorf("LogRetentionDays %d is not a retention CloudWatch Logs accepts (%s)", a.LogRetentionDays, awslimits.LogRetentionList())
	case a.SupportType != SupportStandard && a.SupportType != SupportExtended:
		return fmt.Errorf("SupportType %q must be %s or %s", a.SupportType, SupportStandard, SupportExtended)
	}
	if err := validatePublicAccess(a.EndpointPublicAccess, a.PublicAccessCidrs); err != nil {
		return err
	}
	if err := validateAccessEntries(a.AdminRoleArn, a.AccessEntries); err != nil {
		return err
	}
	return validateAddonVersions("AddonVersions", a.AddonVersions)
}

// validatePublicAccess keeps the public endpoint closed unless it is restricted: EKS would otherwise
// default the allowed CIDRs to 0.0.0.0/0, an API server open to the internet.
func validatePublicAccess(public bool, cidrs []string) error {
	if !public {
		if len(cidrs) > 0 {
			return fmt.Errorf("PublicAccessCidrs is set but EndpointPublicAccess is false: enable the public endpoint or drop the CIDRs")
		}
		return nil
	}
	if len(cidrs) == 0 {
		return fmt.Errorf("PublicAccessCidrs is required when EndpointPublicAccess is true")
	}
	if len(cidrs) > maxPublicAccessCidrs {
		return fmt.Errorf("PublicAccessCidrs has %d blocks; EKS allows at most %d", len(cidrs), maxPublicAccessCidrs)
	}
	for _, c := range cidrs {
		p, err := netip.ParsePrefix(c)
		if err != nil {
			return fmt.Errorf("PublicAccessCidrs: %q is not a CIDR block", c)
		}
		if p.Bits() == 0 {
			return fmt.Errorf("PublicAccessCidrs: %q opens the API server to the whole internet", c)
		}
		if p != p.Masked() {
			return fmt.Errorf("PublicAccessCidrs: %q has host bits set; did you mean %q?", c, p.Masked())
		}
	}
	return nil
}

// validateAddonVersions rejects pins for add-ons this package does not install (a typo would
// otherwise be ignored silently) and versions EKS would not recognise.
func validateAddonVersions(field string, versions map[string]string) error {
	for _, addon := range slices.Sorted(maps.Keys(versions)) {
		if !slices.Contains(knownAddons(), addon) {
			return fmt.Errorf("%s: unknown add-on %q (known: %v)", field, addon, knownAddons())
		}
		if v := versions[addon]; !addonVersionPattern.MatchString(v) {
			return fmt.Errorf("%s[%q]: %q is not an EKS add-on version like \"v1.19.5-eksbuild.3\"", field, addon, v)
		}
	}
	return nil
}
