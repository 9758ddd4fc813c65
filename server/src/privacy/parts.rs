//! What the portal holds about an account, table by table: the one list the download reads and
//! the deletion works through, so the two cannot disagree about what exists.
//!
//! To add a service's tables (the social economy's, say): add its `Part` to `PARTS` (what the
//! download shows: `?1` is the account id) and its statements to `ERASE` (what deleting the account
//! does: `?1` the account id, `?2` the moment, RFC 3339 in Seoul), and a line to the notice
//! (`app::privacy::notice`). Future bookings a service must cancel through its own cancel path
//! (so waiting lists get their offers) go in `erase::cancel_ahead` instead.

/// One part of the download: its JSON key, and the query of its rows (`?1` = account id).
pub struct Part {
    pub name: &'static str,
    /// The account's own row is one object; every other part is a list.
    pub one: bool,
    pub sql: &'static str,
}

/// Everything held about an account. Columns are listed, never `*`: a secret (the password's
/// hash, the calendar token's hash, a licence's fingerprint) is named as held, not given out.
pub const PARTS: &[Part] = &[
    Part {
        name: "account",
        one: true,
        sql: "SELECT id, email, name, resident, role, created_at, \
              'stored as an argon2id hash only; not included' AS password, \
              calendar_token_hash IS NOT NULL AS calendar_feed_active \
              FROM accounts WHERE id = ?1",
    },
    Part { name: "children", one: false, sql: "SELECT id, name, birth_date, created_at FROM children WHERE guardian_id = ?1 ORDER BY id" },
    Part {
        name: "bookings",
        one: false,
        sql: "SELECT b.reference, s.kind, s.resource, s.starts_at, s.ends_at, b.child_id, b.status, b.fee_krw, b.fee_waived, \
              b.group_size, b.created_at, b.cancelled_at \
              FROM bookings b JOIN seat_sessions s ON s.id = b.session_id WHERE b.account_id = ?1 ORDER BY b.id",
    },
    Part {
        name: "waiting_list",
        one: false,
        sql: "SELECT w.id, s.kind, s.resource, s.starts_at, w.child_id, w.status, w.joined_at, w.offered_at, w.fee_krw, w.fee_waived, \
              w.group_size FROM waitlist w JOIN seat_sessions s ON s.id = w.session_id WHERE w.account_id = ?1 ORDER BY w.id",
    },
    Part {
        name: "lottery_entries",
        one: false,
        sql: "SELECT a.id, r.branch, r.week_start, s.starts_at, a.child_id, a.applied_at, a.outcome, a.draw_position, a.fee_waived \
              FROM lottery_applications a JOIN lottery_rounds r ON r.id = a.round_id JOIN seat_sessions s ON s.id = a.session_id \
              WHERE a.account_id = ?1 ORDER BY a.id",
    },
    Part {
        name: "driving_licence",
        one: false,
        sql: "SELECT masked, issued_on, expires_on, birth_date, verified_at, \
              'a keyed HMAC-SHA256 fingerprint of the number (the number itself is not kept)' AS number \
              FROM car_licences WHERE account_id = ?1",
    },
    Part {
        name: "car_and_parking_trips",
        one: false,
        sql: "SELECT reference, kind, resource, starts_at, ends_at, status, price_krw, fee_krw, note, created_at \
              FROM car_trips WHERE account_id = ?1 ORDER BY id",
    },
    Part {
        name: "bike_holds",
        one: false,
        sql: "SELECT h.id, h.dock, d.name_en AS dock_name, datetime(h.since, 'unixepoch') || 'Z' AS since_utc, \
              datetime(h.until, 'unixepoch') || 'Z' AS until_utc FROM bike_holds h JOIN bike_docks d ON d.id = h.dock \
              WHERE h.account = ?1 ORDER BY h.id",
    },
    Part {
        name: "programme_applications",
        one: false,
        sql: "SELECT reference, kind, business_number, answers, state, created_at, submitted_at, decided_at, decided_krw, decision_note \
              FROM applications WHERE account_id = ?1 ORDER BY id",
    },
    Part {
        name: "programme_documents",
        one: false,
        sql: "SELECT a.reference AS application, d.kind, d.file_kind, d.name, d.bytes, d.sha256, d.uploaded_at \
              FROM application_documents d JOIN applications a ON a.id = d.application_id WHERE a.account_id = ?1 ORDER BY d.id",
    },
    Part {
        name: "messages",
        one: false,
        sql: "SELECT id, created_at, subject_ko, subject_en, body_ko, body_en, link, read_at FROM messages WHERE account_id = ?1 ORDER BY id",
    },
    Part { name: "agency_membership", one: false, sql: "SELECT agency, granted_at FROM agency_members WHERE account_id = ?1" },
    Part {
        name: "licence_claims",
        one: false,
        // the licence details of a claim are the claimant's: the holder is told only that there is one
        sql: "SELECT id, filed_at, state, resolved_at, \
              CASE WHEN claimant_id = ?1 THEN 'claimant' ELSE 'holder' END AS role, \
              CASE WHEN claimant_id = ?1 THEN masked END AS masked, CASE WHEN claimant_id = ?1 THEN issued_on END AS issued_on, \
              CASE WHEN claimant_id = ?1 THEN expires_on END AS expires_on, CASE WHEN claimant_id = ?1 THEN birth_date END AS birth_date \
              FROM licence_disputes WHERE claimant_id = ?1 OR holder_id = ?1 ORDER BY id",
    },
    Part {
        name: "donation_receipts",
        one: false,
        sql: "SELECT dropoff_ref, dropoff_at, donor_name, donor_kind, donor_id, items, total_krw, requested_at, number, issued_at \
              FROM thrift_receipts WHERE account_id = ?1 ORDER BY id",
    },
    Part {
        name: "catering_requests",
        one: false,
        sql: "SELECT reference, event_date, event_time, place, heads, sets, budget_krw, contact_name, contact_phone, note, state, \
              quote_krw, answer_note, created_at, answered_at, closed_at FROM coffee_catering_requests WHERE account_id = ?1 ORDER BY id",
    },
];

