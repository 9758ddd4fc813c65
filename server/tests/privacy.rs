//! Privacy through HTTP (issue 23 §3): the notice, downloading one's data (only one's own),
//! deleting the account (the confirm step, the throttle, future seats offered on, what goes and
//! what the law keeps, sessions ended), the chore that deletes refused applications' documents at
//! set times, and licence numbers kept as keyed fingerprints.

mod helpers;

use domain::accounts::AccountId;
use domain::seats::{Holder, SeatBook, SeatRequest, SessionId};
use domain::SeoulTime;
use helpers::*;
use server::seats::time_text;

const PASSWORD: &str = "correct horse battery";

fn at(date: &str, hour: u8, minute: u8) -> SeoulTime {
    SeoulTime::at(domain::IsoDate::parse(date).unwrap(), hour, minute).unwrap()
}

async fn account_id(app: &TestApp, email: &str) -> AccountId {
    AccountId(sqlx::query_scalar("SELECT id FROM accounts WHERE email = ?").bind(email).fetch_one(&app.pool).await.unwrap())
}

async fn add_child(app: &TestApp, cookie: &str, name: &str) {
    let reply = app.call("/api/add_child", &format!("name={}&birth_date=2023-05-01", enc(name)), cookie).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
}

async fn download(app: &TestApp, cookie: &str) -> Reply {
    app.send(get_with("/me/my-data.json", &[("cookie", cookie), ("accept", "application/json")])).await
}

async fn delete(app: &TestApp, cookie: &str, password: &str, understood: bool) -> Reply {
    let body = format!("password={}{}", enc(password), if understood { "&understood=yes" } else { "" });
    app.call("/api/delete_account", &body, cookie).await
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.pool).await.unwrap()
}

#[tokio::test]
async fn the_notice_is_public_and_linked_from_the_footer_and_the_forms_that_collect_data() {
    let app = TestApp::empty().await;
    let page = app.get("/privacy").await;
    assert_eq!(page.status, 200);
    for anchor in ["id=\"account\"", "id=\"children\"", "id=\"bookings\"", "id=\"carshare\"", "id=\"programmes\"", "id=\"rights\""] {
        assert!(page.body.contains(anchor), "{anchor}");
    }
    assert!(page.body.contains("90"), "the retention period the chore applies is stated");
    let home = app.get("/").await;
    assert!(home.body.contains("href=\"/privacy\""), "footer link");
    let sign_up = app.get("/sign-up").await;
    assert!(sign_up.body.contains("href=\"/privacy#account\""));
    let english = app.send(get_with("/privacy", &[("cookie", "lang=en")])).await;
    assert!(english.body.contains("Privacy notice") && english.body.contains("lang=\"en\""));
}

#[tokio::test]
async fn the_download_holds_the_accounts_own_data_and_never_anothers() {
    let app = TestApp::empty().await;
    let a = app.sign_up("a@example.com", "가나다").await;
    let b = app.sign_up("b@example.com", "라마바").await;
    add_child(&app, &a, "하늘이").await;
    add_child(&app, &b, "바다야").await;
    let mine = download(&app, &a).await;
    assert_eq!(mine.status, 200, "{}", mine.body);
    assert_eq!(mine.headers["cache-control"], "private, no-store");
    let disposition = mine.headers["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment; filename=\"dongne-my-data-2026-11-23.json\""), "{disposition}");
    let json = mine.json();
    assert_eq!(json["account"]["email"], "a@example.com");
    assert_eq!(json["children"][0]["name"], "하늘이");
    assert_eq!(json["children"].as_array().unwrap().len(), 1);
    for part in ["bookings", "waiting_list", "lottery_entries", "driving_licence", "car_and_parking_trips", "bike_holds",
        "programme_applications", "programme_documents", "messages", "agency_membership"] {
        assert!(json[part].is_array(), "{part}");
    }
    assert!(!mine.body.contains("$argon2id$"), "no password hash");
    assert!(!mine.body.contains("바다야") && !mine.body.contains("b@example.com"));
    let theirs = download(&app, &b).await.json();
    assert_eq!(theirs["account"]["email"], "b@example.com");
    assert_eq!(theirs["children"][0]["name"], "바다야");
}

