-- Chancery on PostgreSQL: the same records as the SQLite store, with the
-- full-text index in tsvector columns.

-- Stemmed words: Snowball's English stemmer without a stop-word list, so
-- that every word can be searched.
CREATE TEXT SEARCH DICTIONARY chancery_snowball (TEMPLATE = snowball, Language = english);
CREATE TEXT SEARCH CONFIGURATION chancery_stem (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION chancery_stem
	ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH chancery_snowball;

CREATE TABLE volumes (
	id        text PRIMARY KEY,
	hash      text NOT NULL,
	source    text NOT NULL DEFAULT '',
	bytes     bigint NOT NULL DEFAULT 0,
	ingested  timestamptz NOT NULL,
	title     text NOT NULL DEFAULT '',
	documents integer NOT NULL DEFAULT 0,
	notes     integer NOT NULL DEFAULT 0,
	pages     integer NOT NULL DEFAULT 0,
	persons   integer NOT NULL DEFAULT 0,
	terms     integer NOT NULL DEFAULT 0,
	refs      integer NOT NULL DEFAULT 0,
	dated     integer NOT NULL DEFAULT 0,
	warnings  integer NOT NULL DEFAULT 0,
	record    bytea NOT NULL
);

CREATE TABLE documents (
	rowid      bigserial PRIMARY KEY,
	volume     text NOT NULL REFERENCES volumes(id) ON DELETE CASCADE,
	id         text NOT NULL,
	ordinal    integer NOT NULL,
	n          text NOT NULL DEFAULT '',
	subtype    text NOT NULL DEFAULT '',
	parent     text NOT NULL DEFAULT '',
	title      text NOT NULL,
	title_key  text NOT NULL DEFAULT '', -- the title's folded words, for known-item search
	date_min   timestamptz,
	date_max   timestamptz,
	first_page text NOT NULL DEFAULT '',
	last_page  text NOT NULL DEFAULT '',
	doc_type   text NOT NULL DEFAULT '',
	year       integer NOT NULL DEFAULT 0,
	record     bytea NOT NULL,
	text_z     bytea,                    -- text and notes, compressed, for snippets
	-- Words of the title (weight A), text (B) and notes (C), folded:
	-- unstemmed in tsv, stemmed in stem; persons (A) and places (B) in names.
	tsv        tsvector NOT NULL,
	stem       tsvector NOT NULL,
	names      tsvector NOT NULL,
	long       boolean NOT NULL DEFAULT false, -- text beyond tsvector's 16,383 positions: see chunks
	UNIQUE (volume, id)
);
CREATE INDEX documents_tsv ON documents USING gin (tsv);
CREATE INDEX documents_stem ON documents USING gin (stem);
CREATE INDEX documents_names ON documents USING gin (names);
CREATE INDEX documents_volume ON documents (volume, ordinal);

-- The text of long documents again, in overlapping pieces of at most
-- 15,000 words, so that phrases late in them are found.
CREATE TABLE chunks (
	doc bigint NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
	seq integer NOT NULL,
	tsv tsvector NOT NULL,
	PRIMARY KEY (doc, seq)
);
CREATE INDEX chunks_tsv ON chunks USING gin (tsv);

CREATE TABLE notes (
	volume   text NOT NULL REFERENCES volumes(id) ON DELETE CASCADE,
	id       text NOT NULL,
	document text NOT NULL,
	n        text NOT NULL DEFAULT '',
	PRIMARY KEY (volume, id)
);

CREATE TABLE pages (
	volume   text NOT NULL REFERENCES volumes(id) ON DELETE CASCADE,
	seq      integer NOT NULL,
	id       text NOT NULL,
	n        text NOT NULL,
	document text NOT NULL DEFAULT '',
	PRIMARY KEY (volume, seq)
);
CREATE INDEX pages_id ON pages (volume, id);

CREATE TABLE refs (
	volume   text NOT NULL REFERENCES volumes(id) ON DELETE CASCADE,
	document text NOT NULL,
	note     text NOT NULL DEFAULT '',
	target   text NOT NULL
);
CREATE INDEX refs_volume ON refs (volume);

CREATE TABLE warnings (
	volume   text NOT NULL REFERENCES volumes(id) ON DELETE CASCADE,
	seq      integer NOT NULL,
	file     text NOT NULL,
	line     integer NOT NULL,
	kind     text NOT NULL,
	document text NOT NULL DEFAULT '',
	message  text NOT NULL,
	PRIMARY KEY (volume, seq)
);

CREATE TABLE doc_persons (
	doc  bigint NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
	name text NOT NULL
);
CREATE INDEX doc_persons_doc ON doc_persons (doc);

CREATE TABLE meta (
	key   text PRIMARY KEY,
	value bigint NOT NULL
);
INSERT INTO meta (key, value) VALUES ('generation', 0);
