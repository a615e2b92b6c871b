package identity

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery/internal/realvol"
)

// judgedPerson is a line of testdata/judged.tsv: a person of a real
// volume's document, with the identity a historian would name.
type judgedPerson struct {
	line                                int
	volume, place, kind, text, date, id string
}

func readJudgedPeople(t *testing.T) []judgedPerson {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "judged.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []judgedPerson
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if sc.Text() == "" || strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		c := strings.Split(sc.Text(), "\t")
		if len(c) < 6 {
			t.Fatalf("judged.tsv:%d: %d columns, want 8", n, len(c))
		}
		out = append(out, judgedPerson{n, c[0], c[1], c[2], strings.Join(strings.Fields(c[3]), " "), c[4], c[5]})
	}
	return out
}

// want is the identity's id a judgement expects; "" when it expects none
// ("?": in neither dataset; "-": no one a historian could name).
func (j judgedPerson) want() string {
	if j.id == "?" || j.id == "-" {
		return ""
	}
	return strings.TrimPrefix(j.id, "people:")
}

// TestJudgedPeople measures the identities against the judged set:
// recall (the judged persons with an identity answered with it) and
// precision (the answers given for judged persons that are right; any
// answer where none is expected is wrong). Wrong is worse than unknown:
// the goals are precision 0.97 and recall 0.85.
func TestJudgedPeople(t *testing.T) {
	judged := readJudgedPeople(t)
	x := realIndex(t)
	type answer struct{ kind, text, id string }
	answers := map[string][]answer{} // volume/document → the resolutions
	entries := map[string]Identity{} // volume/entry → its identity
	for _, vd := range realvol.All(t) {
		from, to := VolumeYears(vd.Volume.ID)
		v := x.Entries(vd.Volume, from, to)
		for id, e := range v.Entries {
			entries[vd.Volume.ID+"/"+id] = e
		}
		for _, d := range vd.Documents {
			for _, r := range x.Document(v, d) {
				answers[vd.Volume.ID+"/"+d.ID] = append(answers[vd.Volume.ID+"/"+d.ID], answer{r.Kind, r.Text, r.ID})
			}
		}
	}
	var expected, answered, right int
	for _, j := range judged {
		want := j.want()
		if want != "" {
			expected++
		}
		got := ""
		if j.kind == "entry" {
			got = entries[j.volume+"/"+j.place].ID
		} else {
			for _, a := range answers[j.volume+"/"+j.place] {
				if a.kind == j.kind && sameWords(a.text, j.text) {
					got = a.id
					break
				}
			}
		}
		if got != "" {
			answered++
		}
		switch {
		case got != "" && got == want:
			right++
		case got != "":
			t.Logf("judged.tsv:%d: WRONG %s %s %s %q: %s, want %s", j.line, j.volume, j.place, j.kind, j.text, got, j.id)
		case want != "":
			t.Logf("judged.tsv:%d: unknown %s %s %s %q: want %s", j.line, j.volume, j.place, j.kind, j.text, j.id)
		}
	}
	recall := float64(right) / float64(max(expected, 1))
	precision := float64(right) / float64(max(answered, 1))
	t.Logf("%d judged, %d with an identity; %d answered, %d right: recall %.3f, precision %.3f", len(judged), expected, answered, right, recall, precision)
	if len(judged) < 100 {
		t.Errorf("%d judged persons, want at least 100", len(judged))
	}
	if recall < floorsPeople.recall || precision < floorsPeople.precision {
		t.Errorf("recall %.3f (want ≥ %.2f), precision %.3f (want ≥ %.2f)", recall, floorsPeople.recall, precision, floorsPeople.precision)
	}
}

// floorsPeople are what TestJudgedPeople holds the identities to: the
// precision of the goal (0.97), and the recall measured (0.796; the goal
// is 0.85), so that no change loses an identity unnoticed. What is not
// answered: an Acting Secretary the document does not sign, offices the
// data does not hold (a chargé, a commission's secretary general, an
// agent between two posts), surnames alone that no office held that day
// answers ("Mr. Herter" in 1919), foreign officials outside the registry
// (docs/people.md).
var floorsPeople = struct{ recall, precision float64 }{0.79, 0.97}

// sameWords reports whether an answer's words are the judged ones, or
// hold them, or lie in them.
func sameWords(a, b string) bool {
	a, b = strings.ToLower(strings.Join(strings.Fields(a), " ")), strings.ToLower(b)
	return a == b || strings.Contains(a, b) || strings.Contains(b, a)
}