#[tokio::test]
async fn a_guest_is_sent_to_log_in_and_garbage_is_refused_in_both_languages() {
    let app = TestApp::empty().await;
    let page = app.send(get_with("/me/my-data.json", &[("accept", "text/html")])).await;
    assert_eq!(page.status, 303);
    assert_eq!(page.headers["location"], "/log-in?next=%2Fme%2Fmy-data.json");
    assert_eq!(app.send(get_with("/me/my-data.json", &[("accept", "application/json")])).await.status, 401);
    let cookie = app.sign_up("a@example.com", "가나다").await;
    for query in ["?format=xml", "?%00=1", &format!("?{}", "x".repeat(5000))] {
        let reply = app.send(get_with(&format!("/me/my-data.json{query}"), &[("cookie", cookie.as_str())])).await;
        assert_eq!(reply.status, 400, "{query}");
        let json = reply.json();
        assert!(json["error"].as_str().unwrap().contains("Unknown parameter"));
        assert!(json["message_ko"].as_str().unwrap().contains("알 수 없는"));
    }
}

#[tokio::test]
async fn deleting_needs_a_signed_in_caller_the_box_ticked_and_the_password() {
    let app = TestApp::empty().await;
    assert_eq!(delete(&app, "", PASSWORD, true).await.status, 401);
    let cookie = app.sign_up("a@example.com", "가나다").await;
    let unticked = delete(&app, &cookie, PASSWORD, false).await;
    assert_eq!(unticked.status, 400);
    assert!(unticked.body.contains("Tick the box") || unticked.body.contains("되돌릴 수 없다"), "{}", unticked.body);
    let wrong = delete(&app, &cookie, "not the password at all", true).await;
    assert_eq!(wrong.status, 400, "{}", wrong.body);
    for garbage in ["", &"x".repeat(10_000)] {
        assert_eq!(delete(&app, &cookie, garbage, true).await.status, 400, "{} chars", garbage.len());
    }
    let odd = app.call("/api/delete_account", "password=%FF%FE&understood=%00", &cookie).await;
    assert_eq!(odd.status, 400, "{}", odd.body);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM accounts WHERE deleted_at IS NULL").await, 1, "nothing was deleted");
}

#[tokio::test]
async fn the_sixth_wrong_password_in_a_quarter_hour_waits_before_any_hash() {
    let app = TestApp::empty().await;
    let cookie = app.sign_up("a@example.com", "가나다").await;
    for _ in 0..5 {
        assert_eq!(delete(&app, &cookie, "wrong password here", true).await.status, 400);
    }
    let held = delete(&app, &cookie, PASSWORD, true).await;
    assert_eq!(held.status, 429, "{}", held.body);
    assert!(held.headers.contains_key("retry-after"));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM accounts WHERE deleted_at IS NULL").await, 1);
}

/// A facility slot tomorrow with one seat, open for booking since last week.
async fn one_seat_tomorrow(app: &TestApp) -> SessionId {
    let starts = at("2026-11-24", 10, 0);
    let id = sqlx::query("INSERT INTO seat_sessions (kind, resource, starts_at, ends_at, opens_at, capacity) VALUES ('facility', 'privacy-test-room', ?, ?, ?, 1)")
        .bind(time_text(starts))
        .bind(time_text(starts.plus_minutes(120)))
        .bind(time_text(at("2026-11-17", 9, 0)))
        .execute(&app.pool)
        .await
        .unwrap()
        .last_insert_rowid();
    SessionId::new(id).unwrap()
}

fn seat(session: SessionId, account: AccountId) -> SeatRequest {
    SeatRequest { session, account, holder: Holder::Person(account), fee_krw: 0, fee_waived: false, group_size: 1, idempotency_key: None }
}

#[tokio::test]
async fn deleting_cancels_future_seats_through_the_cancel_path_so_the_first_waiting_is_offered_the_seat() {
    let app = TestApp::empty().await;
    let a = app.sign_up("a@example.com", "가나다").await;
    app.sign_up("b@example.com", "라마바").await;
    let (ida, idb) = (account_id(&app, "a@example.com").await, account_id(&app, "b@example.com").await);
    let session = one_seat_tomorrow(&app).await;
    let seats = app.state.seats.clone();
    seats.take_seat(seat(session, ida), test_now()).await.unwrap();
    seats.join_waitlist(seat(session, idb), test_now()).await.unwrap();

    let done = delete(&app, &a, PASSWORD, true).await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(done.json()["seats_cancelled"], 1);
    assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM bookings WHERE account_id = {} AND status = 'cancelled'", ida.0)).await, 1);
    assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM waitlist WHERE account_id = {} AND status = 'offered'", idb.0)).await, 1,
        "the seat went to the first waiting");
    assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM messages WHERE account_id = {}", idb.0)).await, 1, "who was told");
    assert_eq!(count(&app, &format!("SELECT taken FROM seat_sessions WHERE id = {}", session.get())).await, 1, "held for the offer");
}

