//! The social economy through the real router: a drop-off booked through the seat engine (a few
//! donors a slot, a cap on coming drop-offs), its donation receipt asked for, received and issued
//! with the year's next number; catering asked three working days ahead, quoted or refused by
//! staff into the resident's messages, accepted or withdrawn; one resident never reaching
//! another's; the database refusing what the code refuses; and garbage to every server function
//! answered 4xx with a message, never 5xx. The clock stands at Monday 2026-11-23 10:00.

mod helpers;

use helpers::*;

async fn staff(app: &TestApp) -> String {
    let cookie = app.sign_up("social-desk@example.com", "나눔 직원").await;
    sqlx::query("UPDATE accounts SET role = 'staff' WHERE email = 'social-desk@example.com'").execute(&app.pool).await.unwrap();
    cookie
}

/// The id of the `n`th drop-off slot still ahead of the test clock (the 10:00 one has started).
async fn slot(app: &TestApp, n: i64) -> i64 {
    sqlx::query_scalar("SELECT id FROM seat_sessions WHERE kind = 'thrift_dropoff' AND starts_at > '2026-11-23T10:00:00+09:00' ORDER BY starts_at LIMIT 1 OFFSET ?")
        .bind(n)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

async fn book(app: &TestApp, session: i64, cookie: &str) -> Reply {
    app.call("/api/book_dropoff", &format!("session={session}&key=test-key-{session}"), cookie).await
}

async fn booked(app: &TestApp, session: i64, cookie: &str) -> String {
    let reply = book(app, session, cookie).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json().as_str().unwrap().to_string()
}

fn receipt_body(reference: &str) -> String {
    format!(
        "reference={reference}&name={}&donor_kind=person&birth=1980-03-04&business_number=&item1={}&value1={}&item2={}&value2=15000&item3=&value3=&item4=&value4=&item5=&value5=",
        enc("김영희"), enc("겨울 외투 2벌"), enc("60,000"), enc("냄비")
    )
}

fn catering_body(date: &str) -> String {
    format!(
        "date={date}&time=12%3A00&place={}&heads=40&set1=coffee-break&set2=sandwich-box&budget={}&contact_name={}&contact_phone=010-1234-5678&note=",
        enc("서대문구청 3층 회의실"), enc("400,000"), enc("박담당")
    )
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.pool).await.unwrap()
}

