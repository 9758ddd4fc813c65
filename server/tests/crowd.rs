//! Crowd levels through the router: the feed has filled the last day at start-up, the API gives
//! every hotspot's level from its own thresholds (as JSON and GeoJSON) and a hotspot's day, the
//! pages show the banner when a hotspot is crowded, and garbage is a 4xx in the asker's language.

mod helpers;
use domain::crowd::feed::{simulated_estimate, slot_of};
use domain::crowd::hotspots::demo_hotspots;
use domain::{IsoDate, SeoulTime};
use helpers::{get_with, TestApp};
use server::crowd::{feed, store};

fn at(date: &str, h: u8, m: u8) -> SeoulTime {
    SeoulTime::at(IsoDate::parse(date).unwrap(), h, m).unwrap()
}

/// Saturday afternoon: the café street is crowded in the simulated feed.
fn saturday_afternoon() -> SeoulTime {
    at("2026-12-05", 15, 32)
}

#[tokio::test]
async fn the_api_gives_every_hotspot_its_level_from_its_own_thresholds() {
    let now = saturday_afternoon();
    let app = TestApp::empty_at(now).await;
    let body = app.get("/api/v1/crowd").await.json();
    assert_eq!(body["at"], now.to_string());
    assert_eq!(body["simulated"], true);
    let hotspots = body["hotspots"].as_array().unwrap();
    assert_eq!(hotspots.len(), 5);
    for (item, spot) in hotspots.iter().zip(demo_hotspots()) {
        assert_eq!(item["id"], spot.id.as_str());
        let expected = simulated_estimate(&spot, slot_of(now));
        assert_eq!(item["estimate"], expected, "{}", spot.id);
        assert_eq!(item["estimated_at"], slot_of(now).to_string());
        assert_eq!(item["level"], spot.thresholds.level(expected).slug(), "{}", spot.id);
        assert_eq!(item["thresholds"]["crowded"], spot.thresholds.crowded());
        let ring = item["outline"].as_array().unwrap();
        assert_eq!(ring.first(), ring.last(), "a closed ring");
    }
    assert_eq!(body["crowded"], serde_json::json!(["seongsu-cafe-street"]));

    let geo = app.get("/api/v1/crowd?format=geojson").await;
    assert_eq!(geo.headers["content-type"], "application/geo+json");
    let geo = geo.json();
    assert_eq!(geo["type"], "FeatureCollection");
    assert_eq!(geo["features"][0]["geometry"]["type"], "Polygon");
    assert_eq!(geo["features"][0]["properties"]["level"], "crowded");
}

#[tokio::test]
async fn a_hotspots_day_is_the_last_24_hours_of_five_minute_estimates() {
    let now = saturday_afternoon();
    let app = TestApp::empty_at(now).await;
    let body = app.get("/api/v1/crowd/wangsimni-station").await.json();
    let day = body["day"].as_array().unwrap();
    assert_eq!(day.len(), 288, "the feed filled the whole day at start-up");
    assert_eq!(day.last().unwrap()["at"], slot_of(now).to_string());
    assert_eq!(day[0]["at"], slot_of(now).plus_minutes(-24 * 60 + 5).to_string());
    assert!(day.windows(2).all(|w| w[0]["at"].as_str() < w[1]["at"].as_str()));
    assert_eq!(body["level"], day.last().unwrap()["level"]);
}

#[tokio::test]
async fn the_feed_writes_each_new_slot_once_and_an_old_estimate_is_no_state() {
    let now = saturday_afternoon();
    let app = TestApp::empty_at(now).await;
    let hotspots = store::hotspots(&app.pool).await.unwrap();
    // twenty minutes later: four new slots, once however often the chore runs
    let later = now.plus_minutes(20);
    assert_eq!(feed::catch_up(&app.pool, &hotspots, later).await.unwrap(), 4 * 5);
    assert_eq!(feed::catch_up(&app.pool, &hotspots, later).await.unwrap(), 0);
    let seen = app.state.crowd.data.now_at(later).await.unwrap();
    assert!(seen.hotspots.iter().all(|h| h.latest.unwrap().at == slot_of(later)));
    // with the feed silent for 16 minutes, no level is shown
    let silent = app.state.crowd.data.now_at(slot_of(later).plus_minutes(16)).await.unwrap();
    assert!(silent.hotspots.iter().all(|h| h.level().is_none()));
    assert_eq!(silent.crowded().count(), 0);
    // the database refuses what the domain would: a falling threshold, an off-slot time
    let falling = sqlx::query("UPDATE crowd_hotspots SET crowded = 1 WHERE id = 'wangsimni-station'").execute(&app.pool).await;
    assert!(falling.is_err());
    let off_slot = sqlx::query("INSERT INTO crowd_estimates (hotspot, at, estimate) VALUES ('wangsimni-station', '2026-12-05T15:33:00+09:00', 5)")
        .execute(&app.pool)
        .await;
    assert!(off_slot.is_err());
    let negative = sqlx::query("INSERT INTO crowd_estimates (hotspot, at, estimate) VALUES ('wangsimni-station', '2026-12-01T15:35:00+09:00', -5)")
        .execute(&app.pool)
        .await;
    assert!(negative.is_err());
}

