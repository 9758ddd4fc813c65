//! The e-bike pages, plain forms that work without JavaScript: `/bikes` lists the docks with their
//! bikes (in numbers and words) and the air near each, `/bikes/reserve?dock=N` is the confirmation
//! step (it shows the bad-air warning and the car or indoor alternatives first), `/api/reserve_bike`
//! holds one bike for 15 minutes and sends the resident to `/bikes/hold`, which shows the hold.

use crate::accounts::flash::FormError;
use crate::accounts::pages::signed_in_or_log_in;
use crate::error::AppError;
use crate::facilities::booking::query_param;
use crate::i18n::use_lang;
use crate::kids_cafe::pages::failed;
use crate::status::set_status;
use domain::carshare::bikes::{AirWarning, BikeFailure, Dock, DockId, ALTERNATIVES, HOLD};
use domain::{Lang, SeoulTime};
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

/// A dock as the pages show it: with the warning of the air near it, if riding is not advised.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DockNow {
    pub dock: Dock,
    pub warning: Option<AirWarning>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BikesNow {
    pub at: SeoulTime,
    pub docks: Vec<DockNow>,
}

/// A resident's running hold, with its dock.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeldBike {
    pub dock: DockNow,
    pub until: SeoulTime,
    /// What the resident keys in at the dock's terminal (`BikeHold::code`).
    pub code: String,
}

impl From<BikeFailure> for AppError {
    fn from(e: BikeFailure) -> AppError {
        match e {
            BikeFailure::Unavailable => AppError::Unavailable,
            BikeFailure::Refused(e) if e.is_conflict() => AppError::conflict(e.message(Lang::Ko), e.message(Lang::En)),
            BikeFailure::Refused(domain::carshare::bikes::BikeError::NoSuchDock) => AppError::NotFound,
            BikeFailure::Refused(e) => AppError::bad_request(e.message(Lang::Ko), e.message(Lang::En)),
        }
    }
}

/// Every dock with its bikes now and the air near it.
#[server(endpoint = "bike_docks")]
pub async fn bike_docks() -> Result<BikesNow, AppError> {
    ssr::bikes_now().await
}

/// Holds one bike at `dock` (a number) for 15 minutes for the signed-in resident, then shows the hold.
#[server(endpoint = "reserve_bike")]
pub async fn reserve_bike(dock: String) -> Result<String, AppError> {
    let dock = DockId::parse(&dock).map_err(BikeFailure::Refused)?;
    let viewer = crate::accounts::ssr::require_viewer()?;
    let now = crate::kids_cafe::api::ssr::clock()?.now();
    let hold = ssr::docks()?.reserve(viewer.id, dock, now).await?;
    leptos_axum::redirect("/bikes/hold");
    Ok(hold.until.clock_text())
}

/// The signed-in resident's running hold, if any.
#[server(endpoint = "my_bike_hold")]
pub async fn my_bike_hold() -> Result<Option<HeldBike>, AppError> {
    let viewer = crate::accounts::ssr::require_viewer()?;
    let now = crate::kids_cafe::api::ssr::clock()?.now();
    let Some(hold) = ssr::docks()?.hold_of(viewer.id, now).await? else { return Ok(None) };
    let all = ssr::bikes_now().await?;
    Ok(all.docks.into_iter().find(|d| d.dock.id == hold.dock).map(|dock| HeldBike { dock, until: hold.until, code: hold.code() }))
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::{BikesNow, DockNow};
    use crate::error::AppError;
    use domain::air::AirData;
    use domain::carshare::bikes::{air_warning, BikeDocks};
    use leptos::prelude::*;
    use std::sync::Arc;

    pub fn docks() -> Result<Arc<dyn BikeDocks>, AppError> {
        use_context::<Arc<dyn BikeDocks>>().ok_or(AppError::Unavailable)
    }

    /// The docks with the air near each; air data failing only means no warnings.
    pub async fn bikes_now() -> Result<BikesNow, AppError> {
        let at = crate::kids_cafe::api::ssr::clock()?.now();
        let docks = docks()?.docks().await?;
        let air = match use_context::<Arc<dyn AirData>>() {
            Some(air) => air.now().await.inspect_err(|_| tracing::warn!("bikes: air data unavailable, no warnings shown")).ok(),
            None => None,
        };
        let docks = docks
            .into_iter()
            .map(|dock| DockNow { warning: air.as_ref().and_then(|a| air_warning(dock.location, a)), dock })
            .collect();
        Ok(BikesNow { at, docks })
    }
}

