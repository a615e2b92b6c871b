package chancery

import "context"

// VolumeData is a decoded volume with its documents and the warnings the
// decoder raised: what a Store keeps of one volume.
type VolumeData struct {
	Volume    *Volume
	Documents []*Document
	Warnings  []Warning
	// Citations are the citations the volume makes (package graph lists
	// them), stored with it.
	Citations []Citation `json:",omitempty"`
	// People are the persons of its documents, resolved against the
	// datasets loaded (package identity), stored with it.
	People []DocumentPerson `json:",omitempty"`
}

// PutResult tells what PutVolume did.
type PutResult int

const (
	// Added means the volume was not stored before.
	Added PutResult = iota + 1
	// Replaced means an older version of the volume was replaced.
	Replaced
	// Unchanged means the same version (same content hash) was already stored.
	Unchanged
)

func (r PutResult) String() string {
	switch r {
	case Added:
		return "added"
	case Replaced:
		return "replaced"
	case Unchanged:
		return "unchanged"
	}
	return "unknown"
}

// VolumeStats counts what is stored of one volume.
type VolumeStats struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Documents int    `json:"documents"`
	Notes     int    `json:"notes"`
	Pages     int    `json:"pages"`
	Persons   int    `json:"persons"`
	Terms     int    `json:"terms"`
	Refs      int    `json:"refs"`
	Dated     int    `json:"dated"`
	Warnings  int    `json:"warnings"`
}

// Add adds the counts of o to s.
func (s *VolumeStats) Add(o VolumeStats) {
	s.Documents += o.Documents
	s.Notes += o.Notes
	s.Pages += o.Pages
	s.Persons += o.Persons
	s.Terms += o.Terms
	s.Refs += o.Refs
	s.Dated += o.Dated
	s.Warnings += o.Warnings
}

// Stats computes the counts of a decoded volume, as a Store reports them
// once it is stored.
func (v *VolumeData) Stats() VolumeStats {
	s := VolumeStats{
		ID:        v.Volume.ID,
		Title:     v.Volume.Titles.Complete,
		Documents: len(v.Documents),
		Pages:     len(v.Volume.Pages),
		Persons:   len(v.Volume.Persons),
		Terms:     len(v.Volume.Terms),
		Warnings:  len(v.Warnings),
	}
	for _, d := range v.Documents {
		s.Notes += len(d.Notes)
		s.Refs += len(d.Refs)
		if d.Date != nil {
			s.Dated++
		}
	}
	return s
}

// Store keeps volumes and their documents. Implementations must pass the
// shared test suite in package storetest.
type Store interface {
	Searcher
	Citations
	Datasets
	People

	// PutVolume stores a volume and its documents in one transaction,
	// replacing any stored version of the same volume id. When the stored
	// version has the same content hash it does nothing and returns
	// Unchanged. On error nothing stored changes.
	PutVolume(ctx context.Context, v *VolumeData) (PutResult, error)

	// VolumeHash returns the content hash of the stored version of a volume,
	// or ErrNotFound.
	VolumeHash(ctx context.Context, id string) (string, error)

	// Volume returns a stored volume without its documents, or ErrNotFound.
	Volume(ctx context.Context, id string) (*Volume, error)

	// Volumes returns the counts of every stored volume, ordered by id.
	Volumes(ctx context.Context) ([]VolumeStats, error)

	// Document returns one document of a volume, or ErrNotFound.
	Document(ctx context.Context, volume, id string) (*Document, error)

	// Documents returns the documents of a volume in order.
	Documents(ctx context.Context, volume string) ([]*Document, error)

	// Warnings returns the warnings recorded when a volume was stored.
	Warnings(ctx context.Context, volume string) ([]Warning, error)

	// DeleteVolume removes a volume and everything stored with it; it
	// returns ErrNotFound when the volume is not stored.
	DeleteVolume(ctx context.Context, id string) error

	// Generation returns a number that grows whenever the stored corpus
	// changes, so that caches and HTTP validators know when to refresh: the
	// time of the last change in Unix nanoseconds (0 for an empty store).
	Generation(ctx context.Context) (int64, error)

	// Locate tells what an id of a volume names: a document, a footnote
	// or a page, and the document holding it. It returns ErrNotFound for
	// ids it does not know (divisions are found in Volume.Structure).
	Locate(ctx context.Context, volume, id string) (Location, error)

	// Close releases the store's resources.
	Close() error
}

// Location kinds.
const (
	LocDocument = "document"
	LocNote     = "note"
	LocPage     = "page"
)

// Location is what an id names within a volume.
type Location struct {
	Kind     string `json:"kind"`               // LocDocument, LocNote or LocPage
	Document string `json:"document,omitempty"` // the document holding it; empty for a page outside any document
}

// Optimizer is a Store that can prepare itself for faster searches once a
// batch of changes is done (after an ingest run).
type Optimizer interface {
	Optimize(ctx context.Context) error
}

// BulkWriter is a Store that stores a run of many volumes faster when told
// it is coming (ingest says when: package ingest, bulk): BeginBulk is
// called before the first volume is put, and EndBulk once the run is
// over, failed or not. Between the two, searches may be slower; a run that
// never reaches EndBulk (a killed process) leaves the store to finish
// what EndBulk does when it is next opened for writing, or not at all
// when that is only an optimisation.
type BulkWriter interface {
	BeginBulk(ctx context.Context) error
	EndBulk(ctx context.Context) error
}

// Warmer is a Store that keeps in memory what its searches need (a
// vocabulary, the documents' metadata) and can load it ahead of the first
// search after a start or a change to the corpus.
type Warmer interface {
	Warm(ctx context.Context) error
}
