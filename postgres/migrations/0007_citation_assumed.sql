-- What a citation in plain words was taken to mean that it does not say
-- ("the volumes of 1863 are in parts …: part I is taken"). It is the
-- citation's own, kept when the volume it cites is stored again.
ALTER TABLE citations ADD COLUMN assumed text NOT NULL DEFAULT '';
