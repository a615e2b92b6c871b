package postgres

import (
	"sort"

	"github.com/chancery-frus/chancery"
)

func sortFacets(cs []chancery.FacetCount, byCount bool) {
	sort.Slice(cs, func(i, j int) bool {
		if byCount && cs[i].Count != cs[j].Count {
			return cs[i].Count > cs[j].Count
		}
		return cs[i].Value < cs[j].Value
	})
}
