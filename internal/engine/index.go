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
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/record"
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

// Document is what the index counts of one document, for ranking
// (Stats.Set).
type Document struct {
	Length     int // words in every field, for BM25's length normalisation
	TitleWords int // words in the title, for the exact-title bonus
}

// foldApostrophe reads the modifier apostrophe as an apostrophe, as the
// query parser does.
func foldApostrophe(s string) string {
	return strings.ReplaceAll(s, string(query.ModifierApostrophe), "’")
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
// as they are indexed (Index), for a store to write (Words, Encode). Each
// word's postings are encoded as its documents come, so that nothing is
// held per document and word but its positions.
type Postings struct {
	words map[string]*wordPostings
	pairs []*wordPostings // by the common words' numbers, a*numCommon+b (pairs.go)
	last  int64           // the last row indexed
	buf   []byte          // scratch for a document's positions
}

// wordPostings is a word's postings being written: every document's
// entry but the first one's rowid (which Encode writes, with the base of
// the rows), and the positions of the last document seen.
type wordPostings struct {
	first, row int64 // the first document's row, and the last's
	flushed    int64 // the row whose entry data ends with; 0 before the first
	docs       int
	common     int      // the word's number among the common words, or -1
	data       []byte   // the entries: the byte length of the positions, the positions, then rowid differences, lengths, positions
	pending    []uint32 // the positions in row, not yet in data
}

// NewPostings returns an empty set of postings.
func NewPostings() *Postings {
	return &Postings{words: map[string]*wordPostings{}, pairs: make([]*wordPostings, numCommon*numCommon)}
}

// Index splits a document's fields into words (folded as queries are, by
// query.EachWord) and adds their positions as those of the document with
// rowid row, which must be greater than every row indexed before it.
func (vp *Postings) Index(row int64, f chancery.IndexFields) (Document, error) {
	if row <= vp.last {
		return Document{}, fmt.Errorf("index: document %d after %d: rows must ascend", row, vp.last)
	}
	return vp.index(row, f), nil
}

// IndexVolume indexes the documents of a volume, prepared for storing,
// as rows 1, 2, … in their order: a store writes them with the rowid
// before its first as Encode's base, and each document's counts.
func IndexVolume(docs []record.Prepared) (*Postings, []Document) {
	vp := NewPostings()
	counts := make([]Document, len(docs))
	for i, d := range docs {
		counts[i] = vp.index(int64(i+1), d.Fields)
	}
	return vp, counts
}

func (vp *Postings) index(row int64, f chancery.IndexFields) Document {
	vp.last = row
	var d Document
	pos := uint32(0)
	for field, text := range [numFields]string{f.Title, f.Text, f.Notes, f.Persons, f.Places} {
		n := 0
		prev := -1 // the common word before this one in the field, or -1
		query.EachWord(foldApostrophe(text), func(w string) {
			wp := vp.words[w]
			if wp == nil {
				wp = &wordPostings{first: row, common: commonIndex(w)}
				vp.words[strings.Clone(w)] = wp
			}
			vp.add(wp, row, pos<<fieldBits|uint32(field))
			if prev >= 0 && wp.common >= 0 {
				pp := vp.pairs[prev*numCommon+wp.common]
				if pp == nil {
					pp = &wordPostings{first: row, common: -1}
					vp.pairs[prev*numCommon+wp.common] = pp
					vp.words[pairWord(prev, wp.common)] = pp
				}
				vp.add(pp, row, (pos-1)<<fieldBits|uint32(field))
			}
			prev = wp.common
			pos++
			n++
		})
		if field == fieldTitle {
			d.TitleWords = n
		}
		d.Length += n
		pos += fieldGap
	}
	return d
}

// add adds a position of a word in the document of row.
func (vp *Postings) add(wp *wordPostings, row int64, at uint32) {
	if wp.row != row {
		vp.flush(wp)
		wp.row = row
		wp.docs++
	}
	wp.pending = append(wp.pending, at)
}

// flush writes the pending positions of a word's last document.
func (vp *Postings) flush(wp *wordPostings) {
	if len(wp.pending) == 0 {
		return
	}
	if wp.flushed != 0 {
		wp.data = binary.AppendUvarint(wp.data, uint64(wp.row-wp.flushed))
	}
	vp.buf = appendPositions(vp.buf[:0], wp.pending)
	wp.data = binary.AppendUvarint(wp.data, uint64(len(vp.buf)))
	wp.data = append(wp.data, vp.buf...)
	wp.flushed = wp.row
	wp.pending = wp.pending[:0]
}

// Words returns the words of the postings, in order.
func (vp *Postings) Words() []string {
	words := make([]string, 0, len(vp.words))
	for w := range vp.words {
		words = append(words, w)
	}
	sort.Strings(words)
	return words
}

// Docs returns the number of documents holding word.
func (vp *Postings) Docs(word string) int {
	if wp := vp.words[word]; wp != nil {
		return wp.docs
	}
	return 0
}

// Encode returns a word's postings as stored, their rows offset by base
// (a store that numbers the documents it indexes from 1 adds the rowid
// before the first), with the number of their documents and the lowest
// rowid among them.
func (vp *Postings) Encode(word string, base int64) (data []byte, docs int, first int64) {
	wp := vp.words[word]
	if wp == nil {
		return nil, 0, 0
	}
	vp.flush(wp)
	first = wp.first + base
	data = binary.AppendUvarint(make([]byte, 0, len(wp.data)+binary.MaxVarintLen64), uint64(first))
	return append(data, wp.data...), wp.docs, first
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

// MaxRow is the highest rowid the engine takes from a store: its arrays
// are indexed by rowid, so a corrupt value must not size them.
const MaxRow = 1 << 32

// Lists holds the postings of the words a search reads (Plan.Words),
// by word, as a store hands them over (Add) for Match.
type Lists map[string]*plist

// NewLists returns empty lists for words, each sized for the documents
// that hold it (Corpus.Docs), for a store to fill (Add).
func NewLists(words []string, docs func(word string) int) Lists {
	ls := make(Lists, len(words))
	for _, w := range words {
		ls[w] = &plist{docs: make([]pdoc, 0, docs(w))}
	}
	return ls
}

// Add decodes data, a piece of the postings of word as Postings.Encode
// gave it, into the word's list.
func (ls Lists) Add(word string, data []byte) error {
	p := ls[word]
	if p == nil {
		p = &plist{}
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
	if len(buf) > math.MaxUint32 {
		return fmt.Errorf("%w: %d bytes in one piece", errBadPostings, len(buf))
	}
	blob := uint32(len(p.blobs))
	p.blobs = append(p.blobs, buf)
	start := len(buf)
	var row int64
	for len(buf) > 0 {
		d, k := binary.Uvarint(buf)
		if k <= 0 || d == 0 || d > uint64(MaxRow-row) { // rowids start at 1 and ascend
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
