package engine

import (
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/hits"
	"github.com/chancery-frus/chancery/internal/record"
	"github.com/chancery-frus/chancery/query"
	"github.com/chancery-frus/chancery/tei"
)

func TestCommonWords(t *testing.T) {
	if !sort.StringsAreSorted(commonWords[:]) {
		t.Error("the common words are not in order: commonIndex cannot find them")
	}
	for i, w := range commonWords {
		var got []string
		query.EachWord(w, func(x string) { got = append(got, x) })
		if !reflect.DeepEqual(got, []string{w}) {
			t.Errorf("common word %q is indexed as %q", w, got)
		}
		if commonIndex(w) != i {
			t.Errorf("commonIndex(%q) = %d, want %d", w, commonIndex(w), i)
		}
	}
	for _, w := range []string{"", "treaty", "zzz", "0", "the the"} {
		if commonIndex(w) != -1 {
			t.Errorf("commonIndex(%q) = %d, want -1", w, commonIndex(w))
		}
	}
}

func TestPhraseUnits(t *testing.T) {
	for _, c := range []struct {
		phrase string
		slop   int
		want   []unit
	}{
		{"secretary of state", 0, []unit{{"secretary of", 0}, {"of state", 1}}},
		{"freedom of the seas", 0, []unit{{"freedom", 0}, {"of the", 1}, {"seas", 3}}},
		{"the the", 0, []unit{{"the the", 0}}},
		{"the the the", 0, []unit{{"the the", 0}, {"the the", 1}}},
		{"treaty of peace", 0, []unit{{"treaty", 0}, {"of", 1}, {"peace", 2}}},
		{"of", 0, []unit{{"of", 0}}},
		{"secretary of state", 3, []unit{{"secretary", 0}, {"of", 1}, {"state", 2}}},
	} {
		if got := phraseUnits(strings.Fields(c.phrase), c.slop); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q~%d: units %v, want %v", c.phrase, c.slop, got, c.want)
		}
	}
}

func TestPairsIndexed(t *testing.T) {
	vp := NewPostings()
	if _, err := vp.Index(1, chancery.IndexFields{Title: "The Secretary of", Text: "State of the Union; of the"}); err != nil {
		t.Fatal(err)
	}
	// Title: the(0) secretary(1) of(2); text: state, of, the, union, of, the.
	text := uint32(3 + fieldGap)
	for _, c := range []struct {
		word string
		want []uint32
	}{
		{"the secretary", []uint32{at(fieldTitle, 0)}},
		{"secretary of", []uint32{at(fieldTitle, 1)}},
		{"state of", []uint32{at(fieldText, text)}},
		{"of the", []uint32{at(fieldText, text+1), at(fieldText, text+4)}},
		{"of state", nil},  // across fields
		{"the union", nil}, // "union" is not a common word
	} {
		var got []uint32
		for _, p := range indexed(t, vp, c.word, 0) {
			got = append(got, p.pos...)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%q: positions %v, want %v", c.word, got, c.want)
		}
	}
	for _, w := range vp.Words() {
		if IsPair(w) != strings.Contains(w, " ") {
			t.Errorf("IsPair(%q) = %v", w, IsPair(w))
		}
	}
	// Pairs stay out of the vocabulary terms expand against.
	x := newTestIndex(t)
	if got := x.vocab.Match("the*", true); slices.ContainsFunc(got, IsPair) {
		t.Errorf("the* expands to pairs: %v", got)
	}
	// A pair's documents are bounded by its rarer word's.
	if got, want := x.corpus.Docs("secretary of"), min(x.vocab.Docs("secretary"), x.vocab.Docs("of")); got != want || want == 0 {
		t.Errorf("docs of the pair %q: %d, want %d", "secretary of", got, want)
	}
}