fn bikes_text(d: &Dock, lang: Lang) -> String {
    let words = d.level().words(lang);
    match lang {
        Lang::Ko => format!("{}대 / {}대 ({words})", d.available, d.capacity),
        Lang::En => format!("{} of {} ({words})", d.available, d.capacity),
    }
}

/// Where to go instead of a bike in bad air.
fn alternatives(lang: Lang) -> impl IntoView {
    view! {
        <ul class="alternatives">
            {ALTERNATIVES.iter().map(|(href, ko, en)| view! { <li><a href=*href>{lang.pick(ko, en)}</a></li> }).collect_view()}
        </ul>
    }
}

/// The bad-air warning and the ways to go instead.
fn warning_box(dock: &DockNow, lang: Lang) -> AnyView {
    let Some(w) = &dock.warning else { return ().into_any() };
    let message = w.message(dock.dock.name(lang), lang);
    view! {
        <div class="notice-warn air-warning" role="alert" data-testid="air-warning">
            <p><strong>{lang.pick("대기질 주의", "Air quality warning")}</strong>" "{message}</p>
            {alternatives(lang)}
        </div>
    }
    .into_any()
}

#[component]
pub fn BikesPage() -> impl IntoView {
    let lang = use_lang();
    let now = Resource::new_blocking(|| (), |_| bike_docks());
    view! {
        <Title text=lang.pick("공유 전기자전거", "Shared e-bikes")/>
        <crate::Description ko="도봉구 공유 전기자전거 대여소와 지금 남은 자전거, 근처 대기질. 15분 동안 한 대를 잡아 둘 수 있습니다."
            en="Dobong-gu's shared e-bike docks, the bikes there now and the air nearby. Hold one bike for 15 minutes."/>
        <section class="wrap bikes">
            <h1>{lang.pick("공유 전기자전거", "Shared e-bikes")}</h1>
            <p class="lead">{lang.pick(
                "대여소마다 지금 남은 자전거입니다. 로그인하면 한 대를 15분 동안 잡아 둘 수 있습니다. 수는 30초마다 바뀝니다.",
                "The bikes at each dock now. Log in to hold one bike for 15 minutes. The counts change every 30 seconds.")}</p>
            <crate::layout::SimulatedNote testid="bikes-simulated"
                ko="이 시범 포털의 대여소 자전거 수는 실제 대여소가 아니라 출퇴근 흐름을 흉내 낸 모의 자료입니다. 예약 번호도 시범용입니다."
                en="On this trial portal the bike counts come from a simulation of commuting, not from real docks; hold codes are for the trial too."/>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match now.await {
                        Ok(now) => dock_table(now, lang),
                        Err(e) => failed(&e, lang),
                    }
                })}
            </Suspense>
            <p><a href="/cars">{lang.pick("전기차 공유", "Shared electric cars")}</a>" · "<a href="/parking">{lang.pick("공유 주차장", "Shared parking")}</a>
                " · "<a href="/air">{lang.pick("대기질 지도", "Air quality map")}</a></p>
        </section>
    }
}

