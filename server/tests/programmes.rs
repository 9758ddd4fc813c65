//! District programmes through the real router: the JSON API computed from the rule rows, a
//! business applying (start, upload, send) with every refusal storing nothing, documents only for
//! their applicant and staff, the staff decision reaching the applicant's messages, the round's
//! window, racing starts, and garbage to every server function and route answered 4xx, never 5xx.

mod helpers;

use axum::body::Body;
use axum::http::Request;
use helpers::*;

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

fn loan_body(business_number: &str) -> String {
    format!(
        "in_district=yes&industry=manufacturing&collateral=real-estate&evaluated={}&evaluated_on=2026-11-20&amount={}&purpose=facility&business_name={}&business_number={business_number}&corporation=no",
        enc("200,000,000"), enc("150,000,000"), enc("동네공방")
    )
}

const LOAN_DOCS: [&str; 6] = ["application-form", "business-plan", "business-registration", "national-tax", "local-tax", "vat-base"];

/// A multipart upload as a browser's form sends it (`accept` as `post_form`).
fn upload_request(reference: &str, kind: &str, file_name: &str, bytes: &[u8], cookie: &str, accept: &str) -> Request<Body> {
    let boundary = "----dongne-test-boundary";
    let mut body = Vec::new();
    body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n{kind}\r\n").as_bytes());
    body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut request = Request::post(format!("/programmes/applications/{reference}/documents"))
        .header("host", "localhost")
        .header("origin", "http://localhost")
        .header("sec-fetch-site", "same-origin")
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .header("accept", accept);
    if !cookie.is_empty() {
        request = request.header("cookie", cookie);
    }
    request.body(Body::from(body)).unwrap()
}

async fn upload(app: &TestApp, reference: &str, kind: &str, bytes: &[u8], cookie: &str) -> Reply {
    app.send(upload_request(reference, kind, "서류.pdf", bytes, cookie, "application/json")).await
}

async fn start_loan(app: &TestApp, cookie: &str) -> String {
    let reply = app.call("/api/start_loan_application", &loan_body("220-81-62517"), cookie).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json().as_str().unwrap().to_string()
}

async fn count(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&app.pool).await.unwrap()
}

async fn state_of(app: &TestApp, reference: &str) -> String {
    sqlx::query_scalar("SELECT state FROM applications WHERE reference = ?").bind(reference).fetch_one(&app.pool).await.unwrap()
}

async fn staff(app: &TestApp) -> String {
    let cookie = app.sign_up("reviewer@example.com", "심사 직원").await;
    sqlx::query("UPDATE accounts SET role = 'staff' WHERE email = 'reviewer@example.com'").execute(&app.pool).await.unwrap();
    cookie
}

/// A loan application with every document, sent; its reference.
async fn sent_loan(app: &TestApp, cookie: &str) -> String {
    let reference = start_loan(app, cookie).await;
    for kind in LOAN_DOCS {
        assert_eq!(upload(app, &reference, kind, PDF, cookie).await.status, 201);
    }
    let reply = app.call("/api/submit_application", &format!("reference={reference}"), cookie).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reference
}

