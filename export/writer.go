package export

import (
	"strings"
	"unicode"
)

// writer builds the inline text of one paragraph, heading or cell. It
// writes white space lazily, so that no line begins or ends with a space
// and runs of space become one; emphasis delimiters are written only
// around visible text, outside the spaces at its edges.
type writer struct {
	f         format
	b         strings.Builder
	oneLine   bool    // line breaks become spaces (headings, table cells)
	lineStart bool    // nothing visible written on the current line yet
	space     bool    // a space is owed before the next visible text
	brk       bool    // a line break is owed before the next visible text
	afterMark bool    // the last thing written was a marker
	emph      []delim // open emphasis, innermost last
	closed    string  // the delimiter that closed an emphasis last…
	closedAt  int     // …and the length of the text after it
}

// delim is an open emphasis: its delimiter and whether it has been written.
type delim struct {
	s       string
	written bool
}

func newWriter(f format, oneLine bool) *writer {
	return &writer{f: f, oneLine: oneLine, lineStart: true}
}

// String returns the text written, dropping owed spaces and breaks.
func (w *writer) String() string { return w.b.String() }

// empty reports whether nothing visible has been written.
func (w *writer) empty() bool { return w.b.Len() == 0 }

// text writes a run of text, white space included.
func (w *writer) text(s string) {
	start := -1
	for i, r := range s {
		if !unicode.IsSpace(r) || r == '\u00a0' {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			w.word(s[start:i])
			start = -1
		}
		w.space = true
	}
	if start >= 0 {
		w.word(s[start:])
	}
}

// word writes visible text that holds no white space.
func (w *writer) word(s string) {
	if w.afterMark && !closing(s) {
		w.space = true
	}
	w.afterMark = false
	lineStart := w.flush(true) && !w.oneLine
	w.b.WriteString(w.f.escape(s, lineStart))
}

// closeWord writes visible text glued to what precedes it, such as a
// closing bracket.
func (w *writer) closeWord(s string) {
	w.space, w.afterMark = false, false
	w.word(s)
}

// mark writes a marker: a footnote reference or a page number. Unless it
// is glued, a space separates it from the text before; the text after is
// kept apart from it unless it begins with closing punctuation.
func (w *writer) mark(s string, glued bool) {
	if !glued {
		w.space = true
	} else if !w.brk {
		w.space = false
	}
	w.flush(false)
	w.b.WriteString(s)
	w.afterMark = true
}

// flush writes the break or space owed and, when the next thing written
// is text, the opening delimiters owed. It reports whether the text
// that follows begins a line.
func (w *writer) flush(text bool) bool {
	switch {
	case w.brk && !w.empty():
		w.b.WriteString(w.f.lineBreak())
		w.lineStart = true
	case w.space && !w.lineStart:
		w.b.WriteByte(' ')
	}
	w.brk, w.space = false, false
	lineStart := w.lineStart
	w.lineStart = false
	if text {
		w.openOwed()
	}
	return lineStart
}

// openOwed writes the opening delimiters owed. An emphasis that begins
// where one with the same delimiter has just ended continues it instead,
// so that "*a*" and "*b*" make "*ab*" rather than "*a**b*".
func (w *writer) openOwed() {
	for i := range w.emph {
		d := &w.emph[i]
		if d.written {
			continue
		}
		d.written = true
		if d.s != "" && d.s == w.closed && w.closedAt == w.b.Len() {
			s := w.b.String()
			w.b.Reset()
			w.b.WriteString(s[:len(s)-len(d.s)])
			continue
		}
		w.b.WriteString(d.s)
	}
	w.closed = ""
}

// lineBreak starts a new line, or owes a space on one-line output.
func (w *writer) lineBreak() {
	if w.oneLine {
		w.space = true
		return
	}
	w.brk, w.space, w.afterMark = true, false, false
}

// boundary keeps the text of the element that ends or begins here apart
// from its neighbours.
func (w *writer) boundary() {
	w.space = true
}

// open begins an emphasis with delimiter s ("" for none). An emphasis
// already open with the same delimiter is not opened again.
func (w *writer) open(s string) {
	for _, d := range w.emph {
		if d.s == s {
			s = ""
		}
	}
	w.emph = append(w.emph, delim{s: s})
}

// close ends the innermost emphasis, writing its delimiter only if the
// opening one was written.
func (w *writer) close() {
	if len(w.emph) == 0 {
		return
	}
	d := w.emph[len(w.emph)-1]
	w.emph = w.emph[:len(w.emph)-1]
	if d.written && d.s != "" {
		w.b.WriteString(d.s)
		w.closed, w.closedAt = d.s, w.b.Len()
	}
}

// closing reports whether s begins with punctuation that closes a phrase
// and so may follow a marker without a space.
func closing(s string) bool {
	for _, r := range s {
		return strings.ContainsRune(".,;:!?)]}’”»…'ʼ", r)
	}
	return false
}
