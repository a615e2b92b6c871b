package hits

import (
	"cmp"
	"slices"
	"sort"
	"strings"

	"github.com/kljensen/snowball/english"
)

// Vocab is an index's vocabulary grouped by stem, so that a word can be
// expanded to the indexed words that share its stem ("ban" → ban, bans,
// banned, banning), or a pattern to the words it matches. It is held in a
// few flat arrays without pointers (a full-scale vocabulary of 745,000
// words takes some 15 MB, where maps took 100 MB, and costs the garbage
// collector nothing to scan).
type Vocab struct {
	text string   // every indexed word, sorted, one after another
	ends []uint32 // word i is text[ends[i-1]:ends[i]]
	docs []uint32 // documents holding word i
	// The words grouped by stem, most frequent first (at most
	// maxExpansions a stem): stem g is stemText[stemEnds[g-1]:stemEnds[g]],
	// its words byStem[groups[g]:groups[g+1]].
	stemText string
	stemEnds []uint32
	groups   []uint32
	byStem   []uint32
	// While adding:
	b *vocabBuilder
}

type vocabBuilder struct {
	text   strings.Builder
	stems  []string
	sorted bool
	last   string
}

// NewVocab returns an empty vocabulary with room for about size words;
// Add fills it and Done finishes it.
func NewVocab(size int) *Vocab {
	v := &Vocab{ends: make([]uint32, 0, size), docs: make([]uint32, 0, size), b: &vocabBuilder{sorted: true, stems: make([]string, 0, size)}}
	return v
}

// Add records an indexed word, its stem (Stem(term), or "" to have it
// computed) and the number of documents holding it.
func (v *Vocab) Add(term, stem string, docs int) {
	b := v.b
	if len(v.ends) > 0 && term <= b.last {
		b.sorted = false
	}
	b.last = term
	b.text.WriteString(term)
	v.ends = append(v.ends, uint32(b.text.Len()))
	v.docs = append(v.docs, uint32(min(max(docs, 0), 1<<32-1)))
	if stem == "" {
		stem = Stem(term)
	}
	b.stems = append(b.stems, stem)
}

// Done sorts the vocabulary once every word is added.
func (v *Vocab) Done() *Vocab {
	b := v.b
	v.b = nil
	v.text = b.text.String()
	n := len(v.ends)
	if !b.sorted {
		v.sortWords(b.stems)
	}
	// Group by stem: stems in order, each group's words most frequent
	// first, ties by word.
	order := make([]uint32, n)
	for i := range order {
		order[i] = uint32(i)
	}
	slices.SortFunc(order, func(x, y uint32) int {
		if c := strings.Compare(b.stems[x], b.stems[y]); c != 0 {
			return c
		}
		if dx, dy := v.docs[x], v.docs[y]; dx != dy {
			return cmp.Compare(dy, dx)
		}
		return cmp.Compare(x, y) // words are sorted: by index is by word
	})
	var stems strings.Builder
	for i := 0; i < n; {
		j := i
		for j < n && b.stems[order[j]] == b.stems[order[i]] {
			j++
		}
		stems.WriteString(b.stems[order[i]])
		v.stemEnds = append(v.stemEnds, uint32(stems.Len()))
		v.groups = append(v.groups, uint32(len(v.byStem)))
		v.byStem = append(v.byStem, order[i:min(j, i+maxExpansions)]...)
		i = j
	}
	v.groups = append(v.groups, uint32(len(v.byStem)))
	v.stemText = stems.String()
	return v
}

// sortWords puts words added out of order in order, with their counts
// and stems.
func (v *Vocab) sortWords(stems []string) {
	n := len(v.ends)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	word := func(i int) string { return v.text[v.start(i):v.ends[i]] }
	slices.SortStableFunc(idx, func(x, y int) int { return strings.Compare(word(x), word(y)) })
	var text strings.Builder
	ends, docs, st := make([]uint32, n), make([]uint32, n), make([]string, n)
	for k, i := range idx {
		text.WriteString(word(i))
		ends[k], docs[k], st[k] = uint32(text.Len()), v.docs[i], stems[i]
	}
	v.text, v.ends, v.docs = text.String(), ends, docs
	copy(stems, st)
}

func (v *Vocab) start(i int) uint32 {
	if i == 0 {
		return 0
	}
	return v.ends[i-1]
}

// word returns indexed word i.
func (v *Vocab) word(i int) string { return v.text[v.start(i):v.ends[i]] }

// find returns the index of the first word not before w.
func (v *Vocab) find(w string) int {
	return sort.Search(len(v.ends), func(i int) bool { return v.word(i) >= w })
}

// Docs returns the number of documents holding a word.
func (v *Vocab) Docs(word string) int {
	if i := v.find(word); i < len(v.ends) && v.word(i) == word {
		return int(v.docs[i])
	}
	return 0
}

// Stem returns a word's Snowball (English) stem.
func Stem(word string) string {
	return english.Stem(word, false)
}

// maxExpansions bounds how many words a stemmed word or a pattern may
// stand for.
const maxExpansions = 64

// Variants returns the indexed words sharing word's stem; the word itself
// comes first when it is indexed.
func (v *Vocab) Variants(word string) []string {
	stem := Stem(word)
	g := sort.Search(len(v.stemEnds), func(i int) bool { return v.stemAt(i) >= stem })
	var group []uint32
	if g < len(v.stemEnds) && v.stemAt(g) == stem {
		group = v.byStem[v.groups[g]:v.groups[g+1]]
	}
	out := make([]string, 0, len(group)+1)
	out = append(out, word)
	for _, i := range group {
		if w := v.word(int(i)); w != word {
			out = append(out, w)
		}
	}
	return out
}

func (v *Vocab) stemAt(g int) string {
	start := uint32(0)
	if g > 0 {
		start = v.stemEnds[g-1]
	}
	return v.stemText[start:v.stemEnds[g]]
}

// byFrequency sorts word indices most frequent first, ties by word.
func (v *Vocab) byFrequency(idx []int) []string {
	slices.SortFunc(idx, func(x, y int) int {
		if dx, dy := v.docs[x], v.docs[y]; dx != dy {
			return cmp.Compare(dy, dx)
		}
		return cmp.Compare(x, y)
	})
	out := make([]string, len(idx))
	for k, i := range idx {
		out[k] = v.word(i)
	}
	return out
}

// Match returns the indexed words matching a pattern in which '?' stands
// for one letter, most frequent first.
func (v *Vocab) Match(pattern string, prefix bool) []string {
	lit, _, _ := strings.Cut(pattern, "?")
	var idx []int
	for i := v.find(lit); i < len(v.ends) && strings.HasPrefix(v.word(i), lit); i++ {
		if globMatch(pattern, v.word(i), prefix) {
			idx = append(idx, i)
		}
	}
	out := v.byFrequency(idx)
	if len(out) > maxExpansions {
		out = out[:maxExpansions]
	}
	return out
}

func globMatch(pattern, word string, prefix bool) bool {
	p, w := []rune(pattern), []rune(word)
	if len(w) < len(p) || (!prefix && len(w) != len(p)) {
		return false
	}
	for i, r := range p {
		if r != '?' && r != w[i] {
			return false
		}
	}
	return true
}

// Prefixed returns the indexed words beginning with prefix, most frequent
// first, at most max of them.
func (v *Vocab) Prefixed(prefix string, max int) []string {
	var idx []int
	for i := v.find(prefix); i < len(v.ends) && strings.HasPrefix(v.word(i), prefix); i++ {
		idx = append(idx, i)
	}
	out := v.byFrequency(idx)
	if len(out) > max {
		out = out[:max]
	}
	return out
}
