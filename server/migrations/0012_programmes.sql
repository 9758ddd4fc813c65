-- District programmes: the SME loan's application rounds, applications (the SME loan and the
-- veterans' allowance) and their documents. The rules the code checks are held here too: one
-- application per account, programme and round; one per business and round; documents only on
-- drafts; states, times and amounts that agree.

CREATE TABLE loan_rounds (
    id                  INTEGER PRIMARY KEY,
    year                INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    number              INTEGER NOT NULL CHECK (number BETWEEN 1 AND 12),
    opens               TEXT    NOT NULL CHECK (length(opens) = 10),   -- YYYY-MM-DD, Seoul
    closes              TEXT    NOT NULL CHECK (length(closes) = 10),
    collateral_deadline TEXT    NOT NULL CHECK (length(collateral_deadline) = 10),
    drawdown            TEXT    NOT NULL CHECK (length(drawdown) = 10),
    CHECK (opens <= collateral_deadline AND collateral_deadline <= closes AND closes < drawdown),
    UNIQUE (year, number)
);

CREATE TABLE applications (
    id             INTEGER PRIMARY KEY,
    reference      TEXT    NOT NULL UNIQUE CHECK (length(reference) = 11),
    kind           TEXT    NOT NULL CHECK (kind IN ('sme-loan', 'veterans-allowance')),
    account_id     INTEGER NOT NULL REFERENCES accounts (id),
    round_id       INTEGER REFERENCES loan_rounds (id),
    -- the round again, 0 for the allowance (which has none), so one UNIQUE covers both
    round_key      INTEGER NOT NULL,
    business_number TEXT   CHECK (business_number IS NULL OR length(business_number) = 12),
    answers        TEXT    NOT NULL CHECK (length(answers) BETWEEN 2 AND 4000),   -- JSON
    state          TEXT    NOT NULL CHECK (state IN ('draft', 'submitted', 'approved', 'rejected')),
    created_at     TEXT    NOT NULL,
    submitted_at   TEXT,
    decided_at     TEXT,
    decided_krw    INTEGER CHECK (decided_krw IS NULL OR decided_krw BETWEEN 1 AND 10000000000),
    decision_note  TEXT    CHECK (decision_note IS NULL OR length(decision_note) <= 300),
    CHECK ((kind = 'sme-loan' AND round_id IS NOT NULL AND round_key = round_id AND business_number IS NOT NULL)
        OR (kind = 'veterans-allowance' AND round_id IS NULL AND round_key = 0 AND business_number IS NULL)),
    CHECK ((state = 'draft') = (submitted_at IS NULL)),
    CHECK ((state IN ('approved', 'rejected')) = (decided_at IS NOT NULL)),
    UNIQUE (account_id, kind, round_key),
    UNIQUE (round_id, business_number)
);

CREATE INDEX applications_by_state ON applications (state, submitted_at);

-- the files themselves live here, outside the web root; only the applicant and staff read them
CREATE TABLE application_documents (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    kind           TEXT    NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
    file_kind      TEXT    NOT NULL CHECK (file_kind IN ('pdf', 'png', 'jpeg')),
    name           TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    bytes          INTEGER NOT NULL CHECK (bytes BETWEEN 1 AND 10485760),
    content        BLOB    NOT NULL CHECK (length(content) = bytes),
    sha256         TEXT    NOT NULL CHECK (length(sha256) = 64),
    uploaded_at    TEXT    NOT NULL,
    UNIQUE (application_id, kind)
);

CREATE TRIGGER documents_added_to_drafts_only BEFORE INSERT ON application_documents
WHEN (SELECT state FROM applications WHERE id = NEW.application_id) IS NOT 'draft'
BEGIN
    SELECT RAISE(ABORT, 'documents are added to drafts only');
END;

CREATE TRIGGER documents_removed_from_drafts_only BEFORE DELETE ON application_documents
WHEN (SELECT state FROM applications WHERE id = OLD.application_id) IS NOT 'draft'
BEGIN
    SELECT RAISE(ABORT, 'documents of a sent application stay');
END;
