-- The persons of each document, resolved against the reference datasets
-- (package identity): stored with the volume, replaced whenever a newer
-- load of the datasets is stored. A person's documents are read by person.
CREATE TABLE document_people (
	volume   TEXT NOT NULL REFERENCES volumes(id) ON DELETE CASCADE,
	document TEXT NOT NULL,
	ordinal  INTEGER NOT NULL,
	title    TEXT NOT NULL,
	date     TEXT NOT NULL DEFAULT '',
	kind     TEXT NOT NULL,
	person   TEXT NOT NULL,
	name     TEXT NOT NULL,
	how      TEXT NOT NULL,
	text     TEXT NOT NULL DEFAULT '',
	evidence TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (volume, document, kind, person)
) WITHOUT ROWID;
CREATE INDEX document_people_person ON document_people(person, date);
