package citation

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery/internal/corpus"
	"github.com/chancery-frus/chancery/internal/realvol"
)

// knownIDs reads the publisher's list of volume ids, or skips the test.
func knownIDs(t testing.TB) func(string) bool {
	t.Helper()
	f, err := os.Open(filepath.Join(corpus.Datasets(t), "frus-volume-ids.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ids, err := ReadVolumeIDs(f, "frus-volume-ids.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 546 {
		t.Fatalf("%d volume ids, want the list's 546", len(ids))
	}
	return func(id string) bool { return ids[id] }
}

func TestReadVolumeIDs(t *testing.T) {
	ids, err := ReadVolumeIDs(strings.NewReader("# ids\nfrus1861\n\nfrus1961-63v05\n"), "ids.txt")
	if err != nil || len(ids) != 2 || !ids["frus1961-63v05"] {
		t.Errorf("%v, %v", ids, err)
	}
	if _, err := ReadVolumeIDs(strings.NewReader("frus1861\n<html>\n"), "ids.txt"); err == nil || !strings.Contains(err.Error(), "ids.txt:2: not a volume id") {
		t.Errorf("a page of HTML read as ids: %v", err)
	}
}

// short is what a test compares of a citation.
type short struct {
	Volume, First, Last, Document string
	Ibid                          bool
	Broken                        bool
}

func shorten(cs []Citation) []short {
	out := []short{}
	for _, c := range cs {
		out = append(out, short{c.Volume, c.First, c.Last, c.Document, c.Ibid, c.Broken != ""})
	}
	return out
}

func TestFind(t *testing.T) {
	known := knownIDs(t)
	for _, c := range []struct {
		text   string
		volume string // the citing volume
		want   []short
	}{
		{"see Foreign Relations, 1961–1963, vol. XV, pp. 370–376.", "frus1961-63v05",
			[]short{{Volume: "frus1961-63v15", First: "370", Last: "376"}}},
		{"For text of the memorandum of conversation, see Foreign Relations, 1961–1963, vol. XV, pp. 370–376. On the subject … see ibid., vol. VII, pp. 589–592. For text of the memorandum of conversation on Cuba, see ibid., vol. XI, pp. 110–114.", "frus1961-63v05",
			[]short{{Volume: "frus1961-63v15", First: "370", Last: "376"}, {Volume: "frus1961-63v07", First: "589", Last: "592", Ibid: true}, {Volume: "frus1961-63v11", First: "110", Last: "114", Ibid: true}}},
		{"FRUS, 1955–1957, vol. XIV, Document 23", "", []short{{Volume: "frus1955-57v14", Document: "23"}}},
		{"Foreign Relations, 1918, Russia, vol. III, p. 67", "", []short{{Volume: "frus1918Russiav03", First: "67"}}},
		{"Foreign Relations, 1934, vol. IV, p. 390", "", []short{{Volume: "frus1934v04", First: "390"}}},
		{"Papers relating to the Foreign Relations of the United States, 1902, p. 293", "", []short{{Volume: "frus1902", First: "293"}}},
		{"Foreign Relations, 1900, p. 737; ibid., p. 740.", "", []short{{Volume: "frus1900", First: "737"}, {Volume: "frus1900", First: "740", Ibid: true}}},
		{"printed in Foreign Relations, 1919, The Paris Peace Conference, vol. XI, pp. 93–94", "", []short{{Volume: "frus1919Parisv11", First: "93", Last: "94"}}},
		{"Foreign Relations, 1931–1941, Japan, vol. II, p. 5", "", []short{{Volume: "frus1931-41v02", First: "5"}}},
		{"Foreign Relations, 1943, The Conferences at Cairo and Tehran, p. 9", "", []short{{Volume: "frus1943CairoTehran", First: "9"}}},
		{"Foreign Relations, 1917, Supplement 2, vol. II, p. 12", "", []short{{Volume: "frus1917Supp02v02", First: "12"}}},
		{"Foreign Relations, 1969–1976, vol. XIX, Part 1, Document 75", "", []short{{Volume: "frus1969-76v19p1", Document: "75"}}},
		{"Foreign Relations, 1964–68, vol. XIV, pp. 589–92", "", []short{{Volume: "frus1964-68v14", First: "589", Last: "592"}}},
		{"Foreign Relations, 1895, Part 1, p. 3", "", []short{{Volume: "frus1895p1", First: "3"}}},
		{"see vol. VIII, Document 488.", "frus1958-60v05", []short{{Volume: "frus1958-60v08", Document: "488"}}},
		{"See Document 45.", "frus1961-63v05", []short{{Volume: "frus1961-63v05", Document: "45"}}},
		{"Foreign Relations, 1944, vol. iv, pp. 257–282, passim", "", []short{{Volume: "frus1944v04", First: "257", Last: "282"}}},
		{"Foreign Relations, 1961–1963, vol. XV", "", []short{{Volume: "frus1961-63v15"}}},
		// Broken: no such volume, a range that ends before it begins.
		{"Foreign Relations, 1961–1963, vol. XCIX, p. 1", "", []short{{First: "1", Broken: true}}},
		{"Foreign Relations, 1934, vol. IV, pp. 600–370", "", []short{{Volume: "frus1934v04", First: "600", Last: "370", Broken: true}}},
		// Not citations of the series.
		{"the Senate Committee on Foreign Relations, by a vote of 6 to 1", "", []short{}},
		{"Ibid., p. 4.", "", []short{}}, // an ibid. of another work
		// The titles of the 1860s and their printings.
		{"Diplomatic Correspondence, 1868, Part I, pages 519, 520, and 521", "", []short{{Volume: "frus1868p1", First: "519"}}},
		{"Papers relating to the foreign relations of the United States transmitted to Congress with the annual message of the President, December 4, 1871, p. 786", "", []short{{Volume: "frus1871", First: "786"}}},
		{"Papers relating to Foreign Relations of the United States, presented to Congress December 4, 1871, p. 781", "", []short{{Volume: "frus1871", First: "781"}}},
		{"Papers relating to Foreign Affairs. 1863–64. vol. iii. pp. 4, 19, 21", "", []short{{Volume: "frus1864p3", First: "4"}}},
		{"Foreign Relations, 1934, vol. IV, p. 390, 1935.", "", []short{{Volume: "frus1934v04", First: "390"}}}, // "p.": no list
		{"Paners relating to Foreign Affairs, 1865–’66, part ii, p. 524. Ibid., p. 521.", "", []short{{Volume: "frus1865p2", First: "524"}, {Volume: "frus1865p2", First: "521", Ibid: true}}},
		{"Papers relating to Foreign Affairs, 1865–’66, part iii,, p. 113", "", []short{{Volume: "frus1865p3", First: "113"}}},
		{"Diplomatic Correspondence laid before Congress, 1861, p. 224; Congress Papers, 1862, page 159", "", []short{{Volume: "frus1861", First: "224"}, {Volume: "frus1862", First: "159"}}},
		{"Diplomatic correspondence, 1864, part I, page 736", "", []short{{Volume: "frus1864p1", First: "736"}}},
		{"Dip. Cor. U. S., 1867, pt. i, p. 388", "", []short{{Volume: "frus1867p1", First: "388"}}},
		{"1905 For. Rel. pp. 612–614; 1910 For. Rel. 682. Ibid. 683.", "", []short{{Volume: "frus1905", First: "612", Last: "614"}, {Volume: "frus1910", First: "682"}, {Volume: "frus1910", First: "683", Ibid: true}}},
		{"Papers relating to Foreign Relations of the United States, 1871, p. 781. Papers relating to Foreign Relations of the United States, p. 786.", "", []short{{Volume: "frus1871", First: "781"}, {Volume: "frus1871", First: "786", Ibid: true}}},
		{"Foreign Relations of the United States, p. 786.", "", []short{}}, // no year before it to repeat
		{"Ibid. 683.", "", []short{}},
		// "ibid." with another year: the series again.
		{"See Foreign Relations, 1930, vol. i, pp. 344 ff.; ibid., 1932, vol. v, pp. 270 ff.", "", []short{{Volume: "frus1930v01", First: "344"}, {Volume: "frus1932v05", First: "270", Ibid: true}}},
		{"Treaty with Bolivia, Foreign Relations, 1915, p. 30; with Chile, July 24, 1914, ibid., 1916, p. 46.", "", []short{{Volume: "frus1915", First: "30"}, {Volume: "frus1916", First: "46", Ibid: true}}},
		{"Bulletin, 1950, p. 3; ibid., 1951, p. 4.", "", []short{}},
		// An "ibid." after another source names, or followed by more of another reference, repeats that.
		{"See Foreign Relations, 1964–1968, vol. XXXIV, Document 22. (National Archives, RG 59, Central Files 1964–66) More. (Ibid.)", "", []short{{Volume: "frus1964-68v34", Document: "22"}}},
		{"See Foreign Relations, 1964–1968, vol. XXXIV, Document 22. Another view. (Ibid., S/AL Files: Lot 67 D 2)", "", []short{{Volume: "frus1964-68v34", Document: "22"}}},
		{"See Foreign Relations, 1964–1968, vol. XXXIV, Document 22. Printed ibid.", "", []short{{Volume: "frus1964-68v34", Document: "22"}, {Volume: "frus1964-68v34", Document: "22", Ibid: true}}},
		{"Foreign Relations for 1894, p. 77", "", []short{{Volume: "frus1894", First: "77"}}},
		{"Papers relating to Foreign Affairs, 1866, part 1, p. 3", "", []short{{Volume: "frus1866p1", First: "3"}}},
		{"Foreign Relations, 1906, pt. 2, p. 1234", "", []short{{Volume: "frus1906p2", First: "1234"}}},
		{"Foreign Relations, 1920, vol, ii, p. 243", "", []short{{Volume: "frus1920v02", First: "243"}}},
		{"Foreign Relations, 1895, page 882", "", []short{{First: "882", Broken: true}}}, // 1895 is in two parts
		// Before 1880, a year in parts cited without its part: the first is taken.
		{"Diplomatic Correspondence for 1863, p. 460", "", []short{{Volume: "frus1863p1", First: "460"}}},
		{"Dip. Cor. U. S., 1868, p. 16", "", []short{{Volume: "frus1868p1", First: "16"}}},
		// Years listed after a whole year's volumes.
		{"found in the volumes of foreign relations for 1875, 1879, and 1880, which are", "", []short{{Volume: "frus1875v01"}, {Volume: "frus1879"}, {Volume: "frus1880"}}},
		{"Foreign Relations, 1900 and 1901", "", []short{{Volume: "frus1900"}, {Volume: "frus1901"}}},
		{"Foreign Relations, 1900, p. 5, 1901", "", []short{{Volume: "frus1900", First: "5"}}},
		{"our foreign relations for 1875 were good", "", []short{}},
		{"U. S. Dip. Cor., 1862, 1863, part 1, p. 273", "", []short{{Volume: "frus1862"}}}, // the session 1862–63, not two volumes
		{"United States diplomatic corr., 1863, part 1, pp. 515, 570", "", []short{{Volume: "frus1863p1", First: "515"}}},
		{"Dip. Corr., 1865, p. 245", "", []short{{Volume: "frus1865p1", First: "245"}}},
		// Congressional papers, and numbers before the series cited documents by number.
		{"see S. Doc. 55, 70th Cong., 1st sess., p. 20.", "frus1927v01", []short{}},
		{"see Senate Document 12.", "frus1961-63v05", []short{}},
		{"see Document 12.", "frus1927v01", []short{}},
	} {
		got := shorten(Find(c.text, Context{Volume: c.volume, Known: known}))
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q:\n got %+v\nwant %+v", c.text, got, c.want)
		}
	}
}

func TestGuess(t *testing.T) {
	held := func(id string) bool { return id == "frus1872p2v2" }
	for _, c := range []struct {
		text  string
		guess bool
		want  string
	}{
		{"Foreign Relations, 1872, part 2, vol. 2, p. 5", true, "frus1872p2v2"}, // the spelling held
		{"Foreign Relations, 1934, vol. IV, p. 390", true, "frus1934v04"},       // the usual spelling
		{"Foreign Relations, 1934, vol. IV, p. 390", false, ""},
	} {
		got := Find(c.text, Context{Known: held, Guess: c.guess})
		if len(got) != 1 || got[0].Volume != c.want {
			t.Errorf("%q (guess %v): %+v, want %s", c.text, c.guess, got, c.want)
		}
	}
}

// TestOwnPages: in an editor's note, a page number standing alone is the
// citing volume's, unless its clause names another volume or work; in a
// document's own text it is not read.
func TestOwnPages(t *testing.T) {
	for _, c := range []struct {
		text string
		note bool
		want []short
	}{
		{"The report was printed on p. 393.", true, []short{{Volume: "frus1934v04", First: "393"}}},
		{"Reported in telegram No. 63, July 6, 6 p.m., p. 64.", true, []short{{Volume: "frus1934v04", First: "64"}}},
		{"See ante, pages 216–220.", true, []short{{Volume: "frus1934v04", First: "216", Last: "220"}}},
		{"The report was printed on p. 393.", false, []short{}},
		{"Proceedings of the Commission (Washington [1929]), pp. 265 ff.", true, []short{}},
		{"See British Cmd. 5044, Ethiopia No. 1 (1935), pp. 16 ff.", true, []short{}},
		{"Congressional Record, vol. 72, p. 3.", true, []short{}},
		{"Ibid., p. 4.", true, []short{}},
		{"at 6 p.m. the Minister called", true, []short{}},
		// "ante" points into the volume, in a document's text too, whatever
		// the clause names.
		{"(For this correspondence see ante, page 263 et seq.)", false, []short{{Volume: "frus1934v04", First: "263"}}},
		{"the correspondence, ante, pp. 12–14.", true, []short{{Volume: "frus1934v04", First: "12", Last: "14"}}},
		{"the Portuguese, antepage 3", false, []short{}},
		{"E. Dissenting opinion in the Calcutta saltpetre cases. (See p. 49, ante.)", false, []short{{Volume: "frus1934v04", First: "49"}}},
		{"Page 199, above, and note 1 there.", true, []short{{Volume: "frus1934v04", First: "199"}}},
		{"See Footnote (**), Pages 21 and 22.", true, []short{}}, // an original's pagination
		{"see the telegraphic correspondence, pp.——", true, []short{{Volume: "frus1934v04", Broken: true}}},
		{"the Final Protocol (see p. —)", true, []short{{Volume: "frus1934v04", Broken: true}}},
		{"the Final Protocol (see p. —)", false, []short{}},
	} {
		got := shorten(Find(c.text, Context{Volume: "frus1934v04", Note: c.note}))
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q (note %v): %+v, want %+v", c.text, c.note, got, c.want)
		}
	}
}

