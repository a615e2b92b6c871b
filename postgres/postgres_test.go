package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/ingest"
	"github.com/chancery-frus/chancery/internal/bench"
	"github.com/chancery-frus/chancery/internal/corpus"
	"github.com/chancery-frus/chancery/internal/testpg"
	"github.com/chancery-frus/chancery/postgres"
	"github.com/chancery-frus/chancery/search"
	"github.com/chancery-frus/chancery/sqlite"
	"github.com/chancery-frus/chancery/storetest"
)

// freshDB creates an empty database for one test and drops it afterwards.
func freshDB(t testing.TB) string { return testpg.Fresh(t) }

func open(t *testing.T) chancery.Store {
	db, err := postgres.Open(context.Background(), freshDB(t))
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestStore(t *testing.T) { storetest.Run(t, open) }

// TestConcurrentStart: nodes starting at once migrate the schema once.
func TestConcurrentStart(t *testing.T) {
	dsn := freshDB(t)
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		go func() {
			db, err := postgres.Open(context.Background(), dsn)
			if err == nil {
				db.Close()
			}
			errs <- err
		}()
	}
	for i := 0; i < 4; i++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// TestCorpusSearch runs the judged set on the real corpus.
func TestCorpusSearch(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus test skipped in -short mode")
	}
	dir := corpus.Dir(t)
	ctx := context.Background()
	db, err := postgres.Open(ctx, freshDB(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	files, err := ingest.Files([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if s := ingest.Run(ctx, db, files, ingest.Options{}); !s.OK() {
		for _, r := range s.Results {
			if r.Err != nil {
				t.Error(r.Err)
			}
		}
		t.Fatalf("%d volumes failed", s.Failed)
	}
	if err := db.Optimize(ctx); err != nil { // as chancery ingest does
		t.Fatal(err)
	}
	req, err := (&search.Params{Query: "arbitrat*"}).Request()
	if err != nil {
		t.Fatal(err)
	}
	if res, err := db.Search(ctx, req); err != nil || res.Total != 388 {
		t.Errorf("arbitrat*: %v documents, %v; want 388", res, err)
	}
	q := storetest.Judge(t, db)
	t.Logf("%d judged queries: MRR %.3f, nDCG@10 %.3f, known items first %d of %d", q.Queries, q.MRR, q.NDCG, q.KnownOK, q.KnownAll)
	for _, f := range q.Failures {
		t.Logf("no relevant document in the top 10: %s", f)
	}
	if q.MRR < 0.95 || q.NDCG < 0.95 {
		t.Errorf("quality: MRR %.3f, nDCG@10 %.3f; want ≥ 0.95", q.MRR, q.NDCG)
	}
	sameAsSQLite(t, db, files)
}

// sameAsSQLite: both stores answer alike, by construction: for every
// operator of the query language, the judged set, the built-in benchmark
// queries and a set drawn from the corpus (bench.Draw), the whole result
// — total, hits in order with their scores and snippets, every facet
// count — is the same on SQLite as on PostgreSQL.
func sameAsSQLite(t *testing.T, pg chancery.Store, files []string) {
	ctx := context.Background()
	lite, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "corpus.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	if s := ingest.Run(ctx, lite, files, ingest.Options{}); !s.OK() {
		t.Fatalf("%d volumes failed", s.Failed)
	}
	var asked []search.Params
	for _, q := range []string{"ban?", "arbitrat*", `"most-favored-nation"`, "title:treaty", "person:hay", "place:paris",
		"in:notes treaty", "in:text treaty", "canal NOT panama", `"secretary state"~2`, "=bans", "ban", "Mosquito OR Samoa",
		`"freedom of the seas"`, "government", `"united states" Liberia`, `"treaty peace spain"~5`, `title:"foreign relations"`,
		"(Cuba OR Spain) AND treaty NOT war", "neutr?lity", "in:text =treaty", "the", `"of the"`} {
		asked = append(asked, search.Params{Query: q})
	}
	qs, err := bench.Queries("")
	if err != nil {
		t.Fatal(err)
	}
	drawn, err := bench.Draw(ctx, files, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, set := range drawn.Sets {
		qs = append(qs, set...)
	}
	for _, q := range qs {
		asked = append(asked, search.Params{Query: q})
	}
	for _, j := range storetest.Judgements(t) {
		p := search.Params{Query: j.Query, From: j.From, To: j.To}
		if j.Volume != "" {
			p.Volumes = []string{j.Volume}
		}
		asked = append(asked, p)
	}
	// Filters, date order, a later page and a list without words.
	asked = append(asked,
		search.Params{Query: "treaty", From: "1895", To: "1899"},
		search.Params{Query: "treaty", Volumes: []string{"frus1895Supp"}},
		search.Params{Query: "treaty", Sort: chancery.SortDateDesc},
		search.Params{Query: "government", Offset: 40},
		search.Params{From: "1900", To: "1901"},
	)
	differ := 0
	for _, p := range asked {
		p.Facets = true
		if p.Limit == 0 {
			p.Limit = 10
		}
		req, err := p.Request()
		if err != nil {
			t.Fatalf("%+v: %v", p, err)
		}
		l, err := lite.Search(ctx, req)
		if err != nil {
			t.Fatalf("%+v on SQLite: %v", p, err)
		}
		g, err := pg.Search(ctx, req)
		if err != nil {
			t.Fatalf("%+v on PostgreSQL: %v", p, err)
		}
		if !reflect.DeepEqual(l, g) {
			differ++
			t.Errorf("%+v: SQLite %d documents %s, PostgreSQL %d documents %s", p, l.Total, ids(l), g.Total, ids(g))
		}
	}
	t.Logf("%d searches, %d answered differently", len(asked), differ)
}

// ids lists a result's hits as volume/document.
func ids(res *chancery.SearchResult) string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Volume+"/"+h.Document)
	}
	return strings.Join(out, " ")
}

// find runs a search as a reader types it.
func find(t *testing.T, s chancery.Store, q string) *chancery.SearchResult {
	t.Helper()
	req, err := (&search.Params{Query: q}).Request()
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Search(context.Background(), req)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return res
}

// TestMigrate copies the test volumes from SQLite into PostgreSQL and back,
// verified by counts and checksums.
func TestMigrate(t *testing.T) {
	ctx := context.Background()
	lite, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "from.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	storetest.PutTestVolumes(t, lite)
	pg, err := postgres.Open(ctx, freshDB(t))
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	there, err := ingest.Copy(ctx, lite, pg, nil)
	if err != nil || len(there) != len(storetest.TestVolumes) {
		t.Fatalf("into PostgreSQL: %v, %v", there, err)
	}
	back, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "back.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	again, err := ingest.Copy(ctx, pg, back, nil)
	if err != nil {
		t.Fatalf("back into SQLite: %v", err)
	}
	for i := range there {
		if there[i].Checksum != again[i].Checksum {
			t.Errorf("%s: checksum %s after the round trip, %s before", there[i].Volume, again[i].Checksum, there[i].Checksum)
		}
	}
	// Copying again changes nothing.
	if res, err := ingest.Copy(ctx, lite, pg, nil); err != nil || res[0].Action != "unchanged" {
		t.Errorf("second copy: %+v, %v", res, err)
	}
	// The reference datasets go with the volumes, both ways.
	travels := &chancery.Dataset{Name: chancery.DatasetTravels, Source: "travels.tar.gz", Loaded: "2026-12-07T10:00:00Z",
		Presidents: []chancery.Presidency{{ID: "kennedy-john-f", Name: "John F. Kennedy", Took: "1961-01-20", Left: "1963-11-22"}}}
	if err := lite.PutDataset(ctx, travels); err != nil {
		t.Fatal(err)
	}
	if names, err := ingest.CopyDatasets(ctx, lite, pg); err != nil || len(names) != 1 {
		t.Fatalf("datasets into PostgreSQL: %v, %v", names, err)
	}
	if names, err := ingest.CopyDatasets(ctx, pg, back); err != nil || len(names) != 1 {
		t.Fatalf("datasets back into SQLite: %v, %v", names, err)
	}
	if got, err := back.LoadDataset(ctx, chancery.DatasetTravels); err != nil || !reflect.DeepEqual(got, travels) {
		t.Errorf("the dataset after the round trip: %+v, %v", got, err)
	}
}

// TestLongDocumentPhrase: a phrase far into a long document (past the 16,383
// positions a tsvector would keep) is found.
func TestLongDocumentPhrase(t *testing.T) {
	ctx := context.Background()
	db, err := postgres.Open(ctx, freshDB(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b strings.Builder
	b.WriteString(`<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1900long"><teiHeader><fileDesc><titleStmt><title type="complete">Long</title></titleStmt></fileDesc></teiHeader><text><body>`)
	b.WriteString(`<pb n="1" xml:id="pg_1"/><div type="document" xml:id="d1" n="1"><head>A very long despatch</head><p>`)
	for i := 0; i < 40000; i++ {
		b.WriteString("filler ")
	}
	b.WriteString(`the zanzibar protectorate question</p></div></body></text></TEI>`)
	v, err := ingest.Decode("long.xml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.PutVolume(ctx, v); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`"zanzibar protectorate"`, `"zanzibar protectorate"~3`, `zanzibar protectorate`} {
		req, err := (&search.Params{Query: q, Limit: 10}).Request()
		if err != nil {
			t.Fatal(err)
		}
		res, err := db.Search(ctx, req)
		if err != nil {
			t.Errorf("%s: %v", q, err)
			continue
		}
		if res.Total != 1 {
			t.Errorf("%s: %d documents; want the long document", q, res.Total)
		}
	}
}

// TestReadReplica: reads go to the replica, writes to the primary.
func TestReadReplica(t *testing.T) {
	ctx := context.Background()
	primaryDSN, replicaDSN := freshDB(t), freshDB(t)
	// The stand-in replica holds another volume than the primary will.
	rep, err := postgres.Open(ctx, replicaDSN)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rep.PutVolume(ctx, storetest.Volume(t, "frus1866p1.xml")); err != nil {
		t.Fatal(err)
	}
	rep.Close()
	db, err := postgres.OpenWithReplica(ctx, primaryDSN, replicaDSN)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.PutVolume(ctx, storetest.Volume(t, "frus1895Supp.xml")); err != nil {
		t.Fatal(err)
	}
	vols, err := db.Volumes(ctx)
	if err != nil || len(vols) != 1 || vols[0].ID != "frus1866p1" {
		t.Errorf("reads: %+v, %v; want the replica's frus1866p1", vols, err)
	}
	primary, err := postgres.Open(ctx, primaryDSN)
	if err != nil {
		t.Fatal(err)
	}
	defer primary.Close()
	if vols, _ := primary.Volumes(ctx); len(vols) != 1 || vols[0].ID != "frus1895Supp" {
		t.Errorf("the write did not go to the primary: %+v", vols)
	}
}

// TestReindex: a database whose documents have no index yet (as after the
// upgrade from the tsvector schema) is indexed when the store opens, and
// searches as before.
func TestReindex(t *testing.T) {
	ctx := context.Background()
	dsn := freshDB(t)
	db, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	storetest.PutTestVolumes(t, db)
	queries := []string{"treaty", `"secretary of state"`, "title:memorandum", "arbitrat*"}
	before := map[string]string{}
	for _, q := range queries {
		before[q] = searchIDs(t, db, q)
	}
	for _, sql := range []string{"DELETE FROM postings", "DELETE FROM vocab", "UPDATE volumes SET search_base = 0, search_meta = NULL",
		"UPDATE meta SET value = 1 WHERE key = 'reindex'"} {
		if err := db.Exec(ctx, sql); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	db, err = postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range queries {
		if got := searchIDs(t, db, q); got != before[q] {
			t.Errorf("%s after reindexing: %s, want %s", q, got, before[q])
		}
	}
	if err := db.Check(ctx); err != nil {
		t.Error(err)
	}
}

func searchIDs(t *testing.T, s chancery.Store, q string) string {
	t.Helper()
	res := find(t, s, q)
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.Volume+"/"+h.Document)
	}
	return fmt.Sprintf("%d: %s", res.Total, strings.Join(ids, " "))
}

// TestVocabulary: the vocabulary counts what the postings of its words
// (not the pairs of common words) hold after volumes are added, replaced
// and deleted.
func TestVocabulary(t *testing.T) {
	ctx := context.Background()
	db, err := postgres.Open(ctx, freshDB(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	check := func(when string) {
		t.Helper()
		var mismatched, words int
		err := db.QueryRows(ctx, `SELECT
			(SELECT count(*) FROM (SELECT word, sum(docs) AS docs FROM postings WHERE word NOT LIKE '% %' GROUP BY word) p
				FULL JOIN vocab v USING (word) WHERE p.docs IS DISTINCT FROM v.docs),
			(SELECT count(*) FROM vocab WHERE stem = '')`, nil, func(scan func(...any) error) error {
			return scan(&mismatched, &words)
		})
		if err != nil {
			t.Fatal(err)
		}
		if mismatched != 0 || words != 0 {
			t.Errorf("%s: %d words counted wrong, %d without a stem", when, mismatched, words)
		}
	}
	storetest.PutTestVolumes(t, db)
	check("after adding")
	v := storetest.Volume(t, "frus1895Supp.xml")
	v.Volume.Hash += "-2"
	v.Documents = v.Documents[:1]
	if _, err := db.PutVolume(ctx, v); err != nil {
		t.Fatal(err)
	}
	check("after replacing")
	if err := db.DeleteVolume(ctx, "frus1866p1"); err != nil {
		t.Fatal(err)
	}
	check("after deleting")
}

// TestUnstorableIDs: ids PostgreSQL's text cannot hold (NUL, invalid
// UTF-8), as hostile addresses carry them, name nothing stored, as in
// SQLite, rather than failing the query.
func TestUnstorableIDs(t *testing.T) {
	ctx := context.Background()
	db, err := postgres.Open(ctx, freshDB(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, id := range []string{"\x00", "frus1961-63v05\x00", "\xff\xfe"} {
		if _, err := db.Volume(ctx, id); !errors.Is(err, chancery.ErrNotFound) {
			t.Errorf("Volume(%q): %v", id, err)
		}
		if _, err := db.VolumeHash(ctx, id); !errors.Is(err, chancery.ErrNotFound) {
			t.Errorf("VolumeHash(%q): %v", id, err)
		}
		if _, err := db.Document(ctx, "frus1961-63v05", id); !errors.Is(err, chancery.ErrNotFound) {
			t.Errorf("Document(%q): %v", id, err)
		}
		if _, err := db.Locate(ctx, id, "d1"); !errors.Is(err, chancery.ErrNotFound) {
			t.Errorf("Locate(%q): %v", id, err)
		}
		if err := db.DeleteVolume(ctx, id); !errors.Is(err, chancery.ErrNotFound) {
			t.Errorf("DeleteVolume(%q): %v", id, err)
		}
		if docs, err := db.Documents(ctx, id); err != nil || len(docs) != 0 {
			t.Errorf("Documents(%q): %d, %v", id, len(docs), err)
		}
		if ws, err := db.Warnings(ctx, id); err != nil || len(ws) != 0 {
			t.Errorf("Warnings(%q): %d, %v", id, len(ws), err)
		}
	}
}
