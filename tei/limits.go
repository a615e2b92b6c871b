package tei

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The decoder's limits. Each is far above anything in the real volumes
// (the measured maxima of the 20 volumes of the shared corpus are in
// docs/ingest.md) and low enough that no file can make the decoder, the
// store or the reader run out of time, memory or stack.
const (
	// MaxFileSize is the largest file read as a volume, in bytes.
	MaxFileSize = 256 << 20
	// MaxTextSize is the largest text node, in bytes: the text between
	// two tags, white space folded.
	MaxTextSize = 1 << 20
	// MaxAttributes is the most attributes one element may carry
	// (namespace declarations included).
	MaxAttributes = 100
	// MaxAttrValue is the longest attribute value, in bytes.
	MaxAttrValue = 64 << 10
	// MaxDepth is the deepest nesting of elements, the root counting as 1.
	MaxDepth = 500
	// MaxElements is the most elements in one volume.
	MaxElements = 2_000_000
	// MaxDocuments is the most documents (div type="document", nested ones
	// included) in one volume.
	MaxDocuments = 100_000
	// MaxTextFactor bounds the text the decoder draws out of the markup for
	// titles, notes, mentions, references, descriptions and page lists:
	// at most this many times the file's size (and at least
	// minDrawnBudget bytes). Only elements of one kind nested in one
	// another, each of which copies the text of all below it, come near.
	MaxTextFactor = 4
)

// minDrawnBudget is the budget of drawn-out text for small files.
const minDrawnBudget = 16 << 20

// Limits bound what one decode accepts. A zero field means the default
// limit, the constant of the same name.
type Limits struct {
	FileSize   int
	TextSize   int
	Attributes int
	AttrValue  int
	Depth      int
	Elements   int
	Documents  int
	TextFactor int
}

// withDefaults returns l with every zero field set to its default.
func (l Limits) withDefaults() Limits {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&l.FileSize, MaxFileSize)
	def(&l.TextSize, MaxTextSize)
	def(&l.Attributes, MaxAttributes)
	def(&l.AttrValue, MaxAttrValue)
	def(&l.Depth, MaxDepth)
	def(&l.Elements, MaxElements)
	def(&l.Documents, MaxDocuments)
	def(&l.TextFactor, MaxTextFactor)
	return l
}

// Size writes a number of bytes as people read it: "256 MB", "1.5 kB",
// "12 bytes". Units are powers of 1,024, as the limits are.
func Size(n int64) string {
	switch {
	case n >= 1<<30:
		return trimUnit(float64(n)/(1<<30), "GB")
	case n >= 1<<20:
		return trimUnit(float64(n)/(1<<20), "MB")
	case n >= 1<<10:
		return trimUnit(float64(n)/(1<<10), "kB")
	}
	return fmt.Sprintf("%d bytes", n)
}

// over writes a size n that passes limit: as Size, or in bytes when Size
// would write both alike.
func over(n, limit int64) string {
	if s := Size(n); s != Size(limit) {
		return s
	}
	return fmt.Sprintf("%d bytes", n)
}

func trimUnit(v float64, unit string) string {
	s := strconv.FormatFloat(v, 'f', 1, 64)
	return strings.TrimSuffix(s, ".0") + " " + unit
}

// PrintableName returns a file name as it can be shown on a terminal: the
// name itself when every character of it is printable, else the name
// quoted as a Go string, so that control characters, escape sequences
// and invisible formatting characters in a name never reach the terminal
// raw.
func PrintableName(name string) string {
	if !utf8.ValidString(name) {
		return strconv.Quote(name)
	}
	for _, r := range name {
		if !strconv.IsPrint(r) {
			return strconv.Quote(name)
		}
	}
	return name
}
