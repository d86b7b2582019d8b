-- Site Atlas schema version 6: the state of a team project sync (internal/teamstore).
-- Not part of the undo history and never exported.
--
-- sync_meta: which team project this database syncs with (its server-made id), the last change
-- pulled (cursor), the time of the last completed sync.
CREATE TABLE sync_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- sync_base: each site as the server had it at the last sync (what was pulled or pushed), the
-- base of the next three-way merge. snapshot NULL: deleted or hidden on the server. hash is the
-- content hash of that state as this project pushes it (redacted unless trusted), so that a
-- local change is a hash that differs.
CREATE TABLE sync_base (
  site_id  TEXT PRIMARY KEY,
  seq      INTEGER NOT NULL,
  hash     TEXT NOT NULL,
  snapshot BLOB
) WITHOUT ROWID;

-- sync_pending: changes made into change ids and not yet acknowledged by the server. They are
-- written before they are sent, so a kill or a dropped connection resends the same ids, which
-- the server applies once.
CREATE TABLE sync_pending (
  change_id TEXT PRIMARY KEY,
  site_id   TEXT NOT NULL,
  base_seq  INTEGER NOT NULL,
  kind      TEXT NOT NULL,
  public    BLOB,
  full      BLOB,
  created   INTEGER NOT NULL
) WITHOUT ROWID;

-- sync_conflicts: sites whose merge with the server's copy left conflicts. The local site keeps
-- its own values and is not pushed until they are resolved; base and theirs let the merge be
-- redone for the review.
CREATE TABLE sync_conflicts (
  site_id    TEXT PRIMARY KEY,
  theirs_seq INTEGER NOT NULL,
  base       BLOB,
  theirs     BLOB,
  fields     TEXT NOT NULL,
  recorded   INTEGER NOT NULL
) WITHOUT ROWID;
