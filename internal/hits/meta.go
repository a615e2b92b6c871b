// Package hits holds what both stores' searches do in memory once the
// index has given the matching documents: filters, facets, date order and
// the top of a ranking over the documents' metadata, and a cache of
// recent match lists.
package hits

import (
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/chancery-frus/chancery"
)

// Meta holds, for every stored document, what search filters, facets
// and date order need, indexed by documents.rowid: matching documents are
// filtered and counted in memory, without a join per hit. It is rebuilt
// when the corpus changes.
type Meta struct {
	volumes  []string // volume ids; vol[] indexes this
	types    []string // document types; typ[] indexes this
	vol      []int32  // -1 where no document has the rowid
	typ      []uint8
	year     []int16
	dmin     []int64 // unix seconds; undated documents hold noDate
	dmax     []int64
	persons  []string // person names; personsOf indexes this
	personAt []int32  // personsOf for rowid r: persons[personAt[r]:personAt[r+1]]
	personIx []int32  // concatenated person indexes
	titles   map[string]string
	// Set while loading:
	volIx  map[string]int32
	typIx  map[string]uint8
	nameIx map[string]int32
	last   int64
}

const noDate = int64(1) << 62

// NewMeta returns metadata for documents with rowids up to maxRow, none
// set yet.
func NewMeta(maxRow int64) *Meta {
	n := int(maxRow) + 1
	m := &Meta{titles: map[string]string{}, volIx: map[string]int32{}, typIx: map[string]uint8{}, nameIx: map[string]int32{}, last: -1}
	m.vol = make([]int32, n)
	for i := range m.vol {
		m.vol[i] = -1
	}
	m.typ = make([]uint8, n)
	m.year = make([]int16, n)
	m.dmin = make([]int64, n)
	m.dmax = make([]int64, n)
	m.personAt = make([]int32, n+1)
	return m
}

// SetDocument records a document's volume, type, year and dates.
func (m *Meta) SetDocument(row int64, vol, typ string, year int, date *chancery.Interval) {
	if row < 0 || row >= int64(len(m.vol)) {
		return
	}
	vi, ok := m.volIx[vol]
	if !ok {
		vi = int32(len(m.volumes))
		m.volIx[vol] = vi
		m.volumes = append(m.volumes, vol)
	}
	ti, ok := m.typIx[typ]
	if !ok {
		ti = uint8(len(m.types))
		m.typIx[typ] = ti
		m.types = append(m.types, typ)
	}
	m.vol[row], m.typ[row], m.year[row] = vi, ti, int16(year)
	m.dmin[row], m.dmax[row] = noDate, noDate
	if date != nil {
		m.dmin[row], m.dmax[row] = date.Min.Unix(), date.Max.Unix()
	}
}

// AddPerson records a person mentioned in a document; calls come in
// ascending rowid order.
func (m *Meta) AddPerson(row int64, name string) {
	n := int64(len(m.vol))
	if row < m.last || row >= n {
		return
	}
	ix, ok := m.nameIx[name]
	if !ok {
		ix = int32(len(m.persons))
		m.nameIx[name] = ix
		m.persons = append(m.persons, name)
	}
	for r := m.last + 1; r <= row; r++ {
		m.personAt[r] = int32(len(m.personIx))
	}
	m.last = row
	m.personIx = append(m.personIx, ix)
}

// SetVolumeTitle records a volume's title.
func (m *Meta) SetVolumeTitle(id, title string) { m.titles[id] = title }

// VolumeTitle returns a volume's title.
func (m *Meta) VolumeTitle(id string) string { return m.titles[id] }

// Done finishes the metadata once every document and person is set.
func (m *Meta) Done() *Meta {
	for r := m.last + 1; r <= int64(len(m.vol)); r++ {
		m.personAt[r] = int32(len(m.personIx))
	}
	m.last = int64(len(m.vol))
	m.volIx, m.typIx, m.nameIx = nil, nil, nil
	return m
}

// Exists reports whether a document has the rowid.
func (m *Meta) Exists(row int64) bool {
	return row > 0 && row < int64(len(m.vol)) && m.vol[row] >= 0
}

// Date returns a document's date, or nil.
func (m *Meta) Date(row int64) *chancery.Interval {
	if !m.Exists(row) || m.dmin[row] == noDate {
		return nil
	}
	return &chancery.Interval{Min: time.Unix(m.dmin[row], 0).UTC(), Max: time.Unix(m.dmax[row], 0).UTC()}
}

// Unfiltered reports whether a request has no filters.
func Unfiltered(req *chancery.SearchRequest) bool {
	return len(req.Volumes) == 0 && len(req.Types) == 0 && req.Kind == "" && req.From.IsZero() && req.To.IsZero()
}

// Ranked reports whether a request's hits come by relevance: it has words
// and asks for no date order. A search without words has no relevance and
// lists its documents oldest first unless it asks for newest first.
func Ranked(req *chancery.SearchRequest) bool {
	return !req.Query.Empty() && (req.Sort == "" || req.Sort == chancery.SortRelevance)
}

// Browse returns, in rowid order, every document the metadata knows that a
// request's filters keep: what a search without words finds.
func (m *Meta) Browse(req *chancery.SearchRequest) []Scored {
	keep := m.Filter(req)
	var out []Scored
	for row := range int64(len(m.vol)) {
		if keep(row) {
			out = append(out, Scored{Row: row})
		}
	}
	return out
}

