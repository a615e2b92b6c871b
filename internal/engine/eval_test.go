package engine

import (
	"errors"
	"math"
	"reflect"
	"slices"
	"sort"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/hits"
	"github.com/chancery-frus/chancery/query"
)

// testDocs is a small corpus, stored with rowids 1, 2, …
var testDocs = []chancery.IndexFields{
	{Title: "Treaty of Peace with Spain", Text: "The treaty of peace was signed at Paris. The secretary of state approved.",
		Notes: "See the treaty series.", Persons: "John Hay", Places: "Paris"},
	{Title: "Canal negotiations", Text: "The Panama canal treaty was discussed by the secretary and the state department.",
		Persons: "Bunau-Varilla", Places: "Panama"},
	{Title: "Suez", Text: "The canal at Suez.", Notes: "A treaty of peace is mentioned here.", Places: "Cairo"},
	{Title: "Arbitration", Text: "Arbitration, arbitrators, arbitral tribunals: they arbitrated.", Persons: "Hay"},
	{Title: "Peace treaty", Text: "Nothing else but bans.", Notes: "The peace treaty of 1898."},
	{Title: "Bans", Text: "The test ban was banned; banning bans."},
	{Text: "zeta zetb zetc zetd zete zetf zetg zeth zeti zetj zetk"},
	{Text: "zeta"},
}

// testIndex is testDocs indexed as a store does it: the postings of the
// odd rowids and of the even ones written apart (two volumes whose rowids
// interleave), read back in that order, with the vocabulary and the
// documents' statistics.
type testIndex struct {
	pieces [2]*Postings
	corpus *Corpus // its vocabulary and pairs
	vocab  *hits.Vocab
	stats  *Stats
}

func newTestIndex(t *testing.T) *testIndex {
	t.Helper()
	x := &testIndex{pieces: [2]*Postings{NewPostings(), NewPostings()}, stats: NewStats(int64(len(testDocs)))}
	for i, f := range testDocs {
		row := int64(i + 1)
		d, err := x.pieces[row%2].Index(row, f)
		if err != nil {
			t.Fatal(err)
		}
		x.stats.Set(row, int32(d.Length), int32(d.TitleWords))
	}
	x.stats.Done()
	docs := map[string]int{}
	for _, vp := range x.pieces {
		for _, w := range vp.Words() {
			_, n, _ := vp.Encode(w, 0)
			docs[w] += n
		}
	}
	words := make([]string, 0, len(docs))
	for w := range docs {
		words = append(words, w)
	}
	sort.Strings(words)
	l := NewCorpusLoader(len(words))
	for _, w := range words {
		if !IsPair(w) {
			l.AddWord(w, hits.Stem(w), docs[w])
		}
	}
	x.corpus = l.Done()
	x.vocab = x.corpus.Vocab
	return x
}

