//! `dongne import courses`: validation with line numbers, all-or-nothing, idempotent upserts.

mod helpers;
use helpers::TestApp;
use server::courses::import::import;
use server::courses::store::count_courses;

const HEADER: &str = "platform,external_id,title_ko,title_en,summary,keywords,subject,level,hours,format,language,status,opens_on,free,url,added_on";

fn row(id: &str, title: &str, hours: &str) -> String {
    format!(
        "kmooc,{id},{title},,일상에서 만나는 미술 작품을 감상합니다.,미술;감상,arts,beginner,{hours},video,ko,open,,true,https://www.kmooc.kr/courses/{id},2026-03-02"
    )
}

fn csv(rows: &[String]) -> String {
    format!("{HEADER}\n{}\n", rows.join("\n"))
}

async fn run(app: &TestApp, file: &str, skip_invalid: bool) -> server::courses::import::ImportReport {
    import(&app.pool, file.as_bytes(), skip_invalid, |_, _| {}).await.unwrap()
}

#[tokio::test]
async fn a_valid_feed_is_imported_and_importing_it_again_changes_nothing() {
    let app = TestApp::empty().await;
    let file = csv(&[row("A1", "생활 속 미술 감상", "12"), row("A2", "서양 미술사 입문", "8")]);
    let first = run(&app, &file, false).await;
    assert_eq!((first.inserted, first.updated, first.unchanged), (2, 0, 0));
    let again = run(&app, &file, false).await;
    assert_eq!((again.inserted, again.updated, again.unchanged), (0, 0, 2));
    assert_eq!(count_courses(&app.pool).await.unwrap(), 2);
}

#[tokio::test]
async fn a_changed_row_updates_the_stored_course() {
    let app = TestApp::empty().await;
    run(&app, &csv(&[row("A1", "생활 속 미술 감상", "12")]), false).await;
    let report = run(&app, &csv(&[row("A1", "생활 속 미술 감상 (개정판)", "14")]), false).await;
    assert_eq!((report.inserted, report.updated), (0, 1));
    let title: String = sqlx::query_scalar("SELECT title_ko FROM courses").fetch_one(&app.pool).await.unwrap();
    assert_eq!(title, "생활 속 미술 감상 (개정판)");
}

#[tokio::test]
async fn a_feed_with_a_bad_row_changes_nothing_and_names_the_line() {
    let app = TestApp::empty().await;
    let file = csv(&[row("A1", "생활 속 미술 감상", "12"), row("A2", "서양 미술사", "zero"), row("A1", "중복", "3")]);
    let report = run(&app, &file, false).await;
    assert!(!report.applied);
    assert_eq!(report.errors.len(), 2);
    assert_eq!(report.errors[0].line, 3);
    assert!(report.errors[0].reasons[0].starts_with("hours"));
    assert_eq!(report.errors[1].line, 4);
    assert!(report.errors[1].reasons[0].contains("line 2"));
    assert_eq!(count_courses(&app.pool).await.unwrap(), 0);
}

#[tokio::test]
async fn skipping_invalid_rows_imports_the_rest() {
    let app = TestApp::empty().await;
    let file = csv(&[row("A1", "생활 속 미술 감상", "12"), row("A2", "", "3")]);
    let report = run(&app, &file, true).await;
    assert!(report.applied);
    assert_eq!((report.inserted, report.skipped), (1, 1));
    assert_eq!(count_courses(&app.pool).await.unwrap(), 1);
}

#[tokio::test]
async fn a_file_that_is_not_a_catalogue_is_refused() {
    let app = TestApp::empty().await;
    let report = run(&app, "name,age\nkim,3\n", false).await;
    assert!(!report.applied);
    assert_eq!(report.errors[0].line, 2);
}

#[tokio::test]
async fn a_running_server_shows_imported_courses_after_it_reloads() {
    let app = TestApp::seeded().await;
    let search = "/api/v1/courses?q=%EC%84%B8%EB%B0%80%ED%99%94"; // 세밀화
    let page = "/courses?q=%EC%84%B8%EB%B0%80%ED%99%94";
    assert_eq!(app.get(search).await.json()["total"], 0);
    let before = app.get(page).await.body;

    run(&app, &csv(&[row("NEW-1", "식물 세밀화 그리기", "6")]), false).await;
    assert_eq!(app.get(search).await.json()["total"], 0, "not before the reload");

    assert_eq!(app.state.reload_catalogue().await.unwrap(), 36_497);
    assert_eq!(app.get(search).await.json()["total"], 1);
    let after = app.get(page).await.body;
    assert_ne!(before, after, "the kept page was forgotten");
    assert!(after.contains("식물 세밀화 그리기"));
}

