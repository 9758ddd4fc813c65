//! The public statistics page `/kids-cafe/stats`: per branch per week, bookings, cancellations,
//! no-shows and, where a lottery ran, its odds. Counts only: no names, no accounts.

use super::lottery::LotteryOdds;
use crate::error::AppError;
use crate::i18n::use_lang;
use domain::kids_cafe::Branch;
use domain::{IsoDate, Lang};
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

/// One branch's week.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekRow {
    pub branch: String,
    pub week_start: IsoDate,
    pub bookings: u32,
    pub cancellations: u32,
    pub no_shows: u32,
    pub lottery: Option<LotteryOdds>,
}

/// Weeks shown before this one: a year of weeks, so the page costs the same every year.
pub const STATS_WEEKS_BACK: i64 = 52;

/// Every kids-café branch's weeks of the last year (this week and the 52 before it), newest first.
#[server(endpoint = "kids_cafe_stats")]
pub async fn kids_cafe_stats() -> Result<Vec<WeekRow>, AppError> {
    use domain::seats::{Kind, SeatBook};
    use std::sync::Arc;
    let seats = use_context::<Arc<dyn SeatBook>>().ok_or(AppError::Unavailable)?;
    let mut odds = super::lottery::ssr::desk()?.odds().await?;
    let today = crate::accounts::ssr::today()?;
    // this week and the 52 before it, from their Monday; a later session (booked ahead) too
    let since = today.plus_days(-(7 * STATS_WEEKS_BACK + i64::from(today.date().weekday().number_days_from_monday())));
    let mut rows: Vec<WeekRow> = seats
        .stats_by_branch_week(Kind::KidsCafe, since)
        .await?
        .into_iter()
        .map(|w| WeekRow { branch: w.resource, week_start: w.week_start, bookings: w.bookings,
            cancellations: w.cancellations, no_shows: w.no_shows, lottery: None })
        .collect();
    // a week with a lottery but no bookings yet still shows its odds
    for o in odds.drain(..) {
        match rows.iter_mut().find(|r| r.branch == o.branch && r.week_start == o.week_start) {
            Some(row) => row.lottery = Some(o),
            None => rows.push(WeekRow { branch: o.branch.clone(), week_start: o.week_start, bookings: 0, cancellations: 0,
                no_shows: 0, lottery: Some(o) }),
        }
    }
    rows.sort_by(|a, b| b.week_start.cmp(&a.week_start).then(a.branch.cmp(&b.branch)));
    Ok(rows)
}

#[component]
pub fn StatsPage() -> impl IntoView {
    let lang = use_lang();
    let rows = Resource::new_blocking(|| (), |_| kids_cafe_stats());
    view! {
        <Title text=lang.pick("키즈카페 통계", "Kids-café statistics")/>
        <crate::Description ko="꿈이랑팡팡 키즈카페 지점별·주별 예약, 취소, 노쇼 건수와 추첨 경쟁률. 이름 없이 건수만 공개합니다."
            en="Kkumipangpang kids cafés per branch and week: bookings, cancellations, no-shows and lottery odds. Counts only, no names."/>
        <section class="wrap stats" data-testid="stats-page">
            <h1>{lang.pick("키즈카페 이용 통계", "Kids-café statistics")}</h1>
            <p class="lead">{lang.pick(
                "최근 1년(이번 주와 그 전 52주) 동안 지점별, 주별 예약·취소·노쇼 수와 추첨 경쟁률입니다. 개인 정보는 담지 않습니다.",
                "Bookings, cancellations, no-shows and lottery odds per branch and week, for this week and the 52 before it. No personal data.")}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match rows.await {
                        Ok(rows) if rows.is_empty() => view! { <p>{lang.pick("아직 통계가 없습니다.", "No figures yet.")}</p> }.into_any(),
                        Ok(rows) => view! { <StatsTable rows lang/> }.into_any(),
                        Err(e) => super::pages::failed(&e, lang),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn branch_name(slug: &str, lang: Lang) -> String {
    Branch::parse(slug).map_or_else(|| slug.to_string(), |b| b.name(lang).to_string())
}

/// "3.5 : 1 · 28%", or a dash where no lottery ran.
fn odds_text(odds: &Option<LotteryOdds>, lang: Lang) -> (String, String) {
    let Some(o) = odds else { return ("–".into(), "–".into()) };
    let per_seat = if o.seats == 0 { "–".to_string() } else { format!("{:.1}", f64::from(o.applications) / f64::from(o.seats)) };
    let rate = if o.applications == 0 { "–".to_string() } else { format!("{:.0}%", 100.0 * f64::from(o.winners) / f64::from(o.applications)) };
    let _ = lang;
    (per_seat, format!("{rate} ({}/{})", o.winners, o.applications))
}

#[component]
fn StatsTable(rows: Vec<WeekRow>, lang: Lang) -> impl IntoView {
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=lang.pick("주별 통계", "Weekly figures")>
            <table class="stats-table" data-testid="stats-table">
                <thead><tr>
                    <th scope="col">{lang.pick("지점", "Branch")}</th>
                    <th scope="col">{lang.pick("주 (월요일)", "Week (Monday)")}</th>
                    <th scope="col">{lang.pick("예약", "Bookings")}</th>
                    <th scope="col">{lang.pick("취소", "Cancelled")}</th>
                    <th scope="col">{lang.pick("노쇼", "No-shows")}</th>
                    <th scope="col">{lang.pick("자리당 신청", "Applications per seat")}</th>
                    <th scope="col">{lang.pick("당첨률", "Won / applied")}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let (per_seat, rate) = odds_text(&r.lottery, lang);
                        view! { <tr>
                            <td>{branch_name(&r.branch, lang)}</td>
                            <td>{r.week_start.to_string()}</td>
                            <td>{r.bookings}</td>
                            <td>{r.cancellations}</td>
                            <td>{r.no_shows}</td>
                            <td>{per_seat}</td>
                            <td>{rate}</td>
                        </tr> }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
