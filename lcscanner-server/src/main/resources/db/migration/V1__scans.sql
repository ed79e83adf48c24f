-- Everything a server keeps, when SCANNER_DATABASE_URL is set. Documents are text, never jsonb: jsonb reorders keys,
-- and a scanner document's key order is meaning (patterns and columns come out in document order).

-- A scan: its whole state as the file store's metadata.json holds it (state), and beside it the fields that SQL
-- orders, filters or shows (status, instance, progress, timings, error), written together from one snapshot.
CREATE TABLE scans (
    scan_id           text PRIMARY KEY,
    created_at        timestamptz NOT NULL,
    scanner           text NOT NULL,
    request           text NOT NULL,
    status            text NOT NULL,
    progress_percent  double precision NOT NULL DEFAULT 0,
    processed_tickers integer NOT NULL DEFAULT 0,
    total_tickers     integer NOT NULL DEFAULT 0,
    results_found     integer NOT NULL DEFAULT 0,
    started_at        timestamptz,
    completed_at      timestamptz,
    timings           text,
    error             text,
    instance          text,
    final             boolean NOT NULL DEFAULT false,
    cancel_requested  boolean NOT NULL DEFAULT false,
    attempts          integer NOT NULL DEFAULT 0,
    state             text NOT NULL,
    updated_at        timestamptz NOT NULL
);
CREATE INDEX scans_newest_first ON scans (created_at DESC, scan_id DESC);

-- The scanner document each scan ran, byte for byte as given (the user may change or delete theirs later).
CREATE TABLE scan_scanners (
    scan_id  text PRIMARY KEY,
    document text NOT NULL
);

-- A completed scan's results: written in one transaction with its hits, so a scan has all of them or none.
CREATE TABLE scan_results (
    scan_id    text PRIMARY KEY,
    hit_count  integer NOT NULL,
    csv_header text NOT NULL,
    summary    text
);

-- One row per hit, in stored order (row_no from 0): its JSON object and CSV line exactly as exported, and the
-- values that sort and filter it (a flag 0/1, a number, a text column's label index; NULL when missing).
CREATE TABLE scan_hits (
    scan_id   text NOT NULL,
    row_no    integer NOT NULL,
    ticker    text NOT NULL,
    hit_json  text NOT NULL,
    hit_csv   text NOT NULL,
    sort_keys double precision[] NOT NULL,
    PRIMARY KEY (scan_id, row_no)
);

-- The users' scanner documents (PUT /api/scanners/{name}), byte for byte as sent.
CREATE TABLE scanners (
    name       text PRIMARY KEY,
    document   text NOT NULL,
    updated_at timestamptz NOT NULL
);
