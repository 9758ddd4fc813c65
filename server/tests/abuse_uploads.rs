//! Document uploads under abuse (issue 23, 4.1–4.2): a guest, a cross-site request or a reference
//! that is not the caller's draft is answered before a byte of the body is read; uploads in flight
//! are capped in all and per address, so slow bodies cannot take the pages' request slots; 3 MB and
//! 9 MB files go through; a slow phone line's upload over real sockets is not cut at the
//! connection's idle limit; staff do not download the documents of drafts.

mod helpers;

use axum::body::{Body, Bytes};
use axum::http::Request;
use helpers::*;
use server::serve::{serve, ClientAddr, ServeLimits};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::mpsc;

const BOUNDARY: &str = "----dongne-abuse-boundary";

fn pdf_of(size: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.resize(size - 7, b' ');
    bytes.extend_from_slice(b"\n%%EOF\n");
    bytes
}

fn multipart(kind: &str, file: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    body.extend_from_slice(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n{kind}\r\n").as_bytes());
    body.extend_from_slice(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"plan.pdf\"\r\nContent-Type: application/pdf\r\n\r\n").as_bytes());
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

fn upload_to(reference: &str, cookie: &str, origin: &str, body: Body) -> Request<Body> {
    let mut request = Request::post(format!("/programmes/applications/{reference}/documents"))
        .header("host", "localhost")
        .header("origin", origin)
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .header("accept", "application/json");
    if !cookie.is_empty() {
        request = request.header("cookie", cookie);
    }
    request.body(body).unwrap()
}

/// A body whose first bytes arrive and whose rest never does (until the sender is dropped).
fn stalled_body() -> (Body, mpsc::Sender<Result<Bytes, std::io::Error>>) {
    let (tx, mut rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    tx.try_send(Ok(Bytes::from(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nbusiness-plan\r\n")))).unwrap();
    (Body::from_stream(futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))), tx)
}

fn loan_body() -> String {
    format!(
        "in_district=yes&industry=manufacturing&collateral=real-estate&evaluated={}&evaluated_on=2026-11-20&amount={}&purpose=facility&business_name={}&business_number=220-81-62517&corporation=no",
        enc("200,000,000"), enc("150,000,000"), enc("동네공방")
    )
}

async fn draft(app: &TestApp, cookie: &str) -> String {
    let reply = app.call("/api/start_loan_application", &loan_body(), cookie).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json().as_str().unwrap().to_string()
}

/// Sends `request` and expects an answer within two seconds (a route that waits for the body would
/// wait for ever here).
async fn answered_soon(app: &TestApp, request: Request<Body>) -> Reply {
    tokio::time::timeout(Duration::from_secs(2), app.send(request)).await.expect("answered before the body arrived")
}

#[tokio::test]
async fn a_guest_a_cross_site_request_and_anothers_reference_are_answered_before_the_body_is_read() {
    let app = TestApp::empty().await;
    let owner = app.sign_up("owner@example.com", "주인").await;
    let reference = draft(&app, &owner).await;
    let stranger = app.sign_up("stranger@example.com", "남").await;

    let (body, _held) = stalled_body();
    assert_eq!(answered_soon(&app, upload_to(&reference, "", "http://localhost", body)).await.status, 401, "a guest");
    let (body, _held) = stalled_body();
    assert_eq!(answered_soon(&app, upload_to(&reference, &owner, "https://evil.example", body)).await.status, 403, "another site");
    let (body, _held) = stalled_body();
    assert_eq!(answered_soon(&app, upload_to(&reference, &stranger, "http://localhost", body)).await.status, 404, "another's reference");
    let (body, _held) = stalled_body();
    assert_eq!(answered_soon(&app, upload_to("L-2345-6789", &owner, "http://localhost", body)).await.status, 404, "no such reference");
    let documents: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM application_documents").fetch_one(&app.pool).await.unwrap();
    assert_eq!(documents, 0);
}

#[tokio::test]
async fn uploads_in_flight_are_capped_per_address_and_in_all_and_the_pages_are_not_held_up() {
    let app = TestApp::empty().await;
    let owner = app.sign_up("busy@example.com", "바쁨").await;
    let reference = draft(&app, &owner).await;
    let from = |n: u8| ClientAddr(std::net::IpAddr::from([203, 0, 113, n]));
    let stalled = |n: u8| {
        let (body, held) = stalled_body();
        let mut request = upload_to(&reference, &owner, "http://localhost", body);
        request.extensions_mut().insert(from(n));
        let router = app.router.clone();
        (tokio::spawn(async move { tower::ServiceExt::oneshot(router, request).await.unwrap().status().as_u16() }), held)
    };
    // one address: two uploads in flight, the third is turned away at once
    let mine: Vec<_> = (0..2).map(|_| stalled(1)).collect();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (body, _held) = stalled_body();
    let mut third = upload_to(&reference, &owner, "http://localhost", body);
    third.extensions_mut().insert(from(1));
    let third = answered_soon(&app, third).await;
    assert_eq!(third.status, 503, "{}", third.body);
    assert!(third.headers.contains_key("retry-after"));
    // sixteen in all (two from each of eight addresses), then the seventeenth from anywhere waits
    let others: Vec<_> = (2..9).flat_map(|n| [stalled(n), stalled(n)]).collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (body, _held) = stalled_body();
    let mut seventeenth = upload_to(&reference, &owner, "http://localhost", body);
    seventeenth.extensions_mut().insert(from(99));
    assert_eq!(answered_soon(&app, seventeenth).await.status, 503);
    assert_eq!(app.get("/healthz").await.status, 200, "the pages are not held up");
    // the held uploads give their places back when their bodies end
    drop(mine);
    drop(others);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut request = upload_to(&reference, &owner, "http://localhost", Body::from(multipart("business-plan", &pdf_of(1000))));
    request.extensions_mut().insert(from(1));
    let done = app.send(request).await;
    assert_eq!(done.status, 201, "{}", done.body);
}

#[tokio::test]
async fn a_3_mb_and_a_9_mb_pdf_are_stored_whole() {
    let app = TestApp::empty().await;
    let owner = app.sign_up("big@example.com", "큰파일").await;
    let reference = draft(&app, &owner).await;
    for (kind, size) in [("business-plan", 3 << 20), ("application-form", 9 << 20)] {
        let file = pdf_of(size);
        let reply = app.send(upload_to(&reference, &owner, "http://localhost", Body::from(multipart(kind, &file)))).await;
        assert_eq!(reply.status, 201, "{size} bytes: {}", reply.body);
        assert_eq!(reply.json()["bytes"], size as u64);
        let stored: i64 = sqlx::query_scalar("SELECT length(content) FROM application_documents WHERE kind = ?").bind(kind).fetch_one(&app.pool).await.unwrap();
        assert_eq!(stored, size as i64);
    }
    // past 10 MB: refused in words
    let too_big = app.send(upload_to(&reference, &owner, "http://localhost", Body::from(multipart("local-tax", &pdf_of(10 * 1024 * 1024 + 1))))).await;
    assert!(too_big.status == 400 || too_big.status == 413, "{}: {}", too_big.status, too_big.body);
}

#[tokio::test]
async fn a_slow_lines_upload_longer_than_the_idle_limit_is_not_cut() {
    let app = TestApp::empty().await;
    let owner = app.sign_up("slow@example.com", "느림").await;
    let reference = draft(&app, &owner).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // an idle limit of one second stands for the real 30 s; the upload takes three
    let limits = ServeLimits { keep_alive_idle: Duration::from_secs(1), ..ServeLimits::default() };
    tokio::spawn(serve(listener, app.router.clone(), limits, std::future::pending()));
    let body = multipart("business-plan", &pdf_of(300_000));
    let mut client = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /programmes/applications/{reference}/documents HTTP/1.1\r\nHost: localhost\r\nOrigin: http://localhost\r\n\
         Cookie: {owner}\r\nAccept: application/json\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    client.write_all(head.as_bytes()).await.unwrap();
    for piece in body.chunks(body.len() / 10 + 1) {
        tokio::time::sleep(Duration::from_millis(300)).await;
        client.write_all(piece).await.expect("the server still reads the body");
    }
    let mut answer = String::new();
    tokio::time::timeout(Duration::from_secs(5), client.read_to_string(&mut answer)).await.unwrap().unwrap();
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
}

#[tokio::test]
async fn staff_do_not_download_the_documents_of_a_draft() {
    let app = TestApp::empty().await;
    let owner = app.sign_up("drafter@example.com", "작성자").await;
    let reference = draft(&app, &owner).await;
    let reply = app.send(upload_to(&reference, &owner, "http://localhost", Body::from(multipart("business-plan", &pdf_of(1000))))).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    let id = reply.json()["id"].as_i64().unwrap();
    let reviewer = app.sign_up("reviewer@example.com", "심사").await;
    sqlx::query("UPDATE accounts SET role = 'staff' WHERE email = 'reviewer@example.com'").execute(&app.pool).await.unwrap();
    let document = format!("/programmes/applications/{reference}/documents/{id}");
    assert_eq!(app.get_as(&document, &reviewer).await.status, 404, "a draft is the resident's");
    assert_eq!(app.get_as(&document, &owner).await.status, 200);
}
