-- A bulk run (sqlite/bulk.go) leaves the vocabulary alone while it stores
-- volumes and folds their words in when it ends, in one pass in word
-- order: counting every volume's words as it came rewrote most of the
-- vocabulary's pages with each volume. vocab_pending marks the volumes
-- whose words are not counted in vocab yet; a node loading the corpus
-- meanwhile counts them from their postings.
ALTER TABLE volumes ADD COLUMN vocab_pending INTEGER NOT NULL DEFAULT 0;
