package cost

import (
	_ "embed"
	"encoding/json"
	"fmt"
)

// HoursPerMonth is the month the estimate is for: AWS's own calculators use 730 hours (365 days x
// 24 h / 12), so hourly prices compare with theirs.
const HoursPerMonth = 730.0

//go:embed prices.json
var pricesJSON []byte

// Price is one priced dimension: what one unit of it costs in one region, where the figure was
// read and when.
type Price struct {
	Key     string  `json:"key"`
	Service string  `json:"service"`
	What    string  `json:"what"`
	Unit    string  `json:"unit"`
	USD     float64 `json:"usd"`
	Source  string  `json:"source"`
	Note    string  `json:"note"`
	Region  string  `json:"region"`
	Read    string  `json:"read"`
}

// Prices is the price table of one region.
type Prices struct {
	Region  string  `json:"region"`
	Read    string  `json:"read"`
	Entries []Price `json:"entries"`
	byKey   map[string]Price
}

// LoadPrices returns the embedded price table, every entry carrying the table's region and date.
func LoadPrices() (*Prices, error) {
	return ParsePrices(pricesJSON)
}

// ParsePrices reads a price table; an entry without a source, a unit or a positive price is
// refused, because an unsourced figure is exactly what the table exists to prevent.
func ParsePrices(raw []byte) (*Prices, error) {
	var p Prices
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, fmt.Errorf("price table: %w", err)
	}
	p.byKey = make(map[string]Price, len(p.Entries))
	for i, e := range p.Entries {
		switch {
		case e.Key == "":
			return nil, fmt.Errorf("price table: entry %d has no key", i)
		case e.Source == "" || e.Unit == "" || e.USD <= 0:
			return nil, fmt.Errorf("price table: %s needs a source, a unit and a positive price", e.Key)
		}
		if _, dup := p.byKey[e.Key]; dup {
			return nil, fmt.Errorf("price table: %s is listed twice", e.Key)
		}
		if e.Region == "" {
			e.Region = p.Region
		}
		if e.Read == "" {
			e.Read = p.Read
		}
		p.Entries[i] = e
		p.byKey[e.Key] = e
	}
	return &p, nil
}

// Lookup returns the price of a dimension key ("ec2.m6i.large").
func (p *Prices) Lookup(key string) (Price, bool) {
	e, ok := p.byKey[key]
	return e, ok
}
