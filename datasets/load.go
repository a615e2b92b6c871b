// Package datasets reads the publisher's reference datasets — the
// cross-volume registry of persons (HistoryAtState/people), Principal
// Officers and Chiefs of Mission (HistoryAtState/pocom), and the
// Presidents' terms and trips (HistoryAtState/travels) — from the
// archives of their repositories, as their branch archives are served
// (people.tar.gz, holding people-master/data/…). It is pure: bytes in,
// records and warnings out; it never unpacks to disk.
//
// A file that cannot be read as its record is left out of the load with a
// warning naming it and the line; an archive that breaks a rule (a path
// leaving it, a link, an oversized file, too much unpacked) is refused
// whole, and nothing of it is kept.
package datasets

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/chancery-frus/chancery"
)

// WarningMalformed is the kind of warning of a file left out of a load.
const WarningMalformed = "malformed-record"

// Known reports whether name is one of the datasets.
func Known(name string) bool { return slices.Contains(chancery.DatasetNames, name) }

// Load reads the archive of the dataset name from r. archive names it in
// warnings and errors (the file or address it came from). The Dataset's
// Source is archive; its Loaded is left for the caller to set.
func Load(ctx context.Context, name string, r io.Reader, archive string, lim Limits) (*chancery.Dataset, []chancery.Warning, error) {
	if !Known(name) {
		return nil, nil, fmt.Errorf("%q is not a dataset: give %s", name, strings.Join(chancery.DatasetNames, ", "))
	}
	d := &chancery.Dataset{Name: name, Source: archive}
	var warnings []chancery.Warning
	seen := map[string]bool{} // kind/id of the records read, to warn of a second
	warn := func(member string, err error) {
		w := chancery.Warning{File: archive + ":" + member, Kind: WarningMalformed, Message: err.Error()}
		var re *recordError
		if errors.As(err, &re) {
			w.Line = re.line
		}
		warnings = append(warnings, w)
	}
	first := func(member, kind, id string) bool {
		if seen[kind+"/"+id] {
			warn(member, malformed("a second %s %q: the first is kept", kind, id))
			return false
		}
		seen[kind+"/"+id] = true
		return true
	}
	err := walk(ctx, r, archive, lim, func(member string, data []byte) error {
		if path.Ext(member) != ".xml" {
			return nil
		}
		dir, _, _ := strings.Cut(member, "/")
		var err error
		switch name + ":" + dir {
		case chancery.DatasetPeople + ":data":
			var p chancery.RegistryPerson
			if p, err = registryPerson(data); err == nil && first(member, "person", p.ID) {
				d.People = append(d.People, p)
			}
		case chancery.DatasetPOCOM + ":people":
			var o chancery.Official
			if o, err = official(data); err == nil && first(member, "person", o.ID) {
				d.Officials = append(d.Officials, o)
			}
		case chancery.DatasetPOCOM + ":positions-principals", chancery.DatasetPOCOM + ":missions-countries",
			chancery.DatasetPOCOM + ":missions-orgs", chancery.DatasetPOCOM + ":roles-country-chiefs":
			var p chancery.Position
			var ts []chancery.Tenure
			if p, ts, err = position(data, positionKinds[dir]); err == nil && first(member, "position", p.Kind+"/"+p.ID) {
				d.Positions = append(d.Positions, p)
				d.Tenures = append(d.Tenures, ts...)
			}
		case chancery.DatasetTravels + ":presidents":
			var ps []chancery.Presidency
			if ps, err = presidents(data); err == nil {
				d.Presidents = append(d.Presidents, ps...)
			}
		case chancery.DatasetTravels + ":president-travels", chancery.DatasetTravels + ":secretary-travels":
			var ts []chancery.Trip
			if ts, err = trips(data); err == nil {
				d.Trips = append(d.Trips, ts...)
			}
		}
		if err != nil {
			warn(member, err)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if c := d.Counts(); c.People+c.Officials+c.Presidents == 0 {
		return nil, nil, &ArchiveError{Archive: archive, Msg: fmt.Sprintf("no record of the %s dataset in it: is it the archive of HistoryAtState/%s?", name, name)}
	}
	d.Warnings = warnings
	return d, warnings, nil
}

// positionKinds are the kinds of position by the directory holding them.
var positionKinds = map[string]string{
	"positions-principals": chancery.PositionPrincipal,
	"missions-countries":   chancery.PositionCountry,
	"missions-orgs":        chancery.PositionOrg,
	"roles-country-chiefs": chancery.PositionRole,
}