// Keep returns the matches a request's filters keep, dropping those of
// documents the metadata does not know (stored after it was read): all
// itself when nothing is dropped, else a new list.
func (m *Meta) Keep(all []Scored, req *chancery.SearchRequest) []Scored {
	if Unfiltered(req) && !slices.ContainsFunc(all, func(h Scored) bool { return !m.Exists(h.Row) }) {
		return all
	}
	keep := m.Filter(req)
	out := make([]Scored, 0, len(all))
	for _, h := range all {
		if keep(h.Row) {
			out = append(out, h)
		}
	}
	return out
}

// Filter returns the test a matching document must pass.
func (m *Meta) Filter(req *chancery.SearchRequest) func(row int64) bool {
	var vols []bool
	if len(req.Volumes) > 0 {
		vols = make([]bool, len(m.volumes))
		for _, want := range req.Volumes {
			for i, v := range m.volumes {
				if v == want {
					vols[i] = true
				}
			}
		}
	}
	var types []bool
	if len(req.Types) > 0 || req.Kind != "" {
		types = make([]bool, len(m.types))
		for i, t := range m.types {
			ok := len(req.Types) == 0
			for _, want := range req.Types {
				ok = ok || t == want
			}
			switch req.Kind {
			case chancery.KindEditorial:
				ok = ok && t == chancery.TypeEditorialNote
			case chancery.KindHistorical:
				ok = ok && t != chancery.TypeEditorialNote
			}
			types[i] = ok
		}
	}
	dated := !req.From.IsZero() || !req.To.IsZero()
	from, to := int64(-1<<62), int64(1<<62)-1
	if !req.From.IsZero() {
		from = req.From.Unix()
	}
	if !req.To.IsZero() {
		to = req.To.Unix()
	}
	return func(row int64) bool {
		if row <= 0 || row >= int64(len(m.vol)) || m.vol[row] < 0 {
			return false
		}
		if vols != nil && !vols[m.vol[row]] {
			return false
		}
		if types != nil && !types[m.typ[row]] {
			return false
		}
		if dated && (m.dmin[row] == noDate || m.dmin[row] < from || m.dmax[row] > to) {
			return false
		}
		return true
	}
}

// Before orders two documents by date, undated last.
func (m *Meta) Before(a, b int64, desc bool) bool {
	if m.dmin[a] != m.dmin[b] {
		if m.dmin[a] == noDate || m.dmin[b] == noDate {
			return m.dmin[b] == noDate
		}
		return (m.dmin[a] < m.dmin[b]) != desc
	}
	if m.dmax[a] != m.dmax[b] {
		return (m.dmax[a] < m.dmax[b]) != desc
	}
	return m.Tie(a, b)
}

// Tie orders two documents that rank or date alike: by volume id, then
// in their volume's order. Every store numbers a volume's documents in
// order, but the volumes' numbers depend on the order they were stored
// in, so this order, unlike the rowids', is the same in every store.
func (m *Meta) Tie(a, b int64) bool {
	if va, vb := m.vol[a], m.vol[b]; va != vb && va >= 0 && vb >= 0 {
		return m.volumes[va] < m.volumes[vb]
	}
	return a < b
}

// Facets counts the hits by volume, year, decade, type and person.
func (m *Meta) Facets(hits []Scored) *chancery.Facets {
	vols := make([]int, len(m.volumes))
	types := make([]int, len(m.types))
	var years [maxFacetYear - minFacetYear + 1]int
	persons := make([]int32, len(m.persons))
	for _, h := range hits {
		r := h.Row
		vols[m.vol[r]]++
		types[m.typ[r]]++
		if y := int(m.year[r]); y >= minFacetYear && y <= maxFacetYear {
			years[y-minFacetYear]++
		}
		for _, p := range m.personIx[m.personAt[r]:m.personAt[r+1]] {
			persons[p]++
		}
	}
	f := &chancery.Facets{Volumes: []chancery.FacetCount{}, Types: []chancery.FacetCount{}, Persons: []chancery.FacetCount{},
		Years: []chancery.FacetCount{}, Decades: []chancery.FacetCount{}}
	for i, n := range vols {
		if n > 0 {
			f.Volumes = append(f.Volumes, chancery.FacetCount{Value: m.volumes[i], Label: m.titles[m.volumes[i]], Count: n})
		}
	}
	for i, n := range types {
		if n > 0 {
			f.Types = append(f.Types, chancery.FacetCount{Value: m.types[i], Label: chancery.TypeLabel(m.types[i]), Count: n})
		}
	}
	for i, n := range years {
		if n == 0 {
			continue
		}
		y := i + minFacetYear
		f.Years = append(f.Years, chancery.FacetCount{Value: strconv.Itoa(y), Count: n})
		decade := strconv.Itoa(y/10*10) + "s"
		if k := len(f.Decades); k > 0 && f.Decades[k-1].Value == decade {
			f.Decades[k-1].Count += n
		} else {
			f.Decades = append(f.Decades, chancery.FacetCount{Value: decade, Count: n})
		}
	}
	sortByCount(f.Volumes)
	sortByCount(f.Types)
	// The ten persons mentioned in the most hits.
	for p, n := range persons {
		if n == 0 {
			continue
		}
		fc := chancery.FacetCount{Value: m.persons[p], Count: int(n)}
		if len(f.Persons) == 10 {
			last := f.Persons[9]
			if fc.Count < last.Count || fc.Count == last.Count && fc.Value > last.Value {
				continue
			}
			f.Persons = f.Persons[:9]
		}
		f.Persons = append(f.Persons, fc)
		sortByCount(f.Persons)
	}
	return f
}

// The years the year facet counts; dates outside are reported as
// impossible at ingest.
const (
	minFacetYear = 1750
	maxFacetYear = 2100
)

func sortByCount(cs []chancery.FacetCount) {
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].Count != cs[j].Count {
			return cs[i].Count > cs[j].Count
		}
		return cs[i].Value < cs[j].Value
	})
}