/// What deleting an account does in its one transaction, in order, after `erase::cancel_ahead` has
/// cancelled what was still ahead. Kept (without the account's name): past bookings and trips with
/// their fees, drawn lottery entries, decided applications (their documents as the retention chore
/// allows). The account's row stays as an empty stub those records point at.
pub const ERASE: &[&str] = &[
    // children leave the records they appear in
    "UPDATE bookings SET child_id = NULL, idempotency_key = NULL, request_digest = NULL WHERE account_id = ?1",
    "UPDATE waitlist SET child_id = NULL WHERE account_id = ?1",
    "DELETE FROM lottery_applications WHERE account_id = ?1 AND round_id IN (SELECT id FROM lottery_rounds WHERE drawn_at IS NULL)",
    "UPDATE lottery_applications SET child_id = NULL WHERE account_id = ?1",
    "DELETE FROM children WHERE guardian_id = ?1",
    "DELETE FROM messages WHERE account_id = ?1",
    "DELETE FROM bike_holds WHERE account = ?1",
    "DELETE FROM car_licences WHERE account_id = ?1",
    "UPDATE car_trips SET note = '', idempotency_key = NULL, request_digest = NULL WHERE account_id = ?1",
    "DELETE FROM agency_members WHERE account_id = ?1",
    "DELETE FROM licence_disputes WHERE claimant_id = ?1 OR holder_id = ?1",
    // an issued donation receipt is the district's tax record: it stays, without the account (it
    // copies the donor and the items); a receipt only asked for goes, as do catering requests
    "UPDATE thrift_receipts SET account_id = NULL, booking_id = NULL WHERE account_id = ?1 AND number IS NOT NULL",
    "DELETE FROM thrift_receipts WHERE account_id = ?1",
    "DELETE FROM coffee_catering_requests WHERE account_id = ?1",
    // applications not decided go with their documents: the application first (foreign keys are
    // deferred to the commit), then its documents, which the trigger lets go once it is gone
    "DELETE FROM applications WHERE account_id = ?1 AND state IN ('draft', 'submitted', 'withdrawn')",
    "DELETE FROM application_documents WHERE application_id NOT IN (SELECT id FROM applications)",
    // the stub: no email, name, password or feed; a new sign-up may use the email again
    "UPDATE accounts SET email = 'deleted-' || id || '@deleted.invalid', name = '(삭제된 계정)', password_hash = '!deleted', \
     resident = 0, role = 'resident', calendar_token_hash = NULL, deleted_at = ?2 WHERE id = ?1",
];
