package engine

import (
	"encoding/binary"
	"math"
	"math/bits"
	"slices"
	"sort"

	"github.com/chancery-frus/chancery/internal/hits"
	"github.com/chancery-frus/chancery/query"
)

// BM25's parameters, as SQLite's FTS5 uses them.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// Title bonuses, added to BM25 scores as the SQLite store does: a document
// whose title is the query comes first, one whose title holds the query
// as a phrase next.
const (
	exactTitleBonus  = 2000
	phraseTitleBonus = 1000
)

// Stats holds what ranking needs of every document, by rowid: its length
// in words and its title's, as IndexDocument counted them, and the
// corpus's number of documents and average length.
type Stats struct {
	length     []int32
	titleWords []int16
	docs       int
	total      int64
	avg        float64
}

// NewStats returns the statistics of documents with rowids up to maxRow,
// none set yet.
func NewStats(maxRow int64) *Stats {
	return &Stats{length: make([]int32, maxRow+1), titleWords: make([]int16, maxRow+1)}
}

// Set records a document's length in words and its title's (Document's
// Length and TitleWords), once per document.
func (s *Stats) Set(row int64, words, titleWords int32) {
	if row < 0 || row >= int64(len(s.length)) {
		return
	}
	s.length[row], s.titleWords[row] = words, int16(min(titleWords, 1<<15-1))
	s.docs++
	s.total += int64(words)
}

// Done finishes the statistics once every document is set.
func (s *Stats) Done() *Stats {
	s.avg = 1
	if s.docs > 0 && s.total > 0 {
		s.avg = float64(s.total) / float64(s.docs)
	}
	return s
}

// scorer computes BM25 over the corpus's documents.
type scorer struct {
	m *Stats
}

func (s *scorer) idf(n int) float64 {
	N := float64(s.m.docs)
	idf := math.Log((N - float64(n) + 0.5) / (float64(n) + 0.5))
	if idf <= 0 {
		idf = 1e-6
	}
	return idf
}

// score turns weighted term frequencies into BM25 scores in place.
func (s *scorer) score(ms []hits.Scored) {
	idf := s.idf(len(ms))
	for i := range ms {
		tf := ms[i].Score
		dl := float64(s.m.length[ms[i].Row])
		ms[i].Score = idf * tf * (bm25K1 + 1) / (tf + bm25K1*(1-bm25B+bm25B*dl/s.m.avg))
	}
}

// evaluator evaluates a plan over the postings read.
type evaluator struct {
	p        *Plan
	postings Lists // by word, in rowid order
	s        *scorer
}

// Match returns every document matching a plan, in rowid order, with
// BM25 scores and title bonuses, given the postings of the plan's words
// (which it may reorder and cut) and the documents' statistics s.
func Match(p *Plan, postings Lists, s *Stats) []hits.Scored {
	ev := newEvaluator(p, postings, s)
	ms := ev.eval(p.expr)
	ev.titleBonus(ms)
	return ms
}

// newEvaluator evaluates a plan over postings, ranking with the
// documents' statistics m. Postings of documents stored after m was read,
// by an ingest that committed meanwhile, are cut off where their rowids
// pass m's arrays (a binary search a word); any with lower rowids are
// dropped with the other unknown documents by hits.Meta.Keep. A search
// answers for the generation its metadata is of.
func newEvaluator(p *Plan, postings Lists, m *Stats) *evaluator {
	known := int64(len(m.length))
	for _, ps := range postings {
		ps.sort()
		ps.docs = ps.docs[:sort.Search(len(ps.docs), func(i int) bool { return ps.docs[i].row >= known })]
	}
	return &evaluator{p: p, postings: postings, s: &scorer{m: m}}
}

// eval returns the documents matching e, in rowid order, with scores.
func (ev *evaluator) eval(e query.Expr) []hits.Scored {
	switch x := e.(type) {
	case *query.And:
		var out []hits.Scored
		first := true
		var nots [][]hits.Scored
		for _, sub := range x.Exprs {
			if n, ok := sub.(*query.Not); ok {
				nots = append(nots, ev.eval(n.X))
				continue
			}
			m := ev.eval(sub)
			if first {
				out, first = m, false
			} else {
				out = intersect(out, m)
			}
		}
		for _, n := range nots {
			out = subtract(out, n)
		}
		return out
	case *query.Or:
		var out []hits.Scored
		for _, sub := range x.Exprs {
			out = union(out, ev.eval(sub))
		}
		return out
	case *query.Not:
		return nil // the parser puts NOT only inside an AND
	case *query.Term:
		return ev.term(ev.p.leaves[e])
	case *query.Phrase:
		out := ev.phrase(ev.p.leaves[e])
		ev.s.score(out)
		return out
	}
	return nil // NewPlan refuses any other node
}

