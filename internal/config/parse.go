package config

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Input is a stack's raw configuration as the engine hands it to the program: namespaced keys
// ("ip-platform:region") to strings, structured values as JSON.
type Input struct {
	Project string
	Stack   string
	Values  map[string]string
}

// Parse validates a stack's raw configuration and returns it typed, with the environment's defaults
// filled in. The error, an *Error, lists every invalid value.
func Parse(in Input) (*Config, error) {
	p := &problems{}
	reportUnknownKeys(p, in.Values)

	cfg := &Config{Project: in.Project, Stack: in.Stack}
	cfg.Environment = parseEnvironment(p, in.Values)
	prof := profileFor(cfg.Environment)

	cfg.Region = requiredString(p, in.Values, "region", "an AWS region name such as eu-west-1")
	cfg.VpcCidr = requiredString(p, in.Values, "vpcCidr", "a private IPv4 block such as 10.20.0.0/16")
	if raw, ok := lookup(in.Values, "availabilityZones"); ok {
		if v, ok := parseJSON(p, key("availabilityZones"), raw); ok {
			readStrings(p, key("availabilityZones"), v, &cfg.AvailabilityZones)
		}
	} else {
		p.add(key("availabilityZones"), "is required: a list of zones in the region, at least %d for %s", prof.minAvailabilityZones, cfg.Environment)
	}

	cfg.Network = parseNetwork(p, in.Values, prof.network)
	cfg.Cluster = parseCluster(p, in.Values, prof.cluster)
	cfg.NodePools = parseNodePools(p, in.Values, prof.nodePools)
	parseData(p, in.Values, cfg)
	cfg.Observability = parseObservability(p, in.Values, cfg.Environment)
	parseServices(p, in.Values, cfg)
	parseGatewayLayer(p, in.Values, cfg)
	parseAccess(p, in.Values, cfg)
	cfg.Security = parseSecurity(p, in.Values, cfg.Environment)
	cfg.Mesh = parseMesh(p, in.Values, cfg.Environment)
	parseAPITests(p, in.Values, cfg)
	cfg.Charts = parseCharts(p, in.Values)
	cfg.ExistingCluster = parseExistingCluster(p, in.Values)
	cfg.Budget = parseBudget(p, in.Values)

	validate(p, cfg, prof)
	if err := p.err(); err != nil {
		return nil, err
	}
	pinAddons(cfg)
	return cfg, nil
}

// key returns the namespaced form of a key name.
func key(name string) string { return Namespace + ":" + name }

func lookup(values map[string]string, name string) (string, bool) {
	v, ok := values[key(name)]
	return v, ok
}

func reportUnknownKeys(p *problems, values map[string]string) {
	var unknown []string
	for k := range values {
		name, ours := strings.CutPrefix(k, Namespace+":")
		if ours && !isKnownTopLevel(name) {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		p.add(k, "is not a known key; allowed: %s", strings.Join(topLevelNames(), ", "))
	}
}

func parseEnvironment(p *problems, values map[string]string) Environment {
	raw, ok := lookup(values, "environment")
	env := Environment(raw)
	switch {
	case !ok:
		p.add(key("environment"), "is required: one of %s", environmentList())
	case !slices.Contains(Environments, env):
		p.add(key("environment"), "must be one of %s, got %q", environmentList(), raw)
	default:
		return env
	}
	return Dev // keep checking the rest against the most lenient profile
}

func environmentList() string {
	names := make([]string, len(Environments))
	for i, e := range Environments {
		names[i] = string(e)
	}
	return strings.Join(names, ", ")
}

func requiredString(p *problems, values map[string]string, name, what string) string {
	raw, ok := lookup(values, name)
	if !ok || raw == "" {
		p.add(key(name), "is required: %s", what)
	}
	return raw
}

// structured returns the object at a namespace key, or nil when the stack left it unset.
func structured(p *problems, values map[string]string, name string) *object {
	raw, ok := lookup(values, name)
	if !ok || raw == "" {
		return nil
	}
	v, ok := parseJSON(p, key(name), raw)
	if !ok {
		return nil
	}
	return asObject(p, key(name), v)
}

func parseNetwork(p *problems, values map[string]string, defaults Network) Network {
	n := defaults
	if o := structured(p, values, "network"); o != nil {
		o.string("natGateways", &n.NatGateways)
		o.bool("interfaceEndpoints", &n.InterfaceEndpoints)
		o.int("flowLogRetentionDays", &n.FlowLogRetentionDays)
		o.done()
	}
	return n
}

func parseCluster(p *problems, values map[string]string, defaults Cluster) Cluster {
	c := defaults
	if o := structured(p, values, "cluster"); o != nil {
		o.string("version", &c.Version)
		o.bool("endpointPublicAccess", &c.EndpointPublicAccess)
		o.strings("publicAccessCidrs", &c.PublicAccessCidrs)
		o.string("adminRoleArn", &c.AdminRoleArn)
		o.int("logRetentionDays", &c.LogRetentionDays)
		o.stringMap("addonVersions", &c.AddonVersions)
		o.object("upgradePolicy", func(u *object) { u.string("supportType", &c.SupportType) })
		o.done()
	}
	return c
}

func parseNodePools(p *problems, values map[string]string, defaults []NodePool) []NodePool {
	raw, ok := lookup(values, "nodePools")
	if !ok || raw == "" {
		return defaults
	}
	v, ok := parseJSON(p, key("nodePools"), raw)
	if !ok {
		return nil
	}
	if list, isList := v.([]any); isList && len(list) == 0 {
		return defaults // Pulumi.yaml declares [] as the default: "use the profile's pools"
	}
	var pools []NodePool
	readObjects(p, key("nodePools"), v, func(o *object) {
		pool := NodePool{CapacityType: OnDemand, MaxUnavailable: defaultPoolMaxUnavailable, DiskSizeGiB: defaultPoolDiskSizeGiB, AmiFamily: AmiFamilyAL2023, DesiredSize: -1}
		o.string("name", &pool.Name)
		o.strings("instanceTypes", &pool.InstanceTypes)
		o.string("capacityType", &pool.CapacityType)
		requiredInt(o, "minSize", &pool.MinSize)
		requiredInt(o, "maxSize", &pool.MaxSize)
		o.int("desiredSize", &pool.DesiredSize)
		o.int("maxUnavailable", &pool.MaxUnavailable)
		o.int("diskSizeGiB", &pool.DiskSizeGiB)
		o.string("amiFamily", &pool.AmiFamily)
		o.stringMap("labels", &pool.Labels)
		o.objects("taints", func(t *object) {
			var taint Taint
			t.string("key", &taint.Key)
			t.string("value", &taint.Value)
			t.string("effect", &taint.Effect)
			pool.Taints = append(pool.Taints, taint)
		})
		if pool.DesiredSize == -1 {
			pool.DesiredSize = pool.MinSize
		}
		pools = append(pools, pool)
	})
	return pools
}

func requiredInt(o *object, name string, dst *int) {
	if _, set := o.fields[name]; !set {
		o.read = append(o.read, name)
		o.p.add(o.child(name), "is required: a whole number")
		return
	}
	o.int(name, dst)
}

// poolPath is the key path of a node pool field, as the decoder names it.
func poolPath(i int, field string) string {
	return fmt.Sprintf("%s[%d].%s", key("nodePools"), i, field)
}
