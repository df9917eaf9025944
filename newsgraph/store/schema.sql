-- newsgraph store schema (DuckDB; the same tables are used on PostgreSQL).
-- Events and their mentions are kept apart, as GDELT keeps Events and Mentions:
-- an event is one happening; each mention is one sentence of one article reporting it.
-- Offsets are character offsets into articles.text, half-open [start, end).

CREATE TABLE IF NOT EXISTS schema_version (
    version     INTEGER NOT NULL,
    applied_at  TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS articles (
    id           VARCHAR PRIMARY KEY,   -- stable content id (sha256 of title + text)
    external_id  VARCHAR,               -- id given by the source (JSONL id, Reuters NEWID)
    url          VARCHAR,
    source       VARCHAR,               -- outlet
    title        VARCHAR,
    published    DATE,
    date_source  VARCHAR,               -- how the date was obtained: corpus-header, option, jsonl, ...
    language     VARCHAR,
    dateline     VARCHAR,
    path         VARCHAR,               -- where it was read from
    text         VARCHAR NOT NULL,
    ingested_at  TIMESTAMP NOT NULL,
    extractor    VARCHAR,               -- pipeline version that coded it
    duplicate_of VARCHAR,               -- the stored article this one is a copy of (syndication)
    similarity   DOUBLE,                -- estimated Jaccard similarity to duplicate_of
    story_id     VARCHAR                -- story cluster
);

CREATE TABLE IF NOT EXISTS actors (
    id        VARCHAR PRIMARY KEY,      -- TUR, TUR-GOV, HAMAS, person:hakan-fidan, ...
    name      VARCHAR,
    country   VARCHAR,                  -- ISO-3
    sector    VARCHAR,                  -- GOV, MIL, REB, IGO, ...
    kind      VARCHAR,                  -- country, sector, organisation, person
    wikidata  VARCHAR
);

CREATE TABLE IF NOT EXISTS actor_mentions (
    article_id   VARCHAR NOT NULL,
    start_char   INTEGER NOT NULL,
    end_char     INTEGER NOT NULL,
    text         VARCHAR,
    actor_id     VARCHAR,
    role         VARCHAR,
    PRIMARY KEY (article_id, start_char)
);

CREATE TABLE IF NOT EXISTS places (
    id          VARCHAR PRIMARY KEY,    -- gn:<geonameid> or iso:<ISO3>
    name        VARCHAR,
    feature     VARCHAR,
    country     VARCHAR,
    admin1      VARCHAR,
    lat         DOUBLE,
    lon         DOUBLE,
    geonameid   INTEGER,
    population  BIGINT
);

CREATE TABLE IF NOT EXISTS events (
    id              VARCHAR PRIMARY KEY,
    event_type      VARCHAR NOT NULL,   -- PLOVER type
    mode            VARCHAR,
    context         VARCHAR,            -- comma-separated PLOVER contexts
    modality        VARCHAR NOT NULL,   -- asserted, negated, future, hypothetical, historical
    date            DATE,               -- first day the event time covers
    date_end        DATE,               -- last day it covers
    date_precision  VARCHAR,            -- day, month, year, ...
    date_fallback   BOOLEAN,            -- true when only the article date was available
    actor_ids       VARCHAR,            -- ';'-separated canonical actor ids
    recipient_ids   VARCHAR,
    place_id        VARCHAR,
    country         VARCHAR,            -- ISO-3 of the place
    cameo           VARCHAR,
    quad_class      INTEGER,
    goldstein       DOUBLE,
    confidence      DOUBLE,
    num_mentions    INTEGER,
    num_articles    INTEGER,
    num_sources     INTEGER,
    first_seen      DATE,
    last_seen       DATE,
    independent_source_count INTEGER,   -- outlets of the original articles: copies do not count
    story_id        VARCHAR             -- story of the earliest article reporting it
);

CREATE TABLE IF NOT EXISTS event_mentions (
    id                VARCHAR PRIMARY KEY,
    event_id          VARCHAR NOT NULL,
    article_id        VARCHAR NOT NULL,
    sentence_index    INTEGER NOT NULL,
    sentence_start    INTEGER NOT NULL,
    sentence_end      INTEGER NOT NULL,
    trigger_start     INTEGER NOT NULL,
    trigger_end       INTEGER NOT NULL,
    trigger_text      VARCHAR,
    event_type        VARCHAR NOT NULL,
    mode              VARCHAR,
    modality          VARCHAR,
    actors            VARCHAR,          -- JSON list of {start, end, text, actor_id}
    recipients        VARCHAR,          -- JSON list of {start, end, text, actor_id}
    actor_ids         VARCHAR,          -- ';'-separated, as on events
    recipient_ids     VARCHAR,
    time_value        VARCHAR,
    time_start        DATE,
    time_end          DATE,
    time_precision    VARCHAR,
    time_phrase       VARCHAR,
    time_span_start   INTEGER,
    time_span_end     INTEGER,
    time_resolution   VARCHAR,
    time_fallback     BOOLEAN,
    place_id          VARCHAR,
    place_start       INTEGER,
    place_end         INTEGER,
    place_text        VARCHAR,
    place_reason      VARCHAR,
    place_score       DOUBLE,
    cameo             VARCHAR,
    goldstein         DOUBLE,
    confidence        DOUBLE,
    extractor         VARCHAR
);

CREATE INDEX IF NOT EXISTS event_mentions_article ON event_mentions (article_id);

CREATE TABLE IF NOT EXISTS quotes (
    id                   VARCHAR PRIMARY KEY,
    article_id           VARCHAR NOT NULL,
    sentence_index       INTEGER,
    content_start        INTEGER NOT NULL,
    content_end          INTEGER NOT NULL,
    content_text         VARCHAR,
    cue_start            INTEGER,
    cue_end              INTEGER,
    cue_text             VARCHAR,
    speaker_start        INTEGER,
    speaker_end          INTEGER,
    speaker_text         VARCHAR,
    speaker_actor_id     VARCHAR,
    speaker_description  VARCHAR,
    kind                 VARCHAR,       -- direct, indirect, mixed
    confidence           DOUBLE
);

CREATE TABLE IF NOT EXISTS claims (
    id                  VARCHAR PRIMARY KEY,
    article_id          VARCHAR NOT NULL,
    sentence_index      INTEGER,
    stance              VARCHAR NOT NULL,  -- asserts, denies, confirms, questions
    proposition_start   INTEGER NOT NULL,
    proposition_end     INTEGER NOT NULL,
    proposition_text    VARCHAR,
    claimant_start      INTEGER,
    claimant_end        INTEGER,
    claimant_text       VARCHAR,
    claimant_actor_id   VARCHAR,
    cue_start           INTEGER,
    cue_end             INTEGER,
    cue_text            VARCHAR,
    event_mention_id    VARCHAR,
    date                DATE,
    confidence          DOUBLE
);

-- Duplicate detection (resolve.dedup): exact hash + MinHash per article, LSH band keys indexed,
-- so a new article is checked against the articles sharing a band, not the whole store.
CREATE TABLE IF NOT EXISTS article_fingerprints (
    article_id  VARCHAR PRIMARY KEY,
    exact       VARCHAR NOT NULL,       -- sha256 of the normalised text
    minhash     BLOB,                   -- MinHash values (uint64 little-endian)
    words       BLOB,                   -- MinHash of the content words (stories)
    published   DATE
);
CREATE INDEX IF NOT EXISTS article_fingerprints_exact ON article_fingerprints (exact);

CREATE TABLE IF NOT EXISTS article_lsh (
    band_key    BIGINT NOT NULL,
    article_id  VARCHAR NOT NULL
);
CREATE INDEX IF NOT EXISTS article_lsh_key ON article_lsh (band_key);

-- Story clustering (resolve.stories): the entities each article names, indexed.
CREATE TABLE IF NOT EXISTS article_entities (
    entity      VARCHAR NOT NULL,       -- actor:<id> or place:<id>
    article_id  VARCHAR NOT NULL,
    published   DATE
);
CREATE INDEX IF NOT EXISTS article_entities_entity ON article_entities (entity);

-- Every assignment of a mention to an event, and why (resolve.merge): append-only.
CREATE TABLE IF NOT EXISTS event_merges (
    event_id        VARCHAR NOT NULL,
    mention_id      VARCHAR NOT NULL,
    article_id      VARCHAR,
    action          VARCHAR NOT NULL,   -- create, same-key, merge, copy, override, split
    score           DOUBLE,
    reasons         VARCHAR,            -- JSON: fields that agreed, rule that refused, ...
    from_event_id   VARCHAR,            -- for split: the event the mention left
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX IF NOT EXISTS event_merges_event ON event_merges (event_id);

-- User decisions that outlive re-ingest: a split mention stays in its own event.
CREATE TABLE IF NOT EXISTS merge_overrides (
    mention_id      VARCHAR PRIMARY KEY,
    event_id        VARCHAR NOT NULL,   -- the event the mention must be in
    from_event_id   VARCHAR,            -- the event it was split from
    action          VARCHAR NOT NULL,   -- split
    created_at      TIMESTAMP NOT NULL
);