#[tokio::test]
async fn a_donor_books_a_drop_off_asks_for_a_receipt_and_staff_receive_it_and_issue_a_numbered_receipt() {
    let app = TestApp::empty().await;
    let donor = app.sign_up("donor@example.com", "김영희").await;
    let desk = staff(&app).await;
    let reference = booked(&app, slot(&app, 0).await, &donor).await;
    assert!(reference.starts_with("D-"), "{reference}");
    // the seat engine counted it
    assert_eq!(count(&app, "SELECT taken FROM seat_sessions WHERE kind = 'thrift_dropoff' AND taken > 0").await, 1);

    let asked = app.call("/api/request_receipt", &receipt_body(&reference), &donor).await;
    assert_eq!(asked.status, 200, "{}", asked.body);
    let again = app.call("/api/request_receipt", &receipt_body(&reference), &format!("{donor}; lang=en")).await;
    assert_eq!(again.status, 409, "one receipt per drop-off: {}", again.body);
    assert!(again.json()["message"].as_str().unwrap().contains("one receipt per drop-off"));

    // not received yet: no receipt
    let early = app.call("/api/handle_dropoff", &format!("reference={reference}&action=issue"), &desk).await;
    assert_eq!(early.status, 409, "{}", early.body);
    let received = app.call("/api/handle_dropoff", &format!("reference={reference}&action=receive"), &desk).await;
    assert_eq!(received.status, 200, "{}", received.body);
    assert_eq!(app.call("/api/handle_dropoff", &format!("reference={reference}&action=receive"), &desk).await.status, 409);
    let issued = app.call("/api/handle_dropoff", &format!("reference={reference}&action=issue"), &desk).await;
    assert_eq!(issued.status, 200, "{}", issued.body);
    assert_eq!(app.call("/api/handle_dropoff", &format!("reference={reference}&action=issue"), &desk).await.status, 409);

    let mine = app.call("/api/my_dropoff", &format!("reference={reference}"), &donor).await.json();
    assert_eq!(mine["receipt"]["number"], "YH-2026-000001");
    assert_eq!(mine["status"], "Attended");
    let page = app.get_as(&format!("/me/applications/dropoff/{reference}"), &donor).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("YH-2026-000001") && page.body.contains("75,000원") && page.body.contains("기부금 영수증"), "{}", page.body);
    let list = app.get_as("/me/applications", &donor).await;
    assert!(list.body.contains(&reference) && list.body.contains("YH-2026-000001"));
    let inbox = app.get_as("/me/messages", &donor).await;
    assert!(inbox.body.contains("기부금 영수증이 발급되었습니다"), "{}", inbox.body);

    // the next receipt of the year is number 2
    let other = app.sign_up("donor2@example.com", "이웃").await;
    let second = booked(&app, slot(&app, 1).await, &other).await;
    assert_eq!(app.call("/api/request_receipt", &receipt_body(&second), &other).await.status, 200);
    for action in ["receive", "issue"] {
        assert_eq!(app.call("/api/handle_dropoff", &format!("reference={second}&action={action}"), &desk).await.status, 200);
    }
    let second = app.call("/api/my_dropoff", &format!("reference={second}"), &other).await.json();
    assert_eq!(second["receipt"]["number"], "YH-2026-000002");
    // the desk lists both
    let page = app.get_as("/staff/social", &desk).await;
    assert!(page.body.contains(&reference) && page.body.contains("YH-2026-000002"));
}

#[tokio::test]
async fn a_slot_takes_three_donors_and_one_account_holds_three_coming_drop_offs() {
    let app = TestApp::empty().await;
    let session = slot(&app, 0).await;
    for i in 0..3 {
        let cookie = app.sign_up(&format!("full{i}@example.com"), "기부자").await;
        booked(&app, session, &cookie).await;
    }
    let fourth = app.sign_up("full3@example.com", "기부자").await;
    let refused = book(&app, session, &fourth).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert_eq!(count(&app, &format!("SELECT taken FROM seat_sessions WHERE id = {session}")).await, 3);
    // the fourth donor books three other slots, and no fourth
    for n in 1..=3 {
        booked(&app, slot(&app, n).await, &fourth).await;
    }
    let capped = book(&app, slot(&app, 4).await, &fourth).await;
    assert_eq!(capped.status, 409, "{}", capped.body);
    assert!(capped.json()["message"].as_str().unwrap().contains("3건"));
    // a slot of another kind, or one not existing, is not a drop-off slot
    let facility: Option<i64> = sqlx::query_scalar("SELECT id FROM seat_sessions WHERE kind <> 'thrift_dropoff' LIMIT 1").fetch_optional(&app.pool).await.unwrap();
    if let Some(id) = facility {
        assert_eq!(book(&app, id, &fourth).await.status, 400);
    }
    assert_eq!(book(&app, 999_999, &fourth).await.status, 400);
}

