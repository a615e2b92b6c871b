package datasets

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/corpus"
)

// TestRealDatasets loads the publisher's three archives of
// ../shared/datasets: every record, counted apart (the README's 16,312
// persons and 4,261 officials; 83 principal positions, 199 countries, 16
// organisations and 28 chiefs' titles; the 6,844 holders of their
// <principals> and <chiefs> — nominees who never served are left; 47
// Presidents and 4,271 trips), without a warning.
func TestRealDatasets(t *testing.T) {
	dir := corpus.Datasets(t)
	for _, c := range []struct {
		name string
		want chancery.DatasetCounts
	}{
		{chancery.DatasetPeople, chancery.DatasetCounts{People: 16_312}},
		{chancery.DatasetPOCOM, chancery.DatasetCounts{Officials: 4_261, Positions: 326, Tenures: 6_844}},
		{chancery.DatasetTravels, chancery.DatasetCounts{Presidents: 47, Trips: 4_271}},
	} {
		f, err := os.Open(filepath.Join(dir, c.name+".tar.gz"))
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		d, warnings, err := Load(context.Background(), c.name, f, c.name+".tar.gz", Limits{})
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		got := d.Counts()
		t.Logf("%s: %+v, %d warnings, in %v", c.name, got, len(warnings), time.Since(start))
		for _, w := range warnings {
			t.Logf("  %s", w)
		}
		if got != c.want || len(warnings) != 0 {
			t.Errorf("%s: %+v, %d warnings; want %+v, none", c.name, got, len(warnings), c.want)
		}
	}
}

