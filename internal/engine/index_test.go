package engine

import (
	"encoding/binary"
	"reflect"
	"sort"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/hits"
	"github.com/chancery-frus/chancery/query"
)

func at(field, pos uint32) uint32 { return pos<<fieldBits | field }

// posting is one document's entry in a word's postings, as written: its
// rowid and the word's positions (field in the low bits), ascending.
type posting struct {
	row int64
	pos []uint32
}

// encodePostings writes postings, as Postings.Encode does, in
// ascending rowid order: for each
// document the rowid's difference from the last, the byte length of its
// positions, then the positions as differences, all as uvarints.
func encodePostings(ps []posting) []byte {
	sort.Slice(ps, func(i, j int) bool { return ps[i].row < ps[j].row })
	var buf, pbuf []byte
	var last int64
	for _, p := range ps {
		pbuf = appendPositions(pbuf[:0], p.pos)
		buf = binary.AppendUvarint(buf, uint64(p.row-last))
		buf = binary.AppendUvarint(buf, uint64(len(pbuf)))
		buf = append(buf, pbuf...)
		last = p.row
	}
	return buf
}

// indexed returns a word's rows and positions from a set of postings, as
// encoded.
func indexed(t *testing.T, vp *Postings, word string, base int64) []posting {
	t.Helper()
	data, docs, first := vp.Encode(word, base)
	var p plist
	if err := decodePostings(data, &p); err != nil {
		t.Fatalf("%s: %v", word, err)
	}
	if len(p.docs) != docs || docs > 0 && p.docs[0].row != first {
		t.Errorf("%s: %d documents from %d; Encode said %d from %d", word, len(p.docs), p.docs[0].row, docs, first)
	}
	var out []posting
	for i, d := range p.docs {
		out = append(out, posting{row: d.row, pos: positions(p.raw(i), nil)})
	}
	return out
}

func TestIndex(t *testing.T) {
	vp := NewPostings()
	d, err := vp.Index(1, chancery.IndexFields{Title: "The Treaty", Text: "The treaty was signed.", Notes: "Treaty series", Persons: "John Hay"})
	if err != nil {
		t.Fatal(err)
	}
	if d.TitleWords != 2 || d.Length != 10 {
		t.Errorf("title words %d, length %d; want 2, 10", d.TitleWords, d.Length)
	}
	if _, err := vp.Index(3, chancery.IndexFields{Title: "Treaty of Ghent", Text: "Khrushchevʼs TREATY"}); err != nil {
		t.Fatal(err)
	}
	if _, err := vp.Index(3, chancery.IndexFields{Title: "again"}); err == nil {
		t.Error("a row indexed twice")
	}
	text := uint32(2 + fieldGap)
	notes := text + 4 + fieldGap
	want := []posting{
		{row: 101, pos: []uint32{at(fieldTitle, 1), at(fieldText, text+1), at(fieldNotes, notes)}},
		{row: 103, pos: []uint32{at(fieldTitle, 0), at(fieldText, 3+fieldGap+2)}}, // Khrushchevʼs: two words,
	}
	if got := indexed(t, vp, "treaty", 100); !reflect.DeepEqual(got, want) {
		t.Errorf("treaty at %v, want %v", got, want)
	}
	if got := indexed(t, vp, "khrushchev", 0); len(got) != 1 || got[0].row != 3 {
		t.Errorf("khrushchev (the modifier apostrophe splits): %v", got)
	}
	if got := indexed(t, vp, "hay", 0); len(got) != 1 || len(got[0].pos) != 1 || got[0].pos[0]&fieldMask != fieldPersons {
		t.Errorf("hay at %v, want one position among the persons", got)
	}
	if got := vp.Words(); !reflect.DeepEqual(got, []string{"ghent", "hay", "john", "khrushchev", "of", "s", "series", "signed", "the", "treaty", "was"}) {
		t.Errorf("words %v", got)
	}
	// The encoding is the reference encoder's.
	again := NewPostings()
	var ps []posting
	for i, f := range testDocs {
		if _, err := again.Index(int64(i+1), f); err != nil {
			t.Fatal(err)
		}
	}
	for _, w := range again.Words() {
		ps = indexed(t, again, w, 7)
		data, _, _ := again.Encode(w, 7)
		if ref := encodePostings(ps); !reflect.DeepEqual(data, ref) {
			t.Errorf("%s: encoded %v, the reference encoder %v", w, data, ref)
		}
	}
}

