-- The index's vocabulary (words, stems, documents) as of one corpus
-- generation, written after an ingest run: reading it is much faster than
-- reading the vocabulary from the full-text index (fts5vocab), which a
-- process otherwise does on its first search.
CREATE TABLE vocab_snapshot (
	gen  INTEGER PRIMARY KEY,
	data BLOB NOT NULL -- hits.Vocab.Encode, compressed
);
