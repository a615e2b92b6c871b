-- What searches hold of a volume's documents (engine.EncodeVolumeMeta:
-- type, year, dates, length, persons) is kept once a volume, in place of
-- doc_persons and the documents' word counts, so that a node reads one
-- value a volume when it starts. The stored volumes are indexed again
-- when the store opens (see reindex in postgres/put.go), which writes it.
ALTER TABLE volumes
	ADD COLUMN search_base bigint NOT NULL DEFAULT 0, -- the rowid before the volume's first document
	ADD COLUMN search_meta bytea;                     -- NULL until indexed
DROP TABLE doc_persons;
ALTER TABLE documents DROP COLUMN words, DROP COLUMN title_words;
DELETE FROM postings;
DELETE FROM vocab;
UPDATE meta SET value = 1 WHERE key = 'reindex';
