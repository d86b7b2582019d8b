-- Site Atlas team project, server schema version 1. Runs inside the project's own schema
-- (search_path is set to it). The change log is the truth; sites holds each site's latest
-- public state; confidential content lives only in the *_confidential tables, so that a
-- reader role can be granted the public ones alone.
CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);

CREATE TABLE users (
    name       text PRIMARY KEY,
    first_seen timestamptz NOT NULL DEFAULT now(),
    last_seen  timestamptz NOT NULL DEFAULT now()
);

CREATE SEQUENCE change_seq;

-- One row per change a client sent, applied or not, so that a resent batch
-- (after a kill or a dropped connection) is recognised by its change id.
CREATE TABLE changes (
    change_id uuid PRIMARY KEY,
    seq       bigint UNIQUE,          -- NULL: not applied (the site had moved on: stale)
    site_id   text NOT NULL,
    kind      text NOT NULL CHECK (kind IN ('upsert', 'delete', 'hide')),
    user_name text NOT NULL REFERENCES users (name),
    at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX changes_by_site ON changes (site_id, seq);

CREATE TABLE sites (
    id             text PRIMARY KEY,
    seq            bigint NOT NULL,   -- the change that made this state
    deleted        boolean NOT NULL DEFAULT false,
    confidential   boolean NOT NULL DEFAULT false, -- a confidential site: nothing but its id here
    name           text NOT NULL DEFAULT '',
    category       text NOT NULL DEFAULT '',
    status         text NOT NULL DEFAULT '',
    precision      text NOT NULL DEFAULT '',
    city           text NOT NULL DEFAULT '',
    province       text NOT NULL DEFAULT '',
    country        text NOT NULL DEFAULT '',
    operator       text NOT NULL DEFAULT '',
    workers        integer,
    first_reported text NOT NULL DEFAULT '',
    last_reported  text NOT NULL DEFAULT '',
    notes          text NOT NULL DEFAULT '',
    updated_by     text NOT NULL DEFAULT '',
    updated_at     timestamptz NOT NULL DEFAULT now(),
    geom           geometry(Geometry, 4326),
    record         jsonb              -- the full public record the clients merge
);
CREATE UNIQUE INDEX sites_by_seq ON sites (seq);
CREATE INDEX sites_geom ON sites USING gist (geom);

CREATE TABLE sources (
    site_id text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    ord int NOT NULL, id text NOT NULL, title text, publisher text, url text,
    published text, reliability text, credibility int,
    PRIMARY KEY (site_id, ord)
);
CREATE TABLE observations (
    site_id text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    ord int NOT NULL, id text NOT NULL, date text, status text, note text, source_id text,
    PRIMARY KEY (site_id, ord)
);
CREATE TABLE attachments (
    id text PRIMARY KEY, site_id text, file_name text, media_type text,
    sha256 text NOT NULL, size bigint NOT NULL, data bytea NOT NULL
);
CREATE TABLE events (
    id text PRIMARY KEY, seq bigint NOT NULL, name text NOT NULL, date text NOT NULL,
    record jsonb, deleted boolean NOT NULL DEFAULT false
);

-- Written only by clients of a project marked trusted.
CREATE TABLE sites_confidential (
    id     text PRIMARY KEY REFERENCES sites (id) ON DELETE CASCADE,
    seq    bigint NOT NULL,
    geom   geometry(Geometry, 4326),
    record jsonb NOT NULL             -- the full record, confidential parts included
);
CREATE TABLE attachments_confidential (
    id text PRIMARY KEY, site_id text, file_name text, media_type text,
    sha256 text NOT NULL, size bigint NOT NULL, data bytea NOT NULL
);

-- The layer QGIS and GDAL list: placed, public, live sites.
CREATE VIEW sites_public AS
    SELECT id, name, category, status, precision, city, province, country, operator, workers,
           first_reported, last_reported, notes, updated_by, updated_at, geom
    FROM sites WHERE NOT deleted AND NOT confidential AND geom IS NOT NULL;