// term matches any of a leaf's words in its fields, with BM25 scores:
// each word is scored on its own (its frequency, its number of
// documents) and a document's scores added, as SQLite's FTS5 scores the
// words a term stands for.
func (ev *evaluator) term(l *leaf) []hits.Scored {
	var lists []*plist
	total := 0
	for _, w := range l.words {
		if ps := ev.postings[w]; ps != nil && ps.len() > 0 {
			lists = append(lists, ps)
			total += ps.len()
		}
	}
	if len(lists) == 1 {
		return ev.scoreTerm(lists[0], l.fields, nil)
	}
	if len(lists) <= 8 && total < len(ev.s.m.length)/8 {
		var out []hits.Scored
		for _, ps := range lists {
			out = union(out, ev.scoreTerm(ps, l.fields, nil))
		}
		return out
	}
	// Many words, or long lists: add the scores up by rowid, in the
	// words' order (as union does, so that the sums are the same).
	acc := make([]float64, len(ev.s.m.length))
	var buf []hits.Scored
	n := 0
	for _, ps := range lists {
		buf = ev.scoreTerm(ps, l.fields, buf[:0])
		for _, m := range buf {
			if acc[m.Row] == 0 {
				n++
			}
			acc[m.Row] += m.Score
		}
	}
	out := make([]hits.Scored, 0, n)
	for row, score := range acc {
		if score > 0 {
			out = append(out, hits.Scored{Row: int64(row), Score: score})
		}
	}
	return out
}

// scoreTerm appends to buf the documents of a word's postings that hold
// it in fields, with their BM25 scores.
func (ev *evaluator) scoreTerm(ps *plist, fields uint8, buf []hits.Scored) []hits.Scored {
	weigh := func(lo, hi int, out []hits.Scored) []hits.Scored {
		for i := lo; i < hi; i++ {
			if tf := weighted(ps.raw(i), fields); tf > 0 {
				out = append(out, hits.Scored{Row: ps.docs[i].row, Score: tf})
			}
		}
		return out
	}
	if n := ps.len(); n < halvesFrom {
		buf = weigh(0, n, slices.Grow(buf[:0], n))
	} else {
		buf = append(buf[:0], inHalves(n, func(lo, hi int) []hits.Scored { return weigh(lo, hi, make([]hits.Scored, 0, hi-lo)) })...)
	}
	ev.s.score(buf)
	return buf
}

// weighted sums the field weights of the positions in fields.
func weighted(raw []byte, fields uint8) float64 {
	weights := fieldWeights()
	tf := 0.0
	var x uint64
	for len(raw) > 0 {
		d, k := binary.Uvarint(raw)
		if k <= 0 {
			break
		}
		raw = raw[k:]
		x += d
		if f := x & fieldMask; fields&(1<<f) != 0 && f < numFields {
			tf += weights[f]
		}
	}
	return tf
}

// positions decodes a posting's positions into buf.
func positions(raw []byte, buf []uint32) []uint32 {
	buf = buf[:0]
	var x uint64
	for len(raw) > 0 {
		d, k := binary.Uvarint(raw)
		if k <= 0 {
			break
		}
		raw = raw[k:]
		x += d
		buf = append(buf, uint32(x))
	}
	return buf
}

// phrase matches a leaf's words in sequence, or within slop words of each
// other in any order; Score holds the weighted number of occurrences.
func (ev *evaluator) phrase(l *leaf) []hits.Scored {
	ph := &phraseMatch{l: l, lists: make([]*plist, len(l.phrase)), offs: make([]uint32, len(l.phrase))}
	for i, u := range l.phrase {
		ph.lists[i] = ev.postings[u.word]
		if ph.lists[i] == nil || ph.lists[i].len() == 0 {
			return nil
		}
		ph.offs[i] = uint32(u.at) << fieldBits // each unit's offset, as positions count it
	}
	// Walk the shortest list; find each of its rowids in the others.
	for i := range ph.lists {
		if ph.lists[i].len() < ph.lists[ph.short].len() {
			ph.short = i
		}
	}
	// A phrase's other units are checked from the rarest to the most
	// frequent, which is decoded only as far as needed.
	for i := range ph.lists {
		if i != ph.short {
			ph.order = append(ph.order, i)
		}
	}
	sort.Slice(ph.order, func(a, b int) bool { return ph.lists[ph.order[a]].len() < ph.lists[ph.order[b]].len() })
	return inHalves(ph.lists[ph.short].len(), ph.match)
}

