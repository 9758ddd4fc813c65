//! Shared e-bikes and parking as residents and clients meet them: the pages in Korean and English
//! with plain forms (JavaScript off), reserving a bike (one taken, none left is a clear 409), the
//! bad-air warning from the nearest graded sensor, the simulated feed, `GET /api/v1/bikes`, and
//! garbage to every server function and JSON route answered 4xx with a message, never 5xx.

mod helpers;

use domain::carshare::bikes::{simulated_count, DockId, DockKind};
use domain::SeoulTime;
use helpers::*;

async fn available(app: &TestApp, dock: i64) -> i64 {
    sqlx::query_scalar("SELECT available FROM bike_docks WHERE id = ?").bind(dock).fetch_one(&app.pool).await.unwrap()
}

async fn reserve(app: &TestApp, dock: &str, cookie: &str) -> Reply {
    app.call("/api/reserve_bike", &format!("dock={dock}"), cookie).await
}

fn at(h: u8, m: u8) -> SeoulTime {
    SeoulTime::at(test_now().date(), h, m).unwrap()
}

#[tokio::test]
async fn the_bikes_page_lists_every_dock_with_its_bikes_in_words_in_korean_and_english() {
    let app = TestApp::empty().await;
    let ko = app.get_as("/bikes", "").await;
    assert_eq!(ko.status, 200);
    assert_eq!(ko.body.matches("data-testid=\"dock-row\"").count(), 15);
    assert!(ko.body.contains("창동역 1번 출구") && ko.body.contains("<th scope=\"col\">남은 자전거</th>"));
    assert!(ko.body.contains("href=\"/bikes/reserve?dock=1\""));
    assert!(["(많음)", "(보통)", "(적음)"].iter().any(|w| ko.body.contains(w)), "counts come with words");
    assert!(!ko.body.contains("air-banner"), "no graded sensor, no warning");
    let en = app.get_as("/bikes", "lang=en").await;
    assert_eq!(en.status, 200);
    assert!(en.body.contains("Changdong Station exit 1") && en.body.contains("Bikes available") && en.body.contains("lang=\"en\""));
}

#[tokio::test]
async fn reserving_takes_exactly_one_bike_and_the_hold_page_shows_it() {
    let app = TestApp::empty().await;
    let cookie = app.sign_up("bike@example.com", "박자전").await;
    let before = available(&app, 1).await;
    assert!(before > 0);
    let page = app.get_as("/bikes/reserve?dock=1", &cookie).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("action=\"/api/reserve_bike\"") && page.body.contains("name=\"dock\" value=\"1\""));
    // a plain form, as a browser without JavaScript sends it
    let reply = app.send(post_form("/api/reserve_bike", "dock=1", &cookie, "text/html")).await;
    assert!(reply.status.is_redirection(), "{} {}", reply.status, reply.body);
    assert_eq!(reply.headers.get("location").unwrap(), "/bikes/hold");
    assert_eq!(available(&app, 1).await, before - 1);
    let hold = app.get_as("/bikes/hold", &cookie).await;
    assert_eq!(hold.status, 200);
    assert!(hold.body.contains("창동역 1번 출구") && hold.body.contains("10:15"), "{}", hold.body);
    // one bike at a time
    let again = reserve(&app, "2", &cookie).await;
    assert_eq!(again.status, 409);
    assert!(again.body.contains("10:15"), "{}", again.body);
    // the feed keeps the held bike out of the count
    app.state.bikes.feed(at(10, 1)).await.unwrap();
    let simulated = simulated_count(DockId(1), DockKind::Station, 25, at(10, 1));
    assert_eq!(available(&app, 1).await, i64::from(simulated) - 1);
    let other = app.sign_up("other@example.com", "이다른").await;
    assert_eq!(app.get_as("/bikes/hold", &other).await.status, 404, "another account holds nothing");
}

