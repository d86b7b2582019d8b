-- Site Atlas schema version 2: the sites.id uniqueness moves from an inline
-- UNIQUE (an automatic index SQLite will not drop) to the named index
-- sites_by_id, so that an import into an empty database can drop it, append
-- a million sites in row order and build it once at the end by sorting:
-- maintaining an index of random UUIDs row by row costs a random page per
-- site once it outgrows the page cache.
--
-- SQLite's documented way to change a constraint: a new table, a copy, a
-- drop, a rename. It runs with foreign keys off (the migration runner turns
-- them off for the whole step), or dropping the old table would cascade to
-- every source and observation.
CREATE TABLE sites_v2 (
    row                INTEGER PRIMARY KEY,
    id                 TEXT    NOT NULL,
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
INSERT INTO sites_v2 SELECT * FROM sites ORDER BY row;
DROP TABLE sites;
ALTER TABLE sites_v2 RENAME TO sites;

CREATE UNIQUE INDEX sites_by_id ON sites (id);
CREATE INDEX sites_unplaced ON sites (id) WHERE geom IS NULL;

CREATE TRIGGER sites_delete_index AFTER DELETE ON sites BEGIN
    DELETE FROM sites_rtree WHERE id = old.row;
    DELETE FROM sites_fts WHERE rowid = old.row;
END;