// TestPrintedNumbers: the 1880s cite their own documents by the numbers
// printed at their heads, pointed to "ante" or by a page.
func TestPrintedNumbers(t *testing.T) {
	for _, c := range []struct {
		text, volume           string
		printed, first, broken string
	}{
		{"For this inclosure see Document No. 151, ante, page 314.", "frus1882", "151", "314", ""},
		{"see inclosure to dispatch No. 66, Document No. 74, page 124.", "frus1882", "74", "124", ""},
		{"see Document No. 1 accompanying the letter of the Secretary of State, ante, p. —.)", "frus1882", "1", "", FaultNoPage},
		{"see Document No. 9, ante.", "frus1882", "9", "", ""},
		{"For reply of Mr. Fish to this communication, see No. 86, p. 547.", "frus1872p2v2", "86", "547", ""},
		{"Reported in telegram No. 63, July 6, 6 p.m., p. 64.", "frus1927v01", "", "", ""}, // a telegram's number: the page alone
		{"Senate Document No. 106, 66th Cong., ante, p. 4", "frus1919Parisv01", "", "", ""},
		{"Inquiry Document No. 893", "frus1919Parisv01", "", "", ""},
		{"a copy of Document No. 37, House of Representatives, Fifty-fifth Congress", "frus1897", "", "", ""},
		{"Document No. 151, ante, page 314.", "frus1961-63v05", "", "", ""}, // documents numbered by the series
	} {
		got := Find(c.text, Context{Volume: c.volume, Note: true})
		if c.printed == "" {
			for _, g := range got {
				if g.Printed != "" {
					t.Errorf("%q: %+v, want no printed number", c.text, g)
				}
			}
			continue
		}
		if len(got) != 1 || got[0].Printed != c.printed || got[0].First != c.first || got[0].Fault != c.broken || got[0].Volume != c.volume {
			t.Errorf("%q: %+v, want No. %s, page %q, fault %q", c.text, got, c.printed, c.first, c.broken)
		}
	}
}

