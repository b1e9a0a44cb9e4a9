package cost

import "fmt"

// priceEKSCluster: the control plane, at the extended-support rate when the cluster's upgrade
// policy keeps it on a version past standard support (the stack's cluster.upgradePolicy decides).
func priceEKSCluster(c *pricing, r Resource) {
	if r.str("upgradePolicy.supportType") == "EXTENDED" {
		c.hourly(r, "eks.cluster.extended", 1, "upgradePolicy.supportType EXTENDED: billed at the extended rate once the version leaves standard support")
		return
	}
	c.hourly(r, "eks.cluster.standard", 1, "")
}

// priceNodeGroup: desiredSize instances of the group's first instance type (the one managed node
// groups launch first) for the month, and each node's root volume from the launch template beside
// it. Spot capacity is shown at the on-demand price and marked: spot prices move by the hour and
// no spot figure was read, so the estimate is an upper bound there.
func priceNodeGroup(c *pricing, r Resource) {
	types := r.list("instanceTypes")
	if len(types) == 0 {
		c.unpriced(r, "instanceTypes is not known")
		return
	}
	instance, _ := types[0].(string)
	nodes, ok := r.num("scalingConfig.desiredSize")
	if !ok {
		c.unpriced(r, "scalingConfig.desiredSize is not known")
		return
	}
	note := fmt.Sprintf("%g x %s, desired size", nodes, instance)
	if len(types) > 1 {
		note += fmt.Sprintf(" (first of %d instance types)", len(types))
	}
	if r.str("capacityType") == "SPOT" {
		note += "; SPOT capacity shown at the on-demand price"
	}
	c.hourly(r, "ec2."+instance, nodes, note)

	if disk, ok := nodeDiskGiB(c, r); ok {
		c.add(r, "ebs.gp3.storage", nodes*disk, fmt.Sprintf("%g nodes x %g GiB gp3 root volume", nodes, disk))
	}
}

// nodeDiskGiB is the root volume of each node: the group's diskSize, else the gp3 volume of the
// launch template that the node pool component creates beside the group.
func nodeDiskGiB(c *pricing, r Resource) (float64, bool) {
	if d, ok := r.num("diskSize"); ok {
		return d, true
	}
	for _, lt := range c.resources {
		if lt.Type != "aws:ec2/launchTemplate:LaunchTemplate" || lt.Parent != r.Parent || r.Parent == "" {
			continue
		}
		for _, m := range lt.list("blockDeviceMappings") {
			dev := Resource{Inputs: map[string]any{"m": m}}
			if size, ok := dev.num("m.ebs.volumeSize"); ok && dev.str("m.ebs.volumeType") == "gp3" {
				return size, true
			}
		}
	}
	return 0, false
}
