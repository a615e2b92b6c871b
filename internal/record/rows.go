package record

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unsafe"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/query"
)

// Rows is what both stores' query results offer (database/sql's *Rows and
// pgx's Rows), so that the rows they share are read once, here.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// PackText keeps a document's indexed text and notes in one compressed
// value, for cutting snippets.
func (c *Codec) PackText(text, notes string) []byte {
	return c.Compress([]byte(text + "\x00" + notes))
}

// UnpackText reverses PackText.
func (c *Codec) UnpackText(z []byte) (text, notes string, err error) {
	raw, err := c.Expand(z)
	if err != nil {
		return "", "", fmt.Errorf("expand text: %w", err)
	}
	// The expanded bytes are this call's own and never written again:
	// the texts are cut from them without a copy.
	text, notes, _ = strings.Cut(unsafe.String(unsafe.SliceData(raw), len(raw)), "\x00")
	return text, notes, nil
}

// ScanDocuments reads rows of one column, a document's record.
func (c *Codec) ScanDocuments(rows Rows) ([]*chancery.Document, error) {
	var out []*chancery.Document
	for rows.Next() {
		var rec []byte
		if err := rows.Scan(&rec); err != nil {
			return nil, err
		}
		d := new(chancery.Document)
		if err := c.Decode(rec, d); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// EachText reads rows of (rowid, title, packed text) and calls fn with the
// text and notes unpacked.
func (c *Codec) EachText(rows Rows, fn func(row int64, title, text, notes string) error) error {
	for rows.Next() {
		var (
			row   int64
			title string
			z     []byte
		)
		if err := rows.Scan(&row, &title, &z); err != nil {
			return err
		}
		text, notes, err := c.UnpackText(z)
		if err != nil {
			return err
		}
		if err := fn(row, title, text, notes); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ScanStats reads rows of (id, title, documents, notes, pages, persons,
// terms, refs, dated, warnings).
func ScanStats(rows Rows) ([]chancery.VolumeStats, error) {
	var out []chancery.VolumeStats
	for rows.Next() {
		var v chancery.VolumeStats
		if err := rows.Scan(&v.ID, &v.Title, &v.Documents, &v.Notes, &v.Pages, &v.Persons, &v.Terms, &v.Refs, &v.Dated, &v.Warnings); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// ScanWarnings reads rows of (file, line, kind, document, message).
func ScanWarnings(rows Rows) ([]chancery.Warning, error) {
	var out []chancery.Warning
	for rows.Next() {
		var w chancery.Warning
		if err := rows.Scan(&w.File, &w.Line, &w.Kind, &w.Document, &w.Message); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// Prepared is a document ready to store: its record, the persons it
// mentions, the fields its words are indexed from and its text packed for
// snippets. It is made before a write transaction starts, so that
// transactions stay short.
type Prepared struct {
	Doc     *chancery.Document
	Record  []byte
	Persons []string
	Fields  chancery.IndexFields
	TextZ   []byte
}

// Prepare encodes a volume's documents for storing.
func (c *Codec) Prepare(v *chancery.VolumeData) ([]Prepared, error) {
	persons := v.Volume.PersonIndex()
	out := make([]Prepared, len(v.Documents))
	for i, d := range v.Documents {
		rec, err := c.Encode(d)
		if err != nil {
			return nil, fmt.Errorf("document %s: %w", d.ID, err)
		}
		names := d.PersonNames(persons)
		f := d.IndexFields(names)
		out[i] = Prepared{Doc: d, Record: rec, Persons: names, Fields: f, TextZ: c.PackText(f.Text, f.Notes)}
	}
	return out, nil
}

// CitationColumns are the columns of a citation row, in the order
// ScanCitations and CitationRow take them; the table is "citations" in
// both stores.
const CitationColumns = "volume, seq, document, note, how, text, target, to_volume, to_id, first_page, last_page, more_pages, assumed, state, reason, kind, documents"

// CitationColumnCount is how many columns CitationColumns names.
var CitationColumnCount = strings.Count(CitationColumns, ",") + 1

// CitationColumnsOf returns CitationColumns, each qualified by a table's
// alias, for a join.
func CitationColumnsOf(alias string) string {
	return alias + "." + strings.ReplaceAll(CitationColumns, ", ", ", "+alias+".")
}

// CitationRow returns a citation's values for CitationColumns.
func CitationRow(c *chancery.Citation) []any {
	return []any{c.Volume, c.Seq, c.Document, c.Note, c.How, c.Text, c.Target, c.ToVolume, c.ToID, c.First, c.Last, strings.Join(c.More, " "), c.Assumed,
		c.State, c.Reason, c.Kind, strings.Join(c.Documents, " ")}
}

// ScanCitation reads one row of CitationColumns.
func ScanCitation(rows Rows) (chancery.Citation, error) {
	var c chancery.Citation
	var more, docs string
	err := rows.Scan(&c.Volume, &c.Seq, &c.Document, &c.Note, &c.How, &c.Text, &c.Target, &c.ToVolume, &c.ToID, &c.First, &c.Last, &more, &c.Assumed,
		&c.State, &c.Reason, &c.Kind, &docs)
	c.More = strings.Fields(more)
	c.Documents = strings.Fields(docs)
	if c.Documents == nil {
		c.Documents = []string{}
	}
	return c, err
}

// ScanCitations reads rows of CitationColumns.
func ScanCitations(rows Rows) ([]chancery.Citation, error) {
	out := []chancery.Citation{}
	for rows.Next() {
		c, err := ScanCitation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ScanCitationCounts reads rows of (document, here, others).
func ScanCitationCounts(rows Rows) ([]chancery.CitationCount, error) {
	out := []chancery.CitationCount{}
	for rows.Next() {
		var c chancery.CitationCount
		if err := rows.Scan(&c.Document, &c.Here, &c.Others); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// LinkRowsQuery returns the query, the same in both stores, and its
// arguments, of the rowids of the documents a link keeps: those that cite
// ($1 the volume, $2 the document, when given) or are cited by a place;
// those a person ($1) sent, received or took part in ($2 the kind).
func LinkRowsQuery(l query.Link) (string, []any) {
	cites, doc := l.Dir == query.Cites, l.Document != ""
	args := []any{l.Volume}
	if doc {
		args = append(args, l.Document)
	}
	switch {
	case l.OfPerson():
		kind := map[string]string{query.From: "from", query.To: "to", query.With: "participant"}[l.Dir]
		return `SELECT DISTINCT d.rowid FROM document_people p
			JOIN documents d ON d.volume = p.volume AND d.id = p.document
			WHERE p.person = $1 AND p.kind = $2`, []any{l.Person, kind}
	case cites && doc:
		return `SELECT DISTINCT d.rowid FROM cited k
			JOIN citations c ON c.volume = k.volume AND c.seq = k.seq
			JOIN documents d ON d.volume = c.volume AND d.id = c.document
			WHERE k.to_volume = $1 AND k.to_document = $2`, args
	case cites:
		return `SELECT DISTINCT d.rowid FROM citations c
			JOIN documents d ON d.volume = c.volume AND d.id = c.document
			WHERE c.to_volume = $1`, args
	case doc:
		return `SELECT DISTINCT d.rowid FROM citations c
			JOIN cited k ON k.volume = c.volume AND k.seq = c.seq
			JOIN documents d ON d.volume = k.to_volume AND d.id = k.to_document
			WHERE c.volume = $1 AND c.document = $2`, args
	}
	return `SELECT DISTINCT d.rowid FROM citations c
			JOIN cited k ON k.volume = c.volume AND k.seq = c.seq
			JOIN documents d ON d.volume = k.to_volume AND d.id = k.to_document
			WHERE c.volume = $1`, args
}

// ScanRowids reads rows of one rowid.
func ScanRowids(rows Rows) ([]int64, error) {
	var out []int64
	for rows.Next() {
		var r int64
		if err := rows.Scan(&r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// DatasetInfoColumns are the columns of the datasets table that
// ScanDatasetInfos reads, in its order; the table is "datasets" in both
// stores, with the load's record beside them.
const DatasetInfoColumns = "name, source, loaded, warnings, counts"

// DatasetRow returns a load's values for DatasetInfoColumns, then its
// compressed record (the Dataset whole).
func (c *Codec) DatasetRow(d *chancery.Dataset) ([]any, error) {
	counts, err := json.Marshal(d.Counts())
	if err != nil {
		return nil, err
	}
	rec, err := c.Encode(d)
	if err != nil {
		return nil, fmt.Errorf("encode dataset %s: %w", d.Name, err)
	}
	return []any{d.Name, d.Source, d.Loaded, len(d.Warnings), string(counts), rec}, nil
}

// DatasetUpsert is the statement, the same in both stores but for its
// placeholders (p(1) … p(6): "?" or "$1"), storing a load's DatasetRow in
// place of the older load of the same dataset.
func DatasetUpsert(p func(int) string) string {
	return "INSERT INTO datasets (" + DatasetInfoColumns + ", record) VALUES (" + p(1) + ", " + p(2) + ", " + p(3) + ", " + p(4) + ", " + p(5) + ", " + p(6) + ")" +
		" ON CONFLICT (name) DO UPDATE SET source = excluded.source, loaded = excluded.loaded, warnings = excluded.warnings, counts = excluded.counts, record = excluded.record"
}

// ScanDatasetInfos reads rows of DatasetInfoColumns, in
// chancery.DatasetNames' order.
func ScanDatasetInfos(rows Rows) ([]chancery.DatasetInfo, error) {
	out := []chancery.DatasetInfo{}
	for rows.Next() {
		var d chancery.DatasetInfo
		var counts string
		if err := rows.Scan(&d.Name, &d.Source, &d.Loaded, &d.Warnings, &counts); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(counts), &d.Counts); err != nil {
			return nil, fmt.Errorf("dataset %s: counts: %w", d.Name, err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b chancery.DatasetInfo) int {
		return slices.Index(chancery.DatasetNames, a.Name) - slices.Index(chancery.DatasetNames, b.Name)
	})
	return out, nil
}

// PeopleColumns are the columns of a row of document_people, in the order
// PersonRow and ScanPeople take them; the table is the same in both
// stores.
const PeopleColumns = "volume, document, ordinal, title, date, kind, person, name, how, text, evidence"

// PeopleColumnCount is how many columns PeopleColumns names.
var PeopleColumnCount = strings.Count(PeopleColumns, ",") + 1

// PersonRow returns a document's person's values for PeopleColumns.
func PersonRow(p *chancery.DocumentPerson) []any {
	return []any{p.Volume, p.Document, p.Ordinal, p.Title, p.Date, p.Kind, p.Person, p.Name, p.How, p.Text, p.Evidence}
}

// PersonOrder is the order of PersonDocuments: by date (the undated
// last), then volume and place.
const PersonOrder = "ORDER BY date = '', date, volume, ordinal, kind"

// ScanPeople reads rows of PeopleColumns.
func ScanPeople(rows Rows) ([]chancery.DocumentPerson, error) {
	out := []chancery.DocumentPerson{}
	for rows.Next() {
		var p chancery.DocumentPerson
		if err := rows.Scan(&p.Volume, &p.Document, &p.Ordinal, &p.Title, &p.Date, &p.Kind, &p.Person, &p.Name, &p.How, &p.Text, &p.Evidence); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// CoPeopleQuery is the query, the same in both stores but for its
// placeholder (p, "?" or "$1"), of the participants of the memoranda a
// person took part in, the person among them.
func CoPeopleQuery(p string) string {
	return "SELECT " + PeopleColumns + " FROM document_people WHERE kind = 'participant' AND (volume, document) IN " +
		"(SELECT volume, document FROM document_people WHERE person = " + p + " AND kind = 'participant') ORDER BY volume, ordinal"
}
