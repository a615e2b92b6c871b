// Package links reads the targets of TEI refs: a place in the same volume
// (#d80, #pg_313, #d100fn2), another volume or a place in it
// (frus1964-68v20, frus1934v04#pg_390), a path on history.state.gov, or a
// web address — and tells the malformed ones apart, such as the
// "http://thought.it" that vendor conversions made of the words "thought it".
package links

import (
	"net/url"
	"regexp"
	"strings"
)

// Kinds of target.
const (
	Local     = "local"     // #id in the same volume
	Volume    = "volume"    // frusXXX or frusXXX#id
	Site      = "site"      // a path on history.state.gov
	External  = "external"  // a web address on a trusted host
	Malformed = "malformed" // anything else
)

// Target is a parsed ref target.
type Target struct {
	Kind   string
	Volume string // for Local (the volume given to Parse) and Volume
	ID     string // the id within the volume, if any
	Path   string // for Site: the path; for External: the whole address
}

var (
	localID  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)
	volumeID = regexp.MustCompile(`^frus[0-9A-Za-z][0-9A-Za-z_.-]*$`)
)

// Parse reads a ref target found in volume.
func Parse(volume, target string) Target {
	target = strings.TrimSpace(target)
	switch {
	case target == "":
		return Target{Kind: Malformed}
	case strings.HasPrefix(target, "#"):
		if id := target[1:]; localID.MatchString(id) {
			return Target{Kind: Local, Volume: volume, ID: id}
		}
		return Target{Kind: Malformed}
	case strings.HasPrefix(target, "/"):
		u, err := url.Parse(target)
		if err != nil {
			return Target{Kind: Malformed}
		}
		parts := strings.Split(strings.Trim(u.Path, "/"), "/")
		if len(parts) >= 2 && parts[0] == "historicaldocuments" && volumeID.MatchString(parts[1]) {
			t := Target{Kind: Volume, Volume: parts[1]}
			if len(parts) >= 3 {
				t.ID = parts[2]
			}
			return t
		}
		return Target{Kind: Site, Path: u.String()}
	case strings.HasPrefix(target, "http://"), strings.HasPrefix(target, "https://"):
		u, err := url.Parse(target)
		if err != nil || !trustedHost(u.Hostname()) {
			return Target{Kind: Malformed}
		}
		return Target{Kind: External, Path: u.String()}
	}
	vol, id, _ := strings.Cut(target, "#")
	if !volumeID.MatchString(vol) || (id != "" && !localID.MatchString(id)) {
		return Target{Kind: Malformed}
	}
	return Target{Kind: Volume, Volume: vol, ID: id}
}

// trustedHost accepts the hosts real FRUS links point to: government,
// military, academic and international bodies.
func trustedHost(host string) bool {
	for _, suffix := range []string{".gov", ".mil", ".edu", ".org", ".int"} {
		if strings.HasSuffix(host, suffix) && len(host) > len(suffix)+1 {
			return true
		}
	}
	return false
}
