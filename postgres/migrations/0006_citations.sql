-- The citation graph (package graph), as the SQLite store keeps it: every
-- citation a volume makes, a ref or words found by Chancery, with what it resolves to; and, for
-- "Cited by", a row for each document a citation resolves to. A citation
-- stays pending while the volume it cites is not stored; storing,
-- replacing or removing a volume marks those citing it pending again.
CREATE TABLE citations (
	volume     text NOT NULL REFERENCES volumes(id) ON DELETE CASCADE,
	seq        integer NOT NULL,
	document   text NOT NULL,
	note       text NOT NULL DEFAULT '',
	how        text NOT NULL,
	text       text NOT NULL,
	target     text NOT NULL DEFAULT '',
	to_volume  text NOT NULL DEFAULT '',
	to_id      text NOT NULL DEFAULT '',
	first_page text NOT NULL DEFAULT '',
	last_page  text NOT NULL DEFAULT '',
	more_pages text NOT NULL DEFAULT '',
	state      text NOT NULL,
	reason     text NOT NULL DEFAULT '',
	kind       text NOT NULL DEFAULT '',
	documents  text NOT NULL DEFAULT '',
	PRIMARY KEY (volume, seq)
);
CREATE INDEX citations_to ON citations(to_volume, state);
CREATE INDEX citations_from ON citations(volume, document);

CREATE TABLE cited (
	to_volume   text NOT NULL,
	to_document text NOT NULL,
	volume      text NOT NULL,
	seq         integer NOT NULL,
	PRIMARY KEY (to_volume, to_document, volume, seq)
);
CREATE INDEX cited_from ON cited(volume);
