-- Volumes: the bibliographic record, structure, persons, terms and pages as
-- JSON (deflated, like every record column), with the counts that stats reports.
CREATE TABLE volumes (
	id        TEXT PRIMARY KEY,
	hash      TEXT NOT NULL,
	source    TEXT NOT NULL DEFAULT '',
	bytes     INTEGER NOT NULL DEFAULT 0,
	ingested  TEXT NOT NULL,
	title     TEXT NOT NULL DEFAULT '',
	documents INTEGER NOT NULL DEFAULT 0,
	notes     INTEGER NOT NULL DEFAULT 0,
	pages     INTEGER NOT NULL DEFAULT 0,
	persons   INTEGER NOT NULL DEFAULT 0,
	terms     INTEGER NOT NULL DEFAULT 0,
	refs      INTEGER NOT NULL DEFAULT 0,
	dated     INTEGER NOT NULL DEFAULT 0,
	warnings  INTEGER NOT NULL DEFAULT 0,
	record    BLOB NOT NULL
);

-- Documents: the scalar fields that lists, filters and sorting need, and
-- the whole record as JSON.
CREATE TABLE documents (
	rowid      INTEGER PRIMARY KEY,
	volume     TEXT NOT NULL REFERENCES volumes(id) ON DELETE CASCADE,
	id         TEXT NOT NULL,
	ordinal    INTEGER NOT NULL,
	n          TEXT NOT NULL DEFAULT '',
	subtype    TEXT NOT NULL DEFAULT '',
	parent     TEXT NOT NULL DEFAULT '',
	title      TEXT NOT NULL,
	date_min   TEXT,
	date_max   TEXT,
	first_page TEXT NOT NULL DEFAULT '',
	last_page  TEXT NOT NULL DEFAULT '',
	record     BLOB NOT NULL,
	UNIQUE (volume, id)
);
CREATE INDEX documents_date ON documents(date_min, date_max);

-- Footnotes, by id, to the document that holds them.
CREATE TABLE notes (
	volume   TEXT NOT NULL REFERENCES volumes(id) ON DELETE CASCADE,
	id       TEXT NOT NULL,
	document TEXT NOT NULL,
	n        TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (volume, id)
) WITHOUT ROWID;

-- Printed pages, by id, to the document in which they begin.
CREATE TABLE pages (
	volume   TEXT NOT NULL REFERENCES volumes(id) ON DELETE CASCADE,
	seq      INTEGER NOT NULL,
	id       TEXT NOT NULL,
	n        TEXT NOT NULL,
	document TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (volume, seq)
) WITHOUT ROWID;
CREATE INDEX pages_id ON pages(volume, id);

-- Cross-references as written, for link checking and the reference graph.
CREATE TABLE refs (
	volume   TEXT NOT NULL REFERENCES volumes(id) ON DELETE CASCADE,
	document TEXT NOT NULL,
	note     TEXT NOT NULL DEFAULT '',
	target   TEXT NOT NULL
);
CREATE INDEX refs_volume ON refs(volume);
CREATE INDEX refs_target ON refs(target);

-- Warnings raised when the volume was read.
CREATE TABLE warnings (
	volume   TEXT NOT NULL REFERENCES volumes(id) ON DELETE CASCADE,
	seq      INTEGER NOT NULL,
	file     TEXT NOT NULL,
	line     INTEGER NOT NULL,
	kind     TEXT NOT NULL,
	document TEXT NOT NULL DEFAULT '',
	message  TEXT NOT NULL,
	PRIMARY KEY (volume, seq)
) WITHOUT ROWID;
