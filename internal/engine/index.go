// Package engine evaluates a parsed query over Chancery's own positional
// index, whatever store keeps it: the index's format (fields, positions,
// postings), the tokenizer that fills it, the planner that says which
// words' postings a query reads, and the evaluator that matches and ranks
// (BM25 and the title bonuses) in memory. A store writes the postings
// Document and Postings give it, and at search time reads the postings of
// Plan.Words into Lists for Match; it knows nothing of their content.
package engine

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/query"
)

// The index holds, for every word, the documents that hold it and the
// word's positions in each, as postings: a store keeps them in pieces (a
// volume's, for the PostgreSQL store) and hands them back per word. A
// search reads the postings of its words and matches, ranks and counts in
// memory: nothing is read per matching document, positions have no limit,
// and the ranking is the same BM25 as SQLite's FTS5.

// The fields of a document's index, in position order, with their BM25
// weights (the SQLite store's column weights).
const (
	fieldTitle = iota
	fieldText
	fieldNotes
	fieldPersons
	fieldPlaces
	numFields
)

// fieldWeights returns the fields' weights, by field.
func fieldWeights() [numFields]float64 { return [numFields]float64{10, 1, 0.5, 2, 2} }

// Positions are word numbers across a document's fields, with fieldGap
// positions skipped between fields so that no phrase or NEAR group spans
// two. A stored position holds the field in its low fieldBits bits.
const (
	fieldGap  = 1 << 12
	fieldBits = 3
	fieldMask = 1<<fieldBits - 1
)

// Document is one document's words and their positions, as indexed.
type Document struct {
	words      map[string][]uint32
	Length     int // words in every field, for BM25's length normalisation (Stats.Set)
	TitleWords int // words in the title, for the exact-title bonus (Stats.Set)
}

// IndexDocument splits a document's fields into words (folded as queries
// are, by query.Words) and records their positions.
func IndexDocument(f chancery.IndexFields) Document {
	d := Document{words: map[string][]uint32{}}
	pos := uint32(0)
	for field, text := range [numFields]string{f.Title, f.Text, f.Notes, f.Persons, f.Places} {
		words := query.Words(foldApostrophe(text))
		if field == fieldTitle {
			d.TitleWords = len(words)
		}
		d.Length += len(words)
		for _, w := range words {
			d.words[w] = append(d.words[w], pos<<fieldBits|uint32(field))
			pos++
		}
		pos += fieldGap
	}
	return d
}

// foldApostrophe reads the modifier apostrophe as an apostrophe, as the
// query parser does.
func foldApostrophe(s string) string {
	return strings.ReplaceAll(s, string(query.ModifierApostrophe), "’")
}

// posting is one document's entry in a word's postings, as written: its
// rowid and the word's positions (field in the low bits), ascending.
type posting struct {
	row int64
	pos []uint32
}

// plist is a word's postings as read: documents in rowid order, each
// with its positions still encoded in data. It holds no pointer per
// document, so that lists of hundreds of thousands cost the garbage
// collector nothing.
type plist struct {
	docs  []pdoc
	blobs [][]byte // the stored postings, one a volume
}

// pdoc is a document of a plist: its positions are
// blobs[blob][start:end].
type pdoc struct {
	row        int64
	blob       uint32
	start, end uint32
}

func (p *plist) len() int { return len(p.docs) }

func (p *plist) raw(i int) []byte {
	d := p.docs[i]
	return p.blobs[d.blob][d.start:d.end]
}

// Postings gathers the postings of some documents (a volume's) by word,
// for a store to write.
type Postings map[string][]posting

// Add adds a document's words, the document stored with rowid row (1 or
// more).
func (vp Postings) Add(row int64, d Document) {
	for w, pos := range d.words {
		vp[w] = append(vp[w], posting{row: row, pos: pos})
	}
}

// Words returns the words of the postings, in order.
func (vp Postings) Words() []string {
	words := make([]string, 0, len(vp))
	for w := range vp {
		words = append(words, w)
	}
	sort.Strings(words)
	return words
}

// Encode returns a word's postings as stored, with the number of their
// documents and the lowest rowid among them.
func (vp Postings) Encode(word string) (data []byte, docs int, first int64) {
	ps := vp[word]
	data = encodePostings(ps)
	if len(ps) > 0 {
		first = ps[0].row // sorted by encodePostings
	}
	return data, len(ps), first
}

// encodePostings writes postings in ascending rowid order: for each
// document the rowid's difference from the last, the byte length of its
// positions, then the positions as differences, all as uvarints.
func encodePostings(ps []posting) []byte {
	sort.Slice(ps, func(i, j int) bool { return ps[i].row < ps[j].row })
	var buf, pbuf []byte
	var last int64
	for _, p := range ps {
		pbuf = appendPositions(pbuf[:0], p.pos)
		buf = binary.AppendUvarint(buf, uint64(p.row-last))
		buf = binary.AppendUvarint(buf, uint64(len(pbuf)))
		buf = append(buf, pbuf...)
		last = p.row
	}
	return buf
}

// appendPositions appends ascending positions as differences.
func appendPositions(buf []byte, pos []uint32) []byte {
	var prev uint32
	for _, x := range pos {
		buf = binary.AppendUvarint(buf, uint64(x-prev))
		prev = x
	}
	return buf
}

var errBadPostings = errors.New("bad postings")

// Lists holds the postings of the words a search reads (Plan.Words),
// by word, as a store hands them over (Add) for Match.
type Lists map[string]*plist

// Add decodes data, postings of word as Postings.Encode gave them, into
// the word's list. docs, the number of documents in all the pieces of the
// word's postings that are to come, sizes the list once.
func (ls Lists) Add(word string, data []byte, docs int) error {
	p := ls[word]
	if p == nil {
		p = &plist{docs: make([]pdoc, 0, docs)}
		ls[word] = p
	}
	if err := decodePostings(data, p); err != nil {
		return fmt.Errorf("postings of %q: %w", word, err)
	}
	return nil
}

// decodePostings appends the postings in buf to p, their positions left
// encoded (see positions and weighted).
func decodePostings(buf []byte, p *plist) error {
	blob := uint32(len(p.blobs))
	p.blobs = append(p.blobs, buf)
	start := len(buf)
	var row int64
	for len(buf) > 0 {
		d, k := binary.Uvarint(buf)
		if k <= 0 || d == 0 { // rowids start at 1 and ascend
			return errBadPostings
		}
		buf = buf[k:]
		row += int64(d)
		n, k := binary.Uvarint(buf)
		if k <= 0 || n > uint64(len(buf)-k) {
			return errBadPostings
		}
		if n == 0 {
			return fmt.Errorf("%w: document %d without positions", errBadPostings, row)
		}
		buf = buf[k:]
		at := uint32(start - len(buf))
		p.docs = append(p.docs, pdoc{row: row, blob: blob, start: at, end: at + uint32(n)})
		buf = buf[n:]
	}
	return nil
}

// sort puts p's documents in rowid order. Each volume's documents have
// consecutive rowids and its postings are read in rowid order, so this
// is needed only for databases written before rowids were so reserved.
func (p *plist) sort() {
	for i := 1; i < len(p.docs); i++ {
		if p.docs[i].row <= p.docs[i-1].row {
			slices.SortFunc(p.docs, func(a, b pdoc) int { return cmp.Compare(a.row, b.row) })
			return
		}
	}
}
