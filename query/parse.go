package query

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokKind int

const (
	tEOF tokKind = iota
	tLParen
	tRParen
	tAnd
	tOr
	tNot  // NOT, -, !
	tPlus // +
	tField
	tPhrase
	tWord
	tScope // in:text, in:notes: text is the scope
	tLink  // cites:, cited:: text is "dir:volume/document"; from:, to:, with:: "dir:person"
)

type token struct {
	kind tokKind
	pos  int
	text string // word text, phrase text or field name
	slop int    // for phrases
}

// Parse parses a query. Every input gives either a query or an *Error
// saying what to fix.
func Parse(input string) (*Query, error) {
	if !utf8.ValidString(input) {
		return nil, &Error{Pos: -1, Msg: "the query is not valid UTF-8 text"}
	}
	if len(input) > MaxLength {
		return nil, &Error{Pos: -1, Msg: fmt.Sprintf("the query is %d characters long; at most %d are allowed", len(input), MaxLength)}
	}
	toks, err := lex(input)
	if err != nil {
		return nil, err
	}
	p := &parser{q: &Query{Input: input}}
	// in:text and in:notes apply to the whole query.
	scopes := map[string]bool{}
	for _, t := range toks {
		if t.kind == tScope {
			scopes[t.text] = true
			continue
		}
		if t.kind == tLink {
			if n := len(p.toks); n > 0 && (p.toks[n-1].kind == tNot || p.toks[n-1].kind == tOr) {
				return nil, &Error{Pos: t.pos, Msg: "cites:, cited:, from:, to: and with: keep their documents for the whole query: they cannot be left out (-, NOT) or joined by OR"}
			}
			dir, place, _ := strings.Cut(t.text, ":")
			if l := (Link{Dir: dir, Person: place}); l.OfPerson() {
				p.q.Links = append(p.q.Links, l)
				continue
			}
			vol, doc, _ := strings.Cut(place, "/")
			p.q.Links = append(p.q.Links, Link{Dir: dir, Volume: vol, Document: doc})
			continue
		}
		p.toks = append(p.toks, t)
	}
	if len(scopes) > 1 {
		return nil, &Error{Pos: -1, Msg: "use only one of in:text and in:notes"}
	}
	for s := range scopes {
		p.q.Scope = s
	}
	p.toks = append(p.toks, token{kind: tEOF, pos: len(input)})
	if len(p.toks) == 1 {
		if len(p.q.Links) > 0 {
			return p.q, nil // documents of the citation graph, without words
		}
		return nil, &Error{Pos: -1, Msg: "the query has no words to search for"}
	}
	root, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		if t.kind == tRParen {
			return nil, &Error{Pos: t.pos, Msg: "this ) has no matching ("}
		}
		return nil, &Error{Pos: t.pos, Msg: "unexpected text"}
	}
	if n := countWords(root); n > MaxWords {
		return nil, &Error{Pos: -1, Msg: fmt.Sprintf("the query has %d words; at most %d are allowed", n, MaxWords)}
	}
	root = simplify(root)
	if root == nil {
		return nil, &Error{Pos: -1, Msg: "the query has no words to search for"}
	}
	if err := check(root, false); err != nil {
		return nil, err
	}
	if !positive(root) {
		return nil, &Error{Pos: -1, Msg: "the query needs at least one word to look for, not only words to leave out"}
	}
	p.q.Root = root
	return p.q, nil
}

const specials = `()"`