// TestRealRecords: what the loads say of Dean Rusk, the Secretary of
// State of 1961–69, and of President Kennedy.
func TestRealRecords(t *testing.T) {
	load := func(name string) *chancery.Dataset {
		f, err := os.Open(filepath.Join(corpus.Datasets(t), name+".tar.gz"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		d, _, err := Load(context.Background(), name, f, name+".tar.gz", Limits{})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	people := load(chancery.DatasetPeople)
	i := slices.IndexFunc(people.People, func(p chancery.RegistryPerson) bool { return p.ID == "111738" })
	if i < 0 {
		t.Fatal("registry person 111738 (Rusk) not loaded")
	}
	rusk := people.People[i]
	var entries []chancery.PersonEntry
	for _, v := range rusk.Variants {
		entries = append(entries, v.Entries...)
	}
	if rusk.Name != "Rusk, David Dean" || rusk.POCOM != "rusk-david-dean" || !slices.Contains(entries, chancery.PersonEntry{Volume: "frus1961-63v05", ID: "p_RD1"}) {
		t.Errorf("Rusk in the registry: %s, POCOM %q, %d entries", rusk.Name, rusk.POCOM, len(entries))
	}
	pocom := load(chancery.DatasetPOCOM)
	if !slices.Contains(pocom.Tenures, chancery.Tenure{ID: "secr-1961-rusk", Person: "rusk-david-dean", Position: "secretary", Role: "secretary", Appointed: "1961-01-21", Started: "1961-01-21", Ended: "1969-01-20"}) {
		t.Error("Rusk's tenure as Secretary of State not loaded as POCOM gives it")
	}
	if i := slices.IndexFunc(pocom.Officials, func(o chancery.Official) bool { return o.ID == "rusk-david-dean" }); i < 0 || pocom.Officials[i].Name() != "Dean Rusk" {
		t.Error("Rusk among POCOM's people, called Dean Rusk: not loaded")
	}
	if i := slices.IndexFunc(pocom.Positions, func(p chancery.Position) bool { return p.ID == "china" }); i < 0 || pocom.Positions[i].Kind != chancery.PositionCountry {
		t.Error("the missions to China: not loaded as a country's")
	}
	travels := load(chancery.DatasetTravels)
	if !slices.Contains(travels.Presidents, chancery.Presidency{ID: "kennedy-john-f", Name: "John F. Kennedy", Birth: "1917", Death: "1963", Took: "1961-01-20", Left: "1963-11-22"}) {
		t.Error("Kennedy's term not loaded")
	}
}

// archive builds a gzipped tar archive of entries, in order.
func archive(t testing.TB, entries ...*tar.Header) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, e := range entries {
		h := *e // the entry is used again by other archives
		body := h.Linkname
		if h.Typeflag == tar.TypeReg {
			h.Linkname = ""
			h.Size = int64(len(body))
		}
		if err := tw.WriteHeader(&h); err != nil {
			t.Fatal(err)
		}
		if h.Typeflag == tar.TypeReg {
			if _, err := tw.Write([]byte(body)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	gz.Close()
	return buf.Bytes()
}

// file is an archive's regular file; its text is carried in Linkname
// until archive writes it.
func file(name, text string) *tar.Header {
	return &tar.Header{Name: name, Typeflag: tar.TypeReg, Mode: 0o644, Linkname: text}
}

const presidentsXML = `<presidents><president n="35"><id>kennedy-john-f</id><name>John F. Kennedy</name><took-office-date>1961-01-20</took-office-date><left-office-date>1963-11-22</left-office-date></president></presidents>`

// TestArchives: malformed records are warnings naming the file and line;
// a hostile or wrong archive is refused whole.
func TestArchives(t *testing.T) {
	ok := file("travels-master/presidents/presidents.xml", presidentsXML)
	for _, c := range []struct {
		name    string
		data    []byte
		refused string // the error's words; "" when the load stands
		warns   []string
	}{
		{"a good archive", archive(t, &tar.Header{Name: "travels-master/", Typeflag: tar.TypeDir, Mode: 0o755}, ok), "", nil},
		{"a malformed trip file", archive(t, ok, file("travels-master/president-travels/x.xml", "<trips>\n<trip who=\"x\"><start-date>1961</start-date>\n</trips>")), "",
			[]string{"t.tar.gz:president-travels/x.xml:3: malformed-record:"}},
		{"a date that is none", archive(t, ok, file("travels-master/secretary-travels/y.xml", `<trips><trip who="rusk"><id>7</id><start-date>soon</start-date></trip></trips>`)), "",
			[]string{`t.tar.gz:secretary-travels/y.xml: malformed-record: start date of trip 7 "soon" is not a date`}},
		{"an entity bomb", archive(t, ok, file("travels-master/secretary-travels/bomb.xml", `<!DOCTYPE t [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><trips><trip who="x"><name>&b;</name></trip></trips>`)), "",
			[]string{"t.tar.gz:secretary-travels/bomb.xml:1: malformed-record:"}},
		{"a path leaving the archive", archive(t, ok, file("travels-master/../../etc/cron.d/x.xml", "<trips/>")), "a path outside the archive", nil},
		{"an absolute path", archive(t, file("/etc/passwd", "x"), ok), "a path outside the archive", nil},
		{"a symlink", archive(t, ok, &tar.Header{Name: "travels-master/presidents/link.xml", Typeflag: tar.TypeSymlink, Linkname: "/etc/passwd"}), "a link", nil},
		{"a hard link", archive(t, ok, &tar.Header{Name: "travels-master/presidents/hard.xml", Typeflag: tar.TypeLink, Linkname: "travels-master/presidents/presidents.xml"}), "a link", nil},
		{"a device", archive(t, ok, &tar.Header{Name: "travels-master/dev", Typeflag: tar.TypeChar}), "an entry of type", nil},
		{"an oversized file", archive(t, ok, file("travels-master/presidents/big.xml", strings.Repeat(" ", 2048))), "over the limit", nil},
		{"not gzipped", []byte("<presidents/>"), "not a gzipped archive", nil},
		{"no record of the dataset", archive(t, file("people-master/data/1.xml", "<person/>")), "no record of the travels dataset", nil},
	} {
		d, warnings, err := Load(context.Background(), chancery.DatasetTravels, bytes.NewReader(c.data), "t.tar.gz", Limits{MemberSize: 1024})
		if c.refused != "" {
			var ae *ArchiveError
			if err == nil || !errors.As(err, &ae) || !strings.Contains(err.Error(), c.refused) || !strings.HasPrefix(err.Error(), "t.tar.gz:") || d != nil {
				t.Errorf("%s: %v, %v; want refused: %s", c.name, d, err, c.refused)
			}
			continue
		}
		if err != nil || len(d.Presidents) != 1 || len(d.Warnings) != len(c.warns) || len(warnings) != len(c.warns) {
			t.Errorf("%s: %+v, %v, %v", c.name, d, warnings, err)
			continue
		}
		for i, w := range c.warns {
			if !strings.HasPrefix(warnings[i].String(), w) {
				t.Errorf("%s: warning %q, want %q…", c.name, warnings[i], w)
			}
		}
	}
	// A gzip bomb stops at the limit of unpacked bytes.
	big := archive(t, ok, file("travels-master/a.xml", strings.Repeat("a", 900)), file("travels-master/b.xml", strings.Repeat("b", 900)))
	if _, _, err := Load(context.Background(), chancery.DatasetTravels, bytes.NewReader(big), "t.tar.gz", Limits{MemberSize: 1024, Unpacked: 1500}); err == nil || !strings.Contains(err.Error(), "unpacks to more than") {
		t.Errorf("an archive unpacking past the limit: %v", err)
	}
	if _, _, err := Load(context.Background(), "gazetteer", bytes.NewReader(big), "g.tar.gz", Limits{}); err == nil {
		t.Error("a dataset that is none loaded")
	}
}

// FuzzRecords: whatever a file holds, reading it as any record never
// fails but with a recordError, and never panics.
func FuzzRecords(f *testing.F) {
	f.Add(presidentsXML)
	f.Add(`<person><id>1</id><names><preferred><name>A, B</name></preferred><originals><original><name>A</name><source-url>https://history.state.gov/historicaldocuments/frus1961-63v05/persons#p_RD1</source-url></original></originals></names></person>`)
	f.Add(`<principal-position><id>secretary</id><principals><principal><person-id>x</person-id><appointed><date>1961-01-21</date></appointed></principal></principals></principal-position>`)
	f.Add(`<trips><trip who="x"><id>1</id><start-date>1961-05-16</start-date></trip></trips>`)
	f.Add(`<!DOCTYPE t [<!ENTITY a "a">]><t>&a;</t>`)
	f.Fuzz(func(t *testing.T, text string) {
		data := []byte(text)
		check := func(err error) {
			var re *recordError
			if err != nil && !errors.As(err, &re) {
				t.Fatalf("%T %v", err, err)
			}
		}
		_, err := registryPerson(data)
		check(err)
		_, err = official(data)
		check(err)
		for _, k := range positionKinds {
			_, _, err = position(data, k)
			check(err)
		}
		_, err = presidents(data)
		check(err)
		_, err = trips(data)
		check(err)
	})
}

// FuzzArchive: whatever bytes an archive holds, a load is refused, or
// stands with its warnings; it never panics.
func FuzzArchive(f *testing.F) {
	f.Add(archive(f, file("travels-master/presidents/presidents.xml", presidentsXML)))
	f.Add(archive(f, file("travels-master/../x.xml", "<trips/>")))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, _, err := Load(context.Background(), chancery.DatasetTravels, bytes.NewReader(data), "f.tar.gz", Limits{MemberSize: 1 << 16, Unpacked: 1 << 20})
		if (err == nil) == (d == nil) {
			t.Fatalf("%v, %v", d, err)
		}
	})
}
