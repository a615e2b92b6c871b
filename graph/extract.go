// Package graph is the citation graph of the series: what each volume
// cites — its refs, and the citations in plain words of its notes and
// text (package citation) — and what each citation resolves to, in the
// volume itself or in the other volumes stored: a document, a note, a
// page (through the cited volume's page map, package pagemap), a
// division or a whole volume.
//
// Extract lists a decoded volume's citations, pure; Index resolves them
// against one volume; Link resolves a store's pending citations, those
// whose volume has arrived since they were stored.
package graph

import (
	"cmp"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/citation"
	"github.com/chancery-frus/chancery/links"
	"github.com/chancery-frus/chancery/pagemap"
)

// Version identifies how citations are read from a volume. It changes
// whenever a volume read again would cite differently, so that ingest
// stores again the volumes read before (ingest.ContentHash).
const Version = "2"

// Prepare readies a decoded volume to be stored: it keeps the volume's
// page map with it (pagemap.Keep) and lists its citations (Extract),
// those of the volume itself resolved.
func Prepare(v *chancery.VolumeData, known func(string) bool) {
	pagemap.Keep(v.Volume, v.Documents)
	v.Citations = Extract(v, known)
	idx := NewIndex(v.Volume, v.Documents)
	kept := v.Citations[:0]
	for _, c := range v.Citations {
		if c.ToVolume == v.Volume.ID && c.State == chancery.CitePending {
			idx.Resolve(&c)
			// A page number standing alone in a note ("printed on p. 393")
			// is taken for the volume's own; one the volume does not have
			// is another work's, and no citation of the series.
			if c.How == chancery.HowProse && c.Kind == chancery.BrokenNoPage && strings.HasPrefix(c.Text, "p") {
				continue
			}
		}
		c.Seq = len(kept) + 1
		kept = append(kept, c)
	}
	v.Citations = kept
}

// Extract lists the citations a volume makes, in order: for each
// document, the refs of its text and the citations in plain words there,
// then those of its source note and of each note; then the refs of the
// divisions' own text (a chapter's introduction). A citation in plain
// words within a ref's text is the ref's; a ref of a whole volume followed
// by its pages in plain words takes the pages (chancery.HowRefPages).
// Refs to addresses outside the series are not citations of it and are
// left out; malformed refs are kept, broken.
//
// Volume ids built from plain words are read against known, the
// series' volume ids (the publisher's list): "Foreign Relations, 1875"
// is a volume in parts, which the citation does not name. With a nil
// known, the usual spelling of the id is taken, and whether the volume
// exists is told when the citation is read (Classify).
func Extract(v *chancery.VolumeData, known func(string) bool) []chancery.Citation {
	vol := v.Volume.ID
	numbers := printedNumbers(v.Documents)
	var out []chancery.Citation
	add := func(c chancery.Citation) {
		c.Volume, c.Seq = vol, len(out)+1
		if c.State == "" {
			c.State = chancery.CitePending
		}
		if c.Documents == nil {
			c.Documents = []string{}
		}
		out = append(out, c)
	}
	for _, d := range v.Documents {
		var before chain
		byNote := map[string][]chancery.Ref{}
		for _, r := range d.Refs {
			byNote[r.Note] = append(byNote[r.Note], r)
		}
		place := func(note, text string, refs []chancery.Ref) {
			for _, c := range inText(vol, d.ID, note, text, refs, known, &before, numbers) {
				add(c)
			}
		}
		place("", d.Body.PlainText(), byNote[""])
		// A note without an id cannot be told from the text by its refs'
		// Note: they are the text's.
		if n := d.SourceNote; n != nil {
			place(n.ID, n.Text, byNote[cmp.Or(n.ID, "\x00")])
		}
		for _, n := range d.Notes {
			place(n.ID, n.Text, byNote[cmp.Or(n.ID, "\x00")])
		}
	}
	chancery.Walk(v.Volume.Structure, func(div *chancery.Division, _ int) bool {
		if div.IsDocument() || apparatus(div) {
			return true // a document's citations are its own (Document.Refs, Notes)
		}
		// A division's own text (a chapter's introduction, with its head)
		// and its notes, read as a document's.
		if div.Content == nil {
			return true
		}
		var before chain
		refs, notes := divisionRefs(div.Content)
		for _, c := range inText(vol, div.ID, "", div.Content.PlainText(), refs[""], known, &before, numbers) {
			add(c)
		}
		for _, n := range notes {
			id := n.Attr("id")
			for _, c := range inText(vol, div.ID, id, n.PlainText(), refs[cmp.Or(id, "\x00")], known, &before, numbers) {
				add(c)
			}
		}
		return true
	})
	return out
}

