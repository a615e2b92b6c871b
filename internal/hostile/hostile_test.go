package hostile

import "testing"

func TestQueries(t *testing.T) {
	qs := Queries(t)
	if len(qs) < 300 {
		t.Errorf("%d hostile queries, want at least 300", len(qs))
	}
	long := 0
	for _, q := range qs {
		if len(q) >= 100_000 {
			long++
		}
	}
	if long == 0 {
		t.Error("no query of 100 kB or more")
	}
}
