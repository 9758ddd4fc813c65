//! Booking a kids-café session through HTTP, as residents' browsers and scripts do: the plain-form
//! journey, 200 residents racing for the last 10 seats, a retried request, every bad input of the
//! issue's "bad input and abuse" list, cancelling and the waiting list, and two accounts that never
//! see each other's bookings.

mod helpers;

use axum::body::Body;
use axum::http::Request;
use helpers::*;
use server::seats::time_text;
use tower::ServiceExt;

/// A resident with one preschool child: the session cookie and the child's id.
async fn family(app: &TestApp, email: &str) -> (String, i64) {
    let cookie = app.sign_up(email, "보호자").await;
    let child = app.call("/api/add_child", "name=%ED%95%98%EB%8A%98&birth_date=2023-05-01", &cookie).await;
    assert_eq!(child.status, 200, "{}", child.body);
    (cookie, child.json().as_i64().unwrap())
}

/// `n` residents with a child each, fast: rows written with SQL around one real password hash,
/// then each logged in through `/api/log_in` (a real session each).
async fn families(app: &TestApp, n: usize) -> Vec<(String, i64)> {
    app.sign_up("template@example.com", "틀").await;
    let hash: String = sqlx::query_scalar("SELECT password_hash FROM accounts WHERE email = 'template@example.com'").fetch_one(&app.pool).await.unwrap();
    let mut children = Vec::with_capacity(n);
    for i in 0..n {
        let account = sqlx::query("INSERT INTO accounts (email, name, password_hash, resident, created_at) VALUES (?, '주민', ?, 1, ?)")
            .bind(format!("racer{i}@example.com")).bind(&hash).bind(time_text(test_now()))
            .execute(&app.pool).await.unwrap().last_insert_rowid();
        let child = sqlx::query("INSERT INTO children (guardian_id, name, birth_date, created_at) VALUES (?, '하늘', '2023-05-01', ?)")
            .bind(account).bind(time_text(test_now()))
            .execute(&app.pool).await.unwrap().last_insert_rowid();
        children.push(child);
    }
    let logins = (0..n).map(|i| {
        let body = format!("email=racer{i}%40example.com&password={}", enc("correct horse battery"));
        tokio::spawn(fire(app.router.clone(), post_form("/api/log_in", &body, "", "application/json")))
    });
    let mut made = Vec::with_capacity(n);
    for (login, child) in logins.collect::<Vec<_>>().into_iter().zip(children) {
        let reply = login.await.unwrap();
        assert_eq!(reply.status, 200, "{}", reply.body);
        made.push((session_cookie(&reply).unwrap(), child));
    }
    made
}

/// One request on its own task, so many run at once.
async fn fire(router: axum::Router, request: Request<Body>) -> Reply {
    let response = router.oneshot(request).await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    let bytes = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
    Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
}

/// The first Junggok session on `day` (sessions for this week and next exist from start-up).
async fn session_on(app: &TestApp, day: &str, nth: i64) -> i64 {
    sqlx::query_scalar("SELECT id FROM seat_sessions WHERE kind = 'kids_cafe' AND resource = 'junggok' AND starts_at LIKE ? ORDER BY starts_at LIMIT 1 OFFSET ?")
        .bind(format!("{day}%")).bind(nth).fetch_one(&app.pool).await.unwrap_or_else(|e| panic!("no session on {day}: {e}"))
}

/// A session made for the test: `starts` and `opens` as RFC 3339, closed or not.
async fn odd_session(app: &TestApp, starts: &str, opens: &str, closed: bool) -> i64 {
    let ends = starts.replace("T07:", "T09:");
    sqlx::query("INSERT INTO seat_sessions (kind, resource, starts_at, ends_at, opens_at, capacity, closed) VALUES ('kids_cafe', 'junggok', ?, ?, ?, 12, ?)")
        .bind(starts).bind(ends).bind(opens).bind(closed as i64).execute(&app.pool).await.unwrap().last_insert_rowid()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.pool).await.unwrap()
}

