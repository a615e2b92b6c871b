-- A bulk run (postgres/bulk.go) stores postings without their primary
-- key and counts its volumes' words in the vocabulary when it ends: the
-- key's random inserts and the vocabulary's updates were two thirds of
-- storing a volume's postings at scale. vocab_pending marks the volumes
-- whose words the vocabulary does not count yet; a node loading the
-- corpus meanwhile counts them from their postings. The postings lose
-- their foreign key, whose check ran once a row (some 20,000 a volume):
-- deleting a volume deletes its postings itself.
ALTER TABLE postings DROP CONSTRAINT IF EXISTS postings_volume_fkey;
ALTER TABLE volumes ADD COLUMN vocab_pending boolean NOT NULL DEFAULT false;