#[tokio::test]
async fn the_json_api_computes_the_schedule_the_eligibility_and_the_allowance_from_the_rules() {
    let app = TestApp::empty().await;
    let list = app.get("/api/v1/programmes").await;
    assert_eq!(list.status, 200, "{}", list.body);
    let list = list.json();
    let ids: Vec<&str> = list["programmes"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["sme-loan", "veterans-allowance", "thrift-store", "coffee-jigi"]);
    assert_eq!(list["programmes"][0]["open_round"]["closes"], "2026-12-11");
    assert_eq!(list["programmes"][0]["next_round"]["opens"], "2027-02-01");

    let s = app.get("/api/v1/programmes/sme-loan/schedule?amount=100000000&collateral=real-estate&year=2026").await;
    assert_eq!(s.status, 200, "{}", s.body);
    let s = s.json();
    let payments = s["payments"].as_array().unwrap();
    assert_eq!(payments.len(), 20);
    assert_eq!((s["drawdown"].as_str(), s["rate"].as_str()), (Some("2026-03-31"), Some("1.5%")));
    assert_eq!(payments[0]["date"], "2026-06-30");
    assert_eq!(payments[0]["interest"], 373_973);
    assert_eq!(payments[0]["principal"], 0);
    assert_eq!(payments[4]["principal"], 6_250_000);
    assert_eq!(payments[19]["remaining"], 0);
    assert_eq!(s["totals"]["principal"], 100_000_000);
    let interest: u64 = payments.iter().map(|p| p["interest"].as_u64().unwrap()).sum();
    assert_eq!(s["totals"]["interest"], interest);
    // 2023's 0.8 %
    let old = app.get("/api/v1/programmes/sme-loan/schedule?amount=100000000&collateral=real-estate&year=2023").await.json();
    assert_eq!(old["rate"], "0.8%");
    assert!(old["totals"]["interest"].as_u64().unwrap() < interest);

    let csv = app.get("/api/v1/programmes/sme-loan/schedule?amount=50000000&collateral=guarantee&year=2026&format=csv").await;
    assert_eq!(csv.status, 200);
    assert!(csv.headers["content-type"].to_str().unwrap().starts_with("text/csv"));
    assert!(csv.headers["content-disposition"].to_str().unwrap().contains("attachment"));
    assert_eq!(csv.body.lines().count(), 22);
    assert!(csv.body.lines().last().unwrap().starts_with("total,,,50000000,"));

    let bar = app.get("/api/v1/programmes/sme-loan/eligibility?industry=bars&amount=10000000&collateral=guarantee").await.json();
    assert_eq!(bar["eligible"], false);
    assert_eq!(bar["reasons"][0]["code"], "ExcludedIndustry");
    let over = app.get("/api/v1/programmes/sme-loan/eligibility?industry=retail&amount=60000000&collateral=guarantee").await.json();
    assert_eq!((over["eligible"].as_bool(), over["cap"].as_u64()), (Some(false), Some(50_000_000)));
    assert!(over["reasons"][0]["message_ko"].as_str().unwrap().contains("50,000,000원"));
    let ok = app.get("/api/v1/programmes/sme-loan/eligibility?industry=it&amount=150000000&collateral=real-estate&evaluated=200000000").await.json();
    assert_eq!(ok["eligible"], true);

    let year = app.get("/api/v1/programmes/veterans-allowance/annual?year=2026").await.json();
    assert_eq!(year["total"], 660_000);
    assert_eq!(year["items"].as_array().unwrap().len(), 15);
    assert_eq!(year["condolence_to_family"], 200_000);
    let late = app.get("/api/v1/programmes/veterans-allowance/annual?year=2026&from_month=7").await.json();
    assert_eq!(late["total"], 320_000);
}

