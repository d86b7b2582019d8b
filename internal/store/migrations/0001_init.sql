-- Site Atlas schema version 1.
--
-- sites keeps the columns the map and the list need (Summaries) first, so
-- that reading them never touches the long text at the end of a record.
CREATE TABLE sites (
    row                INTEGER PRIMARY KEY,
    id                 TEXT    NOT NULL UNIQUE,
    name               TEXT    NOT NULL,
    category           TEXT    NOT NULL DEFAULT '',
    status             TEXT    NOT NULL DEFAULT '',
    city               TEXT    NOT NULL DEFAULT '',
    confidential       INTEGER NOT NULL DEFAULT 0,
    updated            INTEGER NOT NULL,          -- Unix milliseconds
    geom               BLOB,                      -- WKB; NULL when unplaced
    minx REAL, miny REAL, maxx REAL, maxy REAL,   -- bounds of geom, exact (the R-tree rounds)
    precision          TEXT    NOT NULL DEFAULT '',
    province           TEXT    NOT NULL DEFAULT '',
    country            TEXT    NOT NULL DEFAULT '',
    operator           TEXT    NOT NULL DEFAULT '',
    workers            INTEGER,
    first_reported     TEXT    NOT NULL DEFAULT '',
    last_reported      TEXT    NOT NULL DEFAULT '',
    aliases            TEXT,                      -- JSON array of strings
    tags               TEXT,                      -- JSON array of strings
    notes              TEXT    NOT NULL DEFAULT '',
    confidential_notes TEXT    NOT NULL DEFAULT '',
    extra              TEXT,                      -- JSON object of foreign properties
    created            INTEGER NOT NULL           -- Unix milliseconds
);

-- No index on name or updated: each costs ~8 us per imported site here,
-- and the list sorts what it shows (ORDER BY on a million rows ~1 s, rare).
-- Unplaced sites, so that a map-view filter can add them without a scan.
CREATE INDEX sites_unplaced ON sites (id) WHERE geom IS NULL;

-- Children are keyed by (site, ord) WITHOUT ROWID: one B-tree insert per row
-- instead of a table plus an index, and ON DELETE CASCADE finds them by prefix.
CREATE TABLE sources (
    site         INTEGER NOT NULL REFERENCES sites (row) ON DELETE CASCADE,
    ord          INTEGER NOT NULL,
    id           TEXT    NOT NULL,
    title        TEXT    NOT NULL DEFAULT '',
    publisher    TEXT    NOT NULL DEFAULT '',
    url          TEXT    NOT NULL DEFAULT '',
    published    TEXT    NOT NULL DEFAULT '',
    accessed     TEXT    NOT NULL DEFAULT '',
    excerpt      TEXT    NOT NULL DEFAULT '',
    reliability  TEXT    NOT NULL DEFAULT '',
    credibility  INTEGER NOT NULL DEFAULT 0,
    confidential INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (site, ord)
) WITHOUT ROWID;

CREATE TABLE observations (
    site         INTEGER NOT NULL REFERENCES sites (row) ON DELETE CASCADE,
    ord          INTEGER NOT NULL,
    id           TEXT    NOT NULL,
    date         TEXT    NOT NULL DEFAULT '',
    status       TEXT    NOT NULL DEFAULT '',
    note         TEXT    NOT NULL DEFAULT '',
    source_id    TEXT    NOT NULL DEFAULT '',
    confidential INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (site, ord)
) WITHOUT ROWID;

-- Attachment bytes come last so that listing attachments never reads them.
CREATE TABLE attachments (
    row          INTEGER PRIMARY KEY,
    id           TEXT    NOT NULL UNIQUE,
    site         INTEGER NOT NULL REFERENCES sites (row) ON DELETE CASCADE,
    file_name    TEXT    NOT NULL DEFAULT '',
    media_type   TEXT    NOT NULL DEFAULT '',
    size         INTEGER NOT NULL DEFAULT 0,
    caption      TEXT    NOT NULL DEFAULT '',
    taken_at     INTEGER,                         -- Unix milliseconds
    lon REAL, lat REAL,
    confidential INTEGER NOT NULL DEFAULT 0,
    data         BLOB    NOT NULL
);
CREATE INDEX attachments_by_site ON attachments (site, row);

-- Every category ever used, so that a user's own category stays offered
-- after its last site is deleted.
CREATE TABLE categories (name TEXT PRIMARY KEY) WITHOUT ROWID;

-- The spatial index: one entry per placed site, id = sites.row. Built in
-- bulk at the end of an import (an insert per row costs ~8x a plain insert).
CREATE VIRTUAL TABLE sites_rtree USING rtree (id, minx, maxx, miny, maxy);

-- Full text, contentless (the text lives in sites). words holds the text as
-- unicode61 tokenises it (case-folded, diacritics removed, prefix queries);
-- cjk holds overlapping bigrams of every Han, kana and Hangul run, because
-- unicode61 keeps a CJK run as one token and trigram cannot match the
-- two-character names (图们, 珲春, 훈춘) people search for.
CREATE VIRTUAL TABLE sites_fts USING fts5 (
    words, cjk,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Deleting a site (or a cascade) removes its index entries; inserts are
-- indexed by the store itself, in bulk for imports.
CREATE TRIGGER sites_delete_index AFTER DELETE ON sites BEGIN
    DELETE FROM sites_rtree WHERE id = old.row;
    DELETE FROM sites_fts WHERE rowid = old.row;
END;

-- history is the audit trail and the undo stack: one row per site changed,
-- grouped by user action. before/after are JSON snapshots (NULL = the site
-- did not exist). An import records after lazily: it is captured when the
-- group is first undone, which keeps a million-site import cheap.
CREATE TABLE history (
    seq     INTEGER PRIMARY KEY,
    grp     INTEGER NOT NULL,
    time    INTEGER NOT NULL,                     -- Unix milliseconds
    label   TEXT    NOT NULL,
    site_id TEXT    NOT NULL,
    before  BLOB,
    after   BLOB,
    undone  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX history_by_group ON history (undone, grp);
CREATE INDEX history_by_site ON history (site_id, seq);