fn book_body(session: i64, child: i64, key: &str) -> String {
    format!("session={session}&child={child}&key={key}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_residents_racing_for_the_last_ten_seats_get_exactly_ten_bookings() {
    let app = TestApp::seeded().await;
    let session = session_on(&app, "2026-11-28", 0).await;
    sqlx::query("UPDATE seat_sessions SET taken = capacity - 10 WHERE id = ?").bind(session).execute(&app.pool).await.unwrap();
    let racers = families(&app, 200).await;
    let started = std::time::Instant::now();
    let tasks: Vec<_> = racers
        .iter()
        .enumerate()
        .map(|(i, (cookie, child))| {
            let body = book_body(session, *child, &format!("race-key-{i:04}"));
            tokio::spawn(fire(app.router.clone(), post_form("/api/book_session", &body, cookie, "application/json")))
        })
        .collect();
    let mut statuses = std::collections::BTreeMap::<u16, u32>::new();
    for task in tasks {
        let reply = task.await.unwrap();
        if reply.status == 409 {
            assert!(reply.json()["message"].as_str().unwrap().contains("남은 자리가 없습니다"), "{}", reply.body);
        }
        *statuses.entry(reply.status.as_u16()).or_default() += 1;
    }
    eprintln!("200 racers answered in {:?}: {statuses:?}", started.elapsed());
    assert_eq!(statuses, [(200, 10), (409, 190)].into_iter().collect(), "exactly 10 booked, 190 told it is full, no 5xx");
    let (taken, capacity): (i64, i64) = sqlx::query_as("SELECT taken, capacity FROM seat_sessions WHERE id = ?").bind(session).fetch_one(&app.pool).await.unwrap();
    assert_eq!(taken, capacity);
    assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM bookings WHERE session_id = {session} AND status = 'booked'")).await, 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_idempotency_key_fifty_times_at_once_makes_one_booking() {
    let app = TestApp::seeded().await;
    let (cookie, child) = family(&app, "retry@example.com").await;
    let session = session_on(&app, "2026-11-27", 0).await;
    let body = book_body(session, child, "one-key-for-all-50");
    let tasks: Vec<_> = (0..50).map(|_| tokio::spawn(fire(app.router.clone(), post_form("/api/book_session", &body, &cookie, "application/json")))).collect();
    let mut references = std::collections::BTreeSet::new();
    for task in tasks {
        let reply = task.await.unwrap();
        assert_eq!(reply.status, 200, "{}", reply.body);
        references.insert(reply.json()["reference"].as_str().unwrap().to_string());
    }
    assert_eq!(references.len(), 1, "one reference: {references:?}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM bookings").await, 1);
    assert_eq!(count(&app, &format!("SELECT taken FROM seat_sessions WHERE id = {session}")).await, 1);
}

#[tokio::test]
async fn a_plain_form_booking_goes_from_the_child_to_the_check_to_its_confirmation_and_my_bookings() {
    let app = TestApp::seeded().await;
    let (cookie, child) = family(&app, "kim@example.com").await;
    let session = session_on(&app, "2026-11-28", 1).await;
    let choose = app.get_as(&format!("/kids-cafe/book?session={session}"), &cookie).await;
    assert_eq!(choose.status, 200, "{}", choose.body);
    assert!(choose.body.contains("어느 어린이를 예약할까요?") && choose.body.contains(&format!("value=\"{child}\"")));
    assert_eq!(choose.headers["cache-control"], "private, no-store");
    let check = app.get_as(&format!("/kids-cafe/book/check?session={session}&child={child}"), &format!("{cookie}; lang=en")).await;
    assert_eq!(check.status, 200);
    assert!(check.body.contains("Check your answers") && check.body.contains("KRW 2,000"));
    let key = check.body.split("name=\"key\" value=\"").nth(1).and_then(|s| s.split('"').next()).expect("a key in the form").to_string();
    let booked = app.send(post_form("/api/book_session", &format!("{}&fee_waived=yes", book_body(session, child, &key)), &cookie, "text/html")).await;
    assert!(booked.status.is_redirection(), "{}", booked.status);
    let location = booked.headers["location"].to_str().unwrap().to_string();
    let reference = location.strip_prefix("/me/bookings/").expect("the confirmation").to_string();
    let confirmation = app.get_as(&location, &cookie).await;
    assert_eq!(confirmation.status, 200);
    assert!(confirmation.body.contains(&reference) && confirmation.body.contains("예약되었습니다") && confirmation.body.contains("무료"));
    assert_eq!(confirmation.headers["cache-control"], "private, no-store");
    let mine = app.get_as("/me/bookings", &cookie).await;
    assert!(mine.body.contains(&reference) && mine.body.contains("꿈이랑팡팡 1호점"), "labelled by its branch");
    assert_eq!(mine.headers["cache-control"], "private, no-store");
    let guest = app.get_as("/me/bookings", "").await;
    assert!(guest.status.is_redirection(), "a guest is sent to log in");
}