func TestPostingsRoundTrip(t *testing.T) {
	in := []posting{
		{row: 9, pos: []uint32{at(fieldText, 4100), at(fieldText, 5000)}},
		{row: 3, pos: []uint32{at(fieldTitle, 0)}},
		{row: 1 << 31, pos: []uint32{at(fieldNotes, 1<<28)}},
	}
	var got plist
	if err := decodePostings(encodePostings(in), &got); err != nil {
		t.Fatal(err)
	}
	rows := func(p plist) (out []int64) {
		for _, d := range p.docs {
			out = append(out, d.row)
		}
		return out
	}
	if !reflect.DeepEqual(rows(got), []int64{3, 9, 1 << 31}) {
		t.Fatalf("rows %v", rows(got))
	}
	for i, row := range rows(got) {
		if pos := positions(got.raw(i), nil); !reflect.DeepEqual(pos, in[i].pos) { // encodePostings sorted in
			t.Errorf("document %d: positions %v, want %v", row, pos, in[i].pos)
		}
	}
	if tf := weighted(got.raw(1), 1<<fieldText); tf != 2*fieldWeights()[fieldText] {
		t.Errorf("weighted tf %v", tf)
	}
	// Two volumes' postings whose rowids interleave are put in order.
	two := got
	if err := decodePostings(encodePostings([]posting{{row: 5, pos: []uint32{7}}}), &two); err != nil {
		t.Fatal(err)
	}
	two.sort()
	if !reflect.DeepEqual(rows(two), []int64{3, 5, 9, 1 << 31}) || !reflect.DeepEqual(positions(two.raw(1), nil), []uint32{7}) ||
		!reflect.DeepEqual(positions(two.raw(2), nil), in[1].pos) {
		t.Errorf("sorted: rows %v", rows(two))
	}
	for _, bad := range [][]byte{{0}, {1, 5, 1}, {1, 0}, {0x80}} {
		if err := decodePostings(bad, &plist{}); err == nil {
			t.Errorf("%v decoded", bad)
		}
	}
}

func FuzzDecodePostings(f *testing.F) {
	f.Add(encodePostings([]posting{{row: 2, pos: []uint32{1, 9, 4097}}, {row: 5, pos: []uint32{0}}}))
	f.Add([]byte{1, 1, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		var ps plist
		if err := decodePostings(b, &ps); err != nil {
			return
		}
		for i := range ps.docs {
			if i > 0 && ps.docs[i].row <= ps.docs[i-1].row {
				t.Fatalf("rows out of order: %v", ps.docs)
			}
			weighted(ps.raw(i), 0xff)
			pos := positions(ps.raw(i), nil)
			sequence([][]byte{ps.raw(i), ps.raw(i)}, 1, []int{0}, 0xff, nil)
			near([][]uint32{pos, pos}, 3, 0xff)
		}
	})
}

