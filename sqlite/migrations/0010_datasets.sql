-- The publisher's reference datasets (package datasets): each load of
-- the people registry, POCOM or travels, whole, replacing the older load
-- of the same dataset. Its records are one compressed JSON document
-- (chancery.Dataset), read whole by what resolves persons and offices.
CREATE TABLE datasets (
	name     TEXT PRIMARY KEY,
	source   TEXT NOT NULL,
	loaded   TEXT NOT NULL,
	warnings INTEGER NOT NULL DEFAULT 0,
	counts   TEXT NOT NULL,
	record   BLOB NOT NULL
) WITHOUT ROWID;
