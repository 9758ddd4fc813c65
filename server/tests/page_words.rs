//! Words are claims: sentences residents read, held against what the code does. The car pages say
//! when a weekday trip must end (08:00, the charging buffer before 08:30's office hours) and how a
//! price is settled (no payment method is kept: the transport office bills the booking's
//! reference); a bike hold gives a code to key in at the dock; a kids-café week says how its
//! seats are given (first come from its opening, or by lottery with the application window and
//! where to apply); simulated data says so.

mod helpers;

use domain::kids_cafe::Branch;
use domain::{IsoDate, SeoulTime};
use helpers::*;

const LICENCE: &str = "number=11-15-000002-78&issued_on=2015-03-02&expires_on=2035-12-31&birth_date=1990-05-05";

#[tokio::test]
async fn the_cars_page_says_weekday_trips_end_at_eight_when_the_rules_end_them() {
    let app = TestApp::empty_at(test_now()).await;
    let ko = app.get("/cars").await;
    assert!(ko.body.contains("평일 18:30부터 다음 날 08:00까지"), "the lead names the rule's 08:00");
    assert!(!ko.body.contains("다음 날 08:30까지"));
    let en = app.send(get_with("/cars", &[("cookie", "lang=en")])).await;
    assert!(en.body.contains("weekdays from 18:30 until 08:00 the next morning"));
}

#[tokio::test]
async fn the_price_is_billed_by_reference_and_shown_in_my_bookings_never_charged_to_a_payment_method() {
    let app = TestApp::empty_at(test_now()).await;
    let cookie = app.sign_up("bill@example.com", "김요금").await;
    assert_eq!(app.call("/api/verify_licence", LICENCE, &cookie).await.status, 200);
    let check = app.get_as("/cars/2/check?start=2026-11-23T19:00&end=2026-11-23T21:00", &cookie).await;
    assert_eq!(check.status, 200, "{}", check.body);
    assert!(!check.body.contains("결제 수단"), "no payment method exists to charge");
    assert!(check.body.contains("포털에서는 결제하지 않습니다") && check.body.contains("고지서"));
    let key = check.body.split(r#"name="key" value=""#).nth(1).unwrap().split('"').next().unwrap().to_string();
    let booked = app.call("/api/book_car", &format!("car=2&start=2026-11-23T19:00&end=2026-11-23T21:00&key={key}"), &cookie).await;
    assert_eq!(booked.status, 200, "{}", booked.body);
    let mine = app.get_as("/me/bookings", &cookie).await;
    assert!(mine.body.contains(r#"data-testid="trip-price">6,000원"#), "the price in my bookings");
    assert!(mine.body.contains("고지서"), "and how it is settled");
}

#[tokio::test]
async fn a_bike_hold_gives_a_six_digit_code_and_says_how_to_use_it() {
    let app = TestApp::empty_at(test_now()).await;
    let cookie = app.sign_up("bike@example.com", "김자전").await;
    let reply = app.send(post_form("/api/reserve_bike", "dock=1", &cookie, "text/html")).await;
    assert!(reply.status.is_redirection(), "{} {}", reply.status, reply.body);
    let hold = app.get_as("/bikes/hold", &cookie).await;
    let code = hold.body.split(r#"data-testid="hold-code""#).nth(1).unwrap().split('>').nth(1).unwrap().split('<').next().unwrap();
    assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()), "{code}");
    assert!(hold.body.contains("단말기에서 ‘예약 자전거’를 누르고 이 번호를 입력"));
    assert_eq!(app.get_as("/bikes/hold", &cookie).await.body.matches(code).count(), hold.body.matches(code).count(), "the same code every time");
    assert!(app.get("/bikes").await.body.contains(r#"data-testid="bikes-simulated""#), "the counts are simulated, and the page says so");
}

fn at(date: &str, hour: u8, minute: u8) -> SeoulTime {
    SeoulTime::at(IsoDate::parse(date).unwrap(), hour, minute).unwrap()
}

#[tokio::test]
async fn a_kids_cafe_week_says_how_its_seats_are_given_first_come_or_by_lottery() {
    // Tuesday 24 November, 10:00: the week of 30 November opened at 09:00
    let now = at("2026-11-24", 10, 0);
    let app = TestApp::empty_at(now).await;
    let first_come = app.get("/kids-cafe/jayang?week=2026-11-30").await;
    assert!(first_come.body.contains("이 주의 회차는 11월 24일 (화) 09:00에 선착순 예약이 열립니다."), "{}", first_come.body);
    assert!(first_come.body.contains(r#"<meta name="description""#), "the week page has a description");

    server::kids_cafe::lottery::set_mode(&app.pool, Branch::Junggok, app::kids_cafe::lottery::OpeningMode::Lottery, now).await.unwrap();
    let week = app.get("/kids-cafe/junggok?week=2026-11-30").await;
    assert!(week.body.contains("추첨으로 정합니다") && week.body.contains("11월 25일 (수) 09:00"), "the window and the draw");
    assert!(week.body.contains(r#"href="/kids-cafe/lottery/junggok?week=2026-11-30""#), "where to apply");
    assert!(week.body.contains("추첨으로 배정") && !week.body.contains("예약 시작"), "no session 'opens' at its own start");
    assert!(!week.body.contains("선착순 예약이 열립니다"));
    let cafes = app.get("/kids-cafe").await;
    assert!(cafes.body.contains(r#"href="/kids-cafe/lottery/junggok""#) && cafes.body.contains(r#"href="/kids-cafe/stats""#));
}
