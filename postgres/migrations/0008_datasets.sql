-- The publisher's reference datasets (package datasets): each load of
-- the people registry, POCOM or travels, whole, replacing the older load
-- of the same dataset. Its records are one compressed JSON document
-- (chancery.Dataset), read whole by what resolves persons and offices.
CREATE TABLE datasets (
	name     text PRIMARY KEY,
	source   text NOT NULL,
	loaded   text NOT NULL,
	warnings integer NOT NULL DEFAULT 0,
	counts   text NOT NULL,
	record   bytea NOT NULL
);
