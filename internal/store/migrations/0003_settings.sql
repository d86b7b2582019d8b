-- Site Atlas schema version 3: settings of the database itself, not of any
-- site, and never exported: the secret salt that seeds an export profile's
-- displacement and pseudonyms (anyone holding it could undo them), and the
-- export profiles the researcher made. Not part of the undo history.
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value BLOB NOT NULL
) WITHOUT ROWID;
