package bench

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/ingest"
	"github.com/chancery-frus/chancery/query"
)

// DrawRule says how Draw picks a query set from a corpus's own words and
// phrases, so that a set drawn from another corpus (the full-scale one) is
// drawn the same way. N is the corpus's documents; a word's df is the
// number of documents holding it (title, text or notes, as indexed). Only
// words of three letters or more, not all digits, are drawn alone.
const DrawRule = `rare words: 20, df from 2 to max(3, N/20000)
mid words: 20, df from max(4, N/1000) to max(8, N/100)
very common words: 10, df of N/5 or more
two mid words together (AND): 5
two-word phrases: 15, and three-word phrases: 10, each cut at a random place
  of a document drawn at random (from a sample of 2,000 documents)
prefixes: 10, a mid word's first five letters and *, the word 7 letters or more
NEAR: 10, two words of df ≤ N/100 standing within 8 words of each other in a
  sampled document, as "a b"~8
filtered: 10, a mid word of a sampled document, 5 of them with that
  document's volume (word | volume=ID), 5 with the decade of its date
  (word | from=1910 to=1919), the document dated`

// Drawn is a query set drawn from a corpus, by category.
type Drawn struct {
	Documents int                 // documents read
	Sets      map[string][]string // category → queries
}

// drawCategories returns Draw's categories in the order it writes them.
func drawCategories() []string {
	return []string{"rare", "mid", "common", "and", "phrase2", "phrase3", "prefix", "near", "filtered"}
}

// Draw reads the volume files and draws a query set by DrawRule, the same
// set for the same files and seed.
func Draw(ctx context.Context, files []string, seed uint64) (*Drawn, error) {
	rng := rand.New(rand.NewPCG(seed, 0x6472617773))
	df := map[string]int{}
	const sampleSize = 2000
	type sampled struct {
		words  []string // in order
		volume string
		year   int // 0: undated
	}
	var sample []sampled // a reservoir of documents
	n := 0
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		v, err := ingest.DecodeFile(f)
		if err != nil {
			return nil, err
		}
		for _, d := range v.Documents {
			words := documentWords(d)
			doc := sampled{words: words, volume: v.Volume.ID}
			if d.Date != nil {
				doc.year = d.Date.Min.Year()
			}
			seen := map[string]bool{}
			for _, w := range words {
				if !seen[w] {
					seen[w] = true
					df[w]++
				}
			}
			n++
			switch {
			case len(sample) < sampleSize:
				sample = append(sample, doc)
			default:
				if k := rng.IntN(n); k < sampleSize {
					sample[k] = doc
				}
			}
		}
	}
	if n == 0 {
		return nil, fmt.Errorf("no documents in the %d files", len(files))
	}
	band := func(lo, hi int) []string {
		var out []string
		for w, c := range df {
			if c >= lo && c <= hi && drawable(w) {
				out = append(out, w)
			}
		}
		sort.Strings(out) // maps are unordered: the draw must not be
		return out
	}
	pick := func(from []string, k int) []string {
		from = slices.Clone(from)
		rng.Shuffle(len(from), func(i, j int) { from[i], from[j] = from[j], from[i] })
		return from[:min(k, len(from))]
	}
	rare := band(2, max(3, n/20000))
	mid := band(max(4, n/1000), max(8, n/100))
	common := band(n/5, n)
	d := &Drawn{Documents: n, Sets: map[string][]string{}}
	d.Sets["rare"] = pick(rare, 20)
	d.Sets["mid"] = pick(mid, 20)
	d.Sets["common"] = pick(common, 10)
	pairs := pick(mid, 10)
	for i := 0; i+1 < len(pairs); i += 2 {
		d.Sets["and"] = append(d.Sets["and"], pairs[i]+" "+pairs[i+1])
	}
	var long []string
	for _, w := range mid {
		if len(w) >= 7 {
			long = append(long, w)
		}
	}
	for _, w := range pick(long, 10) {
		d.Sets["prefix"] = append(d.Sets["prefix"], w[:5]+"*")
	}
	phrase := func(k int) string {
		for range 100 {
			words := sample[rng.IntN(len(sample))].words
			if len(words) < k {
				continue
			}
			i := rng.IntN(len(words) - k + 1)
			return `"` + strings.Join(words[i:i+k], " ") + `"`
		}
		return ""
	}
	near := func() string {
		for range 1000 {
			words := sample[rng.IntN(len(sample))].words
			if len(words) < 2 {
				continue
			}
			i := rng.IntN(len(words))
			j := i + 1 + rng.IntN(8)
			if j >= len(words) {
				continue
			}
			a, b := words[i], words[j]
			if a != b && drawable(a) && drawable(b) && df[a] <= max(8, n/100) && df[b] <= max(8, n/100) {
				return `"` + a + " " + b + `"~8`
			}
		}
		return ""
	}
	lo, hi := max(4, n/1000), max(8, n/100)
	filtered := func(byDate bool) string {
		for range 1000 {
			doc := sample[rng.IntN(len(sample))]
			if len(doc.words) == 0 || byDate && doc.year == 0 {
				continue
			}
			w := doc.words[rng.IntN(len(doc.words))]
			if !drawable(w) || df[w] < lo || df[w] > hi {
				continue
			}
			if byDate {
				decade := doc.year / 10 * 10
				return fmt.Sprintf("%s | from=%d to=%d", w, decade, decade+9)
			}
			return w + " | volume=" + doc.volume
		}
		return ""
	}
	for _, c := range []struct {
		name  string
		count int
		draw  func() string
	}{
		{"phrase2", 15, func() string { return phrase(2) }},
		{"phrase3", 10, func() string { return phrase(3) }},
		{"near", 10, near},
		{"filtered", 5, func() string { return filtered(false) }},
		{"filtered", 5, func() string { return filtered(true) }},
	} {
		for range c.count {
			if q := c.draw(); q != "" {
				d.Sets[c.name] = append(d.Sets[c.name], q)
			}
		}
	}
	// Every query must parse; a set keeps each query once.
	for name, qs := range d.Sets {
		var kept []string
		seen := map[string]bool{}
		for _, q := range qs {
			text, _, err := Line(q)
			if err != nil {
				continue
			}
			if _, err := query.Parse(text); err == nil && !seen[q] {
				seen[q] = true
				kept = append(kept, q)
			}
		}
		d.Sets[name] = kept
	}
	return d, nil
}

// documentWords returns a document's words as the index reads them.
func documentWords(d *chancery.Document) []string {
	f := d.IndexFields(nil)
	return query.Words(f.Title + " " + f.Text + " " + f.Notes)
}

// drawable reports whether a word may be drawn alone: three letters or
// more, not all digits.
func drawable(w string) bool {
	if len([]rune(w)) < 3 {
		return false
	}
	return strings.TrimLeft(w, "0123456789") != ""
}

// Write writes the set as a query file (Queries reads it), each category
// under a comment, with the rule and what it was drawn from at the top.
func (d *Drawn) Write(w io.Writer, from string, seed uint64) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Queries drawn by chancery bench queries from %s (%d documents), seed %d.\n# The rule:\n", from, d.Documents, seed)
	for _, l := range strings.Split(DrawRule, "\n") {
		b.WriteString("#   " + l + "\n")
	}
	for _, c := range drawCategories() {
		fmt.Fprintf(&b, "\n# %s (%d)\n", c, len(d.Sets[c]))
		for _, q := range d.Sets[c] {
			b.WriteString(q + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Len returns the number of queries drawn.
func (d *Drawn) Len() int {
	n := 0
	for _, qs := range d.Sets {
		n += len(qs)
	}
	return n
}