func lex(s string) ([]token, error) {
	var toks []token
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case r == '(':
			toks = append(toks, token{kind: tLParen, pos: i})
			i++
		case r == ')':
			toks = append(toks, token{kind: tRParen, pos: i})
			i++
		case r == '"' || r == '“' || r == '”':
			start := i
			i += size
			end := strings.IndexAny(s[i:], "\"“”")
			if end < 0 {
				return nil, &Error{Pos: start, Msg: `this quotation mark is never closed: end the phrase with "`}
			}
			text := s[i : i+end]
			_, csize := utf8.DecodeRuneInString(s[i+end:])
			i += end + csize
			t := token{kind: tPhrase, pos: start, text: text}
			if i < len(s) && s[i] == '~' {
				j := i + 1
				for j < len(s) && s[j] >= '0' && s[j] <= '9' {
					j++
				}
				if j > i+1 {
					n, err := strconv.Atoi(s[i+1 : j])
					if err != nil || n > MaxSlop {
						return nil, &Error{Pos: i, Msg: fmt.Sprintf("a proximity can be at most ~%d words", MaxSlop)}
					}
					t.slop = n
				}
				i = j
			}
			toks = append(toks, t)
		case (r == '-' || r == '!' || r == '+') && (i == 0 || isBoundary(s, i)):
			kind := tNot
			if r == '+' {
				kind = tPlus
			}
			toks = append(toks, token{kind: kind, pos: i})
			i++
		default:
			start := i
			for i < len(s) {
				r, size := utf8.DecodeRuneInString(s[i:])
				if unicode.IsSpace(r) || strings.ContainsRune(specials, r) || r == '“' || r == '”' {
					break
				}
				i += size
			}
			chunk := s[start:i]
			t, err := wordToken(chunk, start)
			if err != nil {
				return nil, err
			}
			if t != nil {
				toks = append(toks, *t)
			}
		}
	}
	return toks, nil
}

// isBoundary reports whether position i starts a new token (follows space
// or an opening parenthesis).
func isBoundary(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return unicode.IsSpace(r) || r == '('
}

func wordToken(chunk string, pos int) (*token, error) {
	switch chunk {
	case "AND", "&&":
		return &token{kind: tAnd, pos: pos}, nil
	case "OR", "||":
		return &token{kind: tOr, pos: pos}, nil
	case "NOT":
		return &token{kind: tNot, pos: pos}, nil
	}
	if name, rest, ok := strings.Cut(chunk, ":"); ok {
		switch field := strings.ToLower(name); field {
		case FieldTitle, FieldPerson, FieldPlace:
			if rest == "" {
				return &token{kind: tField, pos: pos, text: field}, nil
			}
			// title:word — a field token followed by the word.
			return &token{kind: tWord, pos: pos, text: "\x02" + field + ":" + rest}, nil
		case Cites, Cited:
			vol, doc, _ := strings.Cut(rest, "/")
			if doc == "" {
				vol, doc, _ = strings.Cut(rest, "#")
			}
			if !placeRE.MatchString(vol) || doc != "" && !placeRE.MatchString(doc) {
				return nil, &Error{Pos: pos, Msg: field + ": takes a volume, or a volume and a document: " + field + ":frus1961-63v05 or " + field + ":frus1961-63v05/d253"}
			}
			return &token{kind: tLink, pos: pos, text: field + ":" + vol + "/" + doc}, nil
		case From, To, With:
			if !personRE.MatchString(rest) {
				return nil, &Error{Pos: pos, Msg: field + ": takes a person's id, as " + field + ":rusk-david-dean (a person's page, /people, gives it)"}
			}
			return &token{kind: tLink, pos: pos, text: field + ":" + rest}, nil
		case "in":
			switch strings.ToLower(rest) {
			case ScopeText, ScopeNotes:
				return &token{kind: tScope, pos: pos, text: strings.ToLower(rest)}, nil
			}
			return nil, &Error{Pos: pos, Msg: "in: takes text or notes (in:text, in:notes)"}
		}
	}
	return &token{kind: tWord, pos: pos, text: chunk}, nil
}

