package graph

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/chancery-frus/chancery"
)

// Edge is a citation of the graph as it is exported: the stored citation
// and how a reader meets it (Classify).
type Edge struct {
	chancery.Citation
	Class string `json:"class"` // ClassHere, ClassNotHeld or ClassBroken
}

// NewEdge classifies a citation for export; known is as Classify's.
func NewEdge(c chancery.Citation, known func(string) bool) Edge {
	class, kind, reason := Classify(c, known)
	c.Kind, c.Reason = kind, reason
	return Edge{Citation: c, Class: class}
}

// Export formats.
const (
	FormatCSV   = "csv"
	FormatJSONL = "jsonl"
)

// CSVHeader is the first row of the CSV export.
var CSVHeader = []string{"volume", "seq", "document", "note", "how", "text", "target", "to_volume", "to_id", "first_page", "last_page", "more_pages", "assumed", "class", "kind", "reason", "documents"}

// Export writes every stored citation to w as CSV (with CSVHeader; the
// documents separated by spaces) or as JSON Lines (an Edge a line), in
// the order of the citing volumes and places.
func Export(ctx context.Context, store chancery.Store, w io.Writer, format string, known func(string) bool) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var write func(Edge) error
	switch format {
	case FormatCSV:
		cw := csv.NewWriter(bw)
		if err := cw.Write(CSVHeader); err != nil {
			return err
		}
		write = func(e Edge) error {
			err := cw.Write([]string{e.Volume, strconv.Itoa(e.Seq), e.Document, e.Note, e.How, e.Text, e.Target, e.ToVolume, e.ToID, e.First, e.Last, strings.Join(e.More, " "), e.Assumed,
				e.Class, e.Kind, e.Reason, strings.Join(e.Documents, " ")})
			cw.Flush()
			return err
		}
	case FormatJSONL:
		enc := json.NewEncoder(bw)
		write = func(e Edge) error { return enc.Encode(e) }
	default:
		return chancery.BadRequestf("format %q: give csv or jsonl", format)
	}
	if err := store.EachCitation(ctx, func(c chancery.Citation) error { return write(NewEdge(c, known)) }); err != nil {
		return fmt.Errorf("export the citations: %w", err)
	}
	return bw.Flush()
}
