package tei

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/chancery-frus/chancery"
)

// typeRules read a document's type from the words of its head (and, in
// legacy volumes, its source note, where "[Telegram.]" is printed). The
// first rule that matches wins.
var typeRules = []struct {
	re  *regexp.Regexp
	typ string
	// words: re matches only text that holds one of them, lower-cased;
	// ASCII text without any is passed over without running re.
	words []string
}{
	{regexp.MustCompile(`(?i)\beditorial note\b`), chancery.TypeEditorialNote, []string{"editorial note"}},
	{regexp.MustCompile(`(?i)\bmemorand(um|a) of (a )?conversations?\b`), chancery.TypeMemorandumOfConversation, []string{"memorand"}},
	{regexp.MustCompile(`(?i)\b(telegram|cablegram|cable|telegraphic)\b`), chancery.TypeTelegram, []string{"telegra", "cable"}},
	{regexp.MustCompile(`(?i)\b(minutes|record of (a )?meeting|notes of (a )?meeting|summary record)\b`), chancery.TypeMinutes, []string{"minutes", "meeting", "summary record"}},
	{regexp.MustCompile(`(?i)\bmemorand(um|a)\b`), chancery.TypeMemorandum, []string{"memorand"}},
	{regexp.MustCompile(`(?i)\b(intelligence estimate|intelligence memorandum|estimate)\b`), chancery.TypeIntelligence, []string{"estimate", "intelligence memorandum"}},
	{regexp.MustCompile(`(?i)\bletters?\b`), chancery.TypeLetter, []string{"letter"}},
	{regexp.MustCompile(`(?i)\b(note verbale|aide-m[ée]moire|notes?)\b`), chancery.TypeNote, []string{"note", "aide-m"}},
	{regexp.MustCompile(`(?i)\breports?\b`), chancery.TypeReport, []string{"report"}},
	{regexp.MustCompile(`(?i)\b(circular|circular instruction)\b`), chancery.TypeCircular, []string{"circular"}},
	{regexp.MustCompile(`(?i)\b(message|proclamation|address|statement)\b`), chancery.TypeMessage, []string{"message", "proclamation", "address", "statement"}},
	{regexp.MustCompile(`(?i)\b(despatch|dispatch)\b`), chancery.TypeDespatch, []string{"spatch"}},
	{regexp.MustCompile(`(?i)\binstructions?\b`), chancery.TypeInstruction, []string{"instruction"}},
	{regexp.MustCompile(`(?i)\b(treaty|convention|agreement|protocol)\b`), chancery.TypeAgreement, []string{"treaty", "convention", "agreement", "protocol"}},
	{regexp.MustCompile(`(?i)\bpaper\b`), chancery.TypePaper, []string{"paper"}},
	// Legacy correspondence: "Mr. Adams to Mr. Seward", "The Secretary of
	// State to the Chargé in France".
	{regexp.MustCompile(`(?i)^.{2,80}\bto (the |mr\.? |mrs\.? |m\. |señor |baron |count |general |admiral |sir |lord |[A-Z])`), chancery.TypeCorrespondence, []string{"to "}},
}

// docType classifies a document by its subtype, title and source note.
func docType(d *chancery.Document) string {
	if d.Subtype == chancery.SubtypeEditorial {
		return chancery.TypeEditorialNote
	}
	text := d.Title
	if d.SourceNote != nil && len(d.SourceNote.Text) < 40 {
		// Legacy inline source notes: "[Telegram.]", "[Translation.]".
		text = strings.Trim(d.SourceNote.Text, "[]. ") + " " + text
	}
	return matchType(text, true)
}

// matchType returns the type of the first rule whose expression matches
// text, or TypeOther; with filter, passing over the rules whose words
// ASCII text does not hold.
func matchType(text string, filter bool) string {
	filter = filter && isASCII(text)
	lower := ""
	if filter {
		lower = strings.ToLower(text)
	}
	for _, r := range typeRules {
		if filter && !holdsAny(lower, r.words) {
			continue
		}
		if r.re.MatchString(text) {
			return r.typ
		}
	}
	return chancery.TypeOther
}

func holdsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
