package web

import (
	"net/url"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/links"
)

// hsg is the publisher's site, where links to volumes not stored here go.
const hsg = chancery.Site

// linker resolves the targets of TEI refs to addresses.
type linker struct {
	// stored reports whether a volume is in this corpus.
	stored func(volume string) bool
}

// resolve returns the address a ref target in volume leads to: a page of
// this corpus when the target's volume is here, else the same address on
// history.state.gov. ok is false for a malformed target, which is then
// shown as plain text.
func (l *linker) resolve(volume, target string) (href string, ok bool) {
	t := links.Parse(volume, target)
	switch t.Kind {
	case links.Local:
		return "/historicaldocuments/" + url.PathEscape(volume) + "/" + url.PathEscape(t.ID), true
	case links.Volume:
		path := "/historicaldocuments/" + url.PathEscape(t.Volume)
		if t.ID != "" {
			path += "/" + url.PathEscape(t.ID)
		}
		if l.stored(t.Volume) {
			return path, true
		}
		return hsg + path, true
	case links.Site:
		return hsg + t.Path, true
	case links.External:
		return t.Path, true
	}
	return "", false
}
