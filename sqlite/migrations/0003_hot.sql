-- Match lists of the most frequent words, computed after an ingest so that
-- the first search for "government" does not read 190,000 matches from the
-- index. Valid only for the corpus generation they were computed at.
CREATE TABLE hot (
	match TEXT PRIMARY KEY, -- the compiled FTS5 expression of a one-word query
	gen   INTEGER NOT NULL,
	hits  BLOB NOT NULL     -- rowids (delta varints) and BM25 scores (float32), compressed
);