// length returns a test document's length in words.
func length(t *testing.T, f chancery.IndexFields) Document {
	t.Helper()
	d, err := NewPostings().Index(1, f)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// search plans and matches a query as a store does.
func (x *testIndex) search(t *testing.T, text string) []hits.Scored {
	t.Helper()
	q, err := query.Parse(text)
	if err != nil {
		t.Fatalf("%s: %v", text, err)
	}
	p, err := NewPlan(q, x.vocab)
	if err != nil {
		t.Fatalf("%s: %v", text, err)
	}
	lists := Lists{}
	for _, w := range p.Words() {
		for _, vp := range x.pieces {
			data, docs, _ := vp.Encode(w, 0)
			if docs == 0 {
				continue
			}
			if err := lists.Add(w, data); err != nil {
				t.Fatal(err)
			}
		}
	}
	return Match(p, lists, x.stats)
}

func rowsOf(ms []hits.Scored) []int64 {
	out := []int64{}
	for _, m := range ms {
		out = append(out, m.Row)
	}
	return out
}

func TestMatch(t *testing.T) {
	x := newTestIndex(t)
	for _, c := range []struct {
		query string
		rows  []int64
	}{
		// Terms, stemmed, in the title, text and notes.
		{"treaty", []int64{1, 2, 3, 5}},
		{"treaties", []int64{1, 2, 3, 5}},
		{"TREATY", []int64{1, 2, 3, 5}},
		{"zzz", []int64{}},
		// Persons and places only by their fields.
		{"panama", []int64{2}},
		{"cairo", []int64{}},
		// AND, OR, NOT.
		{"treaty peace", []int64{1, 3, 5}},
		{"treaty AND peace", []int64{1, 3, 5}},
		{"treaty zzz", []int64{}},
		{"canal OR arbitration", []int64{2, 3, 4}},
		{"treaty OR zzz", []int64{1, 2, 3, 5}},
		{"treaty NOT canal", []int64{1, 5}},
		{"treaty -peace", []int64{2}},
		{"treaty NOT (canal OR peace)", []int64{}},
		{"(canal OR arbitration) AND treaty", []int64{2, 3}},
		{"(canal OR arbitration) treaty NOT suez", []int64{2}},
		// Phrases: words in order, in one field.
		{`"treaty of peace"`, []int64{1, 3}},
		{`"peace treaty"`, []int64{5}},
		{`"secretary of state"`, []int64{1}},
		{`"secretary state"`, []int64{}},
		{`"spain the treaty"`, []int64{}}, // the title's last word, the text's first
		{`"zzz treaty"`, []int64{}},
		// NEAR: at most slop words between the first and the last, in any
		// order, in one field.
		{`"secretary state"~1`, []int64{1}},
		{`"secretary state"~2`, []int64{1, 2}},
		{`"state secretary"~2`, []int64{1, 2}},
		{`"spain treaty"~5`, []int64{1}}, // in the text, not across the fields
		{`"spain signed"~5`, []int64{}},
		{`"treaty peace signed"~4`, []int64{1}},
		{`"treaty peace signed"~2`, []int64{}},
		// Prefixes, patterns, literal words.
		{"arbitrat*", []int64{4}},
		{"arbitra* canal", []int64{}},
		{"zet*", []int64{7, 8}}, // more than 8 words: scores added by rowid
		{"b?ns", []int64{5, 6}},
		{"ban", []int64{5, 6}},
		{"=ban", []int64{6}},
		{"=bans", []int64{5, 6}},
		{"=banning", []int64{6}},
		// Fields.
		{"title:treaty", []int64{1, 5}},
		{`title:"treaty of peace"`, []int64{1}},
		{"title:panama", []int64{}},
		{"person:hay", []int64{1, 4}},
		{"person:hay treaty", []int64{1}},
		{"place:paris", []int64{1}},
		{"place:panama canal", []int64{2}},
		{`place:"panama canal"`, []int64{}},
		// Scopes.
		{"in:notes treaty", []int64{1, 3, 5}},
		{"in:text treaty", []int64{1, 2, 5}},
		{`in:notes "treaty of peace"`, []int64{3}},
		{`in:text "treaty of peace"`, []int64{1}},
		{"in:text peace", []int64{1, 5}},
		{"in:notes peace NOT spain", []int64{3, 5}},
		{"in:text title:suez", []int64{3}},
	} {
		ms := x.search(t, c.query)
		if got := rowsOf(ms); !reflect.DeepEqual(got, c.rows) {
			t.Errorf("%s: rows %v, want %v", c.query, got, c.rows)
		}
		for _, m := range ms {
			if !(m.Score > 0) {
				t.Errorf("%s: row %d scored %v", c.query, m.Row, m.Score)
			}
		}
	}
}

// TestRanking: BM25 with the field weights, the title bonuses.
func TestRanking(t *testing.T) {
	x := newTestIndex(t)
	// suez: in row 3's title (weight 10) and text (1), in 1 of 8 documents.
	ms := x.search(t, "suez")
	dl := float64(length(t, testDocs[2]).Length)
	var total float64
	for _, f := range testDocs {
		total += float64(length(t, f).Length)
	}
	avg := total / float64(len(testDocs))
	idf := math.Log((8 - 1 + 0.5) / (1 + 0.5))
	tf := 11.0
	want := idf * tf * (bm25K1 + 1) / (tf + bm25K1*(1-bm25B+bm25B*dl/avg))
	if len(ms) != 1 || ms[0].Score != want {
		t.Errorf("suez: %v, want row 3 scored %v", ms, want)
	}
	// A term's words are scored on their own and added.
	treaty, treaties := x.search(t, "=treaty"), x.search(t, "treaty")
	if !reflect.DeepEqual(treaty, treaties) {
		t.Errorf("treaty: %v; =treaty: %v (the corpus holds no other word of its stem)", treaties, treaty)
	}
	// AND adds its terms' scores.
	both, canal := x.search(t, "suez canal"), x.search(t, "canal")
	if len(both) != 1 || both[0].Score != ms[0].Score+canal[1].Score {
		t.Errorf("suez canal: %v; suez %v, canal %v", both, ms, canal)
	}
	// The title bonuses: the title is the query, or holds it as a phrase.
	for _, c := range []struct {
		query    string
		row      int64
		min, max float64
	}{
		{"peace treaty", 5, exactTitleBonus, exactTitleBonus + 1000},
		{"treaty of peace", 1, phraseTitleBonus, exactTitleBonus},
		{"treaty peace", 1, 0, phraseTitleBonus},
		{"in:text peace treaty", 5, exactTitleBonus, exactTitleBonus + 1000},
		{"title:peace title:treaty", 5, 0, phraseTitleBonus}, // fielded words: no bonus
	} {
		found := false
		for _, m := range x.search(t, c.query) {
			if m.Row == c.row {
				found = true
				if m.Score < c.min || m.Score >= c.max {
					t.Errorf("%s: row %d scored %v, want [%v, %v)", c.query, m.Row, m.Score, c.min, c.max)
				}
			}
		}
		if !found {
			t.Errorf("%s: row %d not found", c.query, c.row)
		}
	}
	// No title bonus in the notes' scope.
	if ms := x.search(t, "in:notes peace treaty"); len(ms) != 2 || ms[1].Row != 5 || ms[1].Score >= phraseTitleBonus {
		t.Errorf("in:notes peace treaty: %v, want rows 3 and 5 without the title bonus", ms)
	}
	// Rows beyond the statistics (stored after they were read) are left out.
	x.stats = NewStats(3)
	for row := int64(1); row <= 3; row++ {
		d := length(t, testDocs[row-1])
		x.stats.Set(row, int32(d.Length), int32(d.TitleWords))
	}
	x.stats.Done()
	if got := rowsOf(x.search(t, "treaty")); !reflect.DeepEqual(got, []int64{1, 2, 3}) {
		t.Errorf("treaty, with the statistics of rows 1–3: rows %v", got)
	}
}

func TestPlan(t *testing.T) {
	x := newTestIndex(t)
	q, err := query.Parse(`treaty -canal "secretary of state" ban`)
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPlan(q, x.vocab)
	if err != nil {
		t.Fatal(err)
	}
	// "secretary of state" is read as the pairs of common words it holds.
	want := []string{"ban", "banned", "banning", "bans", "canal", "of state", "secretary of", "treaty"}
	if got := p.Words(); !reflect.DeepEqual(got, want) {
		t.Errorf("words %v, want %v", got, want)
	}
	// A tree with a node missing is refused, not searched without it.
	for _, root := range []query.Expr{
		nil,
		(*query.Term)(nil),
		&query.And{Exprs: []query.Expr{&query.Term{Text: "treaty"}, nil}},
		&query.And{Exprs: []query.Expr{&query.Term{Text: "treaty"}, &query.Not{X: (*query.Phrase)(nil)}}},
		&query.Or{Exprs: []query.Expr{(*query.Or)(nil), &query.Term{Text: "treaty"}}},
		&query.And{Exprs: []query.Expr{&query.Term{Text: "treaty"}, (*query.Not)(nil)}},
		&query.Or{Exprs: []query.Expr{&query.Term{Text: "treaty"}, (*query.And)(nil)}},
	} {
		if p, err := NewPlan(&query.Query{Root: root}, x.vocab); err == nil {
			t.Errorf("%v planned: %v", root, p.Words())
		}
	}
}

func TestListsAdd(t *testing.T) {
	lists := Lists{}
	if err := lists.Add("treaty", []byte{1, 5, 1}); !errors.Is(err, errBadPostings) {
		t.Errorf("bad postings: %v", err)
	}
}

func TestSeek(t *testing.T) {
	var docs []pdoc
	for _, r := range []int64{2, 3, 5, 8, 13, 21, 34, 55, 89} {
		docs = append(docs, pdoc{row: r})
	}
	for from := 0; from <= len(docs); from++ {
		for row := int64(0); row <= 90; row++ {
			want := from
			for want < len(docs) && docs[want].row < row {
				want++
			}
			if got := seek(docs, from, row); got != want {
				t.Errorf("seek(from %d, row %d) = %d, want %d", from, row, got, want)
			}
		}
	}
}

// TestLongLists: lists long enough to be matched in two halves at once
// (halvesFrom) give every match once, in rowid order, as short ones do.
func TestLongLists(t *testing.T) {
	n := 3 * halvesFrom
	fields := make([]chancery.IndexFields, n)
	for i := range fields {
		switch i % 3 {
		case 0:
			fields[i].Text = "alpha beta"
		case 1:
			fields[i].Text = "beta alpha"
		default:
			fields[i].Text = "gamma"
		}
	}
	c := newPairsCorpus(t, fields)
	for _, tc := range []struct {
		query string
		want  func(row int) bool
	}{
		{"alpha", func(row int) bool { return (row-1)%3 != 2 }},
		{`"alpha beta"`, func(row int) bool { return (row-1)%3 == 0 }},
		{`"beta alpha"~1`, func(row int) bool { return (row-1)%3 != 2 }},
		{"alpha -beta", func(int) bool { return false }},
	} {
		q, err := query.Parse(tc.query)
		if err != nil {
			t.Fatal(err)
		}
		p, err := NewPlan(q, c.corpus.Vocab)
		if err != nil {
			t.Fatal(err)
		}
		var want []int64
		for row := 1; row <= n; row++ {
			if tc.want(row) {
				want = append(want, int64(row))
			}
		}
		if got := rowsOf(c.match(t, p)); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("%s: %d rows, want %d (first %v)", tc.query, len(got), len(want), got[:min(5, len(got))])
		}
	}
}
