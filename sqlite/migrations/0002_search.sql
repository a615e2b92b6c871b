-- Search: the document type and year for filters and facets, the full-text
-- index, its vocabulary, and the persons each document mentions.
ALTER TABLE documents ADD COLUMN doc_type TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN year INTEGER NOT NULL DEFAULT 0;
-- The indexed text and notes, compressed (zstd), for cutting snippets: the
-- index itself keeps no copy of the text.
ALTER TABLE documents ADD COLUMN text_z BLOB;
CREATE INDEX documents_volume_type ON documents(volume, doc_type);

-- One row per document, rowid = documents.rowid. Words are folded to lower
-- case without diacritics and kept unstemmed: stemmed search expands a
-- word to the indexed words that share its stem, so literal and prefix
-- search work on the same index.
CREATE VIRTUAL TABLE search USING fts5(
	title, text, notes, persons, places,
	tokenize = 'unicode61 remove_diacritics 2',
	detail = full,
	content = '',
	contentless_delete = 1
);
CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search, row);

CREATE TABLE doc_persons (
	doc  INTEGER NOT NULL, -- documents.rowid
	name TEXT NOT NULL
);
CREATE INDEX doc_persons_doc ON doc_persons(doc);

-- generation counts changes to the corpus, so that caches know when to
-- refresh.
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value INTEGER NOT NULL
);
INSERT INTO meta (key, value) VALUES ('generation', 0);