#[tokio::test]
async fn garbage_to_the_json_api_is_a_400_in_both_languages_never_a_5xx() {
    let app = TestApp::empty().await;
    let long = "9".repeat(5000);
    let bad = [
        "/api/v1/programmes?x=1".to_string(),
        "/api/v1/programmes/sme-loan/schedule".into(),
        "/api/v1/programmes/sme-loan/schedule?amount=100000000".into(),
        "/api/v1/programmes/sme-loan/schedule?amount=-5&collateral=guarantee".into(),
        format!("/api/v1/programmes/sme-loan/schedule?amount={long}&collateral=guarantee"),
        "/api/v1/programmes/sme-loan/schedule?amount=160000000&collateral=real-estate".into(),
        "/api/v1/programmes/sme-loan/schedule?amount=10000000&collateral=gold".into(),
        "/api/v1/programmes/sme-loan/schedule?amount=10000000&collateral=guarantee&year=1999".into(),
        "/api/v1/programmes/sme-loan/schedule?amount=10000000&collateral=guarantee&year=%F0%9F%92%A5".into(),
        "/api/v1/programmes/sme-loan/schedule?amount=10000000&collateral=guarantee&start=2099-01-01".into(),
        "/api/v1/programmes/sme-loan/schedule?amount=10000000&collateral=guarantee&format=xml".into(),
        "/api/v1/programmes/sme-loan/schedule?amount=10000000&amount=20000000&collateral=guarantee".into(),
        "/api/v1/programmes/sme-loan/eligibility?industry=casino&amount=10000000&collateral=guarantee".into(),
        "/api/v1/programmes/sme-loan/eligibility?industry=it&amount=1e9&collateral=guarantee".into(),
        "/api/v1/programmes/sme-loan/eligibility?industry=it&collateral=guarantee".into(),
        "/api/v1/programmes/veterans-allowance/annual?year=2099".into(),
        "/api/v1/programmes/veterans-allowance/annual?year=2026&from_month=13".into(),
        format!("/api/v1/programmes/veterans-allowance/annual?year={long}"),
    ];
    for uri in &bad {
        let reply = app.get(uri).await;
        assert_eq!(reply.status, 400, "{uri:.100}: {}", reply.body);
        let body = reply.json();
        assert!(body["error"].is_string() && body["message_ko"].is_string(), "{uri:.100}: {}", reply.body);
    }
}

#[tokio::test]
async fn a_business_applies_uploads_its_documents_and_sends_with_a_reference() {
    let app = TestApp::empty().await;
    let cookie = app.sign_up("owner@example.com", "김사장").await;
    let reference = start_loan(&app, &cookie).await;
    assert!(reference.starts_with("L-") && reference.len() == 11, "{reference}");
    assert_eq!(state_of(&app, &reference).await, "draft");

    // the page lists the six documents a sole proprietor brings, each with an upload form
    let page = app.get_as(&format!("/me/applications/{reference}"), &cookie).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.body.matches("data-testid=\"upload-form\"").count(), 6);
    assert!(page.body.contains("enctype=\"multipart/form-data\"") && page.body.contains(&reference));

    // sending without the documents names what is missing and changes nothing
    let early = app.call("/api/submit_application", &format!("reference={reference}"), &format!("{cookie}; lang=en")).await;
    assert_eq!(early.status, 409, "{}", early.body);
    assert!(early.json()["message"].as_str().unwrap().contains("Business plan"));
    assert_eq!(state_of(&app, &reference).await, "draft");

    // a file is judged by its bytes: HTML named .pdf is refused and not stored
    let fake = upload(&app, &reference, "business-plan", b"<html><script>alert(1)</script>", &cookie).await;
    assert_eq!(fake.status, 400, "{}", fake.body);
    assert!(fake.json()["message_ko"].as_str().unwrap().contains("PDF"));
    let empty = upload(&app, &reference, "business-plan", b"", &cookie).await;
    assert_eq!(empty.status, 400);
    let unknown = upload(&app, &reference, "passport", PDF, &cookie).await;
    assert_eq!(unknown.status, 400);
    let not_needed = upload(&app, &reference, "merit-certificate", PDF, &cookie).await;
    assert_eq!(not_needed.status, 400, "{}", not_needed.body);
    assert_eq!(count(&app, "application_documents").await, 0);

    for kind in LOAN_DOCS {
        let reply = upload(&app, &reference, kind, if kind == "business-plan" { PNG } else { PDF }, &cookie).await;
        assert_eq!(reply.status, 201, "{kind}: {}", reply.body);
    }
    // a second upload of the same kind replaces the first
    assert_eq!(upload(&app, &reference, "vat-base", PDF, &cookie).await.status, 201);
    assert_eq!(count(&app, "application_documents").await, 6);

    let sent = app.call("/api/submit_application", &format!("reference={reference}"), &cookie).await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    assert_eq!(state_of(&app, &reference).await, "submitted");
    let page = app.get_as(&format!("/me/applications/{reference}?sent=1"), &cookie).await;
    assert!(page.body.contains("신청을 제출했습니다") && page.body.contains("심사 중"), "{}", &page.body[..page.body.len().min(400)]);
    let list = app.get_as("/me/applications", &cookie).await;
    assert!(list.body.contains(&reference));

    // documents stay once sent; the same round takes one application
    assert_eq!(upload(&app, &reference, "vat-base", PDF, &cookie).await.status, 409);
    let again = app.call("/api/start_loan_application", &loan_body("220-81-62517"), &cookie).await;
    assert_eq!(again.status, 409, "{}", again.body);
    assert!(again.json()["message"].as_str().unwrap().contains(&reference));
    // another account may start one for the same business (a start tells no one whether a
    // business applied), but cannot send it: one sent application per business and round
    let partner = app.sign_up("partner@example.com", "동업자").await;
    let twin = start_loan(&app, &partner).await;
    for kind in LOAN_DOCS {
        assert_eq!(upload(&app, &twin, kind, PDF, &partner).await.status, 201);
    }
    let twin_sent = app.call("/api/submit_application", &format!("reference={twin}"), &partner).await;
    assert_eq!(twin_sent.status, 409, "{}", twin_sent.body);
    assert!(!twin_sent.json()["message"].as_str().unwrap().contains(&reference), "the other application is not named");
    assert_eq!((state_of(&app, &twin).await, count(&app, "applications").await), ("draft".to_string(), 2));
}

