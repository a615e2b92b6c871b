package engine

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/hits"
	"github.com/chancery-frus/chancery/internal/record"
)

// What searches hold in memory of each document (Corpus: its volume,
// type, year, dates, persons, length) is stored once a volume, beside the
// volume, in one compact value (EncodeVolumeMeta) written in the volume's
// transaction: a node reads one value a volume when it starts or the
// corpus changes, not rows a document and a person.

// DocMeta is what searches hold of one document.
type DocMeta struct {
	Row        int64 // its rowid, less the volume's base
	Type       string
	Year       int
	Date       *chancery.Interval
	Length     int // words in every indexed field (Document)
	TitleWords int
	Persons    []string
}

// VolumeMeta returns the metadata of a volume's documents prepared for
// storing and indexed by IndexVolume, as rows 1, 2, … .
func VolumeMeta(docs []record.Prepared, counts []Document) []DocMeta {
	out := make([]DocMeta, len(docs))
	for i, p := range docs {
		d := p.Doc
		out[i] = DocMeta{Row: int64(i + 1), Type: d.Type, Year: d.Year(), Date: d.Date,
			Length: counts[i].Length, TitleWords: counts[i].TitleWords, Persons: p.Persons}
	}
	return out
}

// Stored is a document already stored, with its rowid.
type Stored struct {
	Row int64
	Doc *chancery.Document
}

// IndexStored indexes the stored documents of a volume (a store building
// its index again after an upgrade): their postings, with their rows as
// stored (base 0), and their metadata, encoded.
func IndexStored(vol *chancery.Volume, docs []Stored) (*Postings, []byte, error) {
	docs = slices.Clone(docs)
	slices.SortFunc(docs, func(a, b Stored) int { return cmp.Compare(a.Row, b.Row) })
	persons := vol.PersonIndex()
	vp := NewPostings()
	meta := make([]DocMeta, len(docs))
	for i, s := range docs {
		d := s.Doc
		names := d.PersonNames(persons)
		x, err := vp.Index(s.Row, d.IndexFields(names))
		if err != nil {
			return nil, nil, fmt.Errorf("document %s: %w", d.ID, err)
		}
		meta[i] = DocMeta{Row: s.Row, Type: d.Type, Year: d.Year(), Date: d.Date, Length: x.Length, TitleWords: x.TitleWords, Persons: names}
	}
	return vp, EncodeVolumeMeta(meta), nil
}

// metaFormat is the first byte of an encoded volume's metadata.
const metaFormat = 1

// EncodeVolumeMeta encodes the metadata of a volume's documents, in
// ascending row order.
func EncodeVolumeMeta(docs []DocMeta) []byte {
	var types, names []string
	typeIx, nameIx := map[string]int{}, map[string]int{}
	index := func(s string, ix map[string]int, list *[]string) int {
		i, ok := ix[s]
		if !ok {
			i = len(*list)
			ix[s] = i
			*list = append(*list, s)
		}
		return i
	}
	var body []byte
	var last int64
	for _, d := range docs {
		body = binary.AppendUvarint(body, uint64(d.Row-last))
		last = d.Row
		body = binary.AppendUvarint(body, uint64(index(d.Type, typeIx, &types)))
		body = binary.AppendVarint(body, int64(d.Year))
		if d.Date == nil {
			body = append(body, 0)
		} else {
			body = append(body, 1)
			body = binary.AppendVarint(body, d.Date.Min.Unix())
			body = binary.AppendVarint(body, d.Date.Max.Unix()-d.Date.Min.Unix())
		}
		body = binary.AppendUvarint(body, uint64(d.Length))
		body = binary.AppendUvarint(body, uint64(d.TitleWords))
		body = binary.AppendUvarint(body, uint64(len(d.Persons)))
		for _, p := range d.Persons {
			body = binary.AppendUvarint(body, uint64(index(p, nameIx, &names)))
		}
	}
	out := []byte{metaFormat}
	for _, list := range [][]string{types, names} {
		out = binary.AppendUvarint(out, uint64(len(list)))
		for _, s := range list {
			out = binary.AppendUvarint(out, uint64(len(s)))
			out = append(out, s...)
		}
	}
	out = binary.AppendUvarint(out, uint64(len(docs)))
	return append(out, body...)
}

var errBadMeta = errors.New("bad document metadata")

// metaReader reads an encoded volume's metadata.
type metaReader struct {
	buf []byte
	err error
}

func (r *metaReader) uvarint() uint64 {
	x, k := binary.Uvarint(r.buf)
	if k <= 0 {
		r.err, r.buf = errBadMeta, nil
		return 0
	}
	r.buf = r.buf[k:]
	return x
}

func (r *metaReader) varint() int64 {
	x, k := binary.Varint(r.buf)
	if k <= 0 {
		r.err, r.buf = errBadMeta, nil
		return 0
	}
	r.buf = r.buf[k:]
	return x
}

func (r *metaReader) strings() []string {
	n := r.uvarint()
	if n > uint64(len(r.buf)) {
		r.err, r.buf = errBadMeta, nil
		return nil
	}
	out := make([]string, n)
	for i := range out {
		l := r.uvarint()
		if l > uint64(len(r.buf)) {
			r.err, r.buf = errBadMeta, nil
			return nil
		}
		out[i] = string(r.buf[:l])
		r.buf = r.buf[l:]
	}
	return out
}

