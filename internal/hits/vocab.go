package hits

import (
	"slices"
	"sort"
	"strings"

	"github.com/kljensen/snowball/english"
)

// Vocab is an index's vocabulary grouped by stem, so that a word can be
// expanded to the indexed words that share its stem ("ban" → ban, bans,
// banned, banning), or a pattern to the words it matches.
type Vocab struct {
	terms []string            // every indexed word, sorted
	docs  map[string]int      // documents holding each word
	stems map[string][]string // stem → words, most frequent first
}

// NewVocab returns an empty vocabulary with room for about size words;
// Add fills it and Done finishes it.
func NewVocab(size int) *Vocab {
	return &Vocab{terms: make([]string, 0, size), docs: make(map[string]int, size), stems: make(map[string][]string, size)}
}

// Add records an indexed word, its stem (Stem(term), or "" to have it
// computed) and the number of documents holding it.
func (v *Vocab) Add(term, stem string, docs int) {
	v.terms = append(v.terms, term)
	v.docs[term] = docs
	if stem == "" {
		stem = Stem(term)
	}
	v.stems[stem] = append(v.stems[stem], term)
}

// Done sorts the vocabulary once every word is added.
func (v *Vocab) Done() *Vocab {
	if !slices.IsSorted(v.terms) {
		slices.Sort(v.terms)
	}
	for st, words := range v.stems {
		if len(words) > 1 {
			sort.Slice(words, func(i, j int) bool { return v.docs[words[i]] > v.docs[words[j]] })
			if len(words) > maxExpansions {
				v.stems[st] = words[:maxExpansions]
			}
		}
	}
	return v
}

// Docs returns the number of documents holding a word.
func (v *Vocab) Docs(word string) int { return v.docs[word] }

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
	words := v.stems[Stem(word)]
	out := make([]string, 0, len(words)+1)
	out = append(out, word)
	for _, w := range words {
		if w != word {
			out = append(out, w)
		}
	}
	return out
}

// Match returns the indexed words matching a pattern in which '?' stands
// for one letter, most frequent first.
func (v *Vocab) Match(pattern string, prefix bool) []string {
	lit, _, _ := strings.Cut(pattern, "?")
	i := sort.SearchStrings(v.terms, lit)
	var out []string
	for ; i < len(v.terms) && strings.HasPrefix(v.terms[i], lit); i++ {
		if globMatch(pattern, v.terms[i], prefix) {
			out = append(out, v.terms[i])
		}
	}
	sort.Slice(out, func(a, b int) bool { return v.docs[out[a]] > v.docs[out[b]] })
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
	i := sort.SearchStrings(v.terms, prefix)
	var out []string
	for ; i < len(v.terms) && strings.HasPrefix(v.terms[i], prefix); i++ {
		out = append(out, v.terms[i])
	}
	sort.Slice(out, func(a, b int) bool { return v.docs[out[a]] > v.docs[out[b]] })
	if len(out) > max {
		out = out[:max]
	}
	return out
}

// Frequent returns the words held in at least min documents, most
// frequent first.
func (v *Vocab) Frequent(min int) []string {
	var out []string
	for _, t := range v.terms {
		if v.docs[t] >= min {
			out = append(out, t)
		}
	}
	sort.Slice(out, func(i, j int) bool { return v.docs[out[i]] > v.docs[out[j]] })
	return out
}
