-- The citation graph (package graph): every citation a volume makes, a
-- ref or words found by Chancery, with what it resolves to; and, for
-- "Cited by", a row for each document a citation resolves to. A citation
-- stays pending while the volume it cites is not stored; storing,
-- replacing or removing a volume marks those citing it pending again.
CREATE TABLE citations (
	volume     TEXT NOT NULL REFERENCES volumes(id) ON DELETE CASCADE,
	seq        INTEGER NOT NULL,
	document   TEXT NOT NULL,
	note       TEXT NOT NULL DEFAULT '',
	how        TEXT NOT NULL,
	text       TEXT NOT NULL,
	target     TEXT NOT NULL DEFAULT '',
	to_volume  TEXT NOT NULL DEFAULT '',
	to_id      TEXT NOT NULL DEFAULT '',
	first_page TEXT NOT NULL DEFAULT '',
	last_page  TEXT NOT NULL DEFAULT '',
	more_pages TEXT NOT NULL DEFAULT '',
	state      TEXT NOT NULL,
	reason     TEXT NOT NULL DEFAULT '',
	kind       TEXT NOT NULL DEFAULT '',
	documents  TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (volume, seq)
) WITHOUT ROWID;
CREATE INDEX citations_to ON citations(to_volume, state);
CREATE INDEX citations_from ON citations(volume, document);

CREATE TABLE cited (
	to_volume   TEXT NOT NULL,
	to_document TEXT NOT NULL,
	volume      TEXT NOT NULL,
	seq         INTEGER NOT NULL,
	PRIMARY KEY (to_volume, to_document, volume, seq)
) WITHOUT ROWID;
CREATE INDEX cited_from ON cited(volume);
