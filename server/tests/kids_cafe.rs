//! Kids cafés and public facilities, read side: the pages a resident reads (Korean and English),
//! the kids-café JSON API, and the server functions behind the pages — with garbage input, never
//! a 5xx. The clock is Monday 2026-11-23 10:00 in Seoul (`helpers::test_now`): this week's sessions
//! are open for booking, next week's open on Tuesday 2026-11-24 09:00.

mod helpers;
use axum::body::Body;
use axum::http::Request;
use helpers::{enc, get_with, TestApp};

const ENGLISH: &[(&str, &str)] = &[("cookie", "lang=en")];

fn count(body: &str, needle: &str) -> usize {
    body.matches(needle).count()
}

/// The id of the first Junggok session on `date` (10:00).
async fn first_session(app: &TestApp, date: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM seat_sessions WHERE kind = 'kids_cafe' AND resource = 'junggok' AND starts_at = ?")
        .bind(format!("{date}T10:00:00+09:00"))
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_kids_cafe_page_gives_the_rules_prices_and_three_branches_in_korean_and_english() {
    let app = TestApp::empty().await;
    let ko = app.get("/kids-cafe").await;
    assert_eq!(ko.status, 200);
    assert!(ko.body.contains(r#"<html lang="ko""#));
    for words in ["24개월", "보호자", "2,000원", "기초생활수급", "화요일 오전 9시", "30일", "30분 전", "442 m²", "능동로 87"] {
        assert!(ko.body.contains(words), "{words}");
    }
    assert_eq!(count(&ko.body, r#"data-testid="branch""#), 3);
    assert!(ko.body.contains("2026-12-08 개관 예정"));
    assert!(ko.body.contains("개관 계획 중"));
    assert!(ko.body.contains(r#"href="/kids-cafe/junggok""#));
    assert!(!ko.body.contains(r#"href="/kids-cafe/gwangjang""#), "a planned branch has no week to show");

    let en = app.send(get_with("/kids-cafe", ENGLISH)).await;
    assert_eq!(en.status, 200);
    assert!(en.body.contains(r#"<html lang="en""#));
    assert!(en.body.contains("KRW 2,000 per child per session"));
    assert!(en.body.contains("Opens on 2026-12-08"));
    assert!(en.body.contains("A no-show blocks booking for 30 days"));
}

#[tokio::test]
async fn a_branch_week_shows_three_sessions_a_day_from_tuesday_to_sunday_and_none_on_monday() {
    let app = TestApp::empty().await;
    let page = app.get("/kids-cafe/junggok?week=2026-11-23").await;
    assert_eq!(page.status, 200);
    assert_eq!(count(&page.body, r#"data-testid="week-day""#), 6);
    assert!(!page.body.contains(r#"data-date="2026-11-23""#), "Monday is the closing day");
    assert!(page.body.contains(r#"data-date="2026-11-24""#) && page.body.contains(r#"data-date="2026-11-29""#));
    assert_eq!(count(&page.body, r#"data-testid="session""#), 18);
    assert_eq!(count(&page.body, "data-session="), 18, "every seats-left number can be updated live");
    assert_eq!(count(&page.body, r#"data-state="bookable""#), 18);
    let first = first_session(&app, "2026-11-24").await;
    assert!(page.body.contains(&format!(r#"href="/kids-cafe/book?session={first}""#)));
    assert!(page.body.contains("10:00–12:00") && page.body.contains("12:30–14:30") && page.body.contains("15:00–17:00"));
    assert!(page.body.contains(r#"href="/kids-cafe/junggok?week=2026-11-30""#), "next week");
    assert!(page.body.contains(r#"href="/kids-cafe/junggok?week=2026-11-16""#), "previous week");
}

#[tokio::test]
async fn any_day_names_its_week_and_no_week_means_this_week() {
    let app = TestApp::empty().await;
    let saturday = app.get("/kids-cafe/junggok?week=2026-11-28").await;
    let plain = app.get("/kids-cafe/junggok").await;
    assert_eq!(saturday.status, 200);
    assert_eq!(count(&saturday.body, r#"data-testid="session""#), 18);
    assert_eq!(count(&plain.body, r#"data-testid="session""#), 18);
}

#[tokio::test]
async fn on_a_sunday_evening_no_week_means_next_week_and_a_late_evening_shows_tomorrows_slots() {
    let sunday_evening = domain::SeoulTime::at(domain::IsoDate::parse("2026-11-29").unwrap(), 19, 30).unwrap();
    let app = TestApp::empty_at(sunday_evening).await;
    let plain = app.get("/kids-cafe/junggok").await;
    assert_eq!(plain.status, 200);
    assert!(plain.body.contains(r#"data-date="2026-12-01""#), "next Tuesday is shown");
    assert!(!plain.body.contains(r#"data-date="2026-11-29""#), "not the Sunday that is over");
    let this_week = app.get("/kids-cafe/junggok?week=2026-11-29").await;
    assert!(this_week.body.contains(r#"data-date="2026-11-29""#), "a week asked for is the week shown");
    assert!(!this_week.body.contains("/kids-cafe/book?session="), "its sessions have all started");

    let facility = app.get("/facilities/gucheong-meeting-room-1").await;
    assert_eq!(facility.status, 200);
    assert_eq!(count(&facility.body, "/facilities/book?session="), 6, "Monday's six slots, not Sunday's past ones");
    let asked = app.get("/facilities/gucheong-meeting-room-1?date=2026-11-29").await;
    assert_eq!(count(&asked.body, "/facilities/book?session="), 0);
}

#[tokio::test]
async fn next_weeks_sessions_say_when_booking_opens_and_cannot_be_booked_yet() {
    let app = TestApp::empty().await;
    let page = app.get("/kids-cafe/junggok?week=2026-11-30").await;
    assert_eq!(page.status, 200);
    assert_eq!(count(&page.body, r#"data-state="soon""#), 18);
    assert!(page.body.contains("11월 24일 (화) 09:00 예약 시작"));
    assert!(!page.body.contains("/kids-cafe/book?session="));
    let en = app.send(get_with("/kids-cafe/junggok?week=2026-11-30", ENGLISH)).await;
    assert!(en.body.contains("Opens Tue 24 Nov 09:00"));
}

#[tokio::test]
async fn seats_left_are_read_fresh_on_every_visit_and_a_full_session_says_so() {
    let app = TestApp::empty().await;
    let id = first_session(&app, "2026-11-25").await;
    let before = app.get("/kids-cafe/junggok?week=2026-11-23").await;
    assert!(before.body.contains(&format!(r#"data-session="{id}" data-testid="seats-left">30<"#)), "30 of 30 left");
    sqlx::query("UPDATE seat_sessions SET taken = 30 WHERE id = ?").bind(id).execute(&app.pool).await.unwrap();
    let after = app.get("/kids-cafe/junggok?week=2026-11-23").await;
    assert!(after.body.contains(&format!(r#"data-session="{id}" data-testid="seats-left">0<"#)), "the page is not kept by the cache");
    assert_eq!(count(&after.body, r#"data-state="full""#), 1);
    assert!(after.body.contains("마감"));
    assert!(!after.body.contains(&format!("/kids-cafe/book?session={id}\"")));
}

#[tokio::test]
async fn a_branch_not_open_yet_shows_its_opening_date_and_an_unknown_branch_is_not_found() {
    let app = TestApp::empty().await;
    let jayang = app.get("/kids-cafe/jayang").await;
    assert_eq!(jayang.status, 200);
    assert!(jayang.body.contains("2026-12-08 개관 예정"));
    assert_eq!(count(&jayang.body, r#"data-testid="session""#), 0);
    for path in ["/kids-cafe/nowhere", "/kids-cafe/%3Cscript%3E", "/kids-cafe/JUNGGOK"] {
        let reply = app.get(path).await;
        assert_eq!(reply.status, 404, "{path}");
        assert!(reply.body.contains("페이지를 찾을 수 없습니다"));
    }
}

#[tokio::test]
async fn a_week_that_is_not_a_date_is_refused_in_the_residents_language() {
    let app = TestApp::empty().await;
    let long = "9".repeat(2_000);
    for week in ["2026-02-30", "tomorrow", "%3Cscript%3E", long.as_str()] {
        let ko = app.get(&format!("/kids-cafe/junggok?week={week}")).await;
        assert_eq!(ko.status, 400, "{week}");
        assert!(ko.body.contains("실제 있는 날짜"), "{week}");
        assert!(!ko.body.contains("<script>"));
    }
    let en = app.send(get_with("/kids-cafe/junggok?week=2026-02-30", ENGLISH)).await;
    assert_eq!(en.status, 400);
    assert!(en.body.contains(r#"<html lang="en""#));
    assert!(en.body.contains("Name the week by a date that exists"));
}

#[tokio::test]
async fn the_branches_api_lists_the_three_branches_with_status_and_capacity() {
    let app = TestApp::empty().await;
    let reply = app.get("/api/v1/kids-cafe/branches").await;
    assert_eq!(reply.status, 200);
    let body = reply.json();
    let branches = body["branches"].as_array().unwrap();
    assert_eq!(branches.len(), 3);
    assert_eq!(branches[0]["slug"], "junggok");
    assert_eq!(branches[0]["status"], "open");
    assert_eq!(branches[0]["capacity"], 30);
    assert_eq!(branches[0]["area_m2"], 442);
    assert_eq!(branches[1]["status"], "opening");
    assert_eq!(branches[1]["opening_date"], "2026-12-08");
    assert_eq!(branches[1]["capacity"], 32);
    assert_eq!(branches[2]["status"], "planned");
    assert!(branches[2]["opening_date"].is_null());
}

#[tokio::test]
async fn the_sessions_api_gives_a_days_sessions_with_seats_left() {
    let app = TestApp::empty().await;
    let body = app.get("/api/v1/kids-cafe/sessions?branch=junggok&date=2026-11-28").await.json();
    let sessions = body["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 3);
    assert_eq!(sessions[0]["starts_at"], "2026-11-28T10:00:00+09:00");
    assert_eq!(sessions[0]["ends_at"], "2026-11-28T12:00:00+09:00");
    assert_eq!(sessions[0]["opens_at"], "2026-11-17T09:00:00+09:00");
    assert_eq!(sessions[0]["seats_left"], 30);
    assert_eq!(sessions[0]["bookable_now"], true);
    let monday = app.get("/api/v1/kids-cafe/sessions?branch=junggok&date=2026-11-30").await.json();
    assert_eq!(monday["sessions"].as_array().unwrap().len(), 0);
    let next = app.get("/api/v1/kids-cafe/sessions?branch=junggok&date=2026-12-01").await.json();
    assert_eq!(next["sessions"][0]["bookable_now"], false, "opens on Tuesday 24 November");
    let today = app.get("/api/v1/kids-cafe/sessions?branch=junggok").await.json();
    assert_eq!(today["date"], "2026-11-23");
}

#[tokio::test]
async fn the_sessions_api_refuses_garbage_with_a_400_in_both_languages() {
    let app = TestApp::empty().await;
    let long = "x".repeat(4_000);
    let cases = [
        "/api/v1/kids-cafe/sessions".to_string(),
        "/api/v1/kids-cafe/sessions?branch=".to_string(),
        format!("/api/v1/kids-cafe/sessions?branch={}", enc("<script>alert(1)</script>")),
        "/api/v1/kids-cafe/sessions?branch=junggok&date=2026-02-30".to_string(),
        "/api/v1/kids-cafe/sessions?branch=junggok&date=%FF%FE".to_string(),
        format!("/api/v1/kids-cafe/sessions?branch={long}"),
        format!("/api/v1/kids-cafe/sessions?branch=junggok&date={long}"),
    ];
    for uri in cases {
        let reply = app.get(&uri).await;
        assert!(reply.status == 400 || reply.status == 414, "{} for {}", reply.status, &uri[..uri.len().min(80)]);
        if reply.status == 400 && reply.headers.get("content-type").is_some_and(|v| v.to_str().unwrap().contains("json")) {
            let body = reply.json();
            assert!(body["error"].is_string() && body["message_ko"].is_string(), "{body}");
            assert!(!body.to_string().contains("<script>"));
        }
    }
}

#[tokio::test]
async fn the_week_server_function_takes_only_a_known_branch_and_a_monday() {
    let app = TestApp::empty().await;
    let call = |body: &str| {
        Request::post("/api/kids_cafe_week")
            .header("host", "localhost")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    let ok = app.send(call("branch=Junggok&week=2026-11-23")).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.json()["sessions"].as_array().unwrap().len(), 18);
    for bad in ["branch=Nowhere", "branch=Junggok&week=2026-11-24", "branch=Junggok&week=2026-02-30", "", "branch=%3Cscript%3E"] {
        let reply = app.send(call(bad)).await;
        assert_eq!(reply.status, 400, "{bad}: {}", reply.body);
    }
}

#[tokio::test]
async fn the_facilities_list_and_a_facilitys_day_show_slots_free_or_booked() {
    let app = TestApp::empty().await;
    let list = app.get("/facilities").await;
    assert_eq!(list.status, 200);
    assert_eq!(count(&list.body, r#"data-testid="facility""#), 6);
    assert!(list.body.contains("풋살장") && list.body.contains("강당"));
    let en = app.send(get_with("/facilities", ENGLISH)).await;
    assert!(en.body.contains("Futsal Court") && en.body.contains("people"));

    let day = app.get("/facilities/gucheong-meeting-room-1?date=2026-11-24").await;
    assert_eq!(day.status, 200);
    assert_eq!(count(&day.body, r#"data-testid="slot""#), 6, "09:00 to 21:00 in 2-hour slots");
    sqlx::query("UPDATE seat_sessions SET taken = 1 WHERE resource = 'gucheong-meeting-room-1' AND starts_at = '2026-11-24T09:00:00+09:00'")
        .execute(&app.pool)
        .await
        .unwrap();
    let booked = app.get("/facilities/gucheong-meeting-room-1?date=2026-11-24").await;
    assert_eq!(count(&booked.body, "예약됨"), 1);
    assert_eq!(count(&booked.body, "/facilities/book?session="), 5);
}

#[tokio::test]
async fn an_unknown_facility_is_not_found_and_a_bad_date_is_refused() {
    let app = TestApp::empty().await;
    for path in ["/facilities/nowhere", "/facilities/%3Cscript%3E", &format!("/facilities/{}", "a".repeat(300))] {
        assert_eq!(app.get(path).await.status, 404, "{path}");
    }
    let bad = app.get("/facilities/gwangjin-hall?date=2026-02-30").await;
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("실제 있는 날짜"));
    let en = app.send(get_with("/facilities/gwangjin-hall?date=soon", ENGLISH)).await;
    assert_eq!(en.status, 400);
    assert!(en.body.contains("Write the date as a day that exists"));
}

#[tokio::test]
async fn the_calendar_never_makes_a_session_twice() {
    let app = TestApp::empty().await;
    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM seat_sessions").fetch_one(&app.pool).await.unwrap();
    assert!(before > 0);
    assert_eq!(app.state.ensure_calendar().await.unwrap(), 0);
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM seat_sessions").fetch_one(&app.pool).await.unwrap();
    assert_eq!(before, after);
}

#[tokio::test]
async fn the_api_documents_branch_slugs_are_the_domains() {
    let app = TestApp::empty().await;
    let doc = app.get("/api/v1/openapi.json").await.json();
    let documented: Vec<String> =
        doc["components"]["schemas"]["BranchSlug"]["enum"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
    let domain: Vec<String> = domain::kids_cafe::Branch::ALL.iter().map(|b| b.slug().to_string()).collect();
    assert_eq!(documented, domain);
}
