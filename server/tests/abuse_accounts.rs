//! Accounts under abuse (issue 23, 4.3–4.4 and 4.9): sign-ups are limited per address and their
//! hashing never holds up a log-in; the refusal of a taken email does not say that it is taken;
//! guesses sent at once from one address get five tries between them, whatever emails they name; a
//! password change ends another session at once, even one whose requests were in flight.

mod helpers;

use helpers::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tower::ServiceExt;

const PASSWORD: &str = "correct horse battery";

/// A test app behind a trusted proxy, so each request can say which address it comes from.
async fn behind_proxy() -> TestApp {
    TestApp::empty_with(server::Settings { edges: server::EdgeConfig { trust_forwarded: true }, ..server::Settings::for_tests() }).await
}

fn from(request: axum::http::Request<axum::body::Body>, address: &str) -> axum::http::Request<axum::body::Body> {
    let mut request = request;
    request.headers_mut().insert("x-forwarded-for", address.parse().unwrap());
    request
}

fn sign_up_body(email: &str) -> String {
    format!("email={}&password={}&name={}&resident=yes", enc(email), enc(PASSWORD), enc("주민"))
}

#[tokio::test]
async fn the_sixth_sign_up_from_one_address_within_an_hour_waits_and_other_addresses_do_not() {
    let app = behind_proxy().await;
    for i in 0..5 {
        let reply = app.send(from(post_form("/api/sign_up", &sign_up_body(&format!("home{i}@example.com")), "", "application/json"), "198.51.100.7")).await;
        assert_eq!(reply.status, 200, "sign-up {i}: {}", reply.body);
    }
    let sixth = app.send(from(post_form("/api/sign_up", &sign_up_body("home5@example.com"), "", "application/json"), "198.51.100.7")).await;
    assert_eq!(sixth.status, 429, "{}", sixth.body);
    assert!(sixth.headers.contains_key("retry-after"));
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM accounts").fetch_one(&app.pool).await.unwrap();
    assert_eq!(count, 5, "the refused sign-up made nothing");
    let elsewhere = app.send(from(post_form("/api/sign_up", &sign_up_body("home5@example.com"), "", "application/json"), "198.51.100.8")).await;
    assert_eq!(elsewhere.status, 200, "{}", elsewhere.body);
}

#[tokio::test]
async fn signing_up_with_a_taken_email_does_not_say_that_it_has_an_account() {
    let app = TestApp::empty().await;
    app.sign_up("taken@example.com", "먼저").await;
    for lang in ["ko", "en"] {
        let reply = app.call("/api/sign_up", &sign_up_body("taken@example.com"), &format!("lang={lang}")).await;
        assert!(reply.status.is_client_error(), "{}", reply.body);
        let message = reply.json()["message"].as_str().unwrap().to_string();
        for telling in ["already has an account", "already", "이미 가입된"] {
            assert!(!message.contains(telling), "{lang}: {message}");
        }
        assert!(message.contains("로그인") || message.contains("log in"), "says what to do next: {message}");
    }
}

#[tokio::test]
async fn a_log_in_does_not_wait_behind_a_flood_of_sign_ups() {
    let app = TestApp::empty().await;
    app.sign_up("resident@example.com", "주민").await;
    let finished = Arc::new(AtomicUsize::new(0));
    let mut flood = Vec::new();
    for i in 0..30 {
        let (router, finished) = (app.router.clone(), finished.clone());
        let request = post_form("/api/sign_up", &sign_up_body(&format!("flood{i}@example.com")), "", "application/json");
        flood.push(tokio::spawn(async move {
            let status = router.oneshot(request).await.unwrap().status();
            finished.fetch_add(1, Ordering::SeqCst);
            status
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(100)).await; // the flood is queued
    let login = app.log_in("resident@example.com", PASSWORD, "").await;
    let done_by_then = finished.load(Ordering::SeqCst);
    assert_eq!(login.status, 200, "{}", login.body);
    assert!(done_by_then <= 20, "the log-in waited for {done_by_then} of 30 sign-ups");
    for task in flood {
        assert_eq!(task.await.unwrap(), 200);
    }
}

#[tokio::test]
async fn three_hundred_guesses_sent_at_once_from_one_address_get_five_tries_between_them() {
    let app = behind_proxy().await;
    app.sign_up("victim@example.com", "피해자").await;
    let mut guesses = Vec::new();
    for i in 0..300 {
        // a different account each time: the account's own limit never comes into it
        let body = format!("email={}&password={}", enc(&format!("user{i}@example.com")), enc("guess guess guess"));
        let request = from(post_form("/api/log_in", &body, "", "application/json"), "192.0.2.66");
        let router = app.router.clone();
        guesses.push(tokio::spawn(async move { router.oneshot(request).await.unwrap().status().as_u16() }));
    }
    let mut statuses = Vec::new();
    for g in guesses {
        statuses.push(g.await.unwrap());
    }
    let hashed = statuses.iter().filter(|s| **s != 429).count();
    assert!(hashed <= 5, "{hashed} guesses reached the hasher: {statuses:?}");
    // the address waits; another address (a resident) logs in
    let mine = from(post_form("/api/log_in", &format!("email=victim%40example.com&password={}", enc(PASSWORD)), "", "application/json"), "192.0.2.67");
    assert_eq!(app.send(mine).await.status, 200);
}

#[tokio::test]
async fn a_password_change_ends_another_session_at_once_even_with_its_requests_in_flight() {
    let app = TestApp::empty().await;
    let phone = app.sign_up("busy@example.com", "바쁜").await;
    let laptop = session_cookie(&app.log_in("busy@example.com", PASSWORD, "").await).unwrap();
    // the phone keeps asking while the laptop changes the password
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut askers = Vec::new();
    for _ in 0..8 {
        let (router, stop, phone) = (app.router.clone(), stop.clone(), phone.clone());
        askers.push(tokio::spawn(async move {
            while !stop.load(Ordering::SeqCst) {
                let _ = router.clone().oneshot(get_with("/me", &[("cookie", phone.as_str()), ("accept", "text/html")])).await;
            }
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let body = format!("old={}&new={}&confirm={}", enc(PASSWORD), enc("a brand new passphrase"), enc("a brand new passphrase"));
    let changed = app.call("/api/change_password", &body, &laptop).await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    stop.store(true, Ordering::SeqCst);
    for a in askers {
        a.await.unwrap();
    }
    assert!(app.get_as("/me", &phone).await.status.is_redirection(), "the phone's session ended with the change");
}