func TestPhraseMatching(t *testing.T) {
	all := uint8(0xff)
	text := func(ps ...uint32) []uint32 {
		out := make([]uint32, len(ps))
		for i, p := range ps {
			out[i] = at(fieldText, p)
		}
		return out
	}
	for _, c := range []struct {
		name   string
		pos    [][]uint32
		slop   int
		fields uint8
		want   float64
	}{
		{"in sequence", [][]uint32{text(5, 20), text(6, 30)}, 0, all, 1},
		{"twice", [][]uint32{text(5, 20), text(6, 21)}, 0, all, 2},
		{"out of order", [][]uint32{text(6), text(5)}, 0, all, 0},
		{"gap", [][]uint32{text(5), text(7)}, 0, all, 0},
		{"three words", [][]uint32{text(1, 10), text(2, 11), text(3, 13)}, 0, all, 1},
		{"other field", [][]uint32{text(5), text(6)}, 0, 1 << fieldNotes, 0},
		{"title weight", [][]uint32{{at(fieldTitle, 0)}, {at(fieldTitle, 1)}}, 0, all, fieldWeights()[fieldTitle]},
		{"near within", [][]uint32{text(5), text(8)}, 2, all, 1},
		{"near reversed", [][]uint32{text(8), text(5)}, 2, all, 1},
		{"near too far", [][]uint32{text(5), text(9)}, 2, all, 0},
		{"near, three words", [][]uint32{text(5), text(7), text(9)}, 3, all, 1},
		{"near, three words too far", [][]uint32{text(5), text(7), text(9)}, 2, all, 0},
		{"near across fields", [][]uint32{{at(fieldTitle, 1)}, text(fieldGap + 2)}, 10, all, 0},
	} {
		var got float64
		if c.slop == 0 {
			// Anchored on each word in turn, the others in any order.
			raws := make([][]byte, len(c.pos))
			for i, p := range c.pos {
				raws[i] = appendPositions(nil, p)
			}
			for anchor := range c.pos {
				var order []int
				for i := len(c.pos) - 1; i >= 0; i-- {
					if i != anchor {
						order = append(order, i)
					}
				}
				tf, _ := sequence(raws, anchor, order, c.fields, nil)
				if anchor > 0 && tf != got {
					t.Errorf("%s: anchored on word %d, %v; on word 0, %v", c.name, anchor, tf, got)
				}
				got = tf
			}
		} else {
			got = near(c.pos, c.slop, c.fields)
		}
		if got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestMerges(t *testing.T) {
	a := []hits.Scored{{Row: 1, Score: 1}, {Row: 3, Score: 1}, {Row: 5, Score: 1}}
	b := []hits.Scored{{Row: 3, Score: 2}, {Row: 4, Score: 2}}
	rows := func(ms []hits.Scored) (out []int64) {
		for _, m := range ms {
			out = append(out, m.Row)
		}
		return out
	}
	if got := intersect(a, b); !reflect.DeepEqual(rows(got), []int64{3}) || got[0].Score != 3 {
		t.Errorf("intersect = %v", got)
	}
	if got := union(a, b); !reflect.DeepEqual(rows(got), []int64{1, 3, 4, 5}) || got[1].Score != 3 {
		t.Errorf("union = %v", got)
	}
	if got := subtract(a, b); !reflect.DeepEqual(rows(got), []int64{1, 5}) {
		t.Errorf("subtract = %v", got)
	}
}

// TestNewerPostings: postings of documents stored after the metadata was
// read (an ingest committing during a search) are left out, not ranked
// with metadata they lack.
func TestNewerPostings(t *testing.T) {
	stats := NewStats(5)
	for row := int64(1); row <= 5; row++ {
		stats.Set(row, 10, 2)
	}
	stats.Done()
	postings := Lists{}
	for _, w := range []string{"test", "ban"} {
		var p plist
		data := encodePostings([]posting{{row: 3, pos: []uint32{at(fieldTitle, 0), at(fieldTitle, 1)}}, {row: 9, pos: []uint32{at(fieldTitle, 0), at(fieldTitle, 1)}}})
		if err := decodePostings(data, &p); err != nil {
			t.Fatal(err)
		}
		postings[w] = &p
	}
	v := hits.NewVocab(0)
	v.Add("test", "", 2)
	v.Add("ban", "", 2)
	q, err := query.Parse("test ban")
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPlan(q, v.Done())
	if err != nil {
		t.Fatal(err)
	}
	ms := Match(p, postings, stats)
	if len(ms) != 1 || ms[0].Row != 3 || ms[0].Score < exactTitleBonus {
		t.Errorf("matches %v, want row 3 with the exact-title bonus", ms)
	}
}

func TestDecodePostingsRefusesHugeRows(t *testing.T) {
	buf := binary.AppendUvarint(nil, 1<<63+1) // would wrap negative
	buf = append(buf, 1, 0)
	if err := decodePostings(buf, &plist{}); err == nil {
		t.Error("a row beyond MaxRow decoded")
	}
}
