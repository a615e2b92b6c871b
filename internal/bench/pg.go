package bench

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/postgres"
)

// PostgresBaseline measures stock PostgreSQL full-text search over the same
// text: one tsvector ('english') per document with a GIN index, the first
// 10 hits by ts_rank_cd with ts_headline over the whole body. It builds
// the table bench_baseline on first use.
func PostgresBaseline(ctx context.Context, db *postgres.DB, qs []string, o Options, log io.Writer) (Stats, error) {
	var exists bool
	err := db.QueryRows(ctx, "SELECT to_regclass('bench_baseline') IS NOT NULL", nil, func(scan func(...any) error) error { return scan(&exists) })
	if err != nil {
		return Stats{}, err
	}
	if !exists {
		start := time.Now()
		if err := db.Exec(ctx, "CREATE TABLE bench_baseline (rowid bigint PRIMARY KEY, title text, body text, tsv tsvector)"); err != nil {
			return Stats{}, err
		}
		err := db.EachText(ctx, func(row int64, title, text, notes string) error {
			return db.Exec(ctx, "INSERT INTO bench_baseline VALUES ($1, $2, $3, setweight(to_tsvector('english', $2), 'A') || to_tsvector('english', $3))", row, title, text+" "+notes)
		})
		if err == nil {
			err = db.Exec(ctx, "CREATE INDEX bench_baseline_tsv ON bench_baseline USING gin (tsv)")
		}
		if err != nil {
			db.Exec(ctx, "DROP TABLE IF EXISTS bench_baseline")
			return Stats{}, fmt.Errorf("build baseline: %w", err)
		}
		fmt.Fprintf(log, "built the baseline table bench_baseline in %.1fs\n", time.Since(start).Seconds())
	}
	return measure(ctx, "baseline", qs, o, func(ctx context.Context, line string) error {
		text, f, from, to, err := baselineLine(line)
		if err != nil {
			return err
		}
		args := []any{pgQuery(text)}
		var conds []string
		if f.Volume != "" {
			args = append(args, f.Volume)
			conds = append(conds, fmt.Sprintf("volume = $%d", len(args)))
		}
		if !from.IsZero() {
			args = append(args, from)
			conds = append(conds, fmt.Sprintf("date_min >= $%d", len(args)))
		}
		if !to.IsZero() {
			args = append(args, to)
			conds = append(conds, fmt.Sprintf("date_max <= $%d", len(args)))
		}
		filter := ""
		if len(conds) > 0 {
			filter = " AND b.rowid IN (SELECT rowid FROM documents WHERE " + strings.Join(conds, " AND ") + ")"
		}
		return db.QueryRows(ctx, `SELECT b.rowid, ts_rank_cd(b.tsv, q) AS r, ts_headline('english', b.body, q)
			FROM bench_baseline b, to_tsquery('english', $1) q WHERE b.tsv @@ q`+filter+` ORDER BY r DESC LIMIT 10`,
			args, func(scan func(...any) error) error {
				var (
					id       int64
					r        float64
					headline string
				)
				return scan(&id, &r, &headline)
			})
	})
}

// pgQuery writes a benchmark query as a tsquery (to_tsquery): words
// ANDed, prefixes as word:*, phrases as a <-> b; tsquery has no "within N
// words", so a NEAR group is its words ANDed.
func pgQuery(q string) string {
	lexeme := func(w string) string { return "'" + strings.ReplaceAll(w, "'", "''") + "'" }
	var parts []string
	for _, t := range benchTerms(q) {
		ls := make([]string, len(t.words))
		for i, w := range t.words {
			ls[i] = lexeme(w)
		}
		switch {
		case t.phrase:
			parts = append(parts, "("+strings.Join(ls, " <-> ")+")")
		case t.prefix:
			parts = append(parts, ls[0]+":*")
		default:
			parts = append(parts, ls...)
		}
	}
	return strings.Join(parts, " & ")
}

// Store measures Chancery's search on any store, as a reader gets it:
// the first page of 10 hits with snippets, the total and every facet
// count. The store's caches of match lists and results are off while it
// runs, so that every pass measures search, not a cache: the first
// (cold) pass runs each query for the first time in the process, the
// timed passes with what the engine keeps of its own data warm.
func Store(ctx context.Context, s chancery.Searcher, qs []string, o Options) (Stats, error) {
	if c, ok := s.(interface{ SetCaching(on bool) }); ok {
		c.SetCaching(false)
		defer c.SetCaching(true)
	}
	return measure(ctx, "chancery", qs, o, func(ctx context.Context, line string) error {
		text, f, err := Line(line)
		if err != nil {
			return err
		}
		p := f.Params(text)
		req, err := p.Request()
		if err != nil {
			return err
		}
		_, err = s.Search(ctx, req)
		return err
	})
}