#[tokio::test]
async fn an_empty_dock_answers_a_clear_409_and_offers_no_button() {
    let app = TestApp::empty().await;
    let cookie = app.sign_up("empty@example.com", "최빈").await;
    sqlx::query("UPDATE bike_docks SET available = 0 WHERE id = 4").execute(&app.pool).await.unwrap();
    let reply = reserve(&app, "4", &format!("{cookie}; lang=en")).await;
    assert_eq!(reply.status, 409);
    assert!(reply.body.contains("No bikes are left"), "{}", reply.body);
    assert_eq!(available(&app, 4).await, 0);
    let page = app.get_as("/bikes", "").await;
    assert!(!page.body.contains("/bikes/reserve?dock=4\""));
    assert!(page.body.contains("(없음)"));
    let check = app.get_as("/bikes/reserve?dock=4", &cookie).await;
    assert_eq!(check.status, 409);
    assert!(!check.body.contains("reserve-form"));
    // the database itself refuses a count below zero
    assert!(sqlx::query("UPDATE bike_docks SET available = -1 WHERE id = 4").execute(&app.pool).await.is_err());
    assert!(sqlx::query("UPDATE bike_docks SET available = capacity + 1 WHERE id = 4").execute(&app.pool).await.is_err());
}

#[tokio::test]
async fn guests_see_the_docks_but_log_in_to_reserve() {
    let app = TestApp::empty().await;
    let page = app.get_as("/bikes/reserve?dock=1", "").await;
    assert!(page.status.is_redirection(), "{}", page.status);
    assert_eq!(reserve(&app, "1", "").await.status, 401);
    assert!(app.get_as("/bikes/hold", "").await.status.is_redirection());
}

#[tokio::test]
async fn bad_air_at_the_nearest_sensor_warns_and_offers_the_car_or_an_indoor_session() {
    let app = TestApp::empty().await;
    // 쌍문역 4번 출구 (dock 3) stands at 37.6486, 127.0347; the only graded sensor is beside it
    air_graded(&app, "TT-001", 37.6490, 130.0).await;
    let cookie = app.sign_up("air@example.com", "정공기").await;
    let page = app.get_as("/bikes", "").await;
    assert!(page.body.contains("data-testid=\"air-banner\""), "banner on the list");
    assert!(page.body.contains("href=\"/cars\"") && page.body.contains("href=\"/kids-cafe\"") && page.body.contains("href=\"/facilities\""));
    let check = app.get_as("/bikes/reserve?dock=3", &cookie).await;
    assert_eq!(check.status, 200);
    let (warning, form) = (check.body.find("data-testid=\"air-warning\"").unwrap(), check.body.find("reserve-form").unwrap());
    assert!(warning < form, "the warning comes before the button");
    assert!(check.body.contains("나쁨") && check.body.contains("그래도 자전거 예약"));
    let en = app.get_as("/bikes/reserve?dock=3", &format!("{cookie}; lang=en")).await;
    assert!(en.body.contains("electric car") && en.body.contains("Reserve the bike anyway"));
    // the resident may still go on
    assert_eq!(reserve(&app, "3", &cookie).await.status, 200);
}

#[tokio::test]
async fn good_air_nearby_gives_no_warning() {
    let app = TestApp::empty().await;
    air_graded(&app, "TT-001", 37.6490, 20.0).await;
    let page = app.get_as("/bikes", "").await;
    assert!(!page.body.contains("air-banner") && !page.body.contains("air-warning"));
}

#[tokio::test]
async fn the_feed_follows_the_commute_and_stays_within_each_dock() {
    let app = TestApp::empty().await;
    app.state.bikes.feed(at(8, 30)).await.unwrap();
    let (station, home) = (available(&app, 1).await, available(&app, 10).await);
    assert!(station >= 20 && home <= 4, "morning: station {station}, home {home}");
    app.state.bikes.feed(at(18, 30)).await.unwrap();
    let (station, home) = (available(&app, 1).await, available(&app, 10).await);
    assert!(station <= 6 && home >= 15, "evening: station {station}, home {home}");
    let out: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bike_docks WHERE available < 0 OR available > capacity").fetch_one(&app.pool).await.unwrap();
    assert_eq!(out, 0);
}