#[tokio::test]
async fn each_bad_answer_is_refused_with_its_reason_and_nothing_is_stored() {
    let app = TestApp::empty().await;
    let cookie = app.sign_up("bad@example.com", "이신청").await;
    let good = loan_body("220-81-62517");
    let cases = [
        (good.replace("industry=manufacturing", "industry=bars"), "유흥주점"),
        (good.replace("amount=150%2C000%2C000", "amount=151000000"), "150,000,000원"),
        (good.replace("collateral=real-estate", "collateral=guarantee"), "50,000,000원"),
        (good.replace("in_district=yes", "in_district=no"), "구 안에"),
        (good.replace("evaluated_on=2026-11-20", "evaluated_on=2026-12-20"), "2026-11-24"),
        (good.replace("220-81-62517", "220-81-62518"), "사업자등록번호"),
        (good.replace("business_name=", &format!("business_name={}", "x".repeat(70))), "2–60"),
        (good.replace("&corporation=no", ""), "요청"),
        (format!("{good}&{good}"), "요청"),
    ];
    for (body, says) in &cases {
        let reply = app.call("/api/start_loan_application", body, &cookie).await;
        assert_eq!(reply.status, 400, "{body:.80}: {}", reply.body);
        assert!(reply.json()["message"].as_str().unwrap().contains(says), "{says}: {}", reply.body);
    }
    let enrolled = app.call("/api/start_veterans_application", "registered=yes&resident=yes&seoul_allowance=yes&certificate_number=11-23456", &cookie).await;
    assert_eq!(enrolled.status, 400);
    assert!(enrolled.json()["message"].as_str().unwrap().contains("자동으로"));
    assert_eq!(count(&app, "applications").await, 0);
    // a guest is asked to log in, and nothing is stored either
    let guest = app.call("/api/start_loan_application", &good, "").await;
    assert_eq!(guest.status, 401);
    assert_eq!(count(&app, "applications").await, 0);
}