/// Asserts a refusal: the status, a message in the language asked, and nothing written.
async fn refused(app: &TestApp, uri: &str, body: &str, cookie: &str, status: u16, words: &str) {
    let before = count(app, "SELECT COUNT(*) FROM bookings WHERE status = 'booked'").await;
    let reply = app.call(uri, body, cookie).await;
    assert_eq!(reply.status, status, "{uri} {body}: {}", reply.body);
    assert!(reply.json()["message"].as_str().unwrap_or_default().contains(words), "{body}: {}", reply.body);
    assert_eq!(count(app, "SELECT COUNT(*) FROM bookings WHERE status = 'booked'").await, before, "nothing changed");
}

#[tokio::test]
async fn every_bad_input_gets_a_clear_message_in_the_residents_language_and_changes_nothing() {
    let app = TestApp::seeded().await;
    let (cookie, child) = family(&app, "lee@example.com").await;
    let (other, others_child) = family(&app, "park@example.com").await;
    let en = format!("{cookie}; lang=en");
    let day = session_on(&app, "2026-11-26", 0).await;
    let same_day = session_on(&app, "2026-11-26", 1).await;
    for garbage in ["session=abc&child=1&key=abcdefgh12", "session=-4&child=1&key=abcdefgh12", "session=1e3&child=1&key=abcdefgh12"] {
        refused(&app, "/api/book_session", garbage, &en, 400, "There is no such session").await;
    }
    refused(&app, "/api/book_session", &book_body(day, 0, "abcdefgh12"), &en, 400, "not on your account").await;
    refused(&app, "/api/book_session", &book_body(day, child, "short"), &en, 400, "request number is not valid").await;
    refused(&app, "/api/book_session", &book_body(day, child, "has%20space%20x"), &cookie, 400, "요청 번호").await;
    refused(&app, "/api/book_session", &format!("session={day}&child={child}"), &en, 400, "could not be read").await;
    refused(&app, "/api/book_session", &book_body(999_999, child, "abcdefgh12"), &en, 400, "no such session").await;
    refused(&app, "/api/book_session", &book_body(day, others_child, "abcdefgh12"), &en, 400, "").await;
    let baby = app.call("/api/add_child", "name=Baby&birth_date=2025-06-01", &cookie).await.json().as_i64().unwrap();
    refused(&app, "/api/book_session", &book_body(day, baby, "abcdefgh12"), &en, 400, "from 24 months").await;
    refused(&app, "/api/book_session", &book_body(day, baby, "abcdefgh12"), &cookie, 400, "24개월").await;
    assert_eq!(app.call("/api/book_session", &book_body(day, child, "first-key-1"), &cookie).await.status, 200);
    refused(&app, "/api/book_session", &book_body(same_day, child, "second-key-2"), &en, 400, "one session a day").await;
    refused(&app, "/api/book_session", &book_body(same_day, child, "first-key-1"), &en, 400, "used for another booking").await;
    let past = odd_session(&app, "2026-11-22T07:00:00+09:00", "2026-11-10T09:00:00+09:00", false).await;
    refused(&app, "/api/book_session", &book_body(past, child, "abcdefgh13"), &en, 409, "already started or is over").await;
    let closed = odd_session(&app, "2026-11-29T07:00:00+09:00", "2026-11-17T09:00:00+09:00", true).await;
    refused(&app, "/api/book_session", &book_body(closed, child, "abcdefgh14"), &en, 409, "has been closed").await;
    let later = odd_session(&app, "2026-12-06T07:00:00+09:00", "2026-11-24T09:00:00+09:00", false).await;
    refused(&app, "/api/book_session", &book_body(later, child, "abcdefgh15"), &en, 409, "Booking opens at 2026-11-24 09:00").await;
    refused(&app, "/api/book_session", &book_body(later, child, "abcdefgh15"), &cookie, 409, "예약이 열립니다").await;
    refused(&app, "/api/book_session", &book_body(day, child, "abcdefgh16"), "", 401, "로그인").await;
    // a cross-site form post: another site's page posting with the resident's cookie
    let mut forged = post_form("/api/book_session", &book_body(same_day, others_child, "abcdefgh17"), &other, "text/html");
    forged.headers_mut().insert("origin", "https://evil.example".parse().unwrap());
    forged.headers_mut().insert("sec-fetch-site", "cross-site".parse().unwrap());
    assert_eq!(app.send(forged).await.status, 403);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM bookings").await, 1, "only the one good booking");
    // a refused plain form goes back to its page with the message, never a 5xx
    let plain = app.send(post_form("/api/book_session", "session=x&child=y&key=z", &cookie, "text/html")).await;
    assert!(plain.status.is_redirection(), "{}", plain.status);
}