fn dock_table(now: BikesNow, lang: Lang) -> AnyView {
    let warned = now.docks.iter().filter(|d| d.warning.is_some()).count();
    let banner = (warned > 0).then(|| {
        let text = match lang {
            Lang::Ko => format!("대여소 {warned}곳 근처의 공기가 ‘나쁨’ 이상입니다. 자전거 대신 전기차나 실내 프로그램을 권합니다."),
            Lang::En => format!("The air near {warned} of the docks is ‘Bad’ or worse. We suggest an electric car or an indoor session instead of a bike."),
        };
        view! {
            <div class="notice-warn air-warning" role="alert" data-testid="air-banner">
                <p>{text}</p>
                {alternatives(lang)}
            </div>
        }
    });
    let rows = now
        .docks
        .into_iter()
        .map(|d| {
            let air = d.warning.as_ref().map(|w| {
                let text = match lang {
                    Lang::Ko => format!("근처 대기질 ‘{}’", w.grade.label(lang)),
                    Lang::En => format!("Air nearby: {}", w.grade.label(lang)),
                };
                view! { <span class="dock-air" data-field="air">{text}</span> }
            });
            let level = d.dock.level().slug();
            let label = match lang {
                Lang::Ko => format!("{} 자전거 예약", d.dock.name(lang)),
                Lang::En => format!("Reserve a bike at {}", d.dock.name(lang)),
            };
            let action = if d.dock.available == 0 {
                view! { <span class="muted">{lang.pick("남은 자전거 없음", "None left")}</span> }.into_any()
            } else {
                view! {
                    <a class="button small" href=format!("/bikes/reserve?dock={}", d.dock.id.0) aria-label=label>{lang.pick("예약", "Reserve")}</a>
                }
                .into_any()
            };
            view! {
                <tr data-testid="dock-row" data-dock=d.dock.id.0.to_string() data-level=level >
                    <th scope="row">{d.dock.name(lang).to_string()}{air}</th>
                    <td class="num" data-field="bikes">{bikes_text(&d.dock, lang)}</td>
                    <td>{action}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {banner}
        <div class="table-scroll" tabindex="0" role="region" aria-label=lang.pick("대여소 목록", "Docks")>
            <table class="air-table dock-table" data-testid="dock-table">
                <caption>{match lang {
                    Lang::Ko => format!("{} 기준", now.at.clock_text()),
                    Lang::En => format!("As of {}", now.at.clock_text()),
                }}</caption>
                <thead>
                    <tr>
                        <th scope="col">{lang.pick("대여소", "Dock")}</th>
                        <th scope="col">{lang.pick("남은 자전거", "Bikes available")}</th>
                        <th scope="col">{lang.pick("예약", "Reserve")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

fn crumbs(lang: Lang) -> impl IntoView {
    view! { <p class="crumbs"><a href="/bikes">{lang.pick("공유 전기자전거", "Shared e-bikes")}</a></p> }
}

/// `/bikes/reserve?dock=N`: what will happen, the air warning first when there is one, and the
/// button that holds the bike.
#[component]
pub fn ReserveBikePage() -> impl IntoView {
    let lang = use_lang();
    if signed_in_or_log_in().is_none() {
        return ().into_any();
    }
    let dock = DockId::parse(&query_param("dock"));
    let now = Resource::new_blocking(|| (), |_| bike_docks());
    view! {
        <Title text=lang.pick("자전거 예약 확인", "Reserve a bike: check")/>
        <section class="wrap narrow form-page booking-step">
            {crumbs(lang)}
            <h1>{lang.pick("자전거 예약을 확인해 주세요", "Check your bike reservation")}</h1>
            <FormError/>
            <Suspense fallback=|| ()>
                {move || {
                    let dock = dock.clone();
                    Suspend::new(async move {
                        let dock = match dock {
                            Ok(d) => d,
                            Err(e) => return failed(&BikeFailure::Refused(e).into(), lang),
                        };
                        match now.await {
                            Ok(now) => match now.docks.into_iter().find(|d| d.dock.id == dock) {
                                Some(d) => reserve_form(d, lang),
                                None => failed(&AppError::NotFound, lang),
                            },
                            Err(e) => failed(&e, lang),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
    .into_any()
}

fn reserve_form(d: DockNow, lang: Lang) -> AnyView {
    let minutes = HOLD.whole_minutes();
    let hold = match lang {
        Lang::Ko => format!("지금부터 {minutes}분 동안 이 대여소의 자전거 한 대를 잡아 둡니다. 다음 화면에 나오는 예약 번호 6자리를 그 안에 대여소 단말기의 ‘예약 자전거’에 입력하면 자전거를 빌려 갈 수 있습니다. 요금은 대여소 단말기에서 냅니다."),
        Lang::En => format!("One bike at this dock is kept for you for {minutes} minutes from now. The next page gives you a six-digit hold code: key it in under ‘Held bike’ on the dock's terminal within that time to take the bike. You pay at the terminal."),
    };
    let button = if d.warning.is_some() { lang.pick("그래도 자전거 예약", "Reserve the bike anyway") } else { lang.pick("자전거 예약", "Reserve the bike") };
    let form = if d.dock.available == 0 {
        failed(&BikeFailure::Refused(domain::carshare::bikes::BikeError::NoBikes).into(), lang)
    } else {
        view! {
            <form method="post" action="/api/reserve_bike" class="stack-form" data-testid="reserve-form">
                <crate::privacy::NoticeLink section="carshare"/>
                <input type="hidden" name="dock" value=d.dock.id.0.to_string()/>
                <button type="submit" class="button primary">{button}</button>
            </form>
        }
        .into_any()
    };
    view! {
        {warning_box(&d, lang)}
        <dl class="facts check-answers" data-testid="check-answers">
            <dt>{lang.pick("대여소", "Dock")}</dt><dd>{d.dock.name(lang).to_string()}</dd>
            <dt>{lang.pick("남은 자전거", "Bikes available")}</dt><dd>{bikes_text(&d.dock, lang)}</dd>
        </dl>
        <p>{hold}</p>
        {form}
    }
    .into_any()
}

/// `/bikes/hold`: the bike the resident holds now.
#[component]
pub fn BikeHoldPage() -> impl IntoView {
    let lang = use_lang();
    if signed_in_or_log_in().is_none() {
        return ().into_any();
    }
    let hold = Resource::new_blocking(|| (), |_| my_bike_hold());
    view! {
        <Title text=lang.pick("잡아 둔 자전거", "Your bike")/>
        <section class="wrap narrow">
            {crumbs(lang)}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match hold.await {
                        Ok(Some(h)) => view! {
                            <h1>{lang.pick("자전거를 잡아 두었습니다", "Your bike is held")}</h1>
                            <p class="notice-ok" role="status" data-testid="hold">{match lang {
                                Lang::Ko => format!("{}에서 {}까지 자전거 한 대를 빌려 갈 수 있습니다.", h.dock.dock.name(lang), h.until.clock_text()),
                                Lang::En => format!("Pick up one bike at {} by {}.", h.dock.dock.name(lang), h.until.clock_text()),
                            }}</p>
                            <dl class="facts">
                                <dt>{lang.pick("예약 번호", "Hold code")}</dt>
                                <dd><strong class="hold-code" data-testid="hold-code">{h.code.clone()}</strong></dd>
                            </dl>
                            <p>{lang.pick("대여소 단말기에서 ‘예약 자전거’를 누르고 이 번호를 입력하면 잡아 둔 자전거의 잠금이 풀립니다. 시간이 지나면 번호도 끝나고 자전거는 다른 사람에게 돌아갑니다.",
                                "At the dock's terminal, choose ‘Held bike’ and key in this code: the bike kept for you unlocks. When the time is up the code ends and the bike goes back to everyone.")}</p>
                            <crate::layout::SimulatedNote testid="bikes-simulated"
                                ko="이 시범 포털의 대여소와 단말기는 모의로 운영됩니다." en="On this trial portal the docks and their terminals are simulated."/>
                            {warning_box(&h.dock, lang)}
                            <p><a href="/bikes">{lang.pick("대여소 목록으로", "Back to the docks")}</a></p>
                        }.into_any(),
                        Ok(None) => {
                            set_status(404);
                            view! {
                                <h1>{lang.pick("잡아 둔 자전거가 없습니다", "You hold no bike")}</h1>
                                <p>{lang.pick("예약은 15분 뒤에 끝납니다.", "A hold ends after 15 minutes.")}" "
                                    <a href="/bikes">{lang.pick("대여소에서 다시 예약하기", "Reserve one at a dock")}</a></p>
                            }.into_any()
                        }
                        Err(e) => failed(&e, lang),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}
