-- Each word's postings keep its documents' counts by field (and its
-- positions in titles) apart from its positions elsewhere, which go to a
-- table of their own, positions, keyed by the postings' rowid: a search
-- reads them only for phrases and NEAR, so that ranking a common word
-- reads a fraction of what it did, in sequence on the disk (package
-- engine, index.go). The stored volumes are indexed again when the store
-- opens (see reindex in sqlite/store.go); until then searches leave them
-- out.
DROP TABLE postings;
CREATE TABLE postings (
	word      TEXT NOT NULL,
	volume    TEXT NOT NULL,
	docs      INTEGER NOT NULL, -- documents of the volume holding the word
	first_row INTEGER NOT NULL, -- the first of their rowids: postings are read in this order
	data      BLOB NOT NULL     -- their rowids and counts (engine.Encoded.Data)
);
CREATE INDEX postings_word ON postings(word, first_row);
CREATE INDEX postings_volume ON postings(volume);
CREATE TABLE positions (
	id  INTEGER PRIMARY KEY, -- the postings' rowid
	pos BLOB NOT NULL        -- their positions (engine.Encoded.Positions)
);
DELETE FROM vocab;
UPDATE volumes SET search_meta = NULL, vocab_pending = 0;
UPDATE meta SET value = 1 WHERE key = 'reindex';
