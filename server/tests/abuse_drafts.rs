//! A draft loan application cannot squat a business's number (issue 23, 4.5): only sent
//! applications hold a business's place in a round, so starting one tells no one whether a business
//! applied; a draft can be withdrawn from `/me/applications` with a plain form, and expires after
//! 14 days unsent (time is an argument of the rule and of the chore's statement).

mod helpers;

use axum::body::Body;
use axum::http::Request;
use helpers::*;

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
const LOAN_DOCS: [&str; 6] = ["application-form", "business-plan", "business-registration", "national-tax", "local-tax", "vat-base"];

fn loan_body(business_number: &str) -> String {
    format!(
        "in_district=yes&industry=manufacturing&collateral=real-estate&evaluated={}&evaluated_on=2026-11-20&amount={}&purpose=facility&business_name={}&business_number={business_number}&corporation=no",
        enc("200,000,000"), enc("150,000,000"), enc("동네공방")
    )
}

async fn start(app: &TestApp, cookie: &str, business: &str) -> Reply {
    app.call("/api/start_loan_application", &loan_body(business), cookie).await
}

async fn send_complete(app: &TestApp, cookie: &str, reference: &str) -> Reply {
    let boundary = "----dongne-drafts";
    for kind in LOAN_DOCS {
        let mut body = Vec::new();
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n{kind}\r\n").as_bytes());
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n").as_bytes());
        body.extend_from_slice(PDF);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let request = Request::post(format!("/programmes/applications/{reference}/documents"))
            .header("host", "localhost")
            .header("origin", "http://localhost")
            .header("cookie", cookie)
            .header("accept", "application/json")
            .header("content-type", format!("multipart/form-data; boundary={boundary}"))
            .body(Body::from(body))
            .unwrap();
        assert_eq!(app.send(request).await.status, 201);
    }
    app.call("/api/submit_application", &format!("reference={reference}"), cookie).await
}

async fn state_of(app: &TestApp, reference: &str) -> String {
    sqlx::query_scalar("SELECT state FROM applications WHERE reference = ?").bind(reference).fetch_one(&app.pool).await.unwrap()
}

#[tokio::test]
async fn a_draft_does_not_hold_a_business_number_and_a_start_does_not_tell_whether_it_applied() {
    let app = TestApp::empty().await;
    let squatter = app.sign_up("squatter@example.com", "선점자").await;
    assert_eq!(start(&app, &squatter, "220-81-62517").await.status, 200, "a draft for someone else's business");
    // the business's owner starts and sends all the same
    let owner = app.sign_up("owner@example.com", "사장").await;
    let mine = start(&app, &owner, "220-81-62517").await;
    assert_eq!(mine.status, 200, "{}", mine.body);
    let reference = mine.json().as_str().unwrap().to_string();
    let sent = send_complete(&app, &owner, &reference).await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    // a start still says nothing about whether the business applied
    let prober = app.sign_up("prober@example.com", "탐색자").await;
    assert_eq!(start(&app, &prober, "220-81-62517").await.status, 200);
}

#[tokio::test]
async fn a_resident_withdraws_a_draft_with_a_plain_form_and_may_start_again() {
    let app = TestApp::empty().await;
    let cookie = app.sign_up("changed@example.com", "마음바뀜").await;
    let reference = start(&app, &cookie, "220-81-62517").await.json().as_str().unwrap().to_string();
    let list = app.get_as("/me/applications", &cookie).await;
    assert!(list.body.contains("action=\"/api/withdraw_application\"") && list.body.contains("data-testid=\"withdraw-form\""), "a withdraw button");
    // another account's reference is not found
    let stranger = app.sign_up("stranger@example.com", "남").await;
    assert_eq!(app.call("/api/withdraw_application", &format!("reference={reference}"), &stranger).await.status, 404);
    // JavaScript off: the form posts, and the browser is sent back to the list
    let withdrawn = app.send(post_form("/api/withdraw_application", &format!("reference={reference}"), &cookie, "text/html")).await;
    assert!(withdrawn.status.is_redirection(), "{}", withdrawn.status);
    assert_eq!(withdrawn.headers["location"], "/me/applications?withdrawn=1");
    assert_eq!(state_of(&app, &reference).await, "withdrawn");
    let list = app.get_as("/me/applications?withdrawn=1", &cookie).await;
    assert!(list.body.contains("철회"), "the list says so");
    assert_eq!(app.call("/api/withdraw_application", &format!("reference={reference}"), &cookie).await.status, 409, "once");
    let again = start(&app, &cookie, "220-81-62517").await;
    assert_eq!(again.status, 200, "the round's place came back: {}", again.body);
    // a sent application is the district's: it cannot be withdrawn here
    let second = again.json().as_str().unwrap().to_string();
    assert_eq!(send_complete(&app, &cookie, &second).await.status, 200);
    assert_eq!(app.call("/api/withdraw_application", &format!("reference={second}"), &cookie).await.status, 409);
    assert_eq!(state_of(&app, &second).await, "submitted");
}

#[tokio::test]
async fn a_draft_left_unsent_for_fourteen_days_expires() {
    let app = TestApp::empty().await;
    let cookie = app.sign_up("forgetful@example.com", "잊음").await;
    let reference = start(&app, &cookie, "220-81-62517").await.json().as_str().unwrap().to_string();
    // the chore's statement, with the time as its argument
    let mut conn = app.pool.acquire().await.unwrap();
    let later = |days: i64| domain::SeoulTime::from_instant(test_now().instant() + time::Duration::days(days));
    assert_eq!(server::programmes::store::expire_drafts(&mut conn, later(13)).await.unwrap(), 0);
    assert_eq!(state_of(&app, &reference).await, "draft");
    drop(conn);
    // started 14 days before the app's now: the next write expires it and the account starts afresh
    sqlx::query("UPDATE applications SET created_at = '2026-11-09T10:00:00+09:00' WHERE reference = ?").bind(&reference).execute(&app.pool).await.unwrap();
    let again = start(&app, &cookie, "220-81-62517").await;
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(state_of(&app, &reference).await, "withdrawn");
    let sent = app.call("/api/submit_application", &format!("reference={reference}"), &cookie).await;
    assert_eq!(sent.status, 409, "an expired draft cannot be sent: {}", sent.body);
}
