package hits

import (
	"github.com/chancery-frus/chancery/query"
	"github.com/chancery-frus/chancery/search"
)

// Expand returns the indexed words a term stands for: those sharing its
// stem, those a '?' pattern matches (at most 64 of each, the most frequent
// first), or the word itself when it is literal. A prefix (word*) is the
// store's to expand, by its index; Expand returns nil for it.
func Expand(t *query.Term, v *Vocab) []string {
	switch {
	case t.Pattern:
		return v.Match(t.Text, t.Prefix)
	case t.Prefix:
		return nil
	case t.Literal:
		return []string{t.Text}
	}
	return v.Variants(t.Text)
}

// NewHighlight returns the words to mark in the documents a query finds,
// as their snippets and pages mark them: each term's words as Expand
// gives them (so "treaties" marks "treaty" too), prefixes as word
// beginnings, a phrase's words where the whole phrase stands, a
// proximity's words wherever they stand. Words the query leaves out (NOT)
// are not marked. A query without words marks nothing.
func NewHighlight(q *query.Query, v *Vocab) *search.Highlight {
	h := &search.Highlight{}
	if q.Empty() {
		return h
	}
	query.Walk(q.Root, func(e query.Expr) bool {
		switch x := e.(type) {
		case *query.Not:
			return false // words left out are not marked
		case *query.Phrase:
			if x.Slop > 0 {
				for _, w := range x.Words {
					h.Add(w)
				}
			} else {
				h.AddPhrase(x.Words)
			}
		case *query.Term:
			if x.Prefix && !x.Pattern {
				h.AddPrefix(x.Text)
			} else {
				for _, w := range Expand(x, v) {
					h.Add(w)
				}
			}
		}
		return true
	})
	return h
}
