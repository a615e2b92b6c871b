package cite

import (
	"strings"

	"github.com/chancery-frus/chancery"
)

// Chicago cites d (or the volume when d is nil) in the Chicago
// notes-bibliography form the Office of the Historian recommends, as plain
// text:
//
//	Foreign Relations of the United States, 1961–1963, Volume V, Soviet
//	Union, eds. Charles S. Sampson and John Michael Joyce (Washington:
//	Government Printing Office, 1998), Document 253. https://…
//
// The URL, when not empty, follows the final period after one space.
// Legacy volumes are cited by their complete title and, before the
// 1955–1957 subseries, documents by their pages ("pp. 1–2"); see the
// package comment.
func Chicago(v *chancery.Volume, d *chancery.Document, url string) string {
	if v == nil {
		return ""
	}
	return chicago(v, d, url).plain()
}

// ChicagoHTML is Chicago as HTML: the series title (or the complete title
// of a legacy volume) in <i>…</i>, the URL as a link, all text escaped.
func ChicagoHTML(v *chancery.Volume, d *chancery.Document, url string) string {
	if v == nil {
		return ""
	}
	return chicago(v, d, url).html()
}

func chicago(v *chancery.Volume, d *chancery.Document, url string) rich {
	w := newWork(v, d)
	var r rich
	w.titleRich(&r)
	switch len(w.editors) {
	case 0:
	case 1:
		r.add(", ed. " + w.editors[0])
	default:
		r.add(", eds. " + joinAnd(w.editors))
	}
	imprint := w.place
	if w.publisher != "" {
		imprint += ": " + w.publisher
	}
	year := w.year
	if year == "" {
		year = "n.d."
	}
	r.add(" (" + imprint + ", " + year + ")")
	if loc := w.locator("Document"); loc != "" {
		r.add(", " + loc)
	}
	r.add(".")
	if url != "" {
		r.add(" ")
		r.link(url)
	}
	return r
}

// MLA cites d (or the volume when d is nil) in MLA style (9th edition), as
// plain text:
//
//	United States, Department of State. "Memorandum of Conversation."
//	Foreign Relations of the United States, 1961–1963, Volume V, Soviet
//	Union, edited by Charles S. Sampson and John Michael Joyce, Government
//	Printing Office, 1998, document 253. Office of the Historian, https://….
//
// Three or more editors are cited as "edited by A et al."; documents of
// volumes before 1955 by their pages ("pp. 1–2"). A volume is the source
// itself: "… Soviet Union. Edited by …, Government Printing Office, 1998."
// The second container, "Office of the Historian, URL.", is left out when
// the URL is empty.
func MLA(v *chancery.Volume, d *chancery.Document, url string) string {
	if v == nil {
		return ""
	}
	return mla(v, d, url).plain()
}

// MLAHTML is MLA as HTML: the volume's title in <i>…</i>, the URL as a
// link, all text escaped.
func MLAHTML(v *chancery.Volume, d *chancery.Document, url string) string {
	if v == nil {
		return ""
	}
	return mla(v, d, url).html()
}

func mla(v *chancery.Volume, d *chancery.Document, url string) rich {
	w := newWork(v, d)
	var r rich
	r.add("United States, Department of State. ")
	if d != nil && w.title != "" {
		t := strings.ReplaceAll(w.title, `"`, "'")
		if !strings.HasSuffix(t, ".") && !strings.HasSuffix(t, "?") && !strings.HasSuffix(t, "!") {
			t += "."
		}
		r.add(`"` + t + `" `)
	}
	r.italic(w.fullTitle())

	// The rest of the container, elements joined by commas.
	var tail []string
	if eds := mlaEditors(w.editors); eds != "" {
		if d == nil {
			eds = "Edited by " + eds
		} else {
			eds = "edited by " + eds
		}
		tail = append(tail, eds)
	}
	if w.publisher != "" {
		tail = append(tail, w.publisher)
	}
	if w.year != "" {
		tail = append(tail, w.year)
	}
	if loc := w.locator("document"); loc != "" {
		tail = append(tail, loc)
	}
	if len(tail) > 0 {
		if d == nil {
			r.add(". ")
		} else {
			r.add(", ")
		}
		r.add(strings.Join(tail, ", "))
	}
	r.add(".")
	if url != "" {
		r.add(" Office of the Historian, ")
		r.link(url)
		r.add(".")
	}
	return r
}

// mlaEditors names editors as MLA does: "A", "A and B", "A et al.".
func mlaEditors(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	case 2:
		return names[0] + " and " + names[1]
	}
	return names[0] + " et al."
}