// TestOwnVolumes: the citing volume's appendix, and a volume of its
// year named alone in an editor's note.
func TestOwnVolumes(t *testing.T) {
	known := knownIDs(t)
	for _, c := range []struct {
		text, volume string
		note         bool
		want         []short
	}{
		{"See appendix to this volume, page 104.", "frus1901", true, []short{{Volume: "frus1901China", First: "104"}}},
		{"and Appendix to this volume.", "frus1901", false, []short{{Volume: "frus1901China"}}},
		{"See appendix to this volume, pp. 3–5.", "frus1902", true, []short{{First: "3", Last: "5", Broken: true}}}, // two appendixes
		{"See appendix to this volume.", "frus1897", true, []short{{Broken: true}}},
		{"Printed in vol. v, section on “Recognition …”", "frus1934v04", true, []short{{Volume: "frus1934v05"}}},
		{"Printed in vol. ii, pp. 12–14.", "frus1934v04", true, []short{{Volume: "frus1934v02", First: "12", Last: "14"}}},
		{"Printed in vol. v, section on “Recognition …”", "frus1934v04", false, []short{}},
		{"Draft printed in vol. iii, p. 12.", "frus1919Parisv01", true, []short{{Volume: "frus1919Parisv03", First: "12"}}},
		{"Printed in vol. ii.", "frus1917Supp02v01", true, []short{{Volume: "frus1917Supp02v02"}}},
		{"Printed in vol. VIII, Document 488.", "frus1958-60v05", true, []short{{Volume: "frus1958-60v08", Document: "488"}}},
	} {
		got := shorten(Find(c.text, Context{Volume: c.volume, Known: known, Note: c.note}))
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q in %s: %+v, want %+v", c.text, c.volume, got, c.want)
		}
	}
}