#[tokio::test]
async fn one_resident_cannot_see_or_act_on_anothers_drop_off_receipt_or_catering() {
    let app = TestApp::empty().await;
    let owner = app.sign_up("owner@example.com", "주인").await;
    let stranger = app.sign_up("stranger@example.com", "남").await;
    let dropoff = booked(&app, slot(&app, 0).await, &owner).await;
    assert_eq!(app.call("/api/request_receipt", &receipt_body(&dropoff), &owner).await.status, 200);
    let catering = app.call("/api/request_catering", &catering_body("2026-11-26"), &owner).await;
    assert_eq!(catering.status, 200, "{}", catering.body);
    let catering = catering.json().as_str().unwrap().to_string();

    for (path, body) in [
        ("/api/my_dropoff", format!("reference={dropoff}")),
        ("/api/request_receipt", receipt_body(&dropoff)),
        ("/api/my_catering", format!("reference={catering}")),
        ("/api/close_catering", format!("reference={catering}&action=withdraw")),
        ("/api/close_catering", format!("reference={catering}&action=accept")),
    ] {
        let reply = app.call(path, &body, &stranger).await;
        assert_eq!(reply.status, 404, "{path}: {}", reply.body);
        assert!(!reply.body.contains("김영희"));
    }
    for page in [format!("/me/applications/dropoff/{dropoff}"), format!("/me/applications/catering/{catering}")] {
        let reply = app.get_as(&page, &stranger).await;
        assert_eq!(reply.status, 404, "{page}");
        assert!(!reply.body.contains("김영희") && !reply.body.contains("010-1234-5678"));
    }
    let theirs = app.get_as("/me/applications", &stranger).await;
    assert!(!theirs.body.contains(&dropoff) && !theirs.body.contains(&catering));
    let mine = app.get_as("/me/applications", &owner).await;
    assert!(mine.body.contains(&dropoff) && mine.body.contains(&catering));
    assert!(mine.headers["cache-control"].to_str().unwrap().contains("no-store"), "personal pages are never cached");
    // nothing changed for the owner
    let still = app.call("/api/my_catering", &format!("reference={catering}"), &owner).await.json();
    assert_eq!(still["state"], "Requested");
    // a resident is not staff
    for (path, body) in [("/api/social_desk", String::new()), ("/api/handle_dropoff", format!("reference={dropoff}&action=receive")),
        ("/api/answer_catering", format!("reference={catering}&outcome=quote&amount=1&note="))] {
        let reply = app.call(path, &body, &stranger).await;
        assert_eq!(reply.status, 400, "{path}: {}", reply.body);
    }
    // guests are asked to log in
    for (path, body) in [("/api/my_social_requests", String::new()), ("/api/my_dropoff", format!("reference={dropoff}")),
        ("/api/book_dropoff", "session=1&key=guest-key-1".into()), ("/api/request_catering", catering_body("2026-11-26"))] {
        assert_eq!(app.call(path, &body, "").await.status, 401, "{path}");
    }
}

#[tokio::test]
async fn the_database_keeps_one_receipt_per_drop_off_unique_numbers_and_issued_receipts_unchanged() {
    let app = TestApp::empty().await;
    let donor = app.sign_up("db@example.com", "기부자").await;
    let desk = staff(&app).await;
    let first = booked(&app, slot(&app, 0).await, &donor).await;
    let second = booked(&app, slot(&app, 1).await, &donor).await;
    for r in [&first, &second] {
        assert_eq!(app.call("/api/request_receipt", &receipt_body(r), &donor).await.status, 200);
    }
    // a second receipt row for the same drop-off
    let copy = sqlx::query(
        "INSERT INTO thrift_receipts (booking_id, account_id, dropoff_ref, dropoff_at, donor_name, donor_kind, donor_id, items, total_krw, requested_at) \
         SELECT booking_id, account_id, 'D-2345-6789', dropoff_at, donor_name, donor_kind, donor_id, items, total_krw, requested_at FROM thrift_receipts LIMIT 1",
    )
    .execute(&app.pool)
    .await;
    assert!(copy.is_err(), "one receipt per drop-off");
    // a number for a drop-off not received
    let unreceived = sqlx::query("UPDATE thrift_receipts SET number = 'YH-2026-000009', issued_at = '2026-11-23T10:00:00+09:00' WHERE dropoff_ref = ?")
        .bind(&first)
        .execute(&app.pool)
        .await;
    assert!(unreceived.is_err(), "issued only once received");
    for r in [&first, &second] {
        assert_eq!(app.call("/api/handle_dropoff", &format!("reference={r}&action=receive"), &desk).await.status, 200);
    }
    assert_eq!(app.call("/api/handle_dropoff", &format!("reference={first}&action=issue"), &desk).await.status, 200);
    let duplicate = sqlx::query("UPDATE thrift_receipts SET number = 'YH-2026-000001', issued_at = '2026-11-23T10:00:00+09:00' WHERE dropoff_ref = ?")
        .bind(&second)
        .execute(&app.pool)
        .await;
    assert!(duplicate.is_err(), "receipt numbers are unique");
    let changed = sqlx::query("UPDATE thrift_receipts SET total_krw = 1 WHERE dropoff_ref = ?").bind(&first).execute(&app.pool).await;
    assert!(changed.is_err(), "an issued receipt is not changed");
    let deleted = sqlx::query("DELETE FROM thrift_receipts WHERE dropoff_ref = ?").bind(&first).execute(&app.pool).await;
    assert!(deleted.is_err(), "an issued receipt is kept");
    // but it can stand without its account (account deletion keeps what the law requires)
    sqlx::query("UPDATE thrift_receipts SET account_id = NULL, booking_id = NULL WHERE dropoff_ref = ?").bind(&first).execute(&app.pool).await.unwrap();
    // the seat engine's capacity is a CHECK too
    let over = sqlx::query("UPDATE seat_sessions SET taken = capacity + 1 WHERE kind = 'thrift_dropoff'").execute(&app.pool).await;
    assert!(over.is_err());
}

