//! The fair opening by lottery, end to end on a real SQLite file with the clock fixed in the
//! window and at the draw: the commitment is the SHA-256 of the seed published afterwards, anyone
//! re-running the draw from the published list gets the stored winners, a household wins at most
//! two seats a week, losers wait in draw order, and applications outside the window are refused.

mod helpers;
#[path = "lottery/fair_opening.rs"]
mod fair_opening;

use domain::accounts::{AccountId, ChildId};
use domain::calendar::FixedClock;
use domain::kids_cafe::Branch;
use domain::seats::*;
use domain::{IsoDate, SeoulTime};
use helpers::*;
use server::kids_cafe::{lottery, lottery_draw};
use server::seats::time_text;
use server::{app, db, AppState, Settings};
use std::collections::HashMap;
use std::sync::Arc;

fn at(date: &str, hour: u8, minute: u8) -> SeoulTime {
    SeoulTime::at(IsoDate::parse(date).unwrap(), hour, minute).unwrap()
}

/// Tuesday 24 November, 10:00: next week's window (09:00 Tuesday to 09:00 Wednesday) is open.
fn in_window() -> SeoulTime {
    at("2026-11-24", 10, 0)
}

fn draw_time() -> SeoulTime {
    at("2026-11-25", 9, 0)
}

/// The real router over a fresh file, with its own clock (the helpers' `TestApp` runs at Monday).
struct Lottery {
    app: Running,
}

struct Running {
    router: axum::Router,
    state: AppState,
    pool: sqlx::SqlitePool,
    _dir: tempfile::TempDir,
}

impl Running {
    async fn send(&self, request: axum::http::Request<axum::body::Body>) -> Reply {
        use http_body_util::BodyExt;
        use tower::ServiceExt;
        let response = self.router.clone().oneshot(request).await.unwrap();
        let (status, headers) = (response.status(), response.headers().clone());
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    async fn get(&self, uri: &str) -> Reply {
        self.send(get_with(uri, &[])).await
    }

    async fn call(&self, uri: &str, body: &str, cookie: &str) -> Reply {
        self.send(post_form(uri, body, cookie, "application/json")).await
    }

    async fn sign_up(&self, email: &str, name: &str) -> String {
        let body = format!("email={}&password={}&name={}&resident=yes", enc(email), enc("correct horse battery"), enc(name));
        let reply = self.call("/api/sign_up", &body, "").await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        session_cookie(&reply).unwrap()
    }
}

impl Lottery {
    /// The app with the clock at `now`, Junggok switched to lottery at `now` (its rounds made).
    async fn at(now: SeoulTime) -> Lottery {
        let dir = tempfile::tempdir().unwrap();
        let pool = db::connect(&format!("sqlite://{}/lottery.db", dir.path().display())).await.unwrap();
        let state = AppState::load(pool.clone(), Settings::for_tests(), Arc::new(FixedClock(now))).await.unwrap();
        lottery::set_mode(&pool, Branch::Junggok, app::kids_cafe::lottery::OpeningMode::Lottery, now).await.unwrap();
        Lottery { app: Running { router: app(state.clone()), state, pool, _dir: dir } }
    }

    /// A household: an account with `children` preschool children.
    async fn household(&self, children: usize) -> (AccountId, Vec<ChildId>) {
        let account = sqlx::query("INSERT INTO accounts (email, name, password_hash, resident, created_at) \
                                   VALUES ('h' || (SELECT COUNT(*) FROM accounts) || '@example.com', '주민', 'x', 1, ?)")
            .bind(time_text(in_window())).execute(&self.app.pool).await.unwrap().last_insert_rowid();
        let mut kids = Vec::new();
        for _ in 0..children {
            let id = sqlx::query("INSERT INTO children (guardian_id, name, birth_date, created_at) VALUES (?, '하늘', '2023-05-01', ?)")
                .bind(account).bind(time_text(in_window())).execute(&self.app.pool).await.unwrap().last_insert_rowid();
            kids.push(ChildId::new(id).unwrap());
        }
        (AccountId(account), kids)
    }

    async fn session(&self, date: &str, hour: u8) -> SessionId {
        let id: i64 = sqlx::query_scalar("SELECT id FROM seat_sessions WHERE kind = 'kids_cafe' AND resource = 'junggok' AND starts_at = ?")
            .bind(time_text(at(date, hour, 0))).fetch_one(&self.app.pool).await.unwrap();
        SessionId::new(id).unwrap()
    }