#[tokio::test]
async fn the_bikes_json_lists_the_docks_and_refuses_unknown_parameters() {
    let app = TestApp::empty().await;
    let reply = app.get("/api/v1/bikes").await;
    assert_eq!(reply.status, 200);
    let json = reply.json();
    let docks = json["docks"].as_array().unwrap();
    assert_eq!(docks.len(), 15);
    assert_eq!(docks[0]["name_en"], "Changdong Station exit 1");
    assert!(docks[0]["available"].as_u64().unwrap() <= docks[0]["capacity"].as_u64().unwrap());
    let bad = app.get("/api/v1/bikes?dock=1").await;
    assert_eq!(bad.status, 400);
    assert!(bad.json()["error"].as_str().unwrap().contains("dock"));
}

#[tokio::test]
async fn garbage_to_the_bike_functions_is_a_4xx_with_a_message_never_a_5xx() {
    let app = TestApp::empty().await;
    let cookie = app.sign_up("garbage@example.com", "한쓰레기").await;
    let long = "9".repeat(5000);
    let garbage = ["", "dock=", "dock=abc", "dock=0", "dock=-1", "dock=10000", "dock=9999", "dock=1.5", "dock=%00", "x=1", "dock=1&dock=2", &format!("dock={long}")];
    let before = available(&app, 1).await;
    for body in garbage {
        let reply = app.call("/api/reserve_bike", body, &cookie).await;
        assert!(reply.status.is_client_error(), "{body:?}: {} {}", reply.status, reply.body);
        assert!(!reply.body.is_empty(), "{body:?} says why");
    }
    for f in ["bike_docks", "my_bike_hold"] {
        let reply = app.call(&format!("/api/{f}"), "x=%ZZ", &cookie).await;
        assert!(!reply.status.is_server_error(), "{f}: {} {}", reply.status, reply.body);
    }
    for page in ["/bikes/reserve", "/bikes/reserve?dock=abc", "/bikes/reserve?dock=77", "/bikes/reserve?dock=%FF"] {
        let reply = app.get_as(page, &cookie).await;
        assert!(reply.status.is_client_error(), "{page}: {}", reply.status);
    }
    assert_eq!(available(&app, 1).await, before, "no garbage took a bike");
}

// ---- shared parking ----

/// Tonight 19:00–21:00 in space 1 (outside the offices' hours): 2 hours of a night, 2,000 won.
const TONIGHT: &str = "space=1&date=2026-11-23&hour=19&hours=2";

fn booking_body(space: &str, start: &str, end: &str, key: &str) -> String {
    format!("space={space}&start={}&end={}&key={key}", enc(start), enc(end))
}

async fn book(app: &TestApp, cookie: &str, key: &str) -> Reply {
    app.send(post_form("/api/book_parking", &booking_body("1", "2026-11-23T19:00", "2026-11-23T21:00", key), cookie, "text/html")).await
}

fn reference_in(reply: &Reply) -> String {
    let location = reply.headers.get("location").unwrap_or_else(|| panic!("a redirect: {} {}", reply.status, reply.body)).to_str().unwrap();
    location.strip_prefix("/parking/booked?ref=").unwrap_or_else(|| panic!("{location}")).to_string()
}

