package export

import (
	"strings"

	"github.com/chancery-frus/chancery"
)

// format is what differs between plain text and Markdown: how text is
// escaped and marked up, and how blocks are laid out.
type format interface {
	// escape returns a word as it must be written; lineStart tells that
	// the word begins a line.
	escape(word string, lineStart bool) string
	// delimiter returns the emphasis delimiter for hi@rend, or "".
	delimiter(rend string) string
	// noteRef returns the marker of a note and whether it is glued to the
	// word before it.
	noteRef(e *noteEntry) (string, bool)
	// pageRef returns the marker of the beginning of printed page n.
	pageRef(n string) string
	// lineBreak separates the lines of one paragraph.
	lineBreak() string
	// heading lays out a heading of the given level (1 for the title).
	heading(level int, text string) string
	// table lays out a table.
	table(t *table) string
	// blockSep separates block b from the block before it.
	blockSep(b block) string
	// bullet begins a list item; alt asks for the other bullet, for a list
	// that follows a list.
	bullet(alt bool) string
	// itemSep separates block b from the block before it in a list item.
	itemSep(b block) string
	// noteEntry lays out one note whose content is laid out as body; an
	// unmarked note is laid out as its content alone.
	noteEntry(e *noteEntry, body string) string
	// noteSep separates notes.
	noteSep() string
	// notesHeading lays out the heading of a note section, or "" for none.
	notesHeading(title string) string
}

// textFormat is plain text: no escapes, no emphasis, notes as "[N]".
type textFormat struct{}

func (textFormat) escape(word string, _ bool) string { return word }
func (textFormat) delimiter(string) string           { return "" }
func (textFormat) noteRef(e *noteEntry) (string, bool) {
	return "[" + e.num + "]", false
}
func (textFormat) pageRef(n string) string           { return "[" + chancery.PageLabel(n) + "]" }
func (textFormat) lineBreak() string                 { return "\n" }
func (textFormat) heading(_ int, text string) string { return text }
func (textFormat) table(t *table) string             { return t.text() }
func (textFormat) itemSep(block) string              { return "\n" }
func (textFormat) bullet(bool) string                { return "- " }
func (textFormat) noteSep() string                   { return "\n" }
func (textFormat) notesHeading(title string) string  { return title }

// blockSep puts a tight block (a closer's lines, a heading after a
// heading) on the next line, and a blank line before other blocks.
func (textFormat) blockSep(b block) string {
	if b.tight {
		return "\n"
	}
	return "\n\n"
}

func (textFormat) noteEntry(e *noteEntry, body string) string {
	if e.unmarked {
		return body
	}
	marker := "[" + e.num + "] "
	return indent(body, marker, strings.Repeat(" ", len([]rune(marker))))
}

// markdownFormat is CommonMark with GitHub tables and footnotes.
type markdownFormat struct{}

func (markdownFormat) escape(word string, lineStart bool) string {
	return escapeMarkdown(word, lineStart)
}

func (markdownFormat) delimiter(rend string) string {
	switch rend {
	case "italic", "italics", "i", "emph":
		return "*"
	case "strong", "bold", "b":
		return "**"
	}
	return ""
}

func (markdownFormat) noteRef(e *noteEntry) (string, bool) {
	return "[^" + e.label + "]", true
}

func (markdownFormat) pageRef(n string) string {
	return escapeMarkdown("["+chancery.PageLabel(n)+"]", false)
}

func (markdownFormat) lineBreak() string { return "\\\n" }

func (markdownFormat) heading(level int, text string) string {
	return strings.Repeat("#", min(max(level, 1), 6)) + " " + text
}

func (markdownFormat) table(t *table) string      { return t.markdown() }
func (markdownFormat) blockSep(block) string      { return "\n\n" }
func (markdownFormat) noteSep() string            { return "\n\n" }
func (markdownFormat) notesHeading(string) string { return "" }

// bullet is "- ", or "+ " for a list right after a list, which Markdown
// would otherwise join to it.
func (markdownFormat) bullet(alt bool) string {
	if alt {
		return "+ "
	}
	return "- "
}

// itemSep keeps a nested list right under its item's first line and puts
// a blank line before other blocks of an item.
func (markdownFormat) itemSep(b block) string {
	if b.kind == listBlock {
		return "\n"
	}
	return "\n\n"
}

func (markdownFormat) noteEntry(e *noteEntry, body string) string {
	if e.unmarked {
		return body
	}
	return indent(body, "[^"+e.label+"]: ", "    ")
}

// escapeMarkdown backslash-escapes the characters of word that Markdown
// would read as markup. At the beginning of a line it also escapes what
// would start a heading, a block quote, a list or a setext underline.
func escapeMarkdown(word string, lineStart bool) string {
	var b strings.Builder
	for i, r := range word {
		if strings.ContainsRune("\\`*_[]<|~$", r) || r == '&' && isEntity(word[i:]) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if lineStart {
		out = escapeLineStart(out)
	}
	return out
}

// escapeLineStart escapes the block markup a line could begin with: a
// heading ("#"), a block quote (">"), a list item ("-", "+", "1." or
// "1)" followed by a space), a thematic break or setext underline ("---",
// "==="). word holds no white space.
func escapeLineStart(word string) string {
	if word == "" {
		return word
	}
	if word[0] == '>' || strings.Trim(word, word[:1]) == "" && strings.Contains("#-+=", word[:1]) {
		return "\\" + word
	}
	digits := strings.IndexFunc(word, func(r rune) bool { return r < '0' || r > '9' })
	if digits > 0 && digits <= 9 && digits == len(word)-1 && strings.Contains(".)", word[digits:]) {
		return word[:digits] + "\\" + word[digits:]
	}
	return word
}

// isEntity reports whether s begins with a character reference such as
// "&amp;" or "&#38;", which Markdown would decode.
func isEntity(s string) bool {
	end := strings.IndexByte(s, ';')
	if end < 2 {
		return false
	}
	for _, r := range s[1:end] {
		if !(r == '#' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}
