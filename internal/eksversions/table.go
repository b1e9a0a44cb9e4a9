package eksversions

// table is every Kubernetes minor the program runs on EKS, oldest first. A new minor is one row:
// its calendar dates and the add-on versions EKS offers for it (docs/runbooks/cluster.md says how
// to read them with `aws eks describe-addon-versions`). 1.34 and 1.35 stay for stacks still
// stepping up one minor at a time; a row is removed once no stack is on it.
//
// Calendar: the EKS Kubernetes release calendar, https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html
// (1.34, as stored in awsdocs/amazon-eks-user-guide latest/ug/versioning/kubernetes-versions.adoc),
// https://endoflife.date/amazon-eks (1.35) and the EKS 1.36 availability note on
// kubernetes-versions-standard.html with the dates endoflife.date gives (1.36); all read 2026-12-02.
// Extended support ends 12 months after standard support (same page).
//
// Add-ons, read 2026-12-02:
//   - kube-proxy and coredns: the version tables of managing-kube-proxy and managing-coredns
//     (https://docs.aws.amazon.com/ja_jp/eks/latest/userguide/managing-kube-proxy.md and
//     managing-coredns.md, the localized copies being the newest the search index holds).
//   - vpc-cni 1.34 and 1.35: managing-vpc-cni's table (https://docs.amazonaws.cn/eks/latest/userguide/managing-vpc-cni.md).
//     vpc-cni 1.36 is not on an AWS page that could be read here: v1.22.4-eksbuild.3 is the
//     version a 1.36 cluster resolved to in a public test record.
//   - aws-ebs-csi-driver and eks-pod-identity-agent publish one build line for every supported
//     minor and no AWS page lists them by minor: v1.65.0-eksbuild.1 (seen ACTIVE on a cluster in
//     public code, September 2026; the driver's v1.65.0 image) and v1.3.10-eksbuild.3 (pinned on
//     public 1.36 stacks).
//   - aws-guardduty-agent: its release history lists no version per Kubernetes minor on a page
//     that could be read here, so no row pins it and EKS installs its default for the minor;
//     security.guardDuty.agentVersion pins one per stack.
//
// Renovate proposes newer builds of each pin (its aws-eks-addon datasource reads the EKS API's
// describe-addon-versions, so its runner needs eks:DescribeAddonVersions) from the comment on the
// line; renovate.json groups them with the Kubernetes minor of the stack files into one pull
// request. tests/renovate_test.go holds every pin to a comment naming its own row's minor.
//
// `pulumi preview` cannot check an add-on version (it is the EKS API that refuses an unknown
// one, at `pulumi up`); run the describe-addon-versions loop of docs/runbooks/maintenance.md
// against the target minor before merging a row.
var table = []Minor{
	{
		Version: "1.34", Released: date("2025-10-02"), StandardSupportEnd: date("2026-12-02"), ExtendedSupportEnd: date("2027-12-02"),
		Addons: map[string]string{
			AddonVpcCni:           "v1.21.1-eksbuild.7",  // renovate: datasource=aws-eks-addon packageName={"kubernetesVersion":"1.34","addonName":"vpc-cni"}
			AddonKubeProxy:        "v1.34.6-eksbuild.13", // renovate: datasource=aws-eks-addon packageName={"kubernetesVersion":"1.34","addonName":"kube-proxy"}
			AddonPodIdentityAgent: "v1.3.10-eksbuild.3",  // renovate: datasource=aws-eks-addon packageName={"kubernetesVersion":"1.34","addonName":"eks-pod-identity-agent"}
			AddonCoreDNS:          "v1.13.2-eksbuild.11", // renovate: datasource=aws-eks-addon packageName={"kubernetesVersion":"1.34","addonName":"coredns"}
			AddonEbsCsiDriver:     "v1.65.0-eksbuild.1",  // renovate: datasource=aws-eks-addon packageName={"kubernetesVersion":"1.34","addonName":"aws-ebs-csi-driver"}
		},
	},
	{
		Version: "1.35", Released: date("2026-01-28"), StandardSupportEnd: date("2027-03-27"), ExtendedSupportEnd: date("2028-03-27"),
		Addons: map[string]string{
			AddonVpcCni:           "v1.21.1-eksbuild.7",  // renovate: datasource=aws-eks-addon packageName={"kubernetesVersion":"1.35","addonName":"vpc-cni"}
			AddonKubeProxy:        "v1.35.3-eksbuild.13", // renovate: datasource=aws-eks-addon packageName={"kubernetesVersion":"1.35","addonName":"kube-proxy"}
			AddonPodIdentityAgent: "v1.3.10-eksbuild.3",  // renovate: datasource=aws-eks-addon packageName={"kubernetesVersion":"1.35","addonName":"eks-pod-identity-agent"}
			AddonCoreDNS:          "v1.14.3-eksbuild.3",  // renovate: datasource=aws-eks-addon packageName={"kubernetesVersion":"1.35","addonName":"coredns"}
			AddonEbsCsiDriver:     "v1.65.0-eksbuild.1",  // renovate: datasource=aws-eks-addon packageName={"kubernetesVersion":"1.35","addonName":"aws-ebs-csi-driver"}
		},
	},
	{
		Version: "1.36", Released: date("2026-06-02"), StandardSupportEnd: date("2027-08-02"), ExtendedSupportEnd: date("2028-08-02"),
		Addons: map[string]string{
			AddonVpcCni:           "v1.22.4-eksbuild.3",  // renovate: datasource=aws-eks-addon packageName={"kubernetesVersion":"1.36","addonName":"vpc-cni"}
			AddonKubeProxy:        "v1.36.0-eksbuild.14", // renovate: datasource=aws-eks-addon packageName={"kubernetesVersion":"1.36","addonName":"kube-proxy"}
			AddonPodIdentityAgent: "v1.3.10-eksbuild.3",  // renovate: datasource=aws-eks-addon packageName={"kubernetesVersion":"1.36","addonName":"eks-pod-identity-agent"}
			AddonCoreDNS:          "v1.14.3-eksbuild.3",  // renovate: datasource=aws-eks-addon packageName={"kubernetesVersion":"1.36","addonName":"coredns"}
			AddonEbsCsiDriver:     "v1.65.0-eksbuild.1",  // renovate: datasource=aws-eks-addon packageName={"kubernetesVersion":"1.36","addonName":"aws-ebs-csi-driver"}
		},
	},
}
