package query

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// PlainQuery returns what can be searched for of a query that cannot be
// parsed: its words in order and in their own spelling, as a query of
// plain words that parses. Quotation marks, parentheses, operators (AND,
// OR, NOT, &&, ||, +), fields (title:, person:, place:, in:) and
// wildcards are dropped, and so are the words the query leaves out —
// after -, ! or NOT, or in a group so negated — since searching for them
// would find the opposite of what was asked. Characters joining the
// letters of one word (U.S., test-ban, Khrushchevʼs, AT&T) are kept, so
// such a word stays one word. The result holds at most MaxWords words and
// MaxLength bytes; it is "" when no word is left.
//
//	"test ban        test ban
//	Khrushchev AND   Khrushchev
//	(Berlin          Berlin
//	Berlin -(Cuba    Berlin
func PlainQuery(input string) string {
	p := plain{}
	not := false  // the next word, phrase or group is left out
	depth := 0    // open parentheses
	negDepth := 0 // the depth of the outermost group left out, or 0
	for i := 0; i < len(input); {
		r, size := utf8.DecodeRuneInString(input[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case r == '(':
			depth++
			if not && negDepth == 0 {
				negDepth = depth
			}
			not = false
			i++
		case r == ')':
			if depth == negDepth {
				negDepth = 0
			}
			depth = max(depth-1, 0)
			not = false
			i++
		case r == '"' || r == '“' || r == '”':
			i += size
			end := strings.IndexAny(input[i:], "\"“”")
			if end < 0 {
				end = len(input) - i
			}
			if !not && negDepth == 0 {
				p.add(input[i : i+end])
			}
			not = false
			i += end
			if i < len(input) {
				_, size := utf8.DecodeRuneInString(input[i:])
				i += size
				for i < len(input) && (input[i] == '~' || input[i] >= '0' && input[i] <= '9') {
					i++ // a proximity
				}
			}
		case (r == '-' || r == '!') && (i == 0 || isBoundary(input, i)):
			not = true
			i++
		default:
			start := i
			for i < len(input) {
				r, size := utf8.DecodeRuneInString(input[i:])
				if unicode.IsSpace(r) || strings.ContainsRune(specials, r) || r == '“' || r == '”' {
					break
				}
				i += size
			}
			chunk := input[start:i]
			switch chunk {
			case "AND", "&&", "OR", "||":
				continue
			case "NOT":
				not = true
				continue
			}
			if name, rest, ok := strings.Cut(chunk, ":"); ok {
				switch strings.ToLower(name) {
				case FieldTitle, FieldPerson, FieldPlace:
					chunk = rest // title:(…) applies to the group that follows
				case "in":
					chunk = ""
				}
			}
			if chunk == "" {
				continue
			}
			if !not && negDepth == 0 {
				p.add(chunk)
			}
			not = false
		}
	}
	return p.b.String()
}

// plain collects the words of PlainQuery within its limits.
type plain struct {
	b     strings.Builder
	words int
	full  bool
}

// add adds the words of a chunk of input.
func (p *plain) add(chunk string) {
	for _, w := range strings.Fields(joinedWords(chunk)) {
		switch w {
		case "AND", "OR", "NOT":
			continue
		}
		n := len(Words(w))
		sep := 0
		if p.b.Len() > 0 {
			sep = 1
		}
		if p.full || p.words+n > MaxWords || p.b.Len()+sep+len(w) > MaxLength {
			p.full = true
			return
		}
		if sep > 0 {
			p.b.WriteByte(' ')
		}
		p.b.WriteString(w)
		p.words += n
	}
}

// joinedWords returns text with every character that is neither part of a
// word nor joins two letters of one (U.S., test-ban, Khrushchevʼs) made a
// space.
func joinedWords(text string) string {
	rs := []rune(text)
	out := make([]rune, len(rs))
	for i, r := range rs {
		switch {
		case r == utf8.RuneError:
			out[i] = ' '
		case IsWordRune(r):
			out[i] = r
		case strings.ContainsRune(".'’ʼ-&/", r) && i > 0 && i+1 < len(rs) && IsWordRune(rs[i-1]) && IsWordRune(rs[i+1]):
			out[i] = r
		default:
			out[i] = ' '
		}
	}
	return string(out)
}