// TestAssumed: a citation taken for the first part of its year says so;
// one that names its part does not.
func TestAssumed(t *testing.T) {
	known := knownIDs(t)
	got := Find("Diplomatic Correspondence for 1863, p. 460; Diplomatic Correspondence, 1868, Part I, p. 519", Context{Known: known})
	if len(got) != 2 || !strings.Contains(got[0].Assumed, "part I is taken") || got[1].Assumed != "" {
		t.Errorf("%+v", got)
	}
}

// TestPageLists: "pp. 4, 19, 21–23, and 25" keeps its further pages.
func TestPageLists(t *testing.T) {
	got := Find("Papers relating to Foreign Affairs. 1863–64. vol. iii. pp. 4, 19, 21–3, and 25. Then", Context{})
	if len(got) != 1 || got[0].First != "4" || strings.Join(got[0].More, " ") != "19 21–23 25" || !strings.HasSuffix(got[0].Text, "and 25") {
		t.Errorf("%+v", got)
	}
}

func TestIbidAcrossTexts(t *testing.T) {
	first := Find("Foreign Relations, 1934, vol. IV, p. 390.", Context{})
	got := Find("Ibid., p. 391.", Context{Before: &first[0]})
	if len(got) != 1 || got[0].Volume != "frus1934v04" || got[0].First != "391" || !got[0].Ibid {
		t.Errorf("ibid. of the note before: %+v", got)
	}
}

