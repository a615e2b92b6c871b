package sqlite

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/chancery-frus/chancery/internal/hits"
	"github.com/chancery-frus/chancery/query"
)

// Column weights for ranking: title, text, notes, persons, places.
const bm25Weights = "10.0, 1.0, 0.5, 2.0, 2.0"

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// compiler turns a query tree into an FTS5 MATCH expression. Every word
// is quoted, so nothing the user typed is read as FTS5 syntax. The words
// to highlight are hits.NewHighlight's.
type compiler struct {
	v     *hits.Vocab
	scope string
	err   error // the first node it cannot compile
}

// compile returns the MATCH expression of a query tree, or an error for a
// node it does not know.
func (c *compiler) compile(e query.Expr) (string, error) {
	s := c.expr(e)
	return s, c.err
}

func (c *compiler) columns(field string) string {
	switch field {
	case query.FieldTitle:
		return "{title}"
	case query.FieldPerson:
		return "{persons}"
	case query.FieldPlace:
		return "{places}"
	}
	switch c.scope {
	case query.ScopeText:
		return "{title text}"
	case query.ScopeNotes:
		return "{notes}"
	}
	return "{title text notes}"
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func (c *compiler) expr(e query.Expr) string {
	switch x := e.(type) {
	case *query.And:
		var pos, neg []string
		for _, sub := range x.Exprs {
			if n, ok := sub.(*query.Not); ok {
				neg = append(neg, c.expr(n.X))
				continue
			}
			pos = append(pos, c.expr(sub))
		}
		s := "(" + strings.Join(pos, " AND ") + ")"
		if len(neg) > 0 {
			s += " NOT (" + strings.Join(neg, " OR ") + ")"
		}
		return "(" + s + ")"
	case *query.Or:
		parts := make([]string, len(x.Exprs))
		for i, sub := range x.Exprs {
			parts[i] = c.expr(sub)
		}
		return "(" + strings.Join(parts, " OR ") + ")"
	case *query.Not:
		// Parse only lets NOT stand inside an AND with something positive.
		return c.expr(x.X)
	case *query.Phrase:
		words := make([]string, len(x.Words))
		for i, w := range x.Words {
			words[i] = quote(w)
		}
		if x.Slop > 0 {
			return c.columns(x.Field) + " : NEAR(" + strings.Join(words, " ") + ", " + strconv.Itoa(x.Slop) + ")"
		}
		return c.columns(x.Field) + " : (" + strings.Join(words, " + ") + ")"
	case *query.Term:
		if x.Prefix && !x.Pattern {
			// The index expands a prefix itself, to every word it begins:
			// faster than naming hits.TermWords's words, which hold nearly
			// all of its entries (the budget's estimate).
			return c.columns(x.Field) + " : " + quote(x.Text) + "*"
		}
		words := hits.Expand(x, c.v)
		if len(words) == 0 { // a pattern no indexed word matches
			words = []string{strings.ReplaceAll(x.Text, "?", "")}
		}
		for i, w := range words {
			words[i] = quote(w)
		}
		return c.columns(x.Field) + " : (" + strings.Join(words, " OR ") + ")"
	}
	if c.err == nil {
		c.err = fmt.Errorf("search: no way to match a %T query node", e)
	}
	return `""`
}
