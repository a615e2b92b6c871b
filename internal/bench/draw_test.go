package bench

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDraw: the same volumes and seed give the same set; another seed
// another; each category is drawn as the rule says, every query parses,
// and Queries reads the file back whole.
func TestDraw(t *testing.T) {
	files, err := filepath.Glob("../../testdata/volumes/*.xml")
	if err != nil || len(files) == 0 {
		t.Fatalf("test volumes: %v %v", files, err)
	}
	ctx := context.Background()
	write := func(seed uint64) string {
		d, err := Draw(ctx, files, seed)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		if err := d.Write(&b, "testdata", seed); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	one := write(1)
	if again := write(1); again != one {
		t.Error("two draws with seed 1 differ")
	}
	if other := write(2); other == one {
		t.Error("seeds 1 and 2 drew the same set")
	}
	d, err := Draw(ctx, files, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		max  int
		want func(string) bool
	}{
		{"rare", 20, func(q string) bool { return !strings.ContainsAny(q, ` "*`) }},
		{"mid", 20, func(q string) bool { return !strings.ContainsAny(q, ` "*`) }},
		{"common", 10, func(q string) bool { return !strings.ContainsAny(q, ` "*`) }},
		{"and", 5, func(q string) bool { return len(strings.Fields(q)) == 2 }},
		{"phrase2", 15, func(q string) bool { return strings.HasPrefix(q, `"`) && len(strings.Fields(q)) == 2 }},
		{"phrase3", 10, func(q string) bool { return strings.HasPrefix(q, `"`) && len(strings.Fields(q)) == 3 }},
		{"prefix", 10, func(q string) bool { return strings.HasSuffix(q, "*") && len(q) == 6 }},
		{"near", 10, func(q string) bool { return strings.HasSuffix(q, `"~8`) }},
		{"filtered", 10, func(q string) bool {
			text, f, err := Line(q)
			return err == nil && !strings.ContainsAny(text, ` "*`) && (f.Volume != "") != (f.From != "" && f.To != "")
		}},
	} {
		qs := d.Sets[c.name]
		if len(qs) == 0 || len(qs) > c.max {
			t.Errorf("%s: %d queries, want 1 to %d", c.name, len(qs), c.max)
		}
		for _, q := range qs {
			if !c.want(q) {
				t.Errorf("%s: %q is not of its kind", c.name, q)
			}
			text, f, err := Line(q)
			if err != nil {
				t.Fatalf("%s: %q: %v", c.name, q, err)
			}
			p := f.Params(text)
			if _, err := p.Request(); err != nil {
				t.Errorf("%s: %q: %v", c.name, q, err)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "drawn.txt")
	if err := writeFile(path, one); err != nil {
		t.Fatal(err)
	}
	qs, err := Queries(path)
	if err != nil || len(qs) != d.Len() {
		t.Errorf("Queries read %d of %d queries back: %v", len(qs), d.Len(), err)
	}
}

func writeFile(path, s string) error { return os.WriteFile(path, []byte(s), 0o644) }