// DecodeVolumeMeta decodes a volume's metadata as EncodeVolumeMeta wrote
// it.
func DecodeVolumeMeta(buf []byte) ([]DocMeta, error) {
	if len(buf) == 0 || buf[0] != metaFormat {
		return nil, errBadMeta
	}
	r := &metaReader{buf: buf[1:]}
	types, names := r.strings(), r.strings()
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.buf)) {
		return nil, errBadMeta
	}
	out := make([]DocMeta, n)
	var row int64
	for i := range out {
		d := &out[i]
		delta := r.uvarint()
		if delta == 0 || delta > 1<<40 {
			return nil, errBadMeta
		}
		row += int64(delta)
		d.Row = row
		if t := r.uvarint(); t < uint64(len(types)) {
			d.Type = types[t]
		} else {
			return nil, errBadMeta
		}
		d.Year = int(r.varint())
		if len(r.buf) == 0 {
			return nil, errBadMeta
		}
		dated := r.buf[0]
		r.buf = r.buf[1:]
		switch dated {
		case 0:
		case 1:
			lo := r.varint()
			span := r.varint()
			if span < 0 {
				return nil, errBadMeta
			}
			d.Date = &chancery.Interval{Min: time.Unix(lo, 0).UTC(), Max: time.Unix(lo+span, 0).UTC()}
		default:
			return nil, errBadMeta
		}
		d.Length, d.TitleWords = int(min(r.uvarint(), 1<<31-1)), int(min(r.uvarint(), 1<<31-1))
		np := r.uvarint()
		if np > uint64(len(r.buf)) {
			return nil, errBadMeta
		}
		d.Persons = make([]string, np)
		for j := range d.Persons {
			p := r.uvarint()
			if p >= uint64(len(names)) {
				return nil, errBadMeta
			}
			d.Persons[j] = names[p]
		}
		if r.err != nil {
			return nil, r.err
		}
	}
	if len(r.buf) != 0 {
		return nil, errBadMeta
	}
	return out, nil
}

// CorpusLoader builds a Corpus from what a store keeps: the vocabulary's
// words and each volume's metadata, in any order.
type CorpusLoader struct {
	vocab   *hits.Vocab
	volumes []loadedVolume
	maxRow  int64
	pending []pendingWord // words of volumes not yet in the vocabulary, in word order
}

type pendingWord struct {
	word string
	docs int
}

type loadedVolume struct {
	id, title string
	base      int64
	docs      []DocMeta
}

// NewCorpusLoader returns a loader for a vocabulary of about words words.
func NewCorpusLoader(words int) *CorpusLoader {
	return &CorpusLoader{vocab: hits.NewVocab(words)}
}

// AddPending adds, in word order and before the vocabulary's words
// (AddWord), a word of the volumes that a bulk run has stored but not yet
// counted in the store's vocabulary (chancery.BulkWriter: a store folds
// their words in when the run ends) with their documents that hold it:
// the corpus counts it with the vocabulary's.
func (l *CorpusLoader) AddPending(word string, docs int) {
	l.pending = append(l.pending, pendingWord{word, docs})
}

// AddWord adds a word of the vocabulary, in word order.
func (l *CorpusLoader) AddWord(word, stem string, docs int) {
	for len(l.pending) > 0 && l.pending[0].word <= word {
		p := l.pending[0]
		l.pending = l.pending[1:]
		if p.word == word {
			docs += p.docs
			break
		}
		l.vocab.Add(p.word, "", p.docs)
	}
	l.vocab.Add(word, stem, docs)
}

// AddVolume adds a volume's metadata as EncodeVolumeMeta wrote it, its
// rows offset by base.
func (l *CorpusLoader) AddVolume(id, title string, base int64, meta []byte) error {
	docs, err := DecodeVolumeMeta(meta)
	if err != nil {
		return fmt.Errorf("volume %s: %w", id, err)
	}
	if n := len(docs); n > 0 {
		if base < 0 || base > MaxRow || docs[n-1].Row > MaxRow-base {
			return fmt.Errorf("volume %s: %w: rows beyond %d", id, errBadMeta, int64(MaxRow))
		}
		l.maxRow = max(l.maxRow, base+docs[n-1].Row)
	}
	l.volumes = append(l.volumes, loadedVolume{id: id, title: title, base: base, docs: docs})
	return nil
}

// Done returns the corpus.
func (l *CorpusLoader) Done() *Corpus {
	for _, p := range l.pending {
		l.vocab.Add(p.word, "", p.docs)
	}
	l.pending = nil
	m, stats := hits.NewMeta(l.maxRow), NewStats(l.maxRow)
	// Persons are added in rowid order: volumes by their first row, and,
	// should two volumes' rows interleave (a database written before each
	// volume's rowids were consecutive), every document by its row.
	type doc struct {
		row int64
		vol string
		d   *DocMeta
	}
	var all []doc
	for _, v := range l.volumes {
		m.SetVolumeTitle(v.id, v.title)
		for i := range v.docs {
			all = append(all, doc{v.base + v.docs[i].Row, v.id, &v.docs[i]})
		}
	}
	if !slices.IsSortedFunc(all, func(a, b doc) int { return cmp.Compare(a.row, b.row) }) {
		slices.SortFunc(all, func(a, b doc) int { return cmp.Compare(a.row, b.row) })
	}
	for _, x := range all {
		d := x.d
		m.SetDocument(x.row, x.vol, d.Type, d.Year, d.Date)
		stats.Set(x.row, int32(min(d.Length, 1<<31-1)), int32(min(d.TitleWords, 1<<31-1)))
		for _, p := range d.Persons {
			m.AddPerson(x.row, p)
		}
	}
	return &Corpus{Meta: m.Done(), Stats: stats.Done(), Vocab: l.vocab.Done()}
}
