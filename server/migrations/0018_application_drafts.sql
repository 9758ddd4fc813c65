-- Drafts hold nothing of a business's (issue 23, 4.5): a draft loan application used to count
-- toward one application per business and round, never expired and could not be withdrawn, so
-- anyone could squat a business number for a whole round (and the 409 told anyone whether a
-- business had applied). Now only sent applications (submitted, approved, rejected) hold a
-- business's place; a draft can be withdrawn, and expires (`withdrawn`) after 14 days unsent or
-- when its round closes; a withdrawn one holds not even its account's place in the round.
--
-- SQLite cannot drop a table's UNIQUE or CHECK: the table is built again. Foreign keys stay on
-- inside a migration, so the documents (the only table referring to applications) are set aside
-- first and put back after, by the same ids.

DROP TRIGGER documents_added_to_drafts_only;
DROP TRIGGER documents_removed_from_drafts_only;

CREATE TABLE documents_kept AS SELECT * FROM application_documents;
DROP TABLE application_documents;

CREATE TABLE applications_rebuilt (
    id             INTEGER PRIMARY KEY,
    reference      TEXT    NOT NULL UNIQUE CHECK (length(reference) = 11),
    kind           TEXT    NOT NULL CHECK (kind IN ('sme-loan', 'veterans-allowance')),
    account_id     INTEGER NOT NULL REFERENCES accounts (id),
    round_id       INTEGER REFERENCES loan_rounds (id),
    -- the round again, 0 for the allowance (which has none), so one index covers both
    round_key      INTEGER NOT NULL,
    business_number TEXT   CHECK (business_number IS NULL OR length(business_number) = 12),
    answers        TEXT    NOT NULL CHECK (length(answers) BETWEEN 2 AND 4000),   -- JSON
    state          TEXT    NOT NULL CHECK (state IN ('draft', 'submitted', 'approved', 'rejected', 'withdrawn')),
    created_at     TEXT    NOT NULL,
    submitted_at   TEXT,
    decided_at     TEXT,
    decided_krw    INTEGER CHECK (decided_krw IS NULL OR decided_krw BETWEEN 1 AND 10000000000),
    decision_note  TEXT    CHECK (decision_note IS NULL OR length(decision_note) <= 300),
    withdrawn_at   TEXT,
    CHECK ((kind = 'sme-loan' AND round_id IS NOT NULL AND round_key = round_id AND business_number IS NOT NULL)
        OR (kind = 'veterans-allowance' AND round_id IS NULL AND round_key = 0 AND business_number IS NULL)),
    CHECK ((state IN ('draft', 'withdrawn')) = (submitted_at IS NULL)),
    CHECK ((state IN ('approved', 'rejected')) = (decided_at IS NOT NULL)),
    CHECK ((state = 'withdrawn') = (withdrawn_at IS NOT NULL))
);

INSERT INTO applications_rebuilt (id, reference, kind, account_id, round_id, round_key, business_number, answers, state,
    created_at, submitted_at, decided_at, decided_krw, decision_note)
SELECT id, reference, kind, account_id, round_id, round_key, business_number, answers, state,
    created_at, submitted_at, decided_at, decided_krw, decision_note FROM applications;
DROP TABLE applications;
ALTER TABLE applications_rebuilt RENAME TO applications;

-- one live application per account, programme and round (a withdrawn one gives its place back)
CREATE UNIQUE INDEX one_application_per_account ON applications (account_id, kind, round_key) WHERE state <> 'withdrawn';
-- one sent application per business and round: drafts hold no business's place
CREATE UNIQUE INDEX one_sent_application_per_business ON applications (round_id, business_number)
    WHERE state IN ('submitted', 'approved', 'rejected');
CREATE INDEX applications_by_state ON applications (state, submitted_at);
CREATE INDEX applications_of_account ON applications (account_id);

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
INSERT INTO application_documents SELECT * FROM documents_kept;
DROP TABLE documents_kept;

CREATE TRIGGER documents_added_to_drafts_only BEFORE INSERT ON application_documents
WHEN (SELECT state FROM applications WHERE id = NEW.application_id) IS NOT 'draft'
BEGIN
    SELECT RAISE(ABORT, 'documents are added to drafts only');
END;

-- a sent application's documents are the district's record; a draft's or a withdrawn one's may go
CREATE TRIGGER documents_removed_from_drafts_only BEFORE DELETE ON application_documents
WHEN (SELECT state FROM applications WHERE id = OLD.application_id) NOT IN ('draft', 'withdrawn')
BEGIN
    SELECT RAISE(ABORT, 'documents of a sent application stay');
END;