#[tokio::test]
async fn guests_see_the_spaces_with_their_free_windows_and_a_plain_form_each() {
    let app = TestApp::empty().await;
    let ko = app.get_as("/parking", "").await;
    assert_eq!(ko.status, 200);
    let spaces = ko.body.matches("data-testid=\"space\"").count();
    assert!(spaces >= 10, "{spaces}");
    assert_eq!(ko.body.matches("action=\"/parking/check\"").count(), spaces);
    assert!(ko.body.contains("도봉구청 주차장") && ko.body.contains("<label for=\"date-1\">날짜</label>"));
    assert!(ko.body.contains("11월 23일") && ko.body.contains("19:00"), "tonight is free from 19:00");
    let en = app.get_as("/parking", "lang=en").await;
    assert!(en.body.contains("Dobong-gu Office car park") && en.body.contains("Check the price"));
    let check = app.get_as(&format!("/parking/check?{TONIGHT}"), "").await;
    assert!(check.status.is_redirection(), "a guest logs in to book: {}", check.status);
    assert_eq!(app.call("/api/book_parking", &booking_body("1", "2026-11-23T19:00", "2026-11-23T21:00", "key-guest-1"), "").await.status, 401);
}

#[tokio::test]
async fn the_check_page_shows_the_price_and_the_rules_before_anything_is_booked() {
    let app = TestApp::empty().await;
    let cookie = app.sign_up("park@example.com", "주차원").await;
    let check = app.get_as(&format!("/parking/check?{TONIGHT}"), &cookie).await;
    assert_eq!(check.status, 200, "{}", check.body);
    assert!(check.body.contains("2,000원") && check.body.contains("data-testid=\"parking-rules\""));
    assert!(check.body.contains("name=\"start\" value=\"2026-11-23T19:00\"") && check.body.contains("name=\"end\" value=\"2026-11-23T21:00\""));
    assert!(check.body.contains("name=\"key\""));
    // all night long is capped at the night package
    let night = app.get_as("/parking/check?space=1&date=2026-11-23&hour=19&hours=13", &cookie).await;
    assert!(night.body.contains("5,000원"), "capped: {}", night.status);
    let office = app.get_as("/parking/check?space=1&date=2026-11-24&hour=9&hours=2", &format!("{cookie}; lang=en")).await;
    assert_eq!(office.status, 409);
    assert!(office.body.contains("official use"));
    for bad in ["space=1&date=2026-11-23&hour=19&hours=0", "space=1&date=2026-02-30&hour=19&hours=2", "space=1&date=2026-11-23&hour=24&hours=2",
        "space=abc&date=2026-11-23&hour=19&hours=2", "space=1&date=2026-11-22&hour=19&hours=2", "space=1&date=2027-11-23&hour=19&hours=2", ""] {
        let reply = app.get_as(&format!("/parking/check?{bad}"), &cookie).await;
        assert!(reply.status.is_client_error(), "{bad}: {}", reply.status);
        assert!(reply.body.contains("page-error"), "{bad} says why");
    }
    let none: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM car_trips").fetch_one(&app.pool).await.unwrap();
    assert_eq!(none, 0, "checking books nothing");
}

#[tokio::test]
async fn a_resident_books_a_space_gets_a_reference_and_cancels_it_for_free() {
    let app = TestApp::empty().await;
    let cookie = app.sign_up("book@example.com", "예약자").await;
    let reply = book(&app, &cookie, "key-parking-1").await;
    assert!(reply.status.is_redirection(), "{} {}", reply.status, reply.body);
    let reference = reference_in(&reply);
    assert!(reference.starts_with("P-") && reference.len() == 11, "{reference}");
    // the same form sent twice is the same booking
    assert_eq!(reference_in(&book(&app, &cookie, "key-parking-1").await), reference);
    let page = app.get_as(&format!("/parking/booked?ref={reference}"), &cookie).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&reference) && page.body.contains("2,000원") && page.body.contains("action=\"/api/cancel_parking\""));
    // someone else cannot take the same hours, see the booking or cancel it
    let other = app.sign_up("other@example.com", "다른이").await;
    let taken = app.call("/api/book_parking", &booking_body("1", "2026-11-23T20:00", "2026-11-23T22:00", "key-parking-2"), &other).await;
    assert_eq!(taken.status, 409, "{}", taken.body);
    assert_eq!(app.get_as(&format!("/parking/booked?ref={reference}"), &other).await.status, 404);
    assert_eq!(app.call("/api/cancel_parking", &format!("reference={reference}"), &other).await.status, 404);
    // the resident cancels, with JavaScript off
    let cancel = app.send(post_form("/api/cancel_parking", &format!("reference={reference}"), &cookie, "text/html")).await;
    assert!(cancel.status.is_redirection(), "{} {}", cancel.status, cancel.body);
    let page = app.get_as(&format!("/parking/booked?ref={reference}"), &cookie).await;
    assert!(page.body.contains("취소됨 (수수료 없음)") && !page.body.contains("cancel-form"));
    assert_eq!(app.call("/api/cancel_parking", &format!("reference={reference}"), &cookie).await.status, 409, "cancelled once");
    // the hours are free again
    let again = app.call("/api/book_parking", &booking_body("1", "2026-11-23T20:00", "2026-11-23T22:00", "key-parking-3"), &other).await;
    assert_eq!(again.status, 200, "{}", again.body);
}