// phraseMatch is a phrase being matched: its units' lists and offsets,
// the shortest list, and the order the others are checked in.
type phraseMatch struct {
	l     *leaf
	lists []*plist
	offs  []uint32
	short int
	order []int
}

// match matches the phrase in the documents lo to hi of the shortest
// list, with buffers of its own.
func (ph *phraseMatch) match(lo, hi int) []hits.Scored {
	k := len(ph.lists)
	var out []hits.Scored
	var buf []uint32
	pos := make([][]uint32, k)
	idx := make([]int, k)
	raws := make([][]byte, k)
	short := ph.lists[ph.short]
next:
	for di := lo; di < hi; di++ {
		row := short.docs[di].row
		if ph.l.slop == 0 {
			// Where the phrase could start, by the rarest unit: most
			// documents are ruled out here, before the others are looked up.
			if buf = starts(short.raw(di), ph.offs[ph.short], ph.l.fields, buf); len(buf) == 0 {
				continue
			}
		}
		for i, ps := range ph.lists {
			j := seek(ps.docs, idx[i], row)
			idx[i] = j
			if j == len(ps.docs) {
				return out
			}
			if ps.docs[j].row != row {
				continue next
			}
			raws[i] = ps.raw(j)
		}
		var tf float64
		if ph.l.slop == 0 {
			tf, buf = follow(raws, buf, ph.order, ph.offs)
		} else {
			for i := range raws {
				pos[i] = positions(raws[i], pos[i])
			}
			tf = near(pos, ph.l.slop, ph.l.fields)
		}
		if tf > 0 {
			out = append(out, hits.Scored{Row: row, Score: tf})
		}
	}
	return out
}

// halvesFrom is the length from which a list is matched in two halves at
// once, on two cores: below it, starting a goroutine costs more than the
// half saves.
const halvesFrom = 1 << 15

// inHalves returns match(0, n), computed as match(0, n/2) and match(n/2,
// n) at once when n is long: the matches of a list in rowid order, which
// the halves' keep.
func inHalves(n int, match func(lo, hi int) []hits.Scored) []hits.Scored {
	if n < halvesFrom {
		return match(0, n)
	}
	var second []hits.Scored
	done := make(chan struct{})
	go func() {
		defer close(done)
		second = match(n/2, n)
	}()
	first := match(0, n/2)
	<-done
	return append(first, second...)
}

// seek returns the index of the first of docs, from i on, whose row is
// row or more: galloping ahead from i, then a binary search in the last
// step, so that lists of similar length intersect in about one step a
// document and a short list meets a long one in a few.
func seek(docs []pdoc, i int, row int64) int {
	if i >= len(docs) || docs[i].row >= row {
		return i
	}
	lo, step := i, 1 // docs[lo].row < row
	for lo+step < len(docs) && docs[lo+step].row < row {
		lo += step
		step *= 2
	}
	hi := min(lo+step, len(docs)) // docs[hi].row >= row, or the end
	return lo + 1 + sort.Search(hi-lo-1, func(n int) bool { return docs[lo+1+n].row >= row })
}

// sequence counts, weighted by field, the places where words follow one
// another, given each word's encoded positions in a document: from the
// positions of word anchor, where the sequence would start; then, for
// each other word in order, the starts it continues. buf is reused.
func sequence(raws [][]byte, anchor int, order []int, fields uint8, buf []uint32) (float64, []uint32) {
	offs := make([]uint32, len(raws))
	for i := range offs {
		offs[i] = uint32(i) << fieldBits
	}
	return follow(raws, starts(raws[anchor], offs[anchor], fields, buf), order, offs)
}

// starts returns where a sequence would start, in fields, given the
// encoded positions raw of its unit at offset off.
func starts(raw []byte, off uint32, fields uint8, buf []uint32) []uint32 {
	last := uint64(bits.Len8(fields) - 1) // fields come in order: none after this one matters
	out := buf[:0]
	var x uint64
	for len(raw) > 0 {
		d, k := binary.Uvarint(raw)
		if k <= 0 {
			break
		}
		raw = raw[k:]
		x += d
		f := x & fieldMask
		if f > last {
			break
		}
		if fields&(1<<f) != 0 && f < numFields && uint32(x) >= off {
			out = append(out, uint32(x)-off)
		}
	}
	return out
}