// personRE is a person's id, as from:, to: and with: take it: POCOM's
// ("rusk-david-dean"), the registry's ("111738") or a President's.
var personRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,99}$`)

// placeRE is a volume's or a document's id, as cites: and cited: take
// them.
var placeRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)

type parser struct {
	toks []token
	i    int
	q    *Query
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

func (p *parser) parseOr() (Expr, error) {
	left, err := p.parseAnd()
	if err != nil {
		return nil, err
	}
	exprs := []Expr{left}
	for p.peek().kind == tOr {
		op := p.next()
		if k := p.peek().kind; k == tEOF || k == tRParen || k == tOr {
			return nil, &Error{Pos: op.pos, Msg: "OR needs words on both sides"}
		}
		right, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		exprs = append(exprs, right)
	}
	if len(exprs) == 1 {
		return left, nil
	}
	return &Or{Exprs: exprs}, nil
}

func (p *parser) parseAnd() (Expr, error) {
	var exprs []Expr
	for {
		t := p.peek()
		switch t.kind {
		case tEOF, tRParen, tOr:
			if len(exprs) == 0 {
				if t.kind == tOr {
					return nil, &Error{Pos: t.pos, Msg: "OR needs words on both sides"}
				}
				return &And{}, nil
			}
			if len(exprs) == 1 {
				return exprs[0], nil
			}
			return &And{Exprs: exprs}, nil
		case tAnd:
			p.next()
			if k := p.peek().kind; len(exprs) == 0 || k == tEOF || k == tRParen || k == tOr || k == tAnd {
				return nil, &Error{Pos: t.pos, Msg: "AND needs words on both sides"}
			}
			continue
		}
		e, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		if e != nil {
			exprs = append(exprs, e)
		}
	}
}

func (p *parser) parseUnary() (Expr, error) {
	t := p.peek()
	switch t.kind {
	case tNot:
		p.next()
		if k := p.peek().kind; k == tEOF || k == tRParen || k == tOr || k == tAnd {
			if t.pos < len(p.q.Input) && p.q.Input[t.pos] == 'N' {
				return nil, &Error{Pos: t.pos, Msg: "NOT needs a word after it"}
			}
			return nil, nil // a stray - or ! is punctuation
		}
		x, err := p.parseUnary()
		if err != nil || x == nil {
			return x, err
		}
		return &Not{X: x}, nil
	case tPlus:
		p.next()
		if k := p.peek().kind; k == tEOF || k == tRParen || k == tOr || k == tAnd {
			return nil, nil
		}
		return p.parseUnary()
	}
	return p.parsePrimary("")
}

func (p *parser) parsePrimary(field string) (Expr, error) {
	t := p.next()
	switch t.kind {
	case tLParen:
		if p.peek().kind == tRParen {
			p.next()
			return nil, nil // () is nothing
		}
		e, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if p.peek().kind != tRParen {
			return nil, &Error{Pos: t.pos, Msg: "this ( is never closed: add a )"}
		}
		p.next()
		if field != "" {
			setField(e, field)
		}
		return e, nil
	case tRParen:
		return nil, &Error{Pos: t.pos, Msg: "this ) has no matching ("}
	case tField:
		if k := p.peek().kind; k == tEOF || k == tRParen || k == tOr || k == tAnd {
			return nil, &Error{Pos: t.pos, Msg: t.text + ": needs a word after it, like " + t.text + ":Cuba"}
		}
		return p.parsePrimary(t.text)
	case tPhrase:
		words := Words(t.text)
		if len(words) == 0 {
			return nil, nil
		}
		if len(words) == 1 && t.slop == 0 {
			return &Term{Text: words[0], Literal: true, Field: field}, nil
		}
		return &Phrase{Words: words, Slop: t.slop, Field: field}, nil
	case tWord:
		text := t.text
		if strings.HasPrefix(text, "\x02") {
			f, rest, _ := strings.Cut(text[1:], ":")
			field = f
			text = rest
		}
		return word(text, t.pos, field)
	case tEOF:
		return nil, &Error{Pos: t.pos, Msg: "the query ends too early"}
	}
	return nil, &Error{Pos: t.pos, Msg: "unexpected operator"}
}

// word turns one chunk of the input into a term or a phrase, or nothing
// when it holds no letters or digits.
func word(text string, pos int, field string) (Expr, error) {
	literal := false
	if strings.HasPrefix(text, "=") {
		literal = true
		text = text[1:]
	}
	// A question mark ending a word is punctuation ("ban?"); inside a word
	// it stands for one letter ("wom?n").
	text = strings.TrimRight(text, "?.,;:!")
	prefix := false
	if strings.HasSuffix(text, "*") {
		prefix = true
		text = strings.TrimRight(text, "*")
		if Words(text) == nil {
			return nil, &Error{Pos: pos, Msg: "a wildcard needs letters before it, like arbitrat*"}
		}
	}
	if strings.HasPrefix(text, "*") || strings.HasPrefix(text, "?") {
		return nil, &Error{Pos: pos, Msg: "a word cannot begin with a wildcard: put letters before * or ?"}
	}
	if strings.Contains(text, "?") && !strings.Contains(text, "*") {
		parts := strings.Split(text, "?")
		ok := true
		for _, part := range parts {
			if part != "" && len(Words(part)) != 1 {
				ok = false
			}
		}
		if ok {
			folded := make([]string, len(parts))
			for i, part := range parts {
				folded[i] = Fold(part)
			}
			return &Term{Text: strings.Join(folded, "?"), Pattern: true, Prefix: prefix, Field: field}, nil
		}
	}
	text = strings.ReplaceAll(text, "*", " ")
	words := Words(text)
	switch len(words) {
	case 0:
		return nil, nil
	case 1:
		return &Term{Text: words[0], Literal: literal, Prefix: prefix, Field: field}, nil
	}
	// "U.S.", "test-ban", "Gromyko's": the words in sequence.
	return &Phrase{Words: words, Field: field}, nil
}

func setField(e Expr, field string) {
	switch e := e.(type) {
	case *And:
		for _, x := range e.Exprs {
			setField(x, field)
		}
	case *Or:
		for _, x := range e.Exprs {
			setField(x, field)
		}
	case *Not:
		setField(e.X, field)
	case *Term:
		e.Field = field
	case *Phrase:
		e.Field = field
	}
}

// flatten simplifies each expression, drops empty ones, and lifts the
// members of nested groups of the same kind (inner reports them).
func flatten(exprs []Expr, inner func(Expr) ([]Expr, bool)) []Expr {
	var out []Expr
	for _, c := range exprs {
		if c = simplify(c); c == nil {
			continue
		}
		if members, ok := inner(c); ok {
			out = append(out, members...)
			continue
		}
		out = append(out, c)
	}
	return out
}

func first(es []Expr) Expr {
	if len(es) == 0 {
		return nil
	}
	return es[0]
}

// unique drops the expressions that repeat an earlier one of the same
// group: "a* a* a*" means "a*", and is matched once.
func unique(es []Expr) []Expr {
	seen := make(map[string]bool, len(es))
	out := es[:0:0]
	for _, e := range es {
		if k := e.String(); !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	return out
}

// simplify removes empty groups, flattens single-element ones, and merges
// repeated members of a group.
func simplify(e Expr) Expr {
	switch x := e.(type) {
	case *And:
		out := flatten(x.Exprs, func(e Expr) ([]Expr, bool) {
			a, ok := e.(*And)
			if !ok {
				return nil, false
			}
			return a.Exprs, true
		})
		out = unique(out)
		if len(out) < 2 {
			return first(out)
		}
		return &And{Exprs: out}
	case *Or:
		out := flatten(x.Exprs, func(e Expr) ([]Expr, bool) {
			o, ok := e.(*Or)
			if !ok {
				return nil, false
			}
			return o.Exprs, true
		})
		out = unique(out)
		if len(out) < 2 {
			return first(out)
		}
		return &Or{Exprs: out}
	case *Not:
		c := simplify(x.X)
		if c == nil {
			return nil
		}
		if n, ok := c.(*Not); ok {
			return n.X
		}
		return &Not{X: c}
	}
	return e
}

// check rejects NOT where it cannot mean anything: alone inside OR.
func check(e Expr, inOr bool) error {
	switch x := e.(type) {
	case *And:
		for _, c := range x.Exprs {
			if err := check(c, false); err != nil {
				return err
			}
		}
	case *Or:
		for _, c := range x.Exprs {
			if err := check(c, true); err != nil {
				return err
			}
		}
	case *Not:
		if inOr {
			return &Error{Pos: -1, Msg: "NOT can only leave words out of a search: write (a OR b) -c, not a OR -c"}
		}
		return check(x.X, false)
	}
	return nil
}

// positive reports whether e matches something on its own.
func positive(e Expr) bool {
	switch x := e.(type) {
	case *And:
		for _, c := range x.Exprs {
			if positive(c) {
				return true
			}
		}
		return false
	case *Or:
		for _, c := range x.Exprs {
			if !positive(c) {
				return false
			}
		}
		return true
	case *Not:
		return false
	}
	return true
}

func countWords(e Expr) int {
	n := 0
	Walk(e, func(e Expr) bool {
		switch x := e.(type) {
		case *Phrase:
			n += len(x.Words)
		case *Term:
			n++
		}
		return true
	})
	return n
}