#[tokio::test]
async fn garbage_to_the_parking_functions_is_a_4xx_with_a_message_never_a_5xx() {
    let app = TestApp::empty().await;
    let cookie = app.sign_up("junk@example.com", "엉터리").await;
    let long = "x".repeat(5000);
    let (s, e) = ("2026-11-23T19:00", "2026-11-23T21:00");
    let bodies = [
        String::new(),
        booking_body("", s, e, "key-junk-01"),
        booking_body("0", s, e, "key-junk-02"),
        booking_body("99999", s, e, "key-junk-03"),
        booking_body("9999", s, e, "key-junk-04"),
        booking_body("-1", s, e, "key-junk-05"),
        booking_body("1", "tonight", e, "key-junk-06"),
        booking_body("1", e, s, "key-junk-07"),
        booking_body("1", "2026-11-23T19:30", e, "key-junk-08"),
        booking_body("1", "2026-11-23T08:00", "2026-11-23T09:00", "key-junk-09"),
        booking_body("1", "2026-11-23T19:00", "2026-11-25T19:00", "key-junk-10"),
        booking_body("1", &long, e, "key-junk-11"),
        booking_body("1", s, e, "short"),
        booking_body("1", s, e, &long),
        booking_body("1", s, e, "bad key with spaces"),
        "space=1&start=%ZZ".to_string(),
    ];
    for body in &bodies {
        let reply = app.call("/api/book_parking", body, &cookie).await;
        assert!(reply.status.is_client_error(), "{body:.80}: {} {}", reply.status, reply.body);
        assert!(!reply.body.is_empty());
    }
    for body in ["", "reference=", "reference=P-0000", "reference=V-7Q2M-9XD4", &format!("reference={long}"), "reference=P-2222-2222"] {
        let reply = app.call("/api/cancel_parking", body, &cookie).await;
        assert!(reply.status.is_client_error(), "{body:.80}: {} {}", reply.status, reply.body);
    }
    for body in ["", "space=1&start=x&end=y", &format!("space={long}&start=1&end=2")] {
        let reply = app.call("/api/parking_quote", body, &cookie).await;
        assert!(reply.status.is_client_error(), "{body:.80}: {} {}", reply.status, reply.body);
    }
    for body in ["", "reference=nonsense"] {
        let reply = app.call("/api/parking_booking", body, &cookie).await;
        assert!(reply.status.is_client_error(), "{body:.80}: {} {}", reply.status, reply.body);
    }
    for page in ["/parking/booked", "/parking/booked?ref=P-2222-2222", "/parking/booked?ref=%FF"] {
        let reply = app.get_as(page, &cookie).await;
        assert!(reply.status.is_client_error(), "{page}: {}", reply.status);
    }
    for json in ["/api/v1/parking?x=1", "/api/v1/bikes?x=%FF"] {
        let reply = app.get(json).await;
        assert_eq!(reply.status, 400, "{json}");
        assert!(reply.json()["error"].is_string());
    }
    let none: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM car_trips").fetch_one(&app.pool).await.unwrap();
    assert_eq!(none, 0, "no garbage booked anything");
}
