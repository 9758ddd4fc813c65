//! Accounts through HTTP: signing up and in, the session cookie, the login throttle, a password
//! change ending other sessions, children, and two residents never seeing each other.

mod helpers;

use helpers::*;

const PASSWORD: &str = "correct horse battery";

#[tokio::test]
async fn signing_up_logs_the_resident_in_with_an_httponly_lax_cookie_and_the_header_greets_them() {
    let app = TestApp::seeded().await;
    let reply = app.send(post_form("/api/sign_up", &format!("email=kim%40example.com&password={}&name=%EA%B9%80%EB%8F%99%EB%84%A4&resident=yes", enc(PASSWORD)), "", "application/json")).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let set = reply.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).find(|c| c.starts_with("dongne_session=")).unwrap();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Path=/"), "{set}");
    let cookie = set.split(';').next().unwrap().to_string();
    let me = app.get_as("/me", &cookie).await;
    assert_eq!(me.status, 200);
    assert!(me.body.contains("김동네"), "the header and the page name the resident");
}

#[tokio::test]
async fn a_plain_form_sign_up_goes_on_to_my_account_and_a_refused_one_comes_back_with_its_message() {
    let app = TestApp::seeded().await;
    let ok = app.send(post_form("/api/sign_up", &format!("email=lee%40example.com&password={}&name=Lee", enc(PASSWORD)), "", "text/html")).await;
    assert!(ok.status.is_redirection(), "{}", ok.status);
    assert_eq!(ok.headers["location"], "/me?welcome=1");
    let refused = app.send(post_form("/api/sign_up", "email=nope&password=short&name=Lee", "lang=en", "text/html")).await;
    assert_eq!(refused.status, 303);
    assert_eq!(refused.headers["location"], "/log-in", "back to the form, with nothing in the address");
    let flash = refused.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap()).find(|c| c.starts_with("flash=")).unwrap().split(';').next().unwrap().to_string();
    let page = app.get_as("/sign-up", &format!("lang=en; {flash}")).await;
    assert!(page.body.contains("Please check the email address"), "the form shows why");
    let forged = app.get("/sign-up?__path=%2Fapi%2Fsign_up&__err=eyJraW5kIjoiQmFkUmVxdWVzdCIsImtvIjoi7ZW07YK5IiwiZW4iOiJDYWxsIDAxMCJ9").await;
    assert!(!forged.body.contains("Call 010"), "words in a link never reach the page");
}

#[tokio::test]
async fn an_unknown_email_and_a_wrong_password_get_the_same_answer() {
    let app = TestApp::seeded().await;
    app.sign_up("park@example.com", "Park").await;
    let wrong = app.log_in("park@example.com", "not the password", "").await;
    let unknown = app.log_in("nobody@example.com", "not the password", "").await;
    assert_eq!(wrong.status, 400);
    assert_eq!((wrong.status, wrong.json()["message"].clone()), (unknown.status, unknown.json()["message"].clone()));
    assert!(session_cookie(&wrong).is_none());
}

#[tokio::test]
async fn five_failed_logins_in_a_minute_for_one_account_get_429_with_a_retry_time() {
    let app = TestApp::seeded().await;
    app.sign_up("choi@example.com", "Choi").await;
    for _ in 0..5 {
        assert_eq!(app.log_in("choi@example.com", "wrong password!", "").await.status, 400);
    }
    let locked = app.log_in("choi@example.com", PASSWORD, "lang=en").await;
    assert_eq!(locked.status, 429, "even the right password waits");
    let wait: u32 = locked.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait));
    assert!(locked.json()["message"].as_str().unwrap().contains("seconds"));
}

#[tokio::test]
async fn logging_in_gives_a_new_session_id_and_logging_out_ends_it() {
    let app = TestApp::seeded().await;
    let first = app.sign_up("jung@example.com", "Jung").await;
    let again = app.log_in("jung@example.com", PASSWORD, &first).await;
    assert_eq!(again.status, 200);
    let second = session_cookie(&again).unwrap();
    assert_ne!(first, second, "a new id at login");
    assert!(app.get_as("/me", &second).await.body.contains("Jung"));
    let out = app.call("/api/log_out", "", &second).await;
    assert_eq!(out.status, 200);
    let after = app.get_as("/me", &second).await;
    assert!(after.status.is_redirection(), "a logged-out cookie is a guest: /me sends it to log in");
}

#[tokio::test]
async fn a_password_change_ends_the_other_sessions_and_keeps_this_one() {
    let app = TestApp::seeded().await;
    let phone = app.sign_up("han@example.com", "Han").await;
    let laptop = session_cookie(&app.log_in("han@example.com", PASSWORD, "").await).unwrap();
    let body = format!("old={}&new={}&confirm={}", enc(PASSWORD), enc("a brand new passphrase"), enc("a brand new passphrase"));
    let changed = app.call("/api/change_password", &body, &laptop).await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    let laptop = session_cookie(&changed).expect("this session goes on under a new id");
    assert!(app.get_as("/me", &laptop).await.body.contains("Han"), "this device stays in");
    assert!(app.get_as("/me", &phone).await.status.is_redirection(), "the other device is out");
    assert_eq!(app.log_in("han@example.com", "a brand new passphrase", "").await.status, 200);
}