// divisionRefs returns the refs of a division's content by the note
// holding them ("" for its own text), and its notes, in order.
func divisionRefs(content *chancery.Node) (map[string][]chancery.Ref, []*chancery.Node) {
	refs := map[string][]chancery.Ref{}
	var notes []*chancery.Node
	var walk func(n *chancery.Node, note string)
	walk = func(n *chancery.Node, note string) {
		switch n.Name {
		case "note":
			if n != content {
				notes = append(notes, n)
				note = cmp.Or(n.Attr("id"), "\x00")
			}
		case "ref":
			refs[note] = append(refs[note], chancery.Ref{Target: n.Attr("target"), Text: n.PlainText(), Note: note})
		case "document", "division":
			return
		}
		for _, c := range n.Children {
			walk(c, note)
		}
	}
	walk(content, "")
	return refs, notes
}

// apparatus reports whether a division is a volume's apparatus — its
// table of contents, list of papers or index — whose refs lead a reader
// about the volume rather than cite: a document's "Cited by" would list
// the index once for each of its pages.
func apparatus(div *chancery.Division) bool {
	if div.Type == "toc" || div.Type == "index" {
		return true
	}
	id := strings.ToLower(div.ID)
	for _, p := range []string{"toc", "contents", "index", "indx", "papers"} {
		if strings.HasPrefix(id, p) {
			return true
		}
	}
	head := strings.ToLower(div.Head)
	for _, h := range []string{"contents", "index", "list of papers", "list of documents"} {
		if strings.Contains(head, h) {
			return true
		}
	}
	return false
}

