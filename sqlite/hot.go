package sqlite

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/chancery-frus/chancery/internal/hits"
	"github.com/chancery-frus/chancery/query"
)

// Words held in at least defaultHotMinDocs documents have their match lists
// computed after an ingest (at most hotMaxWords of them, the most frequent
// first, leaving out function words): reading such a list is a
// millisecond, evaluating it hundreds. Below that size the index answers
// quickly enough.
const (
	defaultHotMinDocs = 20000
	hotMaxWords       = 400
)

// stopwords are function words nobody searches alone.
var stopwords = wordSet("a about after all also an and any are as at be been before but by can could did do for from " +
	"had has have he her his i if in into is it its may me more most my no not now of on one only or other our out " +
	"over said same see she should so some such than that the their them then there these they this those to under " +
	"up upon us very was we were what when which who will with would you your s")

func wordSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// Optimize keeps the vocabulary of the current generation (so that a new
// process need not read it from the index) and computes the match lists
// of the corpus's most frequent words, so that their first search is
// fast, dropping those of older generations. Ingest calls it once a run
// has changed the corpus.
func (s *DB) Optimize(ctx context.Context) error {
	gen, err := s.generation(ctx)
	if err != nil {
		return err
	}
	v, err := s.vocabulary(ctx, gen)
	if err != nil {
		return err
	}
	if err := s.saveVocab(ctx, gen, v); err != nil {
		return fmt.Errorf("optimize: keep the vocabulary: %w", err)
	}
	var docs int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM documents").Scan(&docs); err != nil {
		return err
	}
	if docs < s.hotMinDocs {
		return nil // no word can be that frequent
	}
	var words []string
	for _, t := range v.Frequent(s.hotMinDocs) {
		if !stopwords[t] {
			words = append(words, t)
		}
	}
	if len(words) > hotMaxWords {
		words = words[:hotMaxWords]
	}
	if _, err := s.db.ExecContext(ctx, "DELETE FROM hot WHERE gen <> ?", gen); err != nil {
		return fmt.Errorf("optimize: %w", err)
	}
	seen := map[string]bool{}
	for _, w := range words {
		c := &compiler{v: v}
		match := c.expr(&query.Term{Text: w})
		if seen[match] {
			continue // another form of a word already done
		}
		seen[match] = true
		list, err := s.evaluate(ctx, match, true)
		if err != nil {
			return fmt.Errorf("optimize %q: %w", w, err)
		}
		if _, err := s.db.ExecContext(ctx, "INSERT OR REPLACE INTO hot (match, gen, hits) VALUES (?, ?, ?)",
			match, gen, s.codec.Compress(encodeHits(list))); err != nil {
			return fmt.Errorf("optimize: %w", err)
		}
	}
	return nil
}

// hotHits reads a precomputed match list, if there is one for gen.
func (s *DB) hotHits(ctx context.Context, gen int64, match string) ([]hits.Scored, bool) {
	var z []byte
	err := s.db.QueryRowContext(ctx, "SELECT hits FROM hot WHERE match = ? AND gen = ?", match, gen).Scan(&z)
	if errors.Is(err, sql.ErrNoRows) || err != nil {
		return nil, false
	}
	raw, err := s.codec.Expand(z)
	if err != nil {
		return nil, false
	}
	list, err := decodeHits(raw)
	return list, err == nil
}

// encodeHits writes rowids in ascending order as delta varints, then each
// score as a float32.
func encodeHits(list []hits.Scored) []byte {
	sorted := append([]hits.Scored(nil), list...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Row < sorted[j].Row })
	buf := binary.AppendUvarint(nil, uint64(len(sorted)))
	var last int64
	for _, h := range sorted {
		buf = binary.AppendUvarint(buf, uint64(h.Row-last))
		last = h.Row
	}
	for _, h := range sorted {
		buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(float32(h.Score)))
	}
	return buf
}

func decodeHits(buf []byte) ([]hits.Scored, error) {
	n, k := binary.Uvarint(buf)
	if k <= 0 || n > uint64(len(buf)) {
		return nil, errors.New("bad match list")
	}
	buf = buf[k:]
	list := make([]hits.Scored, n)
	var last int64
	for i := range list {
		d, k := binary.Uvarint(buf)
		if k <= 0 {
			return nil, errors.New("bad match list")
		}
		buf = buf[k:]
		last += int64(d)
		list[i].Row = last
	}
	if len(buf) != 4*len(list) {
		return nil, errors.New("bad match list")
	}
	for i := range list {
		list[i].Score = float64(math.Float32frombits(binary.LittleEndian.Uint32(buf[4*i:])))
	}
	return list, nil
}