#[tokio::test]
async fn another_accounts_booking_can_be_neither_seen_nor_cancelled() {
    let app = TestApp::seeded().await;
    let (mine, child) = family(&app, "choi@example.com").await;
    let (theirs, their_child) = family(&app, "jung@example.com").await;
    let session = session_on(&app, "2026-11-29", 0).await;
    let my_ref = app.call("/api/book_session", &book_body(session, child, "choi-key-1"), &mine).await.json()["reference"].as_str().unwrap().to_string();
    let their_ref = app.call("/api/book_session", &book_body(session, their_child, "jung-key-1"), &theirs).await.json()["reference"].as_str().unwrap().to_string();
    let my_page = app.get_as("/me/bookings", &mine).await;
    assert!(my_page.body.contains(&my_ref) && !my_page.body.contains(&their_ref));
    let their_page = app.get_as("/me/bookings", &theirs).await;
    assert!(their_page.body.contains(&their_ref) && !their_page.body.contains(&my_ref));
    assert_eq!(app.get_as(&format!("/me/bookings/{their_ref}"), &mine).await.status, 404);
    assert_eq!(app.get_as("/me/bookings/not-a-ref", &mine).await.status, 404);
    refused(&app, "/api/cancel_booking", &format!("reference={their_ref}"), &format!("{mine}; lang=en"), 400, "could not find that on your account").await;
    refused(&app, "/api/cancel_booking", "reference=K-0000", &format!("{mine}; lang=en"), 400, "not a booking reference").await;
    assert_eq!(count(&app, "SELECT COUNT(*) FROM bookings WHERE status = 'booked'").await, 2);
}

#[tokio::test]
async fn a_cancelled_seat_is_offered_to_the_first_on_the_waiting_list_in_their_bookings() {
    let app = TestApp::seeded().await;
    let (booker, child) = family(&app, "han@example.com").await;
    let (waiter, waiting_child) = family(&app, "yoon@example.com").await;
    let session = session_on(&app, "2026-11-25", 2).await;
    sqlx::query("UPDATE seat_sessions SET taken = capacity - 1 WHERE id = ?").bind(session).execute(&app.pool).await.unwrap();
    let booked = app.call("/api/book_session", &book_body(session, child, "han-key-01"), &booker).await;
    let reference = booked.json()["reference"].as_str().unwrap().to_string();
    let check = app.get_as(&format!("/kids-cafe/book/check?session={session}&child={waiting_child}"), &waiter).await;
    assert!(check.body.contains("/api/join_waitlist"), "a full session offers the waiting list");
    let joined = app.send(post_form("/api/join_waitlist", &format!("session={session}&child={waiting_child}"), &waiter, "text/html")).await;
    assert_eq!(joined.headers["location"], "/me/bookings?done=waiting");
    assert!(app.get_as("/me/bookings", &waiter).await.body.contains("대기 중"));
    let cancelled = app.send(post_form("/api/cancel_booking", &format!("reference={reference}&next=%2Fme%2Fbookings"), &booker, "text/html")).await;
    assert_eq!(cancelled.headers["location"], "/me/bookings");
    assert!(app.get_as(&format!("/me/bookings/{reference}"), &booker).await.body.contains("취소됨"));
    let offered = app.get_as("/me/bookings", &format!("{waiter}; lang=en")).await;
    assert!(offered.body.contains("Seat offered") && offered.body.contains("Please confirm it in Messages by"), "the offer says until when");
}