// wordByWord returns a plan's phrases matched word by word, without the
// pairs of common words, as the index was read before it held them.
func wordByWord(p *Plan) *Plan {
	q := *p
	q.leaves, q.words = map[query.Expr]*leaf{}, map[string]bool{}
	for w := range p.words {
		q.words[w] = true
	}
	split := func(l *leaf) *leaf {
		c := *l
		c.phrase = nil
		for _, u := range l.phrase {
			for i, w := range strings.Fields(u.word) {
				if !slices.Contains(c.phrase, unit{w, u.at + i}) {
					c.phrase = append(c.phrase, unit{w, u.at + i})
					q.words[w] = true
				}
			}
		}
		return &c
	}
	for e, l := range p.leaves {
		if _, ok := e.(*query.Phrase); ok {
			l = split(l)
		}
		q.leaves[e] = l
	}
	if p.title != nil {
		q.title = split(p.title)
	}
	return &q
}

// pairsCorpus is one volume indexed as a store does it, for the
// comparison of phrases read with pairs and word by word.
type pairsCorpus struct {
	vp     *Postings
	corpus *Corpus
	stats  *Stats
}

func newPairsCorpus(t *testing.T, fields []chancery.IndexFields) *pairsCorpus {
	t.Helper()
	prepared := make([]record.Prepared, len(fields))
	for i, f := range fields {
		prepared[i].Fields = f
	}
	vp, docs := IndexVolume(prepared)
	stats := NewStats(int64(len(docs)))
	for i, d := range docs {
		stats.Set(int64(i+1), int32(d.Length), int32(d.TitleWords))
	}
	l := NewCorpusLoader(0)
	for _, w := range vp.Words() {
		if _, n, _ := vp.Encode(w, 0); !IsPair(w) {
			l.AddWord(w, "", n)
		}
	}
	return &pairsCorpus{vp: vp, corpus: l.Done(), stats: stats.Done()}
}

func (c *pairsCorpus) match(t *testing.T, p *Plan) []hits.Scored {
	t.Helper()
	lists := Lists{}
	for _, w := range p.Words() {
		if data, docs, _ := c.vp.Encode(w, 0); docs > 0 {
			if err := lists.Add(w, data); err != nil {
				t.Fatal(err)
			}
		}
	}
	return Match(p, lists, c.stats)
}

// TestPairsMatchAsWords checks that phrases read with the pairs of
// common words find the same documents, with the same scores, as read
// word by word: on the test corpus, and on a real volume with phrases
// cut from its own text.
func TestPairsMatchAsWords(t *testing.T) {
	phrases := []string{`"secretary of state"`, `"the treaty"`, `"treaty of peace"`, `"of the"`, `"the the"`,
		`"the secretary of state approved"`, `"secretary of state"~2`, `title:"treaty of peace"`, `in:notes "the peace"`,
		`"secretary of state" treaty`, `the treaty of peace`}
	c := newPairsCorpus(t, testDocs)
	if data, err := os.ReadFile("../../../shared/corpus/frus/frus1894Nicaragua.xml"); err != nil {
		t.Logf("no real volume: %v", err)
	} else {
		v, err := tei.Decode(data, "frus1894Nicaragua.xml")
		if err != nil {
			t.Fatal(err)
		}
		names := v.Volume.PersonIndex()
		var fields []chancery.IndexFields
		for _, d := range v.Documents {
			fields = append(fields, d.IndexFields(d.PersonNames(names)))
		}
		c = newPairsCorpus(t, fields)
		// Phrases of two to four words, cut every 97 words of the text.
		var words []string
		for _, f := range fields {
			query.EachWord(foldApostrophe(f.Text), func(w string) { words = append(words, strings.Clone(w)) })
		}
		for i := 0; i+4 < len(words); i += 97 {
			phrases = append(phrases, `"`+strings.Join(words[i:i+2+i%3], " ")+`"`)
		}
	}
	pairs := 0
	for _, text := range phrases {
		q, err := query.Parse(text)
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		p, err := NewPlan(q, c.corpus.Vocab)
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		if slices.ContainsFunc(p.Words(), IsPair) {
			pairs++
		}
		got, want := c.match(t, p), c.match(t, wordByWord(p))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: with pairs %d documents, word by word %d", text, len(got), len(want))
		}
	}
	if pairs < len(phrases)/4 {
		t.Errorf("only %d of %d phrases read pairs", pairs, len(phrases))
	}
	t.Logf("%d phrases, %d of them read pairs", len(phrases), pairs)
}
