-- Privacy (issue 23 §3): what a stolen database must not give away, and what deleting an account
-- leaves behind.

-- Sensor keys: new devices get Ed25519 keys, whose stored form (the public key, 32 bytes, in the
-- same column) cannot sign. Keys issued before stay HMAC (SHA-256 of the device's key, which can
-- sign) until each device is given a new key; `dongne sensors list` shows which are left.
ALTER TABLE air_keys ADD COLUMN scheme TEXT NOT NULL DEFAULT 'hmac' CHECK (scheme IN ('hmac', 'ed25519'));

-- Licence numbers: kept as HMAC-SHA256 with a server secret held outside the database
-- (`carshare::licence_key`), not a plain SHA-256 that 10^8 guesses reverse. Rows written before
-- are `keyed = 0` until the server re-keys them at its next start (HMAC of the old hash).
ALTER TABLE car_licences RENAME COLUMN digits_sha256 TO digits_hmac;
ALTER TABLE car_licences ADD COLUMN keyed INTEGER NOT NULL DEFAULT 0 CHECK (keyed IN (0, 1));

-- A deleted account keeps its row only as an empty stub (no email, name or password), so the
-- records the law keeps (decided applications, cancelled paid trips, drawn lotteries) still point
-- at one id; `deleted_at` says when.
ALTER TABLE accounts ADD COLUMN deleted_at TEXT;

-- Documents may now leave a rejected application (after the retention period, by the privacy
-- chore) and an application withdrawn with its account; those under review or approved stay.
DROP TRIGGER documents_removed_from_drafts_only;
CREATE TRIGGER documents_stay_under_review_and_after_approval BEFORE DELETE ON application_documents
WHEN (SELECT state FROM applications WHERE id = OLD.application_id) IN ('submitted', 'approved')
BEGIN
    SELECT RAISE(ABORT, 'documents of a sent application stay');
END;