// follow keeps the starts continued by each unit of order in turn, at
// its offset offs[i], and sums their field weights.
func follow(raws [][]byte, starts []uint32, order []int, offs []uint32) (float64, []uint32) {
	for _, i := range order {
		if len(starts) == 0 {
			break
		}
		starts = followed(raws[i], starts, offs[i])
	}
	weights := fieldWeights()
	tf := 0.0
	for _, s := range starts {
		tf += weights[s&fieldMask]
	}
	return tf, starts
}

// followed keeps the starts s (ascending) for which raw holds position
// s+off, decoding raw no further than the last start needs.
func followed(raw []byte, starts []uint32, off uint32) []uint32 {
	kept := starts[:0]
	var x uint64
	have := false
	for _, s := range starts {
		want := uint64(s) + uint64(off)
		for !have || x < want {
			if len(raw) == 0 {
				return kept
			}
			if b := raw[0]; b < 0x80 {
				x += uint64(b)
				raw = raw[1:]
			} else {
				d, k := binary.Uvarint(raw)
				if k <= 0 {
					return kept
				}
				raw = raw[k:]
				x += d
			}
			have = true
		}
		if x == want {
			kept = append(kept, s)
		}
	}
	return kept
}

// near counts, weighted by field, the smallest spans holding every word
// with at most slop words between the first and the last.
func near(pos [][]uint32, slop int, fields uint8) float64 {
	type occ struct {
		x    uint32
		word int
	}
	var all []occ
	for i, ps := range pos {
		for _, x := range ps {
			if f := x & fieldMask; fields&(1<<f) != 0 && f < numFields {
				all = append(all, occ{x, i})
			}
		}
	}
	sort.Slice(all, func(a, b int) bool { return all[a].x < all[b].x })
	k := len(pos)
	count := make([]int, k)
	have, lo := 0, 0
	weights := fieldWeights()
	tf := 0.0
	for hi := range all {
		if count[all[hi].word] == 0 {
			have++
		}
		count[all[hi].word]++
		if have < k {
			continue
		}
		// The smallest span ending here: drop words that recur in it.
		for count[all[lo].word] > 1 {
			count[all[lo].word]--
			lo++
		}
		// As SQLite's NEAR: at most slop words between the first and the
		// last, the other words of the group counted among them.
		between := int(all[hi].x>>fieldBits) - int(all[lo].x>>fieldBits) - 1
		if between <= slop {
			tf += weights[all[lo].x&fieldMask]
		}
	}
	return tf
}

// titleBonus adds the title bonuses to the matches of a plain query.
func (ev *evaluator) titleBonus(ms []hits.Scored) {
	if ev.p.title == nil {
		return
	}
	in := ev.phrase(ev.p.title)
	j := 0
	for _, t := range in {
		for j < len(ms) && ms[j].Row < t.Row {
			j++
		}
		if j == len(ms) {
			return
		}
		if ms[j].Row != t.Row {
			continue
		}
		bonus := float64(phraseTitleBonus)
		if int(ev.s.m.titleWords[t.Row]) == ev.p.titleN {
			bonus = exactTitleBonus // the title holds the words and no others
		}
		ms[j].Score += bonus
	}
}

// intersect keeps the rows in both lists, adding their scores.
func intersect(a, b []hits.Scored) []hits.Scored {
	var out []hits.Scored
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].Row < b[j].Row:
			i++
		case a[i].Row > b[j].Row:
			j++
		default:
			out = append(out, hits.Scored{Row: a[i].Row, Score: a[i].Score + b[j].Score})
			i++
			j++
		}
	}
	return out
}

// union keeps the rows in either list, adding the scores of those in both.
func union(a, b []hits.Scored) []hits.Scored {
	if len(a) == 0 {
		return b
	}
	if len(b) == 0 {
		return a
	}
	out := make([]hits.Scored, 0, max(len(a), len(b)))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || i < len(a) && a[i].Row < b[j].Row:
			out = append(out, a[i])
			i++
		case i == len(a) || b[j].Row < a[i].Row:
			out = append(out, b[j])
			j++
		default:
			out = append(out, hits.Scored{Row: a[i].Row, Score: a[i].Score + b[j].Score})
			i++
			j++
		}
	}
	return out
}

// subtract keeps the rows of a that b does not hold.
func subtract(a, b []hits.Scored) []hits.Scored {
	var out []hits.Scored
	j := 0
	for _, x := range a {
		for j < len(b) && b[j].Row < x.Row {
			j++
		}
		if j < len(b) && b[j].Row == x.Row {
			continue
		}
		out = append(out, x)
	}
	return out
}
