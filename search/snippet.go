package search

import (
	"strings"
	"unicode/utf8"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/query"
)

// Highlight is the set of words a query matches: whole words, word
// beginnings and phrases, folded. Snippet and MatchRanges find them in a
// text. A Highlight is for one goroutine at a time.
type Highlight struct {
	Words    map[string]bool
	Prefixes []string
	// Stems, with Stem, highlights every word whose stem is among them.
	Stems map[string]bool
	Stem  func(string) string
	// Phrases are highlighted only where all their words stand in order,
	// so that "of" and "the" of "freedom of the seas" are not marked
	// everywhere.
	Phrases [][]string

	// Set from the above on first use; Add, AddPrefix and AddPhrase reset
	// them.
	phraseWords map[string]bool
	first       *[256]bool // first bytes of Words, Prefixes, Stems and Phrases
}

// Add records a whole word.
func (h *Highlight) Add(word string) {
	if h.Words == nil {
		h.Words = map[string]bool{}
	}
	h.Words[word] = true
	h.first = nil
}

// AddPrefix records a word beginning.
func (h *Highlight) AddPrefix(prefix string) {
	h.Prefixes = append(h.Prefixes, prefix)
	h.first = nil
}

// AddPhrase records a phrase: words that match only together, in order.
func (h *Highlight) AddPhrase(words []string) {
	switch len(words) {
	case 0:
	case 1:
		h.Add(words[0])
	default:
		h.Phrases = append(h.Phrases, words)
		h.first = nil
	}
}

