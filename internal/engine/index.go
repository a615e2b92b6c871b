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
// with its entry (the word's counts by field) or, if the list is full,
// its positions, still encoded. It holds no pointer per document, so
// that lists of hundreds of thousands cost the garbage collector nothing.
type plist struct {
	docs  []pdoc
	blobs [][]byte // the stored pieces: Encoded.Data, or Encoded.Positions if full
	full  bool     // read from the positions: every position, no entries
}

// pdoc is a document of a plist: its entry starts at
// blobs[blob][start] (unless the list is full), and its positions are
// blobs[blob][pstart:pend] — every one if the list is full, else those
// in the title, which its entry holds.
type pdoc struct {
	row          int64
	blob         uint32
	start        uint32
	pstart, pend uint32
}

func (p *plist) len() int { return len(p.docs) }

// entry returns document i's entry (the word's counts by field) and what
// follows it in its piece; the list must not be full.
func (p *plist) entry(i int) []byte {
	d := p.docs[i]
	return p.blobs[d.blob][d.start:]
}

// raw returns document i's encoded positions: all of them if the list is
// full, else those in the title.
func (p *plist) raw(i int) []byte {
	d := p.docs[i]
	return p.blobs[d.blob][d.pstart:d.pend]
}

// weighted sums the field weights of the word's occurrences in document
// i's fields, from its entry, or its positions if the list is full.
func (p *plist) weighted(i int, fields uint8) float64 {
	if p.full {
		return weightedPositions(p.raw(i), fields)
	}
	return weighted(p.entry(i), fields)
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
// the rows), their positions, and the positions of the last document
// seen.
type wordPostings struct {
	first, row int64 // the first document's row, and the last's
	flushed    int64 // the row whose entry data ends with; 0 before the first
	docs       int
	common     int      // the word's number among the common words, or -1
	data       []byte   // the entries: the first's counts, then rowid differences and counts (appendEntry)
	pos        []byte   // the positions: the first's byte length and positions, then rowid differences, lengths, positions
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
		wp.pos = binary.AppendUvarint(wp.pos, uint64(wp.row-wp.flushed))
	}
	vp.buf = appendPositions(vp.buf[:0], wp.pending)
	wp.data = appendEntry(wp.data, wp.pending, vp.buf)
	wp.pos = binary.AppendUvarint(wp.pos, uint64(len(vp.buf)))
	wp.pos = append(wp.pos, vp.buf...)
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

// Encoded is a word's postings as a store keeps them (one piece, a
// volume's), in two values that each stand alone: its documents' counts
// by field, and their positions, so that a search that needs no
// positions but the titles' reads a fraction.
type Encoded struct {
	Data      []byte // for each document its rowid's difference from the last (from 0 for the first) and its entry (appendEntry)
	Positions []byte // for each document its rowid's difference from the last, the byte length of its positions, then the positions
	Docs      int    // documents holding the word
	First     int64  // the lowest of their rowids
}

// Encode returns a word's postings as stored, their rows offset by base
// (a store that numbers the documents it indexes from 1 adds the rowid
// before the first).
func (vp *Postings) Encode(word string, base int64) Encoded {
	wp := vp.words[word]
	if wp == nil {
		return Encoded{}
	}
	vp.flush(wp)
	first := wp.first + base
	head := binary.AppendUvarint(nil, uint64(first))
	return Encoded{
		Data:      append(append(make([]byte, 0, len(head)+len(wp.data)), head...), wp.data...),
		Positions: append(append(make([]byte, 0, len(head)+len(wp.pos)), head...), wp.pos...),
		Docs:      wp.docs,
		First:     first,
	}
}

// appendEntry appends a document's entry for a word, given its positions
// and their encoding: the bits of the fields holding the word, its
// number of occurrences in each of them, and, if the title holds it, the
// byte length and encoding of its positions in the title, the first of
// enc. Ranking needs the counts only, and the title bonus the title's
// positions; the others are read only for phrases and NEAR.
func appendEntry(buf []byte, pos []uint32, enc []byte) []byte {
	var counts [numFields]uint64
	for _, x := range pos {
		counts[x&fieldMask]++
	}
	var bits uint64
	for f, n := range counts {
		if n > 0 {
			bits |= 1 << f
		}
	}
	buf = binary.AppendUvarint(buf, bits)
	for _, n := range counts {
		if n > 0 {
			buf = binary.AppendUvarint(buf, n)
		}
	}
	if n := counts[fieldTitle]; n > 0 {
		title := enc
		for range n {
			_, k := binary.Uvarint(title)
			title = title[k:]
		}
		buf = binary.AppendUvarint(buf, uint64(len(enc)-len(title)))
		buf = append(buf, enc[:len(enc)-len(title)]...)
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

// MaxRow is the highest rowid the engine takes from a store: its arrays
// are indexed by rowid, so a corrupt value must not size them.
const MaxRow = 1 << 32

// Lists holds the postings of the words a search reads (Plan.Words),
// by word, as a store hands them over (Add) for Match.
type Lists map[string]*plist

// NewLists returns empty lists for the words of a plan, each sized for
// the documents that hold it (Corpus.Docs), for a store to fill (Add).
func NewLists(p *Plan, docs func(word string) int) Lists {
	ls := make(Lists, len(p.words))
	for w, full := range p.words {
		ls[w] = &plist{docs: make([]pdoc, 0, docs(w)), full: full}
	}
	return ls
}

// Positions reports which of a word's values a store must read: its
// positions (Encoded.Positions), for a phrase or NEAR beyond titles, or
// else its counts (Encoded.Data).
func (ls Lists) Positions(word string) bool {
	p := ls[word]
	return p != nil && p.full
}

// Add decodes a piece of the postings of word, as Encoded holds it: its
// positions if Positions says so, else its data.
func (ls Lists) Add(word string, piece []byte) error {
	p := ls[word]
	if p == nil {
		p = &plist{}
		ls[word] = p
	}
	if err := decodePostings(piece, p); err != nil {
		return fmt.Errorf("postings of %q: %w", word, err)
	}
	return nil
}

// decodePostings appends a piece of postings to p: Encoded.Positions if
// p is full, else Encoded.Data. Entries and positions are left encoded
// (see weighted and positions).
func decodePostings(buf []byte, p *plist) error {
	if len(buf) > math.MaxUint32 {
		return fmt.Errorf("%w: %d bytes in one piece", errBadPostings, len(buf))
	}
	blob := uint32(len(p.blobs))
	p.blobs = append(p.blobs, buf)
	var row int64
	at := 0
	for at < len(buf) {
		d, k := uvarint(buf[at:])
		if k <= 0 || d == 0 || d > uint64(MaxRow-row) { // rowids start at 1 and ascend
			return errBadPostings
		}
		at += k
		row += int64(d)
		doc := pdoc{row: row, blob: blob, start: uint32(at)}
		if p.full {
			n, k := uvarint(buf[at:])
			if k <= 0 || n > uint64(len(buf)-at-k) {
				return errBadPostings
			}
			if n == 0 {
				return fmt.Errorf("%w: document %d without positions", errBadPostings, row)
			}
			at += k
			doc.pstart, doc.pend = uint32(at), uint32(at)+uint32(n)
			at += int(n)
		} else {
			title, n := entryTitle(buf[at:])
			if n <= 0 {
				return fmt.Errorf("%w: document %d", errBadPostings, row)
			}
			doc.pstart, doc.pend = uint32(at+title), uint32(at+n)
			at += n
		}
		p.docs = append(p.docs, doc)
	}
	return nil
}

// uvarint is binary.Uvarint with a shortcut for one byte, which most
// varints of the postings are.
func uvarint(buf []byte) (uint64, int) {
	if len(buf) > 0 && buf[0] < 0x80 {
		return uint64(buf[0]), 1
	}
	return binary.Uvarint(buf)
}

// entryTitle reads the entry at the start of buf (appendEntry): it
// returns the entry's length and where its title positions start (their
// end is the entry's), or n <= 0 if the entry is malformed.
func entryTitle(buf []byte) (title, n int) {
	if len(buf) == 0 || buf[0] == 0 || buf[0] >= 1<<numFields {
		return 0, -1
	}
	bits := buf[0]
	n = 1
	for f := range numFields {
		if bits&(1<<f) == 0 {
			continue
		}
		c, k := uvarint(buf[n:])
		if k <= 0 || c == 0 {
			return 0, -1
		}
		n += k
	}
	if bits&(1<<fieldTitle) == 0 {
		return n, n
	}
	l, k := uvarint(buf[n:])
	if k <= 0 || l == 0 || l > uint64(len(buf)-n-k) {
		return 0, -1
	}
	n += k
	return n, n + int(l)
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
