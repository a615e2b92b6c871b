-- Chancery's own full-text index replaces the tsvector columns: postings
-- hold each word's documents and positions by volume, vocab the number of
-- documents of each word. Searches read a few rows per word instead of a
-- tsvector per matching document, and positions have no limit.
DROP TABLE chunks;
DROP INDEX documents_tsv;
DROP INDEX documents_stem;
DROP INDEX documents_names;
ALTER TABLE documents
	DROP COLUMN tsv,
	DROP COLUMN stem,
	DROP COLUMN names,
	DROP COLUMN long,
	DROP COLUMN title_key, -- the title bonus counts the title's words instead
	ADD COLUMN words integer NOT NULL DEFAULT 0,      -- words in every indexed field
	ADD COLUMN title_words integer NOT NULL DEFAULT 0;
DROP TEXT SEARCH CONFIGURATION chancery_stem;
DROP TEXT SEARCH DICTIONARY chancery_snowball;

CREATE TABLE postings (
	word   text COLLATE "C" NOT NULL,
	volume text NOT NULL REFERENCES volumes(id) ON DELETE CASCADE,
	docs   integer NOT NULL,   -- documents of the volume holding the word
	first_row bigint NOT NULL, -- the first of their rowids: postings are read in this order
	data   bytea NOT NULL,     -- their rowids and the word's positions: see postgres/index.go
	PRIMARY KEY (word, volume)
);
CREATE INDEX postings_volume ON postings (volume);
-- The postings are varints that do not compress: keep them uncompressed.
ALTER TABLE postings ALTER COLUMN data SET STORAGE EXTERNAL;

CREATE TABLE vocab (
	word text COLLATE "C" PRIMARY KEY,
	stem text NOT NULL DEFAULT '', -- its Snowball (English) stem
	docs integer NOT NULL
);

-- Documents stored before this version have no postings: the store
-- indexes them again when it opens (see reindex in postgres.go).
INSERT INTO meta (key, value) VALUES ('reindex', 1);