#[tokio::test]
async fn outside_the_window_nothing_is_started_or_sent() {
    let app = TestApp::empty().await;
    let cookie = app.sign_up("late@example.com", "늦은사장").await;
    let draft = start_loan(&app, &cookie).await;
    for kind in LOAN_DOCS {
        upload(&app, &draft, kind, PDF, &cookie).await;
    }
    // the round now opens the day after tomorrow (as if staff had corrected its dates)
    sqlx::query("UPDATE loan_rounds SET opens = '2026-11-25', collateral_deadline = '2026-12-04' WHERE year = 2026 AND number = 2").execute(&app.pool).await.unwrap();
    let send = app.call("/api/submit_application", &format!("reference={draft}"), &cookie).await;
    assert_eq!(send.status, 409, "{}", send.body);
    assert!(send.json()["message"].as_str().unwrap().contains("2026-11-25"), "{}", send.body);
    assert_eq!(state_of(&app, &draft).await, "draft");
    let other = app.sign_up("later@example.com", "더늦은사장").await;
    let start = app.call("/api/start_loan_application", &loan_body("101-81-00009"), &other).await;
    assert_eq!(start.status, 409, "{}", start.body);
    assert_eq!(count(&app, "applications").await, 1);
}

#[tokio::test]
async fn a_hundred_racing_starts_make_one_application_per_account_and_racing_sends_one_per_business() {
    let app = TestApp::empty().await;
    let cookie = app.sign_up("racer@example.com", "경주자").await;
    let mut others = Vec::new();
    for i in 0..20 {
        others.push(app.sign_up(&format!("rival{i}@example.com"), "경쟁자").await);
    }
    let mut tasks = Vec::new();
    for i in 0..100 {
        let (router, body) = (app.router.clone(), loan_body("220-81-62517"));
        let who = if i % 5 == 0 { others[i / 5].clone() } else { cookie.clone() };
        tasks.push(tokio::spawn(async move {
            use tower::ServiceExt;
            router.oneshot(post_form("/api/start_loan_application", &body, &who, "application/json")).await.unwrap().status().as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    // the racer's 80 starts make one draft; each rival's start makes its own (drafts hold no
    // business's place)
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 21, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 79, "{statuses:?}");
    assert_eq!(count(&app, "applications").await, 21);
    // five of them, complete, sent at once: one is sent, the others are refused
    let drafts: Vec<(String, String)> = {
        let mut v = Vec::new();
        for who in others.iter().take(5) {
            let list = app.call("/api/my_applications", "", who).await.json();
            v.push((list[0]["reference"].as_str().unwrap().to_string(), who.clone()));
        }
        v
    };
    for (reference, who) in &drafts {
        for kind in LOAN_DOCS {
            assert_eq!(upload(&app, reference, kind, PDF, who).await.status, 201);
        }
    }
    let sends: Vec<_> = drafts
        .iter()
        .map(|(reference, who)| {
            let request = post_form("/api/submit_application", &format!("reference={reference}"), who, "application/json");
            let router = app.router.clone();
            tokio::spawn(async move { tower::ServiceExt::oneshot(router, request).await.unwrap().status().as_u16() })
        })
        .collect();
    let mut sent = Vec::new();
    for s in sends {
        sent.push(s.await.unwrap());
    }
    assert_eq!(sent.iter().filter(|s| **s == 200).count(), 1, "{sent:?}");
    assert_eq!(sent.iter().filter(|s| **s == 409).count(), 4, "{sent:?}");
}

#[tokio::test]
async fn another_resident_can_neither_see_nor_touch_an_application_or_its_documents() {
    let app = TestApp::empty().await;
    let owner = app.sign_up("owner2@example.com", "주인").await;
    let reference = start_loan(&app, &owner).await;
    assert_eq!(upload(&app, &reference, "business-plan", PDF, &owner).await.status, 201);
    let doc: i64 = sqlx::query_scalar("SELECT id FROM application_documents").fetch_one(&app.pool).await.unwrap();
    let document = format!("/programmes/applications/{reference}/documents/{doc}");

    let mine = app.get_as(&document, &owner).await;
    assert_eq!(mine.status, 200);
    assert_eq!(mine.headers["content-type"], "application/pdf");
    assert!(mine.headers["cache-control"].to_str().unwrap().contains("no-store"));
    assert!(mine.headers["content-disposition"].to_str().unwrap().starts_with("attachment"));
    assert_eq!(mine.body.as_bytes(), PDF);

    let stranger = app.sign_up("stranger@example.com", "남").await;
    assert_eq!(app.get_as(&document, &stranger).await.status, 404);
    assert_eq!(app.get_as(&format!("/me/applications/{reference}"), &stranger).await.status, 404);
    assert_eq!(app.call("/api/my_application", &format!("reference={reference}"), &stranger).await.status, 404);
    assert_eq!(upload(&app, &reference, "local-tax", PDF, &stranger).await.status, 404);
    assert_eq!(app.call("/api/submit_application", &format!("reference={reference}"), &stranger).await.status, 404);
    assert!(!app.get_as("/me/applications", &stranger).await.body.contains(&reference));
    assert_eq!(count(&app, "application_documents").await, 1);
    // a guest is asked to log in; staff read it only once it is sent
    assert_eq!(app.get(&document).await.status, 401);
    let reviewer = staff(&app).await;
    assert_eq!(app.call("/api/application_for_review", &format!("reference={reference}"), &reviewer).await.status, 404, "drafts are the resident's");
    assert_eq!(app.get_as(&document, &reviewer).await.status, 404, "and so are their documents");
}

#[tokio::test]
async fn staff_decide_and_the_applicant_is_told_in_their_messages() {
    let app = TestApp::empty().await;
    let owner = app.sign_up("told@example.com", "박사장").await;
    let reference = sent_loan(&app, &owner).await;
    let reviewer = staff(&app).await;

    // residents cannot review
    assert_eq!(app.call("/api/applications_for_review", "", &owner).await.status, 400);
    assert_eq!(app.call("/api/decide_application", &format!("reference={reference}&outcome=approve&amount=1&reason="), &owner).await.status, 400);

    let list = app.get_as("/staff/programmes", &reviewer).await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains(&reference) && list.body.contains("박사장"));
    let page = app.get_as(&format!("/staff/programmes/{reference}"), &reviewer).await;
    assert!(page.body.contains("data-testid=\"decide-form\"") && page.body.contains("동네공방"));

    let over = app.call("/api/decide_application", &format!("reference={reference}&outcome=approve&amount=160000000&reason="), &reviewer).await;
    assert_eq!(over.status, 400, "{}", over.body);
    let no_reason = app.call("/api/decide_application", &format!("reference={reference}&outcome=reject&amount=&reason="), &reviewer).await;
    assert_eq!(no_reason.status, 400);
    assert_eq!(state_of(&app, &reference).await, "submitted");

    let ok = app.call("/api/decide_application", &format!("reference={reference}&outcome=approve&amount={}&reason=", enc("120,000,000")), &reviewer).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(state_of(&app, &reference).await, "approved");
    let twice = app.call("/api/decide_application", &format!("reference={reference}&outcome=reject&amount=&reason=again"), &reviewer).await;
    assert_eq!(twice.status, 409);

    let inbox = app.get_as("/me/messages", &owner).await;
    assert!(inbox.body.contains("승인") && inbox.body.contains("120,000,000원"), "{}", &inbox.body[..inbox.body.len().min(500)]);
    let page = app.get_as(&format!("/me/applications/{reference}"), &owner).await;
    assert!(page.body.contains("data-testid=\"decision\"") && page.body.contains("120,000,000원"));
}

#[tokio::test]
async fn a_plain_form_upload_comes_back_to_the_application_with_the_refusal_shown_there() {
    let app = TestApp::empty().await;
    let cookie = app.sign_up("plain@example.com", "자바스크립트없음").await;
    let reference = start_loan(&app, &cookie).await;
    let ok = app.send(upload_request(&reference, "business-plan", "plan.pdf", PDF, &cookie, "text/html")).await;
    assert_eq!(ok.status, 303);
    assert_eq!(ok.headers["location"], format!("/me/applications/{reference}?uploaded=business-plan"));
    let bad = app.send(upload_request(&reference, "local-tax", "tax.pdf", b"GIF89a", &cookie, "text/html")).await;
    assert_eq!(bad.status, 303);
    assert_eq!(bad.headers["location"], format!("/me/applications/{reference}"));
    let flash = bad.headers.get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).find(|c| c.starts_with("flash=")).unwrap().split(';').next().unwrap().to_string();
    let page = app.get_as(&format!("/me/applications/{reference}"), &format!("{cookie}; {flash}")).await;
    assert!(page.body.contains("data-testid=\"form-error\"") && page.body.contains("PDF, PNG, JPEG"), "{}", &page.body[..page.body.len().min(300)]);
    // a guest's plain form goes to the log-in page
    let guest = app.send(upload_request(&reference, "local-tax", "tax.pdf", PDF, "", "text/html")).await;
    assert_eq!(guest.status, 303);
    assert!(guest.headers["location"].to_str().unwrap().starts_with("/log-in"));
    // a cross-site upload is refused before it is read
    let mut forged = upload_request(&reference, "local-tax", "tax.pdf", PDF, &cookie, "application/json");
    forged.headers_mut().insert("origin", "https://evil.example".parse().unwrap());
    forged.headers_mut().insert("sec-fetch-site", "cross-site".parse().unwrap());
    assert_eq!(app.send(forged).await.status, 403);
    // more than 10 MB is refused whole
    let huge = vec![b'%'; 11 * 1024 * 1024];
    let reply = upload(&app, &reference, "local-tax", &huge, &cookie).await;
    // the form reader is cut at the limit and says why (a 400 in words: the file, not the form)
    assert_eq!(reply.status, 400, "{}", &reply.body[..reply.body.len().min(200)]);
    assert!(reply.body.contains("larger than 10 MB"), "{}", &reply.body[..reply.body.len().min(200)]);
    assert_eq!(count(&app, "application_documents").await, 1);
}

#[tokio::test]
async fn the_pages_compute_on_the_server_and_refuse_bad_input_in_words() {
    let app = TestApp::empty().await;
    for (uri, says) in [
        ("/programmes", "중소기업 육성자금 융자"),
        ("/programmes/sme-loan", "2026년 2차 접수 중"),
        ("/programmes/sme-loan?amount=50%2C000%2C000&collateral=guarantee&year=2026", "상환 계획 CSV"),
        ("/programmes/veterans-allowance?year=2026", "660,000원"),
        ("/programmes/sme-loan/apply", "사업장이 구 안에 있나요?"),
        ("/programmes/sme-loan/apply?in_district=yes&step=2", "어떤 업종인가요?"),
        ("/programmes/sme-loan/apply?in_district=yes&industry=bars&step=3", "대상이 아닙니다"),
        ("/programmes/veterans-allowance/apply?registered=yes&resident=yes&seoul_allowance=yes&step=4", "신청하지 않아도 됩니다"),
    ] {
        let page = app.get_as(uri, "").await;
        assert_eq!(page.status, 200, "{uri}");
        assert!(page.body.contains(says), "{uri}: {says}");
    }
    let en = app.get_as("/programmes/sme-loan?amount=50000000&collateral=guarantee&year=2026", "lang=en").await;
    assert!(en.body.contains("Download the schedule (CSV)") && en.body.contains("KRW 50,000,000"));
    for (uri, says) in [
        ("/programmes/sme-loan?amount=abc&collateral=guarantee", "숫자"),
        ("/programmes/sme-loan?amount=90000000&collateral=guarantee", "50,000,000원"),
        ("/programmes/veterans-allowance?year=20x6", "기준"),
        ("/programmes/sme-loan/apply?in_district=maybe&step=2", "예 또는 아니요"),
    ] {
        let page = app.get_as(uri, "").await;
        assert_eq!(page.status, 400, "{uri}");
        assert!(page.body.contains(says), "{uri}: {says}");
    }
    // personal and staff pages send a guest to log in
    for uri in ["/me/applications", "/staff/programmes"] {
        let page = app.get_as(uri, "").await;
        assert!(page.status.is_redirection(), "{uri}: {}", page.status);
    }
}

#[tokio::test]
async fn garbage_to_every_programme_server_function_is_a_4xx_with_a_message() {
    let app = TestApp::empty().await;
    let cookie = app.sign_up("garbage@example.com", "쓰레기").await;
    let reviewer = staff(&app).await;
    let long = "9".repeat(5000);
    let calls: Vec<(&str, String)> = vec![
        ("/api/start_loan_application", String::new()),
        ("/api/start_loan_application", format!("in_district={long}")),
        ("/api/start_loan_application", loan_body("220-81-62517").replace("amount=150%2C000%2C000", &format!("amount={long}"))),
        ("/api/start_loan_application", loan_body("%00%01%02")),
        ("/api/start_veterans_application", "registered=yes".into()),
        ("/api/start_veterans_application", format!("registered=yes&resident=yes&seoul_allowance=no&certificate_number={long}")),
        ("/api/start_veterans_application", "registered=yes&resident=yes&seoul_allowance=no&certificate_number=%3Cscript%3E".into()),
        ("/api/submit_application", "reference=%FF%FE".into()),
        ("/api/submit_application", format!("reference={long}")),
        ("/api/submit_application", "reference=L-0000-0000".into()),
        ("/api/my_application", "reference=K-2345-6789".into()),
        ("/api/my_application", String::new()),
        ("/api/decide_application", "reference=L-2345-6789&outcome=approve&amount=1&reason=".into()),
    ];
    for (path, body) in &calls {
        for who in [cookie.as_str(), reviewer.as_str()] {
            let reply = app.call(path, body, &format!("{who}; lang=en")).await;
            assert!(reply.status.is_client_error(), "{path} {body:.60}: {} {}", reply.status, &reply.body[..reply.body.len().min(200)]);
            assert!(reply.json()["message"].is_string(), "{path}: {}", reply.body);
        }
    }
    for (path, body) in [("/api/decide_application", format!("reference=L-2345-6789&outcome={long}&amount={long}&reason={long}")),
        ("/api/application_for_review", format!("reference={long}"))] {
        let reply = app.call(path, &body, &reviewer).await;
        assert!(reply.status.is_client_error(), "{path}: {}", reply.status);
    }
    // uploads: a bad reference, a body that is not multipart, a form with two files
    let not_multipart = app.send(post_form("/programmes/applications/L-2345-6789/documents", "kind=x", &cookie, "application/json")).await;
    assert!(not_multipart.status.is_client_error(), "{}", not_multipart.status);
    let bad_ref = upload(&app, "%3Cscript%3E", "business-plan", PDF, &cookie).await;
    assert_eq!(bad_ref.status, 404);
    assert_eq!(app.get_as("/programmes/applications/L-2345-6789/documents/abc", &cookie).await.status, 404);
    assert_eq!(app.get_as(&format!("/programmes/applications/L-2345-6789/documents/{long}"), &cookie).await.status, 404);
    assert_eq!(count(&app, "applications").await, 0);
}

/// The two argument-less server functions are public endpoints too: a hand-made body changes
/// nothing and is never a 5xx; a guest asking for "my applications" is told to sign in.
#[tokio::test]
async fn the_argumentless_programme_functions_take_garbage_calmly() {
    let app = helpers::TestApp::empty().await;
    for body in ["", "round=%00&x=1", &"a=".repeat(2_000), "%FF%FE"] {
        let rounds = app.call("/api/loan_rounds", body, "").await;
        assert!(rounds.status.is_success() || rounds.status.is_client_error(), "loan_rounds {body:.20}: {}", rounds.status);
        let mine = app.call("/api/my_applications", body, "").await;
        assert_eq!(mine.status, 401, "my_applications as a guest {body:.20}: {}", mine.body);
    }
    let cookie = app.sign_up("garbage-programmes@example.kr", "주민").await;
    let mine = app.call("/api/my_applications", "reference=../../etc&account=1", &cookie).await;
    assert!(mine.status.is_success() || mine.status.is_client_error(), "{}", mine.status);
}
