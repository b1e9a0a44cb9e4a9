package config

// profile is an environment's defaults and its floor of availability.
type profile struct {
	// minAvailabilityZones is the fewest zones the environment may run in.
	minAvailabilityZones int
	network              Network
	cluster              Cluster
	nodePools            []NodePool
}

// DefaultKubernetesVersion is the EKS version a stack gets when it does not pin one.
const DefaultKubernetesVersion = "1.36"

// profileFor returns a fresh copy of the environment's defaults (callers mutate it).
func profileFor(env Environment) profile {
	switch env {
	case Prod:
		return profile{
			// Three zones so that losing one leaves a majority for every quorum-based system
			// (etcd-backed control plane, Redis failover, Prometheus replicas).
			minAvailabilityZones: 3,
			network:              Network{NatGateways: NatGatewaysPerAz, InterfaceEndpoints: true, FlowLogRetentionDays: 365},
			cluster:              Cluster{Version: DefaultKubernetesVersion, LogRetentionDays: 365, SupportType: SupportStandard},
			nodePools: []NodePool{
				{
					Name: "system", InstanceTypes: []string{"m6i.large"}, CapacityType: OnDemand,
					MinSize: 3, MaxSize: 6, DesiredSize: 3, MaxUnavailable: 1, DiskSizeGiB: 50, AmiFamily: AmiFamilyAL2023,
					Labels: map[string]string{"workload": "system"},
					Taints: []Taint{{Key: "CriticalAddonsOnly", Value: "true", Effect: "NO_SCHEDULE"}},
				},
				{
					Name: "general", InstanceTypes: []string{"m6i.xlarge", "m6a.xlarge"}, CapacityType: OnDemand,
					MinSize: 3, MaxSize: 12, DesiredSize: 3, MaxUnavailable: 1, DiskSizeGiB: 100, AmiFamily: AmiFamilyAL2023,
					Labels: map[string]string{"workload": "general"},
				},
			},
		}
	case Staging:
		return profile{
			minAvailabilityZones: 2,
			network:              Network{NatGateways: NatGatewaysPerAz, InterfaceEndpoints: true, FlowLogRetentionDays: 30},
			cluster:              Cluster{Version: DefaultKubernetesVersion, LogRetentionDays: 30, SupportType: SupportStandard},
			nodePools: []NodePool{{
				Name: "general", InstanceTypes: []string{"m6i.large"}, CapacityType: OnDemand,
				MinSize: 2, MaxSize: 6, DesiredSize: 2, MaxUnavailable: 1, DiskSizeGiB: 50, AmiFamily: AmiFamilyAL2023,
				Labels: map[string]string{"workload": "general"},
			}},
		}
	default: // Dev
		return profile{
			minAvailabilityZones: 2,
			// One NAT gateway and no interface endpoints: together they cost more than a dev cluster's nodes.
			network: Network{NatGateways: NatGatewaysSingle, InterfaceEndpoints: false, FlowLogRetentionDays: 7},
			cluster: Cluster{Version: DefaultKubernetesVersion, LogRetentionDays: 7, SupportType: SupportStandard},
			nodePools: []NodePool{{
				Name: "general", InstanceTypes: []string{"t3.large"}, CapacityType: OnDemand,
				MinSize: 1, MaxSize: 3, DesiredSize: 2, MaxUnavailable: 1, DiskSizeGiB: 50, AmiFamily: AmiFamilyAL2023,
				Labels: map[string]string{"workload": "general"},
			}},
		}
	}
}

// Defaults for what a stack's node pool leaves out.
const (
	defaultPoolDiskSizeGiB    = 50
	defaultPoolMaxUnavailable = 1
)