#[tokio::test]
async fn the_page_shows_the_banner_the_map_and_the_table_in_both_languages() {
    let app = TestApp::empty_at(saturday_afternoon()).await;
    let page = app.get("/crowd").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("실시간 인구 혼잡도"));
    let banner = page.body.split("<div id=\"crowd-alert\"").nth(1).unwrap();
    assert!(!banner[..200].contains("hidden"), "the banner is shown: {}", &banner[..200]);
    assert!(banner.contains("성수동 카페거리"));
    assert!(page.body.contains("class=\"crowd-area crowd-crowded\""));
    assert!(page.body.contains("/crowd-live.js"));
    let english = app.send(get_with("/crowd", &[("cookie", "lang=en")])).await;
    assert!(english.body.contains("Crowd alert: "));
    assert!(english.body.contains("Seongsu-dong Cafe Street"));

    // at 4 a.m. nowhere is crowded: the banner is there for the live script, hidden
    let night = TestApp::empty_at(at("2026-12-05", 4, 2)).await;
    let page = night.get("/crowd").await;
    let banner = page.body.split("<div id=\"crowd-alert\"").nth(1).unwrap();
    assert!(banner[..200].contains("hidden"));
    let detail = night.get("/crowd/seoul-forest-park").await;
    assert_eq!(detail.status, 200);
    assert!(detail.body.contains("서울숲"));
    assert!(detail.body.contains("role=\"img\""), "the day's chart");
    let home = app.get("/").await;
    assert!(home.body.contains("지금 붐비는 곳: 성수동 카페거리"));
}

#[tokio::test]
async fn garbage_is_a_4xx_in_the_askers_language_never_a_5xx() {
    let app = TestApp::empty_at(saturday_afternoon()).await;
    for (uri, status) in [
        ("/api/v1/crowd?format=xml", 400),
        ("/api/v1/crowd?level=crowded", 400),
        ("/api/v1/crowd?format=json&format=%00", 400),
        ("/api/v1/crowd/Wangsimni", 404),
        ("/api/v1/crowd/nowhere-at-all", 404),
        ("/api/v1/crowd/%FF%FE", 404),
        ("/api/v1/crowd/wangsimni-station?hours=99999", 400),
        ("/crowd/nowhere-at-all", 404),
        ("/crowd/..%2F..%2Fetc", 404),
    ] {
        let reply = app.get(uri).await;
        assert_eq!(reply.status, status, "{uri}: {}", &reply.body[..reply.body.len().min(200)]);
    }
    let korean = app.get("/api/v1/crowd?format=xml").await.json();
    assert_eq!(korean["message_ko"], "format은 json 또는 geojson입니다.");
    let page = app.send(get_with("/crowd/nowhere", &[("cookie", "lang=en")])).await;
    assert!(page.body.contains("is not one of the hotspots we watch"));

    // the server functions: a slug or nothing
    let ok = app.call("/api/crowd_hotspot", "id=wangsimni-station", "").await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    let none = app.call("/api/crowd_hotspot", "id=nowhere", "").await;
    assert_eq!((none.status, none.body.as_str()), (axum::http::StatusCode::OK, "null"));
    for body in ["id=Wangsimni%20Station", "id=", "", &format!("id={}", "a".repeat(500)), "id=%00"] {
        let reply = app.call("/api/crowd_hotspot", body, "").await;
        assert_eq!(reply.status, 400, "{body}: {}", reply.body);
    }
    let now = app.call("/api/crowd_now", "", "").await;
    assert_eq!(now.status, 200);
}
