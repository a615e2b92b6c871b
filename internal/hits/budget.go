package hits

import (
	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/counts"
	"github.com/chancery-frus/chancery/query"
)

// A query's cost is bounded before it runs, by the same rules in every
// store: each term stands for a bounded number of indexed words (Expand,
// TermWords), the query's terms together for at most MaxQueryWords, and
// the index entries those words have — one a document holding a word,
// what a search reads — number at most MaxPostings. A query over either
// budget is refused with a message saying why (Cost.Check), not run for
// seconds while other searches wait.
const (
	// MaxPrefixWords bounds the indexed words a prefix (arbitrat*) stands
	// for: the most frequent, as many as that.
	MaxPrefixWords = 512
	// MaxQueryWords bounds the indexed words all of a query's terms stand
	// for together.
	MaxQueryWords = 4096
	// MaxPostings bounds the index entries a query reads: at about a
	// microsecond each (docs/performance.md), some 3 s of one core, or
	// ten words each in every document of the whole series. The 20 real
	// volumes of the test corpus hold 1.7 million entries in all, so only
	// the word budget refuses a query there (a* b* c* … z* stand for
	// 11,829 words).
	MaxPostings = 3_000_000
)

// TermWords returns the indexed words a term stands for: Expand's words,
// or for a prefix (word*) the MaxPrefixWords most frequent of the indexed
// words it begins, which hold nearly all of their entries in the index.
func TermWords(t *query.Term, v *Vocab) []string {
	if t.Prefix && !t.Pattern {
		return v.Prefixed(t.Text, MaxPrefixWords)
	}
	return Expand(t, v)
}

// Cost is what a query asks of the index.
type Cost struct {
	Words    int   // indexed words its terms and phrases stand for
	Postings int64 // index entries of those words: documents holding them
}

// CostOf returns a query's cost against a vocabulary: that of the words
// its terms and phrases stand for.
func CostOf(q *query.Query, v *Vocab) Cost {
	var words []string
	if !q.Empty() {
		query.Walk(q.Root, func(e query.Expr) bool {
			switch x := e.(type) {
			case *query.Phrase:
				words = append(words, x.Words...)
			case *query.Term:
				words = append(words, TermWords(x, v)...)
			}
			return true
		})
	}
	return WordsCost(words, v.Docs)
}

// WordsCost returns the cost of reading the index entries of words, as a
// store that has planned a query knows them, given the number of
// documents holding each; a word listed twice is read once, and counted
// once.
func WordsCost(words []string, docs func(word string) int) Cost {
	var c Cost
	seen := make(map[string]bool, len(words))
	for _, w := range words {
		if !seen[w] {
			seen[w] = true
			c.Words++
			c.Postings += int64(docs(w))
		}
	}
	return c
}

// Check returns a *chancery.BadRequestError saying why when the cost is
// over the budget, else nil. Stores check a query's cost before they
// read the index.
func (c Cost) Check() error {
	switch {
	case c.Words > MaxQueryWords:
		return chancery.BadRequestf("This search asks for too much: its terms stand for %s of the index, more than the %s one search may look for. Use fewer or longer prefixes (word*) and patterns (wom?n).",
			counts.Of(c.Words, "word", "words"), counts.Thousands(MaxQueryWords))
	case c.Postings > MaxPostings:
		return chancery.BadRequestf("This search asks for too much: its words appear in the documents %s times, more than the %s one search may read. Use fewer or longer prefixes (word*), or fewer very common words.",
			counts.Thousands(int(c.Postings)), counts.Thousands(MaxPostings))
	}
	return nil
}
