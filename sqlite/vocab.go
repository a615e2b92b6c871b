package sqlite

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/kljensen/snowball/english"
)

// vocab is the index's vocabulary grouped by stem, so that a word can be
// expanded to the indexed words that share its stem ("ban" → ban, bans,
// banned, banning). It is rebuilt when the corpus changes.
type vocab struct {
	gen   int64
	terms []string            // every indexed word, sorted
	docs  map[string]int      // documents holding each word
	stems map[string][]string // stem → words, most frequent first
}

// vocabCache holds the current vocabulary.
type vocabCache struct {
	mu sync.Mutex
	v  *vocab
}

// maxExpansions bounds how many words a stemmed word or a pattern may
// stand for.
const maxExpansions = 64

func stem(word string) string {
	return english.Stem(word, false)
}

// get returns the vocabulary of generation gen, loading it if needed.
func (c *vocabCache) get(ctx context.Context, s *DB, gen int64) (*vocab, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.v != nil && c.v.gen == gen {
		return c.v, nil
	}
	rows, err := s.db.QueryContext(ctx, "SELECT term, doc FROM search_vocab")
	if err != nil {
		return nil, fmt.Errorf("load vocabulary: %w", err)
	}
	defer rows.Close()
	v := &vocab{gen: gen, docs: map[string]int{}, stems: map[string][]string{}}
	for rows.Next() {
		var term string
		var docs int
		if err := rows.Scan(&term, &docs); err != nil {
			return nil, fmt.Errorf("load vocabulary: %w", err)
		}
		v.terms = append(v.terms, term)
		v.docs[term] = docs
		st := stem(term)
		v.stems[st] = append(v.stems[st], term)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load vocabulary: %w", err)
	}
	sort.Strings(v.terms)
	for st, words := range v.stems {
		if len(words) > 1 {
			sort.Slice(words, func(i, j int) bool { return v.docs[words[i]] > v.docs[words[j]] })
			if len(words) > maxExpansions {
				v.stems[st] = words[:maxExpansions]
			}
		}
	}
	c.v = v
	return v, nil
}

// variants returns the indexed words sharing word's stem; the word itself
// comes first when it is indexed.
func (v *vocab) variants(word string) []string {
	words := v.stems[stem(word)]
	out := make([]string, 0, len(words)+1)
	out = append(out, word)
	for _, w := range words {
		if w != word {
			out = append(out, w)
		}
	}
	return out
}

// match returns the indexed words matching a pattern in which '?' stands
// for one letter, most frequent first.
func (v *vocab) match(pattern string, prefix bool) []string {
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
