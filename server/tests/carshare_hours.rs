//! The car share's own offers at awkward hours: a car's page and the parking list suggest a time,
//! and that time must be bookable whenever the page is read. Each test starts the real application
//! with its clock at a set moment (late at night, just after midnight, minutes before office hours
//! or before they end, a Monday, the eve of a holiday) and follows the offer as a browser without
//! JavaScript would: the form's values, the check page, the booking. The browser suite runs at
//! whatever hour CI starts it; these fix the hours that once failed (23:30–midnight cut a night's
//! free time at midnight, and a 20-minute "suggestion" was refused as too short).

mod helpers;

use domain::calendar::IsoDate;
use domain::SeoulTime;
use helpers::*;

const HTML: &str = "text/html";
const LICENCE: &str = "number=11-15-000001-78&issued_on=2015-03-02&expires_on=2035-12-31&birth_date=1990-05-05";

/// Moments in Seoul time: (date, hour, minute, what it is).
const MOMENTS: &[(&str, u8, u8, &str)] = &[
    ("2026-11-23", 23, 45, "a Monday, a quarter to midnight"),
    ("2026-11-23", 23, 31, "a Monday, just after half past eleven"),
    ("2026-11-24", 0, 5, "just after midnight"),
    ("2026-11-24", 8, 25, "five minutes before office hours"),
    ("2026-11-24", 18, 25, "five minutes before office hours end"),
    ("2026-12-24", 23, 45, "the eve of Christmas, a holiday"),
];

fn at(date: &str, hour: u8, minute: u8) -> SeoulTime {
    SeoulTime::at(IsoDate::parse(date).unwrap(), hour, minute).unwrap()
}

/// The `value` of the first element of `body` whose attributes contain `marker`.
fn value_after(body: &str, marker: &str) -> String {
    let tag = body.split(marker).nth(1).unwrap_or_else(|| panic!("no {marker} in the page"));
    let tag = tag.split('>').next().unwrap();
    tag.split("value=\"").nth(1).and_then(|v| v.split('"').next()).unwrap_or_else(|| panic!("no value in {tag}")).to_string()
}

#[tokio::test]
async fn the_time_a_cars_page_offers_is_bookable_at_any_hour() {
    for &(date, hour, minute, what) in MOMENTS {
        let app = TestApp::empty_at(at(date, hour, minute)).await;
        let cookie = app.sign_up("night@example.com", "김야간").await;
        assert_eq!(app.call("/api/verify_licence", LICENCE, &cookie).await.status, 200, "{what}");

        let page = app.get_as("/cars/3", &cookie).await;
        assert_eq!(page.status, 200, "{what}");
        let (start, end) = (value_after(&page.body, r#"id="start""#), value_after(&page.body, r#"id="end""#));
        assert!(!start.is_empty() && !end.is_empty(), "{what}: the form offers a time");

        let check = app.get_as(&format!("/cars/3/check?car=3&start={start}&end={end}"), &cookie).await;
        assert_eq!(check.status, 200, "{what}: {start}–{end} is refused: {}", check.body);
        assert!(check.body.contains(r#"data-testid="confirm-form""#), "{what}: {start}–{end} cannot be confirmed");
        let key = value_after(&check.body, r#"name="key""#);

        let body = format!("car=3&start={start}&end={end}&key={key}");
        let booked = app.send(post_form("/api/book_car", &body, &cookie, HTML)).await;
        assert!(booked.status.is_redirection(), "{what}: booking {start}–{end}: {} {}", booked.status, booked.body);
        assert!(booked.headers["location"].to_str().unwrap().starts_with("/cars/trips/V-"), "{what}");
    }
}

#[tokio::test]
async fn a_night_is_one_free_time_across_midnight_and_the_offer_runs_past_it() {
    let app = TestApp::empty_at(at("2026-11-23", 23, 45)).await;
    let page = app.get("/cars/3").await;
    assert_eq!(value_after(&page.body, r#"id="start""#), "2026-11-23T23:50");
    assert_eq!(value_after(&page.body, r#"id="end""#), "2026-11-24T01:50", "two hours, not ten minutes cut at midnight");
    let list = app.get("/cars").await;
    assert!(list.body.contains("23:50–11월 24일 (화) 08:00"), "the list shows the night whole");
}

#[tokio::test]
async fn the_time_the_parking_list_offers_is_bookable_at_any_hour() {
    for &(date, hour, minute, what) in MOMENTS {
        let app = TestApp::empty_at(at(date, hour, minute)).await;
        let cookie = app.sign_up("park@example.com", "김주차").await;
        let list = app.get_as("/parking", &cookie).await;
        assert_eq!(list.status, 200, "{what}");
        let (day, start, hours) = (value_after(&list.body, r#"id="date-1""#), selected_hour(&list.body), value_after(&list.body, r#"id="hours-1""#));
        let check = app.get_as(&format!("/parking/check?space=1&date={day}&hour={start}&hours={hours}"), &cookie).await;
        assert_eq!(check.status, 200, "{what}: {day} {start}:00 for {hours} h is refused: {}", check.body);
        assert!(check.body.contains(r#"data-testid="confirm-form""#), "{what}: {day} {start}:00 for {hours} h");
    }
}

/// The hour selected in space 1's start list.
fn selected_hour(body: &str) -> String {
    let select = body.split(r#"id="hour-1""#).nth(1).unwrap().split("</select>").next().unwrap();
    let option = select.split("<option").find(|o| o.contains("selected")).expect("an hour is selected");
    option.split("value=\"").nth(1).unwrap().split('"').next().unwrap().to_string()
}