#[tokio::test]
async fn catering_is_asked_three_working_days_ahead_answered_by_staff_into_messages_and_accepted_or_withdrawn() {
    let app = TestApp::empty().await;
    let resident = app.sign_up("meeting@example.com", "회의 담당").await;
    let desk = staff(&app).await;
    let soon = app.call("/api/request_catering", &catering_body("2026-11-25"), &format!("{resident}; lang=en")).await;
    assert_eq!(soon.status, 400, "{}", soon.body);
    assert!(soon.json()["message"].as_str().unwrap().contains("2026-11-26"), "{}", soon.body);
    let asked = app.call("/api/request_catering", &catering_body("2026-11-26"), &resident).await;
    assert_eq!(asked.status, 200, "{}", asked.body);
    let reference = asked.json().as_str().unwrap().to_string();
    assert!(reference.starts_with("J-"));
    // nothing to accept before a quote
    assert_eq!(app.call("/api/close_catering", &format!("reference={reference}&action=accept"), &resident).await.status, 409);
    let quoted = app.call("/api/answer_catering", &format!("reference={reference}&outcome=quote&amount={}&note={}", enc("380,000"), enc("음료 포함")), &desk).await;
    assert_eq!(quoted.status, 200, "{}", quoted.body);
    assert_eq!(app.call("/api/answer_catering", &format!("reference={reference}&outcome=refuse&amount=&note={}", enc("중복")), &desk).await.status, 409);
    let inbox = app.get_as("/me/messages", &resident).await;
    assert!(inbox.body.contains("견적이 왔습니다") && inbox.body.contains("380,000원"), "{}", inbox.body);
    assert_eq!(app.call("/api/close_catering", &format!("reference={reference}&action=accept"), &resident).await.status, 200);
    assert_eq!(app.call("/api/close_catering", &format!("reference={reference}&action=withdraw"), &resident).await.status, 409);
    let page = app.get_as(&format!("/me/applications/catering/{reference}"), &resident).await;
    assert!(page.body.contains("견적 수락") && page.body.contains("380,000원"));

    // a refusal reaches the messages too, and a refused request cannot be withdrawn
    let second = app.call("/api/request_catering", &catering_body("2026-12-02"), &resident).await.json().as_str().unwrap().to_string();
    let refused = app.call("/api/answer_catering", &format!("reference={second}&outcome=refuse&amount=&note={}", enc("그날은 푸드트럭 행사가 있습니다")), &desk).await;
    assert_eq!(refused.status, 200, "{}", refused.body);
    assert!(app.get_as("/me/messages", &resident).await.body.contains("푸드트럭 행사"));
    assert_eq!(app.call("/api/close_catering", &format!("reference={second}&action=withdraw"), &resident).await.status, 409);
    // a waiting one is withdrawn
    let third = app.call("/api/request_catering", &catering_body("2026-12-03"), &resident).await.json().as_str().unwrap().to_string();
    assert_eq!(app.call("/api/close_catering", &format!("reference={third}&action=withdraw"), &resident).await.status, 200);
    // at most five waiting at once
    for _ in 0..5 {
        assert_eq!(app.call("/api/request_catering", &catering_body("2026-12-04"), &resident).await.status, 200);
    }
    assert_eq!(app.call("/api/request_catering", &catering_body("2026-12-04"), &resident).await.status, 409);
    // the table refuses a quote-less quoted state
    let bad = sqlx::query("UPDATE coffee_catering_requests SET state = 'quoted', quote_krw = NULL WHERE reference = ?").bind(&third).execute(&app.pool).await;
    assert!(bad.is_err());
}

