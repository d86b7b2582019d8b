-- Site Atlas schema version 4: revisions and exchange state, for the
-- three-way merge of a colleague's file (issue 17).
--
-- revision is the site's change counter: every write of the site (an edit,
-- an import, an undo or redo) adds one. Its content hash is not stored: it
-- is reconcile.ContentHash of the stored content, computed when a site is
-- exported or merged, so it can never go stale and a million-site import
-- pays nothing for it. Existing sites start at 1.
ALTER TABLE sites ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;

-- site_exchange is what a site was last exchanged at (its base): the id and
-- revision (counter, hash) a file carried, and the site as that file had it
-- (a history snapshot, JSON), so that the next file based on it can be
-- merged three ways. It is keyed by site id, not row, and outlives a
-- deletion of the site: a returning file that edited a site deleted here is
-- then a conflict, not a silent re-add.
CREATE TABLE site_exchange (
    site_id      TEXT    PRIMARY KEY,
    base_id      TEXT    NOT NULL,
    base_counter INTEGER NOT NULL,
    base_hash    TEXT    NOT NULL,
    base         BLOB
) WITHOUT ROWID;

-- site_conflicts are the conflicts a merge left pending, one row per field
-- ("notes", "observations[ID].note", "site" for delete-vs-edit), with the
-- three values as JSON and theirs' whole copy, so that a later
-- take-theirs / keep-mine can re-run the merge against the same base.
CREATE TABLE site_conflicts (
    site_id TEXT    NOT NULL,
    field   TEXT    NOT NULL,
    label   TEXT    NOT NULL DEFAULT '',
    base    BLOB,
    mine    BLOB,
    theirs  BLOB,
    theirs_site BLOB,
    PRIMARY KEY (site_id, field)
) WITHOUT ROWID;