func TestRoman(t *testing.T) {
	for s, want := range map[string]int{"I": 1, "iv": 4, "XIV": 14, "XC": 90, "MMXXVI": 2026, "Q": 0, "": 0, "12": 12} {
		if got := toInt(s); got != want {
			t.Errorf("toInt(%q) = %d, want %d", s, got, want)
		}
	}
}

func FuzzFind(f *testing.F) {
	f.Add("see Foreign Relations, 1961–1963, vol. XV, pp. 370–376; ibid., vol. VII, pp. 589–92.", "frus1961-63v05")
	f.Add("vol. VIII, Document 488; Document 45; doc. 84", "frus1958-60v05")
	f.Add("FRUS, 1955–1957, vol. XIV, Document 23", "")
	f.Add("see Document No. 151, ante, page 314; Document No. 1 accompanying the letter, ante, p. —.", "frus1882")
	f.Add("the volumes of foreign relations for 1875, 1879, and 1880; see ante, page 263", "frus1873p2v3")
	f.Add("See appendix to this volume, page 104. Printed in vol. v, pp. 3–4.", "frus1901")
	f.Add("Diplomatic Correspondence for 1863, p. 460", "")
	f.Fuzz(func(t *testing.T, text, volume string) {
		known := func(id string) bool { return strings.HasSuffix(id, "1") }
		for _, c := range append(Find(text, Context{Volume: volume}), Find(text, Context{Volume: volume, Note: true, Known: known})...) {
			if c.Start < 0 || c.End > len(text) || c.Start >= c.End || text[c.Start:c.End] != c.Text {
				t.Fatalf("citation %+v out of its text", c)
			}
			if c.Volume == "" && c.Broken == "" {
				t.Fatalf("citation %q neither mapped nor broken", c.Text)
			}
		}
	})
}