#[tokio::test]
async fn a_deleted_account_ends_every_session_cannot_log_in_and_frees_its_email() {
    let app = TestApp::empty().await;
    let first = app.sign_up("a@example.com", "가나다").await;
    let second = session_cookie(&app.log_in("a@example.com", PASSWORD, "").await).unwrap();
    assert!(app.get_as("/me", &second).await.body.contains("가나다"));
    let plain = app.send(post_form("/api/delete_account", &format!("password={}&understood=yes", enc(PASSWORD)), &first, "text/html")).await;
    assert!(plain.status.is_redirection(), "a plain form is sent on: {}", plain.status);
    assert_eq!(plain.headers["location"], "/privacy?deleted=1");
    let after = app.get_as("/me", &second).await;
    assert!(!after.body.contains("가나다"), "the other device's session ended");
    assert!(after.headers.get("location").is_some_and(|l| l.to_str().unwrap().starts_with("/log-in")), "sent to log in");
    assert_ne!(app.log_in("a@example.com", PASSWORD, "").await.status, 200);
    assert_eq!(download(&app, &second).await.status, 401);
    app.sign_up("a@example.com", "다시 온 사람").await;
}

#[tokio::test]
async fn what_the_law_keeps_stays_without_the_account_and_the_rest_goes() {
    let app = TestApp::empty().await;
    let cookie = app.sign_up("a@example.com", "가나다").await;
    add_child(&app, &cookie, "하늘이").await;
    let id = account_id(&app, "a@example.com").await;
    let approved = application(&app, id, "H-KEEP-0001", "approved", false).await;
    let draft = application(&app, id, "L-GONE-0001", "draft", true).await;
    sqlx::query("INSERT INTO messages (account_id, created_at, subject_ko, subject_en, body_ko, body_en) VALUES (?, '2026-11-23T09:00:00+09:00', 'a', 'a', 'b', 'b')")
        .bind(id.0).execute(&app.pool).await.unwrap();
    assert_eq!(delete(&app, &cookie, PASSWORD, true).await.status, 200);
    let row: (String, String, String, Option<String>) = sqlx::query_as("SELECT email, name, password_hash, deleted_at FROM accounts WHERE id = ?")
        .bind(id.0).fetch_one(&app.pool).await.unwrap();
    assert_eq!(row.0, format!("deleted-{}@deleted.invalid", id.0));
    assert!(!row.1.contains("가나다") && row.2 == "!deleted" && row.3.is_some());
    assert_eq!(count(&app, "SELECT COUNT(*) FROM children").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM messages").await, 0);
    assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM applications WHERE id = {approved}")).await, 1, "a decided application stays");
    assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM application_documents WHERE application_id = {approved}")).await, 1);
    assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM applications WHERE id = {draft}")).await, 0, "a draft goes");
    assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM application_documents WHERE application_id = {draft}")).await, 0);
}

/// An application of `account` in `state`, with one document (added while a draft): the veterans'
/// allowance, or with `loan` the SME loan of the first published round (one of each per account).
async fn application(app: &TestApp, account: AccountId, reference: &str, state: &str, loan: bool) -> i64 {
    let round: Option<i64> = if loan { Some(sqlx::query_scalar("SELECT MIN(id) FROM loan_rounds").fetch_one(&app.pool).await.unwrap()) } else { None };
    let id = sqlx::query("INSERT INTO applications (reference, kind, account_id, round_id, round_key, business_number, answers, state, created_at) \
                          VALUES (?, ?, ?, ?, ?, ?, '{}', 'draft', '2026-01-02T09:00:00+09:00')")
        .bind(reference)
        .bind(if loan { "sme-loan" } else { "veterans-allowance" })
        .bind(account.0)
        .bind(round)
        .bind(round.unwrap_or(0))
        .bind(loan.then(|| format!("123-45-{:05}", account.0)))
        .execute(&app.pool).await.unwrap().last_insert_rowid();
    sqlx::query("INSERT INTO application_documents (application_id, kind, file_kind, name, bytes, content, sha256, uploaded_at) VALUES (?, 'certificate', 'pdf', 'a.pdf', 3, X'255044', ?, '2026-01-02T09:00:00+09:00')")
        .bind(id).bind("0".repeat(64)).execute(&app.pool).await.unwrap();
    if state != "draft" {
        sqlx::query("UPDATE applications SET state = ?, submitted_at = '2026-01-03T09:00:00+09:00', decided_at = CASE WHEN ? = 'submitted' THEN NULL ELSE '2026-01-31T23:45:00+09:00' END WHERE id = ?")
            .bind(state).bind(state).bind(id).execute(&app.pool).await.unwrap();
    }
    id
}

#[tokio::test]
async fn a_refusals_documents_go_ninety_days_after_the_decision_and_an_approvals_stay() {
    let app = TestApp::empty().await;
    for email in ["a@example.com", "b@example.com", "c@example.com"] {
        app.sign_up(email, "가나다").await;
    }
    let refused = application(&app, account_id(&app, "a@example.com").await, "H-REFU-0001", "rejected", false).await;
    let approved = application(&app, account_id(&app, "b@example.com").await, "H-APPR-0001", "approved", false).await;
    let under_review = application(&app, account_id(&app, "c@example.com").await, "H-REVI-0001", "submitted", false).await;
    let docs = |app_id: i64| format!("SELECT COUNT(*) FROM application_documents WHERE application_id = {app_id}");
    // decided 31 Jan 23:45: due from 1 May 23:45 (90 days), not a minute before
    for (moment, expected) in [(at("2026-02-01", 0, 5), 0), (at("2026-05-01", 23, 44), 0), (at("2026-05-01", 23, 45), 1)] {
        assert_eq!(server::privacy::retention::sweep(&app.pool, moment).await.unwrap(), expected, "{moment}");
    }
    assert_eq!(count(&app, &docs(refused)).await, 0);
    assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM applications WHERE id = {refused}")).await, 1, "the decision stays");
    assert_eq!(count(&app, &docs(approved)).await, 1);
    assert_eq!(count(&app, &docs(under_review)).await, 1);
    assert_eq!(server::privacy::retention::sweep(&app.pool, at("2027-01-01", 0, 5)).await.unwrap(), 0, "again: nothing more");
    // the database itself still refuses to drop documents under review
    assert!(sqlx::query(&format!("DELETE FROM application_documents WHERE application_id = {under_review}")).execute(&app.pool).await.is_err());
}

#[tokio::test]
async fn a_licence_is_kept_as_a_keyed_fingerprint_and_a_legacy_hash_is_rekeyed_at_start() {
    use domain::carshare::{CarShare, Licence, LicenceForm};
    use server::carshare::licence_key;
    let app = TestApp::empty().await;
    app.sign_up("a@example.com", "가나다").await;
    app.sign_up("b@example.com", "라마바").await;
    let (a, b) = (account_id(&app, "a@example.com").await, account_id(&app, "b@example.com").await);
    // the key was made next to the database on first start, readable by its owner only
    let path = licence_key::key_path(app.pool.connect_options().get_filename());
    let key = licence_key::load_file(&path).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
    // a row as stored before keys: the plain SHA-256 of the digits
    use sha2::Digest;
    let digits = "111512345678";
    let legacy: String = sha2::Sha256::digest(digits.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    sqlx::query("INSERT INTO car_licences (account_id, digits_hmac, masked, issued_on, expires_on, birth_date, verified_at) VALUES (?, ?, '11-**-******-78', '2015-03-02', '2030-12-31', '1990-05-05', '2026-01-01T00:00:00+09:00')")
        .bind(a.0).bind(&legacy).execute(&app.pool).await.unwrap();
    assert_eq!(licence_key::rekey_legacy(&app.pool, &key).await.unwrap(), 1);
    let (stored, keyed): (String, i64) = sqlx::query_as("SELECT digits_hmac, keyed FROM car_licences WHERE account_id = ?").bind(a.0).fetch_one(&app.pool).await.unwrap();
    assert_eq!((stored.as_str(), keyed), (key.fingerprint(digits).as_str(), 1));
    assert_ne!(stored, legacy);
    assert_eq!(licence_key::rekey_legacy(&app.pool, &key).await.unwrap(), 0, "once only");
    // the re-keyed licence is still recognised: another account cannot register the same number
    let form = LicenceForm { number: digits.into(), issued_on: "2015-03-02".into(), expires_on: "2030-12-31".into(), birth_date: "1990-05-05".into() };
    let (licence, typed) = Licence::verify(&form, test_now().date()).unwrap();
    let store = app.state.carshare.store.clone();
    assert!(store.save_licence(b, licence, typed, test_now()).await.is_err());
}