#[tokio::test]
async fn garbage_to_every_social_server_function_is_a_4xx_with_a_message() {
    let app = TestApp::empty().await;
    let resident = app.sign_up("garbage-social@example.com", "주민").await;
    let desk = staff(&app).await;
    let long = "9".repeat(5000);
    let calls: Vec<(&str, String)> = vec![
        ("/api/thrift_day", "date=2026-02-30".into()),
        ("/api/thrift_day", format!("date={long}")),
        ("/api/book_dropoff", String::new()),
        ("/api/book_dropoff", "session=abc&key=key-12345678".into()),
        ("/api/book_dropoff", format!("session={long}&key=key-12345678")),
        ("/api/book_dropoff", "session=1&key=%3Cscript%3E".into()),
        ("/api/my_dropoff", "reference=J-2345-6789".into()),
        ("/api/my_dropoff", format!("reference={long}")),
        ("/api/my_dropoff", "reference=%FF%FE".into()),
        ("/api/request_receipt", "reference=D-2345-6789".into()),
        ("/api/request_receipt", receipt_body("D-2345-6789").replace("name=%EA%B9%80%EC%98%81%ED%9D%AC", &format!("name={long}"))),
        ("/api/request_receipt", receipt_body("D-2345-6789").replace("value1=60%2C000", &format!("value1={long}"))),
        ("/api/request_receipt", receipt_body("D-2345-6789").replace("donor_kind=person", "donor_kind=%00")),
        ("/api/request_catering", catering_body("yesterday")),
        ("/api/request_catering", catering_body("2026-11-26").replace("heads=40", "heads=-1")),
        ("/api/request_catering", catering_body("2026-11-26").replace("heads=40", &format!("heads={long}"))),
        ("/api/request_catering", catering_body("2026-11-26").replace("set1=coffee-break", "set1=%3Cb%3E")),
        ("/api/request_catering", catering_body("2026-11-26").replace("budget=400%2C000", &format!("budget={long}"))),
        ("/api/request_catering", catering_body("2026-11-26").replace("contact_phone=010-1234-5678", "contact_phone=call-me")),
        ("/api/request_catering", format!("{}&note={long}", catering_body("2026-11-26").trim_end_matches("&note="))),
        ("/api/request_catering", "date=2026-11-26".into()),
        ("/api/my_catering", "reference=D-2345-6789".into()),
        ("/api/close_catering", "reference=J-2345-6789&action=explode".into()),
        ("/api/close_catering", format!("reference=J-2345-6789&action={long}")),
    ];
    for (path, body) in &calls {
        let reply = app.call(path, body, &format!("{resident}; lang=en")).await;
        assert!(reply.status.is_client_error(), "{path} {body:.80}: {} {}", reply.status, &reply.body[..reply.body.len().min(200)]);
        assert!(reply.json()["message"].is_string(), "{path}: {}", reply.body);
    }
    for (path, body) in [
        ("/api/handle_dropoff", "reference=D-2345-6789&action=receive".to_string()),
        ("/api/handle_dropoff", "reference=D-2345-6789&action=burn".into()),
        ("/api/handle_dropoff", format!("reference={long}&action=issue")),
        ("/api/answer_catering", "reference=J-2345-6789&outcome=quote&amount=abc&note=".into()),
        ("/api/answer_catering", format!("reference=J-2345-6789&outcome=refuse&amount=&note={long}")),
        ("/api/answer_catering", "reference=J-2345-6789&outcome=maybe&amount=1&note=".into()),
        ("/api/answer_catering", "reference=J-2345-6789&outcome=quote&amount=1&note=".into()),
    ] {
        let reply = app.call(path, &body, &format!("{desk}; lang=en")).await;
        assert!(reply.status.is_client_error(), "{path} {body:.80}: {} {}", reply.status, reply.body);
        assert!(reply.json()["message"].is_string(), "{path}: {}", reply.body);
    }
    // the argument-free ones take any body calmly
    for path in ["/api/my_social_requests", "/api/social_now", "/api/social_desk"] {
        for who in [resident.as_str(), desk.as_str()] {
            let reply = app.call(path, "%FF=%FE&x[]=1", who).await;
            assert!(reply.status.as_u16() < 500, "{path}: {}", reply.status);
        }
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM thrift_receipts").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM coffee_catering_requests").await, 0);
}

