-- The index holds the pairs of common words standing together (package
-- engine, pairs.go), which phrases of common words read in place of the
-- words' own postings. The stored volumes are indexed again when the
-- store opens (see reindex in postgres/put.go); until then searches leave
-- them out.
DELETE FROM postings;
DELETE FROM vocab;
UPDATE volumes SET search_meta = NULL;
UPDATE meta SET value = 1 WHERE key = 'reindex';
