package web

import (
	"net/url"
	"regexp"
	"strings"
)

// hsg is the publisher's site, where links to volumes not stored here go.
const hsg = "https://history.state.gov"

var (
	localID  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)
	volumeID = regexp.MustCompile(`^frus[0-9A-Za-z][0-9A-Za-z_.-]*$`)
)

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
	target = strings.TrimSpace(target)
	switch {
	case target == "":
		return "", false
	case strings.HasPrefix(target, "#"):
		id := target[1:]
		if !localID.MatchString(id) {
			return "", false
		}
		return "/historicaldocuments/" + volume + "/" + id, true
	case strings.HasPrefix(target, "/"):
		u, err := url.Parse(target)
		if err != nil {
			return "", false
		}
		parts := strings.Split(strings.Trim(u.Path, "/"), "/")
		if len(parts) >= 2 && parts[0] == "historicaldocuments" && l.stored(parts[1]) {
			return u.Path, true
		}
		return hsg + u.String(), true
	case strings.HasPrefix(target, "http://"), strings.HasPrefix(target, "https://"):
		u, err := url.Parse(target)
		if err != nil || !trustedHost(u.Hostname()) {
			return "", false
		}
		return u.String(), true
	}
	vol, id, _ := strings.Cut(target, "#")
	if !volumeID.MatchString(vol) || (id != "" && !localID.MatchString(id)) {
		return "", false
	}
	path := "/historicaldocuments/" + vol
	if id != "" {
		path += "/" + id
	}
	if l.stored(vol) {
		return path, true
	}
	return hsg + path, true
}

// trustedHost accepts the hosts real FRUS links point to (government,
// academic and international bodies); vendor conversions hold junk such
// as "http://thought.it" made from the words "thought it".
func trustedHost(host string) bool {
	for _, suffix := range []string{".gov", ".mil", ".edu", ".org", ".int"} {
		if strings.HasSuffix(host, suffix) && len(host) > len(suffix)+1 {
			return true
		}
	}
	return false
}