    async fn capacity(&self, session: SessionId, n: u32) {
        sqlx::query("UPDATE seat_sessions SET capacity = ? WHERE id = ?").bind(n).bind(session.get()).execute(&self.app.pool).await.unwrap();
    }

    async fn published(&self) -> serde_json::Value {
        let reply = self.app.get("/api/v1/kids-cafe/lottery?branch=junggok&week=2026-11-30").await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.json()
    }
}

/// Re-runs the draw from what is published, as an outsider would: sessions in the listed order,
/// tickets from the seed, the cap counting earlier sessions' wins and other branches' (`prior_wins`).
fn rerun(published: &serde_json::Value) -> Vec<(Vec<i64>, Vec<i64>)> {
    let round = &published["round"];
    let seed = Seed::from_hex(round["seed"].as_str().unwrap()).unwrap();
    let mut won: HashMap<i64, u32> = HashMap::new();
    let mut outcomes = Vec::new();
    for s in round["sessions"].as_array().unwrap() {
        let apps: Vec<(Application, u32)> = s["applications"].as_array().unwrap().iter().map(|a| (
            Application { id: a["id"].as_i64().unwrap(), household: a["household"].as_i64().unwrap() },
            a["prior_wins"].as_u64().unwrap() as u32)).collect();
        let prior: HashMap<i64, u32> = apps.iter().map(|(a, p)| (a.household, *p)).collect();
        let list: Vec<Application> = apps.iter().map(|(a, _)| *a).collect();
        let outcome = draw(seed, &list, s["seats"].as_u64().unwrap() as u32, |h| prior[&h] + won.get(&h).copied().unwrap_or(0));
        for id in &outcome.winners {
            *won.entry(list.iter().find(|a| a.id == *id).unwrap().household).or_default() += 1;
        }
        outcomes.push((outcome.winners, outcome.waitlist));
    }
    outcomes
}

#[tokio::test]
async fn the_published_draw_reruns_to_the_stored_winners_with_the_cap_and_the_waitlist_in_order() {
    let l = Lottery::at(in_window()).await;
    let (saturday, sunday) = (l.session("2026-12-05", 10).await, l.session("2026-12-06", 10).await);
    l.capacity(saturday, 4).await;
    l.capacity(sunday, 3).await;
    let mut applicants: Vec<(AccountId, ChildId)> = Vec::new();
    for size in [3, 3, 1, 1, 1, 1, 2] {
        let (account, kids) = l.household(size).await;
        for child in kids {
            for session in [saturday, sunday] {
                lottery::apply(&l.app.pool, account, child, session, false, in_window()).await.unwrap();
            }
            applicants.push((account, child));
        }
    }
    let before = l.published().await;
    let commitment = before["round"]["commitment"].as_str().unwrap().to_string();
    assert!(before["round"]["seed"].is_null(), "the seed stays secret until the draw");
    assert_eq!(commitment.len(), 64);
    let refused = l.app.state.seats.book_kids_cafe(applicants[0].0, applicants[0].1, saturday, false, None, in_window()).await;
    assert!(matches!(refused, Err(SeatFailure::Refused(SeatError::NotOpenYet { .. }))), "no first come in a lottery week: {refused:?}");

    assert_eq!(lottery_draw::draw_due(&l.app.pool, l.app.state.seats.clone(), draw_time()).await.unwrap(), 1);
    let after = l.published().await;
    let seed = Seed::from_hex(after["round"]["seed"].as_str().unwrap()).unwrap();
    assert_eq!(after["round"]["commitment"], commitment.as_str());
    assert!(seed_matches(seed, &commitment), "SHA-256 of the published seed is the commitment shown before");

    let sessions = after["round"]["sessions"].as_array().unwrap();
    let ids = |v: &serde_json::Value| v.as_array().unwrap().iter().map(|x| x.as_i64().unwrap()).collect::<Vec<_>>();
    for ((winners, waitlist), s) in rerun(&after).into_iter().zip(sessions) {
        assert_eq!(winners, ids(&s["winners"]), "re-run from the published list gives the published winners");
        assert_eq!(waitlist, ids(&s["waitlist"]));
        let session = s["session"].as_i64().unwrap();
        let stored: Vec<i64> = sqlx::query_scalar("SELECT id FROM lottery_applications WHERE session_id = ? AND outcome = 'won' ORDER BY draw_position")
            .bind(session).fetch_all(&l.app.pool).await.unwrap();
        assert_eq!(stored, winners, "stored winners");
        let booked: Vec<i64> = sqlx::query_scalar("SELECT CAST(substr(idempotency_key, 9) AS INTEGER) FROM bookings \
            WHERE session_id = ? AND status = 'booked' ORDER BY 1").bind(session).fetch_all(&l.app.pool).await.unwrap();
        let mut sorted = winners.clone();
        sorted.sort();
        assert_eq!(booked, sorted, "every winner booked through the seat engine, nobody else");
        let waiting: Vec<i64> = sqlx::query_scalar("SELECT a.id FROM waitlist w JOIN lottery_applications a \
            ON a.session_id = w.session_id AND a.holder = w.holder WHERE w.session_id = ? ORDER BY w.id")
            .bind(session).fetch_all(&l.app.pool).await.unwrap();
        assert_eq!(waiting, waitlist, "losers wait in draw order");
    }
    let wins: Vec<i64> = sqlx::query_scalar("SELECT COUNT(*) FROM lottery_applications WHERE outcome = 'won' GROUP BY account_id")
        .fetch_all(&l.app.pool).await.unwrap();
    assert!(wins.iter().all(|n| *n <= 2), "a household wins at most two a week: {wins:?}");
    let told: i64 = sqlx::query_scalar("SELECT COUNT(DISTINCT account_id) FROM messages").fetch_one(&l.app.pool).await.unwrap();
    assert_eq!(told, 7, "every household is told");
    assert_eq!(lottery_draw::draw_due(&l.app.pool, l.app.state.seats.clone(), draw_time()).await.unwrap(), 0, "drawn once");
}

#[tokio::test]
async fn applications_outside_the_window_are_refused() {
    let l = Lottery::at(in_window()).await;
    let saturday = l.session("2026-12-05", 10).await;
    let (account, kids) = l.household(1).await;
    let early = lottery::apply(&l.app.pool, account, kids[0], saturday, false, at("2026-11-24", 8, 59)).await;
    assert_eq!(early.unwrap_err().status(), 409);
    let late = lottery::apply(&l.app.pool, account, kids[0], saturday, false, draw_time()).await;
    let e = late.unwrap_err();
    assert_eq!(e.status(), 409);
    assert!(e.message(domain::Lang::En).contains("Applications are taken from"), "{e:?}");
}

#[tokio::test]
async fn a_resident_applies_through_the_server_function_on_the_booking_rules() {
    let l = Lottery::at(in_window()).await;
    let cookie = l.app.sign_up("parent@example.com", "보호자").await;
    let child = l.app.call("/api/add_child", "name=%ED%95%98%EB%8A%98&birth_date=2023-05-01", &cookie).await.json().as_i64().unwrap();
    let baby = l.app.call("/api/add_child", "name=%EC%95%84%EA%B8%B0&birth_date=2025-06-01", &cookie).await.json().as_i64().unwrap();
    let (saturday, afternoon) = (l.session("2026-12-05", 10).await, l.session("2026-12-05", 15).await);
    let ok = l.app.call("/api/apply_lottery", &format!("session={saturday}&child={child}"), &cookie).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    let again = l.app.call("/api/apply_lottery", &format!("session={afternoon}&child={child}"), &cookie).await;
    assert_eq!(again.status, 400, "one session a day: {}", again.body);
    let too_young = l.app.call("/api/apply_lottery", &format!("session={saturday}&child={baby}"), &cookie).await;
    assert_eq!(too_young.status, 400, "{}", too_young.body);
    let (other, kids) = l.household(1).await;
    let _ = other;
    let not_mine = l.app.call("/api/apply_lottery", &format!("session={saturday}&child={}", kids[0].get()), &cookie).await;
    assert_eq!(not_mine.status, 400, "another account's child: {}", not_mine.body);
    let page = l.app.get("/kids-cafe/lottery/junggok?week=2026-11-30").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("commitment") && !page.body.contains("보호자"), "ids only, no names");
}
