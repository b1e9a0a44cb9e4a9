package cost

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Item is one priced line: a dimension of one resource for a month.
type Item struct {
	URN       string  `json:"urn"`
	Type      string  `json:"type"`
	Name      string  `json:"name"`
	Component string  `json:"component"`
	Dimension string  `json:"dimension"`
	Quantity  float64 `json:"quantity"`
	Unit      string  `json:"unit"`
	UnitUSD   float64 `json:"unitUsd"`
	Monthly   float64 `json:"monthlyUsd"`
	Note      string  `json:"note,omitempty"`
}

// Unpriced is a resource, or a dimension of one, that AWS bills for and the estimate leaves out,
// with the reason: it is listed, never counted as zero.
type Unpriced struct {
	URN       string `json:"urn"`
	Type      string `json:"type"`
	Name      string `json:"name"`
	Component string `json:"component"`
	Reason    string `json:"reason"`
}

// FreeType is a resource type AWS does not bill for by itself, with how many the stack has.
type FreeType struct {
	Type   string `json:"type"`
	Count  int    `json:"count"`
	Reason string `json:"reason"`
}

// Estimate is a stack's monthly cost.
type Estimate struct {
	Stack         string       `json:"stack"`
	Region        string       `json:"region"`
	HoursPerMonth float64      `json:"hoursPerMonth"`
	PricesRead    string       `json:"pricesRead"`
	TotalUSD      float64      `json:"totalUsd"`
	Items         []Item       `json:"items"`
	NotPriced     []Unpriced   `json:"notPriced"`
	Free          []FreeType   `json:"free"`
	Assumptions   []Assumption `json:"assumptions"`
	Prices        []Price      `json:"prices"`
}

// StackComponent is what resources without a component ancestor are attributed to.
const StackComponent = "(stack)"

// Compute prices every resource of a stack in region. Resources of a region other than the price
// table's are priced anyway and say so, since the stacks' DR copies live in a second region.
func Compute(resources []Resource, stack, region string, prices *Prices, assume Assumptions) *Estimate {
	c := newPricing(resources, prices, assume)
	est := &Estimate{Stack: stack, Region: region, HoursPerMonth: HoursPerMonth, PricesRead: prices.Read,
		Assumptions: assume.Sorted(), Items: []Item{}, NotPriced: []Unpriced{}, Free: []FreeType{}}
	if region != prices.Region {
		for _, r := range resources {
			c.unpriced(r, fmt.Sprintf("the price table is for %s, the stack is in %s", prices.Region, region))
		}
	} else {
		c.priceAll()
	}
	est.Items = c.items
	est.NotPriced = c.notPriced
	est.Free = c.freeTypes()
	// Sorted before summing: registration order varies between runs and float sums depend on order.
	sortItems(est.Items)
	used := map[string]bool{}
	for _, it := range est.Items {
		est.TotalUSD += it.Monthly
		used[it.Dimension] = true
	}
	est.TotalUSD = round2(est.TotalUSD)
	for _, p := range prices.Entries {
		if used[p.Key] {
			est.Prices = append(est.Prices, p)
		}
	}
	sort.SliceStable(est.NotPriced, func(i, j int) bool { return est.NotPriced[i].URN < est.NotPriced[j].URN })
	return est
}

func sortItems(items []Item) {
	sort.SliceStable(items, func(i, j int) bool {
		if items[i].Component != items[j].Component {
			return items[i].Component < items[j].Component
		}
		if items[i].URN != items[j].URN {
			return items[i].URN < items[j].URN
		}
		return items[i].Dimension < items[j].Dimension
	})
}

// ComponentCost is the monthly cost of one component (its resources and their children).
type ComponentCost struct {
	Component string  `json:"component"`
	Monthly   float64 `json:"monthlyUsd"`
}

// ByComponent sums the items per component, largest first.
func (e *Estimate) ByComponent() []ComponentCost {
	return sumBy(e.Items, func(it Item) string { return it.Component })
}

// ResourceCost is the monthly cost of one resource over all its dimensions.
type ResourceCost struct {
	Resource string  `json:"resource"`
	Monthly  float64 `json:"monthlyUsd"`
}

// Largest returns the n most expensive resources, each summed over its dimensions.
func (e *Estimate) Largest(n int) []ResourceCost {
	sums := sumBy(e.Items, func(it Item) string { return it.Type + " " + it.Name })
	out := make([]ResourceCost, 0, n)
	for i := 0; i < len(sums) && i < n; i++ {
		out = append(out, ResourceCost{Resource: sums[i].Component, Monthly: sums[i].Monthly})
	}
	return out
}

func sumBy(items []Item, key func(Item) string) []ComponentCost {
	sums := map[string]float64{}
	for _, it := range items {
		sums[key(it)] += it.Monthly
	}
	out := make([]ComponentCost, 0, len(sums))
	for k, v := range sums {
		out = append(out, ComponentCost{Component: k, Monthly: round2(v)})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Monthly != out[j].Monthly {
			return out[i].Monthly > out[j].Monthly
		}
		return out[i].Component < out[j].Component
	})
	return out
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// componentOf returns "type name" of the nearest ancestor that is one of the program's components
// (type ip-platform:...), so a NAT gateway is charged to the network it belongs to.
func componentOf(r Resource, byURN map[string]Resource) string {
	for p, seen := r.Parent, 0; p != "" && seen < 64; seen++ {
		parent, ok := byURN[p]
		if !ok {
			break
		}
		if strings.HasPrefix(parent.Type, componentTypePrefix) {
			return parent.Type + " " + parent.Name
		}
		p = parent.Parent
	}
	if strings.HasPrefix(r.Type, componentTypePrefix) {
		return r.Type + " " + r.Name
	}
	return StackComponent
}

// EstimateStack prices resources of stack in region with the embedded price table and the
// stack's assumptions: what `plan --cost` and the pack's monthly-budget policies both run.
func EstimateStack(resources []Resource, stack, region string) (*Estimate, error) {
	prices, err := LoadPrices()
	if err != nil {
		return nil, err
	}
	assume, err := LoadAssumptions(stack)
	if err != nil {
		return nil, err
	}
	return Compute(resources, stack, region, prices, assume), nil
}
