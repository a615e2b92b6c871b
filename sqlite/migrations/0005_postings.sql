-- Chancery's own positional index (package engine) replaces FTS5, so that
-- the SQLite and PostgreSQL stores search with one engine and one
-- tokenizer: postings hold each word's documents and positions by volume,
-- written in the volume's transaction; vocab the number of documents of
-- each word and its stem; volumes.search_meta what searches hold of the
-- volume's documents (engine.EncodeVolumeMeta: type, year, dates, length,
-- persons), in place of doc_persons and a row a document. The precomputed
-- match lists and vocabulary snapshots of the FTS5 index go with it.
DROP TABLE search_vocab;
DROP TABLE search;
DROP TABLE hot;
DROP TABLE vocab_snapshot;
DROP TABLE doc_persons;
ALTER TABLE volumes ADD COLUMN search_base INTEGER NOT NULL DEFAULT 0; -- the rowid before the volume's first document
ALTER TABLE volumes ADD COLUMN search_meta BLOB;                       -- NULL until indexed

CREATE TABLE postings (
	word      TEXT NOT NULL,
	volume    TEXT NOT NULL,
	docs      INTEGER NOT NULL, -- documents of the volume holding the word
	first_row INTEGER NOT NULL, -- the first of their rowids: postings are read in this order
	data      BLOB NOT NULL     -- their rowids and the word's positions (engine.Postings.Encode)
);
-- Searches read a word's postings by this index, in rowid order. A run of
-- many volumes drops it and builds it again at the end (sqlite/bulk.go).
CREATE INDEX postings_word ON postings(word, first_row);
CREATE INDEX postings_volume ON postings(volume);

CREATE TABLE vocab (
	word TEXT PRIMARY KEY,
	stem TEXT NOT NULL DEFAULT '', -- its Snowball (English) stem; '' until computed
	docs INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX vocab_unstemmed ON vocab(word) WHERE stem = '';

-- Documents stored before this version have no postings: the store
-- indexes them again when it opens (see reindex in sqlite/store.go).
INSERT INTO meta (key, value) VALUES ('reindex', 1);