/// The demo generator's courses say they are made up (the page, the search, the API); a course
/// an import wrote does not.
#[tokio::test]
async fn generated_courses_say_they_are_made_up_and_imported_ones_do_not() {
    let app = TestApp::seeded().await;
    let made_up: i64 = sqlx::query_scalar("SELECT id FROM courses WHERE generated = 1 ORDER BY id LIMIT 1").fetch_one(&app.pool).await.unwrap();
    let page = app.get(&format!("/courses/{made_up}")).await;
    assert!(page.body.contains(r#"data-testid="course-generated""#) && page.body.contains("시연용으로 만든 예시"), "{}", page.body);
    assert_eq!(app.get(&format!("/api/v1/courses/{made_up}")).await.json()["generated"], true);
    assert!(app.get("/courses?q=%EB%AF%B8%EC%88%A0").await.body.contains(r#"data-testid="courses-generated""#));

    run(&app, &csv(&[row("REAL-1", "식물 세밀화 그리기", "6")]), false).await;
    app.state.reload_catalogue().await.unwrap();
    let real: i64 = sqlx::query_scalar("SELECT id FROM courses WHERE external_id = 'REAL-1'").fetch_one(&app.pool).await.unwrap();
    assert!(!app.get(&format!("/courses/{real}")).await.body.contains("course-generated"));
    assert_eq!(app.get(&format!("/api/v1/courses/{real}")).await.json()["generated"], false);
    let search = app.get("/courses?q=%EC%84%B8%EB%B0%80%ED%99%94").await.body; // 세밀화: the imported one only
    assert!(search.contains("식물 세밀화 그리기") && !search.contains("courses-generated"));
}

#[tokio::test]
async fn rows_after_a_multi_line_field_are_reported_at_their_own_line() {
    let app = TestApp::empty().await;
    let multi_line = "kmooc,A1,생활 속 미술 감상,,\"첫 줄\n둘째 줄\n셋째 줄\",미술,arts,beginner,12,video,ko,open,,true,https://www.kmooc.kr/courses/A1,2026-03-02";
    // header: line 1; the quoted summary spans lines 2–4; the bad row starts on line 5
    let file = csv(&[multi_line.to_string(), row("A2", "서양 미술사", "zero"), row("A3", "", "3")]);
    let report = run(&app, &file, false).await;
    let lines: Vec<u64> = report.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![5, 6], "{:?}", report.errors);
}

#[tokio::test]
async fn a_row_that_cannot_be_read_after_a_multi_line_field_names_its_own_line() {
    let app = TestApp::empty().await;
    let multi_line = "kmooc,A1,생활 속 미술 감상,,\"첫 줄\n둘째 줄\",미술,arts,beginner,12,video,ko,open,,true,https://www.kmooc.kr/courses/A1,2026-03-02";
    let file = csv(&[multi_line.to_string(), "kmooc,A2,too few fields".to_string()]);
    let report = run(&app, &file, false).await;
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    assert_eq!(report.errors[0].line, 4, "{:?}", report.errors);
}

#[tokio::test]
async fn too_many_or_too_long_keywords_and_over_long_links_are_refused_with_their_line() {
    let app = TestApp::empty().await;
    let twenty_one: Vec<String> = (1..=21).map(|i| format!("k{i}")).collect();
    let rows = [
        row("A1", "생활 속 미술 감상", "12").replace("미술;감상", &twenty_one.join(";")),
        row("A2", "서양 미술사", "8").replace("미술;감상", &format!("미술;{}", "가".repeat(51))),
        row("A3", "서양 미술사", "8").replace("미술;감상", &";".repeat(1001)),
        row("A4", "서양 미술사", "8").replace("/courses/A4", &format!("/courses/{}", "a".repeat(500))),
    ];
    let report = run(&app, &csv(&rows), false).await;
    let found: Vec<(u64, &str)> = report.errors.iter().map(|e| (e.line, e.reasons[0].as_str())).collect();
    assert_eq!(found.len(), 4, "{found:?}");
    for ((line, reason), (want_line, want)) in found.iter().zip([
        (2, "keywords: more than 20"),
        (3, "keywords: a keyword is longer than 50"),
        (4, "keywords: longer than 1000"),
        (5, "url: longer than 500"),
    ]) {
        assert_eq!(*line, want_line);
        assert!(reason.starts_with(want), "{reason}");
    }
    assert_eq!(count_courses(&app.pool).await.unwrap(), 0);
}

#[tokio::test]
async fn a_refused_value_is_quoted_only_in_part() {
    let app = TestApp::empty().await;
    let huge = "9".repeat(5_000);
    let report = run(&app, &csv(&[row("A1", "생활 속 미술 감상", &huge)]), false).await;
    let reason = &report.errors[0].reasons[0];
    let start: String = reason.chars().take(80).collect();
    assert!(reason.starts_with("hours:") && reason.contains('…'), "{start}");
    assert!(reason.chars().count() < 120, "{} characters", reason.chars().count());
}