#[tokio::test]
async fn a_guardian_adds_a_child_and_bad_details_change_nothing() {
    let app = TestApp::seeded().await;
    let cookie = app.sign_up("yoon@example.com", "Yoon").await;
    for bad in ["name=&birth_date=2023-01-01", "name=Haneul&birth_date=2023-02-30", "name=Haneul&birth_date=2030-01-01", "name=Haneul", "birth_date=x"] {
        let reply = app.call("/api/add_child", bad, &format!("{cookie}; lang=en")).await;
        assert_eq!(reply.status, 400, "{bad}: {}", reply.body);
        assert!(reply.json()["message"].is_string());
    }
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM children").fetch_one(&app.pool).await.unwrap();
    assert_eq!(count, 0);
    let added = app.call("/api/add_child", "name=%ED%95%98%EB%8A%98&birth_date=2023-05-01", &cookie).await;
    assert_eq!(added.status, 200, "{}", added.body);
    let me = app.get_as("/me", &cookie).await;
    let rows: Vec<(i64, String, String)> = sqlx::query_as("SELECT guardian_id, name, birth_date FROM children").fetch_all(&app.pool).await.unwrap();
    assert!(me.body.contains("하늘"), "{rows:?} {}", &me.body[me.body.find("id=\"children\"").unwrap_or(0)..][..600]);
    let guest = app.call("/api/add_child", "name=X&birth_date=2023-05-01", "").await;
    assert_eq!(guest.status, 401);
}

#[tokio::test]
async fn two_residents_never_see_each_others_name_on_any_page() {
    let app = TestApp::seeded().await;
    let kim = app.sign_up("kim2@example.com", "KimDongne").await;
    let lee = app.sign_up("lee2@example.com", "LeeSeoyeon").await;
    for path in ["/", "/courses?q=python", "/courses?q=python", "/me", "/learn/district"] {
        let k = app.get_as(path, &kim).await.body;
        let l = app.get_as(path, &lee).await.body;
        let guest = app.get(path).await.body;
        assert!(k.contains("KimDongne") && !k.contains("LeeSeoyeon"), "{path}");
        assert!(l.contains("LeeSeoyeon") && !l.contains("KimDongne"), "{path}");
        assert!(!guest.contains("KimDongne") && !guest.contains("LeeSeoyeon"), "{path}");
    }
    assert!(app.state.page_cache.kept_bytes() > 0, "the catalogue page was kept and shared");
}

#[tokio::test]
async fn garbage_sent_to_the_account_endpoints_is_a_400_never_a_500() {
    let app = TestApp::seeded().await;
    let long = "x".repeat(5000);
    for (path, body) in [
        ("/api/sign_up", "".to_string()),
        ("/api/sign_up", format!("email={long}%40a.b&password={long}&name=a")),
        ("/api/sign_up", "email=a%40b.c&password=1234567890&name=%00%01".to_string()),
        ("/api/log_in", "email[]=1".to_string()),
        ("/api/log_in", format!("email=a%40b.c&password={long}")),
        ("/api/change_password", "old=1".to_string()),
        ("/api/add_child", "%FF%FE=1".to_string()),
    ] {
        let reply = app.call(path, &body, "").await;
        assert!(reply.status.is_client_error(), "{path} {}: {}", reply.status, &reply.body[..reply.body.len().min(200)]);
    }
}

#[tokio::test]
async fn a_crafted_link_cannot_put_words_on_our_pages() {
    let app = TestApp::seeded().await;
    let forged = "eyJraW5kIjoiQ29uZmxpY3QiLCJrbyI6IuqzhOygleydtCDsoJXsp4DrkJjsl4jsirXri4jri6QiLCJlbiI6IkNhbGwgMDEwIn0";
    let switch = app.get(&format!("/lang/ko?back={}", enc(&format!("/log-in?__path=/api/log_in&__err={forged}")))).await;
    assert!(switch.status.is_redirection());
    assert!(switch.headers.get_all("set-cookie").iter().all(|c| !c.to_str().unwrap().starts_with("flash=")), "no flash from a link");
    let cookie = app.sign_up("next@example.com", "Next").await;
    let body = format!("email=next%40example.com&password={}&next={}", enc(PASSWORD), enc(&format!("/me?__err={forged}")));
    let login = app.send(post_form("/api/log_in", &body, &cookie, "text/html")).await;
    assert!(login.headers.get_all("set-cookie").iter().all(|c| !c.to_str().unwrap().starts_with("flash=")), "no flash after a success");
}

#[tokio::test]
async fn twenty_wrong_passwords_sent_at_once_get_five_tries_and_the_rest_wait() {
    let app = TestApp::seeded().await;
    app.sign_up("burst@example.com", "Burst").await;
    let tries = (0..20).map(|_| app.log_in("burst@example.com", "wrong password!", ""));
    let replies = futures_util::future::join_all(tries).await;
    let wrong = replies.iter().filter(|r| r.status == 400).count();
    let waiting = replies.iter().filter(|r| r.status == 429).count();
    assert_eq!((wrong, waiting), (5, 15));
}

#[tokio::test]
async fn an_account_adds_at_most_six_children() {
    let app = TestApp::seeded().await;
    let cookie = app.sign_up("many@example.com", "Many").await;
    for i in 0..6 {
        assert_eq!(app.call("/api/add_child", &format!("name=Kid{i}&birth_date=2023-05-01"), &cookie).await.status, 200);
    }
    let seventh = app.call("/api/add_child", "name=Kid7&birth_date=2023-05-01", &format!("{cookie}; lang=en")).await;
    assert_eq!(seventh.status, 400);
    assert!(seventh.json()["message"].as_str().unwrap().contains("at most 6"));
}

#[tokio::test]
async fn pages_that_name_a_signed_in_resident_are_not_stored_by_browsers() {
    let app = TestApp::seeded().await;
    let cookie = app.sign_up("nostore@example.com", "NoStore").await;
    for path in ["/me", "/learn/district", "/kids-cafe"] {
        let page = app.get_as(path, &cookie).await;
        assert_eq!(page.headers["cache-control"], "private, no-store", "{path}");
    }
}
