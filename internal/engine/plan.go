package engine

import (
	"errors"
	"fmt"
	"sort"

	"github.com/chancery-frus/chancery/internal/hits"
	"github.com/chancery-frus/chancery/query"
)

// leaf is a term or phrase of a query, planned: the indexed words it
// reads and the fields it may match in.
type leaf struct {
	words  []string // a term: any of these words
	phrase []unit   // a phrase: these words in order (or within slop), or pairs of them (phraseUnits)
	slop   int
	fields uint8 // bit per field
}

// Plan is a query tree with its leaves planned: what a store reads
// (Words) and Match evaluates.
type Plan struct {
	expr   query.Expr
	leaves map[query.Expr]*leaf
	words  map[string]bool // every word to read
	title  *leaf           // the phrase of a plain query's words in titles, for the title bonus
	titleN int             // its words
}

// planner expands a query's terms against the vocabulary.
type planner struct {
	v     *hits.Vocab
	scope string
	p     *Plan
}

// fieldsOf returns the fields a term or phrase may match in: those of its
// field, or else of the query's scope.
func fieldsOf(field, scope string) uint8 {
	switch field {
	case query.FieldTitle:
		return 1 << fieldTitle
	case query.FieldPerson:
		return 1 << fieldPersons
	case query.FieldPlace:
		return 1 << fieldPlaces
	}
	switch scope {
	case query.ScopeText:
		return 1<<fieldTitle | 1<<fieldText
	case query.ScopeNotes:
		return 1 << fieldNotes
	}
	return 1<<fieldTitle | 1<<fieldText | 1<<fieldNotes
}

// NewPlan plans q, expanding its terms against the vocabulary v. A node
// of the query tree other than And, Or, Not, Term and Phrase is an error,
// as is a query without a tree (query.Query.Empty). The words to
// highlight are not its concern: they are hits.NewHighlight's.
func NewPlan(q *query.Query, v *hits.Vocab) (*Plan, error) {
	if q.Empty() {
		return nil, errors.New("plan: a query without words")
	}
	pl := &planner{v: v, scope: q.Scope, p: &Plan{expr: q.Root, leaves: map[query.Expr]*leaf{}, words: map[string]bool{}}}
	if err := pl.walk(q.Root); err != nil {
		return nil, err
	}
	if words := query.PlainWords(q.Root); len(words) >= 2 && q.Scope != query.ScopeNotes {
		pl.p.title, pl.p.titleN = pl.phrase(words, 0, 1<<fieldTitle), len(words)
	}
	return pl.p, nil
}

// Words returns the words whose postings the plan reads, in order.
func (p *Plan) Words() []string {
	words := make([]string, 0, len(p.words))
	for w := range p.words {
		words = append(words, w)
	}
	sort.Strings(words)
	return words
}

func (pl *planner) walk(e query.Expr) error {
	if isNil(e) {
		return fmt.Errorf("plan: an empty node (%T) in the query tree", e)
	}
	switch x := e.(type) {
	case *query.And:
		for _, s := range x.Exprs {
			if err := pl.walk(s); err != nil {
				return err
			}
		}
	case *query.Or:
		for _, s := range x.Exprs {
			if err := pl.walk(s); err != nil {
				return err
			}
		}
	case *query.Not:
		return pl.walk(x.X)
	case *query.Phrase:
		pl.p.leaves[e] = pl.phrase(x.Words, x.Slop, fieldsOf(x.Field, pl.scope))
	case *query.Term:
		l := &leaf{fields: fieldsOf(x.Field, pl.scope)}
		l.words = hits.TermWords(x, pl.v)
		for _, w := range l.words {
			pl.p.words[w] = true
		}
		pl.p.leaves[e] = l
	default:
		return fmt.Errorf("plan: query node %T (%v) not supported", e, e)
	}
	return nil
}

// phrase plans a phrase of words, which reads its units' postings.
func (pl *planner) phrase(words []string, slop int, fields uint8) *leaf {
	l := &leaf{phrase: phraseUnits(words, slop), slop: slop, fields: fields}
	for _, u := range l.phrase {
		pl.p.words[u.word] = true
	}
	return l
}

// isNil reports whether e is no node: nil, or a nil pointer to one.
func isNil(e query.Expr) bool {
	switch x := e.(type) {
	case nil:
		return true
	case *query.And:
		return x == nil
	case *query.Or:
		return x == nil
	case *query.Not:
		return x == nil
	case *query.Term:
		return x == nil
	case *query.Phrase:
		return x == nil
	}
	return false
}