#[tokio::test]
async fn the_pages_speak_both_languages_and_say_the_data_is_a_demo() {
    let app = TestApp::empty().await;
    let thrift = app.get("/programmes/thrift-store").await;
    assert_eq!(thrift.status, 200);
    assert!(thrift.body.contains("영희네 나눔가게") && thrift.body.contains("디지털로 435") && thrift.body.contains("지금 영업 중"), "{}", thrift.body);
    assert!(thrift.body.contains("data-testid=\"demo-note\"") && thrift.body.contains("data-testid=\"dropoff-slot\""));
    let english = app.send(get_with("/programmes/thrift-store", &[("cookie", "lang=en")])).await;
    assert!(english.body.contains("Thrift Store") && english.body.contains("435 Digital-ro"));
    assert!(english.body.contains("Open now"));
    // the programmes card and the page give the store one name
    let programmes = app.get("/programmes").await;
    assert!(programmes.body.contains("영희네 나눔가게") && !programmes.body.contains("알뜰가게"));

    let coffee = app.get("/programmes/coffee-jigi").await;
    assert_eq!(coffee.status, 200);
    assert!(coffee.body.contains("아메리카노") && coffee.body.contains("2,000원") && coffee.body.contains("안산자락길"));
    // Monday 10:00: the truck and both cafés are open
    assert_eq!(coffee.body.matches("data-open=\"true\"").count(), 3, "{}", coffee.body);
    let day = app.get("/programmes/thrift-store?date=2026-11-24").await;
    assert!(day.body.contains("11월 24일"));
    // a guest is asked to log in for the catering form and the desk
    for page in ["/programmes/coffee-jigi/catering", "/staff/social", "/me/applications/dropoff/D-2345-6789"] {
        let reply = app.get_as(page, "").await;
        assert!(reply.status.is_redirection(), "{page}: {}", reply.status);
    }
}

#[tokio::test]
async fn on_a_sunday_and_on_christmas_the_pages_say_closed_and_when_it_opens() {
    let sunday = TestApp::empty_at(domain::SeoulTime::at(domain::IsoDate::parse("2026-11-29").unwrap(), 12, 0).unwrap()).await;
    let page = sunday.get("/programmes/thrift-store").await;
    assert!(page.body.contains("지금은 닫혀 있습니다") && page.body.contains("내일 10:00에 엽니다"), "{}", page.body);
    let coffee = sunday.get("/programmes/coffee-jigi").await;
    assert_eq!(coffee.body.matches("data-open=\"true\"").count(), 1, "only the food truck on a Sunday");
    let christmas = TestApp::empty_at(domain::SeoulTime::at(domain::IsoDate::parse("2026-12-25").unwrap(), 23, 45).unwrap()).await;
    let page = christmas.get("/programmes/thrift-store").await;
    assert!(page.body.contains("오늘은 성탄절") && page.body.contains("내일 10:00에 엽니다"), "{}", page.body);
}
