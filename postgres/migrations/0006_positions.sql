-- Each word's postings keep its documents' counts by field (and its
-- positions in titles) apart from its positions elsewhere, in pos: a
-- search reads pos only for phrases and NEAR, so that ranking a common
-- word reads a fraction of what it did (package engine, index.go). The
-- stored volumes are indexed again when the store opens (see reindex in
-- postgres/put.go); until then searches leave them out.
DROP TABLE postings;
CREATE TABLE postings (
	word      text COLLATE "C" NOT NULL,
	volume    text NOT NULL,
	docs      integer NOT NULL,  -- documents of the volume holding the word
	first_row bigint NOT NULL,   -- the first of their rowids: postings are read in this order
	data      bytea NOT NULL,    -- their rowids and counts (engine.Encoded.Data)
	pos       bytea NOT NULL,    -- their positions (engine.Encoded.Positions)
	PRIMARY KEY (word, volume)
);
CREATE INDEX postings_volume ON postings (volume);
-- The postings are varints that do not compress: keep them uncompressed.
ALTER TABLE postings ALTER COLUMN data SET STORAGE EXTERNAL, ALTER COLUMN pos SET STORAGE EXTERNAL;
DELETE FROM vocab;
UPDATE volumes SET search_meta = NULL, vocab_pending = false;
UPDATE meta SET value = 1 WHERE key = 'reindex';
