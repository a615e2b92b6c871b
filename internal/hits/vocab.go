package hits

import (
	"encoding/binary"
	"errors"
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
			sort.Slice(words, func(i, j int) bool {
				if a, b := v.docs[words[i]], v.docs[words[j]]; a != b {
					return a > b
				}
				return words[i] < words[j]
			})
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

// vocabFormat is the first byte of an encoded vocabulary.
const vocabFormat = 1

// Encode writes the vocabulary — words, their documents and stems — for
// DecodeVocab, so that a store can keep it rather than read its index
// again.
func (v *Vocab) Encode() []byte {
	stemOf := make(map[string]string, len(v.terms))
	for st, words := range v.stems {
		for _, w := range words {
			stemOf[w] = st
		}
	}
	buf := binary.AppendUvarint([]byte{vocabFormat}, uint64(len(v.terms)))
	for _, t := range v.terms {
		buf = binary.AppendUvarint(buf, uint64(len(t)))
		buf = append(buf, t...)
		buf = binary.AppendUvarint(buf, uint64(v.docs[t]))
		switch st, ok := stemOf[t]; {
		case !ok:
			buf = append(buf, 0) // computed again when decoded
		case st == t:
			buf = append(buf, 1)
		default:
			buf = binary.AppendUvarint(buf, uint64(len(st))+2)
			buf = append(buf, st...)
		}
	}
	return buf
}

var errBadVocab = errors.New("bad vocabulary encoding")

// DecodeVocab reads a vocabulary written by Encode.
func DecodeVocab(buf []byte) (*Vocab, error) {
	if len(buf) == 0 || buf[0] != vocabFormat {
		return nil, errBadVocab
	}
	buf = buf[1:]
	n, k := binary.Uvarint(buf)
	if k <= 0 || n > uint64(len(buf)) {
		return nil, errBadVocab
	}
	buf = buf[k:]
	str := func() (string, bool) {
		l, k := binary.Uvarint(buf)
		if k <= 0 || l > uint64(len(buf)-k) {
			return "", false
		}
		s := string(buf[k : k+int(l)])
		buf = buf[k+int(l):]
		return s, true
	}
	v := NewVocab(int(n))
	for i := uint64(0); i < n; i++ {
		term, ok := str()
		if !ok {
			return nil, errBadVocab
		}
		docs, k := binary.Uvarint(buf)
		if k <= 0 || docs > 1<<40 {
			return nil, errBadVocab
		}
		buf = buf[k:]
		code, k := binary.Uvarint(buf)
		if k <= 0 {
			return nil, errBadVocab
		}
		stem := ""
		switch code {
		case 0:
			buf = buf[k:]
		case 1:
			buf = buf[k:]
			stem = term
		default:
			l := code - 2
			buf = buf[k:]
			if l > uint64(len(buf)) {
				return nil, errBadVocab
			}
			stem = string(buf[:l])
			buf = buf[l:]
		}
		if stem == "" && code != 0 {
			stem = Stem(term)
		}
		v.Add(term, stem, int(docs))
	}
	if len(buf) != 0 {
		return nil, errBadVocab
	}
	return v.Done(), nil
}
