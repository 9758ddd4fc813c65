//! The pages' read-only server functions are public endpoints too: garbage, oversized or missing
//! arguments, and guests asking for personal ones, get a 4xx with a message, never a 5xx.

mod helpers;

use helpers::*;

#[tokio::test]
async fn garbage_to_every_read_function_is_a_4xx_with_a_message_never_a_5xx() {
    let app = TestApp::seeded().await;
    let cookie = app.sign_up("reader@example.com", "Reader").await;
    let long = "9".repeat(5000);
    let bodies: Vec<(&str, String)> = vec![
        ("/api/booking_check", "session=abc&child=1".into()),
        ("/api/booking_check", format!("session={long}&child=-1")),
        ("/api/booking_check", "".into()),
        ("/api/booking_choice", "session=%3Cscript%3E".into()),
        ("/api/booking_choice", "session=0".into()),
        ("/api/course_to_apply", "course=-3".into()),
        ("/api/course_to_apply", format!("course={long}")),
        ("/api/facility_slot", "session=x".into()),
        ("/api/facility_day", "slug=%00%01&date=2026-02-30".into()),
        ("/api/facility_day", "slug=gwangjin-hall&date=yesterday".into()),
        ("/api/lottery_round", "branch=<b>&week=2026-11-24".into()),
        ("/api/lottery_round", "branch=Junggok&week=2026-13-01".into()),
        ("/api/my_booking", "reference=%FF%FE".into()),
        ("/api/my_booking", format!("reference={long}")),
        ("/api/my_booking", "reference=K-0000-0000".into()),
        ("/api/air_sensor", "id=%3Cscript%3E".into()),
        ("/api/air_sensor", format!("id={long}")),
        ("/api/air_sensor", "id=DB-999".into()),
        ("/api/air_sensor", "".into()),
    ];
    for (path, body) in &bodies {
        let reply = app.call(path, body, &format!("{cookie}; lang=en")).await;
        assert!(reply.status.is_client_error(), "{path} {body:.60}: {} {}", reply.status, &reply.body[..reply.body.len().min(200)]);
        assert!(reply.json()["message"].is_string(), "{path}: {}", reply.body);
    }
    // argument-free ones still refuse what cannot be read (a body they do not expect is ignored)
    for path in ["/api/kids_cafe_today", "/api/kids_cafe_stats", "/api/facility_list", "/api/air_overview", "/api/car_list",
        "/api/bike_docks", "/api/parking_spaces"] {
        for caller in ["", cookie.as_str()] {
            let reply = app.call(path, "%FF=%FE&x[]=1", caller).await;
            assert!(reply.status.as_u16() < 500, "{path}: {}", reply.status);
        }
    }
    // the car share's personal read functions, signed in, with a body they do not expect
    for path in ["/api/my_trips", "/api/my_licence", "/api/my_bike_hold"] {
        let reply = app.call(path, &format!("%FF=%FE&x[]=1&reference={long}"), &cookie).await;
        assert!(reply.status.as_u16() < 500, "{path}: {} {}", reply.status, reply.body);
    }
    // staff only: a resident is refused with a message, whatever the body
    let reply = app.call("/api/official_schedule", &format!("from={long}"), &cookie).await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert!(reply.json()["message"].is_string());
    // personal ones ask a guest to log in
    for path in ["/api/my_bookings", "/api/my_inbox", "/api/my_children", "/api/calendar_link_status", "/api/my_booking",
        "/api/my_trips", "/api/my_licence", "/api/my_bike_hold", "/api/official_schedule", "/api/car_trip"] {
        let reply = app.call(path, "reference=K-2345-6789", "").await;
        assert_eq!(reply.status, 401, "{path}: {}", reply.body);
    }
}

/// The staff desk's licence claims: garbage from staff is a 400 in words and changes nothing; a
/// resident is refused and a guest asked to log in, before anything is read.
#[tokio::test]
async fn garbage_to_the_licence_claim_functions_is_refused_in_words_and_changes_nothing() {
    let app = TestApp::empty().await;
    let resident = app.sign_up("claims-resident@example.com", "주민").await;
    let staff = app.sign_up("claims-desk@example.com", "담당").await;
    sqlx::query("UPDATE accounts SET role = 'staff' WHERE email = 'claims-desk@example.com'").execute(&app.pool).await.unwrap();
    let long = "9".repeat(5000);
    for body in [
        String::new(),
        "id=&decision=move".into(),
        "id=-1&decision=move".into(),
        "id=0&decision=refuse".into(),
        "id=abc&decision=refuse".into(),
        format!("id={long}&decision=move"),
        "id=1&decision=".into(),
        "id=1&decision=MOVE".into(),
        format!("id=1&decision={long}"),
        "id=1%00&decision=move%00".into(),
        "id=%FF%FE&decision=%3Cscript%3E".into(),
        "id[]=1&decision[]=move".into(),
    ] {
        let reply = app.call("/api/resolve_licence_dispute", &body, &format!("{staff}; lang=en")).await;
        assert_eq!(reply.status, 400, "{body:.60}: {}", reply.body);
        assert!(reply.json()["message"].is_string(), "{body:.60}: {}", reply.body);
    }
    // a well-formed claim number that does not exist is a 404, not a change
    assert_eq!(app.call("/api/resolve_licence_dispute", "id=987654&decision=move", &staff).await.status, 404);
    for (caller, want) in [(resident.as_str(), 400), ("", 401)] {
        for path in ["/api/licence_disputes", "/api/resolve_licence_dispute"] {
            let reply = app.call(path, &format!("id={long}&decision=move"), caller).await;
            assert_eq!(reply.status.as_u16(), want, "{path} as {caller:.10}: {}", reply.body);
            assert!(reply.json()["message"].is_string());
        }
    }
    let listed = app.call("/api/licence_disputes", "%FF=%FE&x[]=1", &staff).await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    assert_eq!(listed.json(), serde_json::json!([]));
    let changed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM licence_disputes").fetch_one(&app.pool).await.unwrap();
    assert_eq!(changed, 0);
}