// inText returns the citations of one text of a document (its body, or a
// note): its refs, as the document lists them, and the citations in plain
// words found in it, in the order they stand in the text. before is what
// the texts before it (of the same document) cited, which an "ibid."
// repeats.
//
// A ref of a page of its own volume in words that cite another work —
// "Case of the United States, pp. 109, 110", or "Ibid., p. 176" after
// it — is a conversion's mistake: the pages are the other work's. It is
// broken (chancery.BrokenOtherWork).
func inText(vol, doc, note, text string, refs []chancery.Ref, known func(string) bool, before *chain, numbers printed) []chancery.Citation {
	type placed struct {
		at int
		c  chancery.Citation
	}
	var all []placed
	// Each ref's text is sought after the one before it.
	spans := make([][2]int, len(refs))
	pos := make([]int, len(refs)) // where each ref stands for ordering
	at := 0
	for i, r := range refs {
		pos[i] = at
		t := chancery.CollapseSpace(r.Text)
		j := -1
		if t != "" {
			j = strings.Index(text[at:], t)
		}
		if j < 0 {
			spans[i] = [2]int{-1, -1}
			continue
		}
		spans[i] = [2]int{at + j, at + j + len(t)}
		at += j + len(t)
	}
	last := before.last
	if before.other {
		last = nil // an "ibid." at its start repeats the other work
	}
	found := citation.Find(text, citation.Context{Volume: vol, Known: known, Guess: known == nil, Note: note != "", Before: last})
	// otherAt tells whether, at a place of the text, the last work named
	// is another than the series: for an "ibid.", the work it repeats,
	// named in the texts before it too; for pages, a work named in the
	// same citation ("Case of United States, pp. 109, 110"), no sentence
	// or "ante", "post" between. Only the otherLook bytes before the place
	// are read for other works: a long document's whole text would cost
	// more than all its citations.
	otherAt := func(at int, ibid bool) bool {
		from := max(0, at-otherLook)
		works := citation.OtherSources(text[from:at])
		for _, w := range works {
			w[0], w[1] = w[0]+from, w[1]+from
		}
		last, other := -1, ibid && before.other
		for _, f := range found {
			if f.End <= at && f.End > last {
				last, other = f.End, false
			}
		}
		for _, w := range works {
			if w[1] <= at && w[1] > last {
				last, other = w[1], true
			}
		}
		if ibid || !other {
			return other
		}
		return !thisVolumeRE.MatchString(text[last:at])
	}
	defer func() {
		// What an "ibid." of a note after this text repeats (a
		// document's own text is not read for it: an "ibid." of a note
		// repeats a note).
		before.other = note != "" && otherAt(len(text), true)
		if len(found) > 0 {
			before.last = &found[len(found)-1]
		}
	}()
	taken := make([]bool, len(found))
	for i, r := range refs {
		c, ok := fromRef(vol, r.Target, r.Text)
		if !ok {
			continue
		}
		c.Document, c.Note = doc, note
		s := spans[i]
		if strings.HasPrefix(c.ToID, "pg_") && c.ToVolume == vol && s[0] >= 0 && otherAt(s[0], isIbid(c.Text)) {
			c.State, c.Kind = chancery.CiteBroken, chancery.BrokenOtherWork
			c.Reason = "the words cite another work's pages, not this volume's"
		}
		if first, ok := strings.CutPrefix(c.ToID, "pg_"); ok && s[0] >= 0 {
			// A ref of a page that begins a range: "pp. 569</ref>–<ref>574"
			// (the last page a ref of its own) or "p. 569</ref>–574".
			if last := rangeEnd(text, s[1], refs, spans, i, c.ToVolume, vol); last != "" {
				c.First, c.Last = first, last
			}
		}
		for k, f := range found {
			if s[0] < 0 || taken[k] {
				continue
			}
			inside := f.Start <= s[0] && f.End >= s[1]
			switch {
			case f.Printed != "" && f.Start < s[0] && f.End > s[0]:
				// "Document No. 151, ante, page 314", the ref on its page:
				// the ref leads to the page, the words before it to the
				// document of that number there, if there is one ("dispatch
				// No. 610, page 546" is a number of the sender's).
				page := f.First
				if p, ok := strings.CutPrefix(c.ToID, "pg_"); ok && c.ToVolume == vol && page == "" {
					page = p
				}
				if numbers.find(f.Printed, page, doc) == "" {
					taken[k] = true
					break
				}
				found[k].First = page
				found[k].Text = strings.TrimRightFunc(pointerTail.ReplaceAllString(text[f.Start:s[0]], ""), unicode.IsSpace)
				found[k].End = f.Start + len(found[k].Text)
			case f.Start >= s[0] && f.End <= s[1]:
				// The words are the ref's own: "Document 45" marked up.
				taken[k] = true
			case f.Volume == vol && f.Start < s[1] && f.End > s[0] && f.Start > s[0]:
				// A page of the volume read across refs ("pp. 598</ref>–<ref>651"):
				// the refs' own.
				taken[k] = true
			case inside && c.ToID != "" && f.Document != "" && c.ToVolume == f.Volume && c.ToID == "d"+f.Document:
				// "ibid., Document 389", the ref on its last words: one citation.
				taken[k] = true
			case inside && c.ToVolume == vol && f.Volume != "" && f.Volume != vol && f.Document != "":
				// "printed ibid., Document 25" of another volume, its
				// words marked up as this volume's document 25: the
				// words say which volume is meant.
				c.How = ""
			case inside && f.Broken != "" && f.Fault != citation.FaultReversed && c.ToVolume != "":
				// "Foreign Relations, 1895, pp. 3</ref>, <ref>4": the refs
				// say which of the year's volumes the words mean.
				taken[k] = true
			case inside && c.ToID == "" && c.ToVolume == f.Volume:
				// A whole volume marked up, and perhaps its pages in plain
				// words after it: "Foreign Relations, 1961–1963, vol. XV,
				// pp. 370–376", the ref on "vol. XV".
				taken[k] = true
				if f.First == "" && f.Document == "" {
					break
				}
				c.How, c.Text = chancery.HowRefPages, f.Text
				c.First, c.Last, c.More = f.First, f.Last, f.More
				if f.Document != "" {
					c.ToID = "d" + f.Document
				}
				if f.Broken != "" {
					c.State, c.Reason, c.Kind = chancery.CiteBroken, f.Broken, f.Fault
				}
			case inside && c.ToVolume == f.Volume && f.First != "" && c.ToID == "pg_"+f.First:
				// A ref of its first page on "vol. XV, pp. 370–376": the
				// range is the words'.
				taken[k] = true
				c.First, c.Last = f.First, f.Last
				if f.Broken != "" {
					c.State, c.Reason, c.Kind = chancery.CiteBroken, f.Broken, f.Fault
				}
			}
		}
		if c.How != "" {
			all = append(all, placed{at: max(s[0], pos[i]), c: c})
		}
	}
	for k, f := range found {
		if taken[k] {
			continue
		}
		c := chancery.Citation{Document: doc, Note: note, How: chancery.HowProse, Text: f.Text, ToVolume: f.Volume, First: f.First, Last: f.Last, More: f.More, Assumed: f.Assumed}
		if f.Document != "" {
			c.ToID = "d" + f.Document
		}
		if f.Printed != "" && f.Broken == "" {
			// A document by the number printed at its head: the one of
			// that number on the page cited, or before the citing one.
			id := numbers.find(f.Printed, f.First, doc)
			switch {
			case id != "":
				c.ToID, c.First, c.Last = id, "", ""
			case f.First == "":
				continue // no document of that number: another series' number
			}
		}
		if f.Broken != "" {
			c.State, c.Reason, c.Kind = chancery.CiteBroken, f.Broken, f.Fault
		}
		all = append(all, placed{at: f.Start, c: c})
	}
	// In the order of the text (a ref whose text was not found stands
	// where the ref before it ended).
	sort.SliceStable(all, func(i, j int) bool { return all[i].at < all[j].at })
	out := make([]chancery.Citation, len(all))
	for i, p := range all {
		out[i] = p.c
	}
	return out
}

