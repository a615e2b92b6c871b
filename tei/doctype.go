package tei

import (
	"regexp"
	"strings"

	"github.com/chancery-frus/chancery"
)

// typeRules read a document's type from the words of its head (and, in
// legacy volumes, its source note, where "[Telegram.]" is printed). The
// first rule that matches wins.
var typeRules = []struct {
	re  *regexp.Regexp
	typ string
}{
	{regexp.MustCompile(`(?i)\beditorial note\b`), chancery.TypeEditorialNote},
	{regexp.MustCompile(`(?i)\bmemorand(um|a) of (a )?conversations?\b`), chancery.TypeMemorandumOfConversation},
	{regexp.MustCompile(`(?i)\b(telegram|cablegram|cable|telegraphic)\b`), chancery.TypeTelegram},
	{regexp.MustCompile(`(?i)\b(minutes|record of (a )?meeting|notes of (a )?meeting|summary record)\b`), chancery.TypeMinutes},
	{regexp.MustCompile(`(?i)\bmemorand(um|a)\b`), chancery.TypeMemorandum},
	{regexp.MustCompile(`(?i)\b(intelligence estimate|intelligence memorandum|estimate)\b`), chancery.TypeIntelligence},
	{regexp.MustCompile(`(?i)\bletters?\b`), chancery.TypeLetter},
	{regexp.MustCompile(`(?i)\b(note verbale|aide-m[ée]moire|notes?)\b`), chancery.TypeNote},
	{regexp.MustCompile(`(?i)\breports?\b`), chancery.TypeReport},
	{regexp.MustCompile(`(?i)\b(circular|circular instruction)\b`), chancery.TypeCircular},
	{regexp.MustCompile(`(?i)\b(message|proclamation|address|statement)\b`), chancery.TypeMessage},
	{regexp.MustCompile(`(?i)\b(despatch|dispatch)\b`), chancery.TypeDespatch},
	{regexp.MustCompile(`(?i)\binstructions?\b`), chancery.TypeInstruction},
	{regexp.MustCompile(`(?i)\b(treaty|convention|agreement|protocol)\b`), chancery.TypeAgreement},
	{regexp.MustCompile(`(?i)\bpaper\b`), chancery.TypePaper},
	// Legacy correspondence: "Mr. Adams to Mr. Seward", "The Secretary of
	// State to the Chargé in France".
	{regexp.MustCompile(`(?i)^.{2,80}\bto (the |mr\.? |mrs\.? |m\. |señor |baron |count |general |admiral |sir |lord |[A-Z])`), chancery.TypeCorrespondence},
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
	for _, r := range typeRules {
		if r.re.MatchString(text) {
			return r.typ
		}
	}
	return chancery.TypeOther
}