// matches reports whether a folded word is highlighted.
func (h *Highlight) matches(w string) bool {
	if h.Words[w] {
		return true
	}
	if len(h.Stems) > 0 && h.Stem != nil && h.Stems[h.Stem(w)] {
		return true
	}
	for _, p := range h.Prefixes {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// Snippet lengths, in bytes of text.
const (
	snippetLen    = 240
	snippetBefore = 70
)

// Snippet returns a passage of text around the densest cluster of matches,
// cut at word boundaries, split into matching and other parts. With no
// match it returns the text's beginning; ok reports whether any word
// matched.
func Snippet(text string, h *Highlight) (parts []chancery.SnippetPart, ok bool) {
	matches, words := h.scan(text, false)
	if len(matches) == 0 {
		return cut(text, 0, nil), false
	}
	// The window of snippetLen bytes holding the most distinct words.
	best, bestScore := 0, -1
	for i := range matches {
		seen := map[string]bool{}
		n := 0
		for j := i; j < len(matches) && matches[j][1]-matches[i][0] <= snippetLen-snippetBefore; j++ {
			if !seen[words[j]] {
				seen[words[j]] = true
				n += 10
			}
			n++
		}
		if n > bestScore {
			best, bestScore = i, n
		}
	}
	start := matches[best][0] - snippetBefore
	return cut(text, max(start, 0), matches), true
}

// MatchRanges returns where the highlighted words stand in text, in
// order: the byte offsets [start, end) of each word that matches alone
// (a word, a word of a stem or a prefix) or within the whole of a phrase.
// Case and diacritics are ignored, as in search. A renderer marks these
// ranges of a text; a phrase is found only where all its words are in
// the text given. A nil Highlight matches nothing.
func (h *Highlight) MatchRanges(text string) [][2]int {
	if h == nil {
		return nil
	}
	matches, _ := h.scan(text, true)
	return matches
}

// Empty reports whether h highlights nothing.
func (h *Highlight) Empty() bool {
	return h == nil || len(h.Words) == 0 && len(h.Prefixes) == 0 && len(h.Stems) == 0 && len(h.Phrases) == 0
}

// scan finds the highlighted words of text: their byte ranges and the
// words folded. Unless all is set it stops well past the first match once
// enough have been seen, which is all a snippet needs.
func (h *Highlight) scan(text string, all bool) (matches [][2]int, words []string) {
	if h.first == nil {
		h.prepare()
	}
	var ok []bool // a word that matches alone, or part of a whole phrase
	var lower [64]byte
	firstMatch, confirmed := -1, 0
	confirm := func(i int) {
		if !ok[i] {
			ok[i] = true
			confirmed++
			if firstMatch < 0 || matches[i][0] < firstMatch {
				firstMatch = matches[i][0]
			}
		}
	}
	// record notes a word of the query found at text[start:end].
	record := func(start, end int, w string, alone bool) {
		matches = append(matches, [2]int{start, end})
		words = append(words, w)
		ok = append(ok, false)
		n := len(matches)
		if alone {
			confirm(n - 1)
		}
		if !h.phraseWords[w] {
			return
		}
	phrases:
		for _, p := range h.Phrases {
			k := len(p)
			if n < k || p[k-1] != w {
				continue
			}
			for m := 0; m < k; m++ {
				i := n - k + m
				if words[i] != p[m] || m > 0 && !adjacent(text, matches[i-1][1], matches[i][0]) {
					continue phrases
				}
			}
			for i := n - k; i < n; i++ {
				confirm(i)
			}
		}
	}
	// Scan the words, folding only those that may match.
	for i := 0; i < len(text); {
		if !all && firstMatch >= 0 && (i-firstMatch > scanAfterFirst || confirmed >= maxMatches) {
			break
		}
		c := text[i]
		if c < utf8.RuneSelf {
			if !asciiWord[c] {
				i++
				continue
			}
			j := i + 1
			for j < len(text) && text[j] < utf8.RuneSelf && asciiWord[text[j]] {
				j++
			}
			if j < len(text) && text[j] >= utf8.RuneSelf {
				// A word with non-ASCII letters: take the slow path below.
				goto slow
			}
			if h.first[lowerASCII(c)] && j-i <= len(lower) {
				for k := i; k < j; k++ {
					lower[k-i] = lowerASCII(text[k])
				}
				w := lower[:j-i]
				alone := h.Words[string(w)] || h.hasPrefix(w) || (len(h.Stems) > 0 && h.matches(string(w)))
				if alone || h.phraseWords[string(w)] {
					record(i, j, string(w), alone)
				}
			}
			i = j
			continue
		}
	slow:
		next, w, isWord := scanWord(text, i)
		if isWord {
			if alone := h.matches(w); alone || h.phraseWords[w] {
				record(i, next, w, alone)
			}
		}
		i = next
	}
	// Keep the words that match alone or within a whole phrase.
	kept := 0
	for i, m := range matches {
		if ok[i] {
			matches[kept], words[kept] = m, words[i]
			kept++
		}
	}
	return matches[:kept], words[:kept]
}

// How far past the first match a snippet's scan goes, and how many
// matches are enough to choose a passage from.
const (
	scanAfterFirst = 4000
	maxMatches     = 16
)

var asciiWord = func() (t [128]bool) {
	for c := 0; c < 128; c++ {
		t[c] = query.IsWordRune(rune(c))
	}
	return t
}()

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// prepare notes the first bytes of the highlighted words and prefixes.
func (h *Highlight) prepare() {
	h.first = new([256]bool)
	for k := range h.Words {
		if k != "" {
			h.first[k[0]] = true
		}
	}
	for _, p := range h.Prefixes {
		if p != "" {
			h.first[p[0]] = true
		}
	}
	for k := range h.Stems {
		if k != "" {
			h.first[k[0]] = true
		}
	}
	h.phraseWords = map[string]bool{}
	for _, p := range h.Phrases {
		for _, w := range p {
			if w != "" {
				h.phraseWords[w] = true
				h.first[w[0]] = true
			}
		}
	}
}

// adjacent reports whether text[from:to] holds no word: two words
// separated by it follow one another.
func adjacent(text string, from, to int) bool {
	for _, r := range text[from:to] {
		if query.IsWordRune(r) {
			return false
		}
	}
	return true
}

func (h *Highlight) hasPrefix(w []byte) bool {
	for _, p := range h.Prefixes {
		if len(w) >= len(p) && string(w[:len(p)]) == p {
			return true
		}
	}
	return false
}

// scanWord reads the word at text[i:], which holds non-ASCII letters, or
// skips the non-word rune there. It returns where the scan goes on and,
// when there is a word, the word folded.
func scanWord(text string, i int) (next int, word string, ok bool) {
	r, size := utf8.DecodeRuneInString(text[i:])
	if !query.IsWordRune(r) {
		return i + size, "", false
	}
	j := i + size
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if !query.IsWordRune(r) {
			break
		}
		j += size
	}
	return j, query.Fold(text[i:j]), true
}

// cut returns the passage of text starting near start, snippetLen bytes
// long, moved to word boundaries, with the marked spans as matches.
func cut(text string, start int, marks [][2]int) []chancery.SnippetPart {
	if start > 0 {
		// Move forward to the start of a word.
		for start < len(text) && !isSpace(text[start-1]) {
			start++
		}
	}
	end := start + snippetLen
	if end >= len(text) {
		end = len(text)
	} else {
		for end > start && !isSpace(text[end]) {
			end--
		}
		if end == start {
			end = min(start+snippetLen, len(text))
			for end < len(text) && !utf8.RuneStart(text[end]) {
				end++
			}
		}
	}
	var parts []chancery.SnippetPart
	add := func(s string, match bool) {
		if s != "" {
			parts = append(parts, chancery.SnippetPart{Text: s, Match: match})
		}
	}
	pos := start
	if start > 0 {
		add("…", false)
	}
	for _, m := range marks {
		if m[0] < pos || m[1] > end {
			continue
		}
		add(text[pos:m[0]], false)
		add(text[m[0]:m[1]], true)
		pos = m[1]
	}
	add(strings.TrimRight(text[pos:end], " "), false)
	if end < len(text) {
		add("…", false)
	}
	// Join neighbouring non-matching parts.
	out := parts[:0]
	for _, p := range parts {
		if k := len(out); k > 0 && !p.Match && !out[k-1].Match {
			out[k-1].Text += p.Text
			continue
		}
		out = append(out, p)
	}
	return out
}

func isSpace(b byte) bool { return b == ' ' || b == '\n' || b == '\t' }

// DocumentSnippet cuts a hit's snippet from its text or, when the matches
// are only in them or the search is in:notes, from its notes.
func DocumentSnippet(text, notes, scope string, h *Highlight) []chancery.SnippetPart {
	var parts []chancery.SnippetPart
	var found bool
	if scope != query.ScopeNotes {
		parts, found = Snippet(text, h)
	}
	if !found && notes != "" {
		if p, ok := Snippet(notes, h); ok || scope == query.ScopeNotes {
			parts = p
		}
	}
	if parts == nil {
		parts = []chancery.SnippetPart{}
	}
	return parts
}