// TestRealNotes reads the notes of the 20 real volumes and the modern
// excerpts, each document's citations chained for "ibid.", as a store
// would: the seed document's footnote 3 gives its three citations, and
// every citation found maps to a volume or says why not.
func TestRealNotes(t *testing.T) {
	known := knownIDs(t)
	total, mapped, seed := 0, 0, false
	for _, vd := range realvol.All(t) {
		for _, d := range vd.Documents {
			var before *Citation
			for _, n := range d.Notes {
				found := Find(n.Text, Context{Volume: vd.Volume.ID, Known: known, Before: before})
				for _, c := range found {
					total++
					if c.Volume != "" {
						mapped++
					} else if c.Broken == "" {
						t.Errorf("%s/%s: %q neither mapped nor broken", vd.Volume.ID, n.ID, c.Text)
					}
				}
				if len(found) > 0 {
					before = &found[len(found)-1]
				}
				if n.ID == "d253fn3" && vd.Volume.ID == "frus1961-63v05" {
					seed = true
					want := []short{{Volume: "frus1961-63v15", First: "370", Last: "376"}, {Volume: "frus1961-63v07", First: "589", Last: "592", Ibid: true}, {Volume: "frus1961-63v11", First: "110", Last: "114", Ibid: true}}
					if got := shorten(found); !reflect.DeepEqual(got, want) {
						t.Errorf("the seed document's footnote 3: %+v, want %+v", got, want)
					}
				}
			}
		}
	}
	if !seed {
		t.Error("the seed document's footnote 3 (frus1961-63v05, d253fn3) not read")
	}
	t.Logf("%d citations in plain words, %d mapped to a volume", total, mapped)
	if total < 400 || mapped < total-5 {
		t.Errorf("%d citations found, %d mapped: fewer than the corpus holds", total, mapped)
	}
}

// BenchmarkFind finds the citations of the seed document's footnote 3.
func BenchmarkFind(b *testing.B) {
	known := knownIDs(b)
	text := "For text of the memorandum of conversation, see Foreign Relations, 1961–1963, vol. XV, pp. 370–376. On the subject of a nuclear test ban, Gromyko accused the U.S. of “seeking ways and means of continuing the build-up of nuclear weapons.” For text of the memorandum of conversation, see ibid., vol. VII, pp. 589–592. For text of the memorandum of conversation on Cuba, see ibid., vol. XI, pp. 110–114."
	for b.Loop() {
		if len(Find(text, Context{Volume: "frus1961-63v05", Known: known})) != 3 {
			b.Fatal("not three citations")
		}
	}
}