// pointerTail matches what stands between a document's printed number
// and a ref of its page: ", ante, ".
var pointerTail = regexp.MustCompile(`[,\s]*(?:(?:ante|post)\b[,\s]*)?$`)

// printed are a volume's documents by the number printed at their heads
// ("No. 151. Mr. West to Mr. Frelinghuysen"), which the volumes of the
// 1880s number again in each chapter, in order.
type printed struct {
	docs    []*chancery.Document
	ordinal map[string]int // document id → index in docs
	byNo    map[string][]int
}

// printedNo matches the number at the start of a document's head.
var printedNo = regexp.MustCompile(`^No\.\s*(\d+)\.`)

func printedNumbers(docs []*chancery.Document) printed {
	p := printed{docs: docs, ordinal: map[string]int{}, byNo: map[string][]int{}}
	for i, d := range docs {
		p.ordinal[d.ID] = i
		if m := printedNo.FindStringSubmatch(d.Title); m != nil {
			p.byNo[m[1]] = append(p.byNo[m[1]], i)
		}
	}
	return p
}

// find returns the document printed as number n: of those so numbered,
// the one on page when a page is cited, else the last before the citing
// document in its division ("ante"); "" when none is, or more than one.
func (p printed) find(n, page, citing string) string {
	var match []string
	for _, i := range p.byNo[n] {
		d := p.docs[i]
		switch {
		case page != "":
			if slices.Contains(d.Pages, page) {
				match = append(match, d.ID)
			}
		default:
			at, ok := p.ordinal[citing]
			if ok && i < at && d.Division == p.docs[at].Division {
				match = []string{d.ID} // the last one before wins
			}
		}
	}
	if len(match) != 1 {
		return ""
	}
	return match[0]
}

// chain is what the texts of a document cited before the one read: the
// last citation of the series, for an "ibid.", and whether another work
// was named after it.
type chain struct {
	last  *citation.Citation
	other bool
}

// otherLook is how far before a citation the words are read for the
// name of another work.
const otherLook = 400

// thisVolumeRE matches what ends a citation of another work before a
// ref of a page: a sentence's end, or words that point into the volume
// itself ("ante, p. 873", "post", "supra").
var thisVolumeRE = regexp.MustCompile(`[.;]\s+[A-Z]|\b(?:[Aa]nte|[Pp]ost|[Ss]upra|[Ii]nfra|this\s+volume)\b`)

// isIbid reports whether a ref's words begin with "ibid.".
func isIbid(text string) bool {
	return len(text) >= 4 && strings.EqualFold(text[:4], "ibid")
}

// rangeDash matches the dash (or "to") after a range's first page, and
// rangeLast the last page after it, in plain words.
var (
	rangeDash = regexp.MustCompile(`^\s*(?:[-–—]|to\b)\s*`)
	rangeLast = regexp.MustCompile(`^(?:\d+|[ivxlcdm]+|[IVXLCDM]+)\b`)
)

// rangeEnd returns the last page of a range whose first page is the ref
// refs[i], ending in text at end: the page of the next ref when only a
// dash stands between them and it is a ref of a page of the same volume,
// else the number after the dash; "" when no dash follows the ref.
func rangeEnd(text string, end int, refs []chancery.Ref, spans [][2]int, i int, toVolume, vol string) string {
	dash := rangeDash.FindString(text[end:])
	if dash == "" {
		return ""
	}
	at := end + len(dash)
	if i+1 < len(refs) && spans[i+1][0] == at {
		t := links.Parse(vol, refs[i+1].Target)
		if last, ok := strings.CutPrefix(t.ID, "pg_"); ok && t.Volume == toVolume {
			return last
		}
		return ""
	}
	return rangeLast.FindString(text[at:])
}

// fromRef makes a citation of a ref, unless its target is outside the
// series (a page of history.state.gov that is not a volume's, a web
// address).
func fromRef(vol, target, text string) (chancery.Citation, bool) {
	c := chancery.Citation{How: chancery.HowRef, Text: chancery.CollapseSpace(text), Target: target}
	t := links.Parse(vol, target)
	switch t.Kind {
	case links.Local, links.Volume:
		c.ToVolume, c.ToID = t.Volume, t.ID
	case links.Malformed:
		c.State, c.Reason, c.Kind = chancery.CiteBroken, "the target is not a place in a volume, a history.state.gov path or a web address", chancery.BrokenMalformed
	default:
		return c, false
	}
	return c, true
}
