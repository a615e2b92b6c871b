-- The persons of each document, resolved against the reference datasets
-- (package identity): stored with the volume, replaced whenever a newer
-- load of the datasets is stored. A person's documents are read by person.
CREATE TABLE document_people (
	volume   text NOT NULL REFERENCES volumes(id) ON DELETE CASCADE,
	document text NOT NULL,
	ordinal  integer NOT NULL,
	title    text NOT NULL,
	date     text NOT NULL DEFAULT '',
	kind     text NOT NULL,
	person   text NOT NULL,
	name     text NOT NULL,
	how      text NOT NULL,
	text     text NOT NULL DEFAULT '',
	evidence text NOT NULL DEFAULT '',
	PRIMARY KEY (volume, document, kind, person)
);
CREATE INDEX document_people_person ON document_people(person, date);
