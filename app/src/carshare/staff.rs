//! The staff page for the cars' official schedule (`/staff/cars`): every official trip of the
//! coming weeks, a form to add one (an emergency may cancel residents' trips in the way: they are
//! told why and pay nothing) and removing one. Staff only; the server functions check the role.

use super::car_title;
use crate::accounts::flash::FormError;
use crate::error::AppError;
use crate::facilities::booking::when_label;
use crate::i18n::use_lang;
use crate::kids_cafe::pages::failed;
use domain::carshare::window::local_text;
use domain::carshare::OfficialTrip;
use domain::{Lang, SeoulTime};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficialPlan {
    pub cars: Vec<domain::carshare::Resource>,
    pub trips: Vec<OfficialTrip>,
    pub now: SeoulTime,
}

/// The cars and their official trips from today for four weeks.
#[server(endpoint = "official_schedule")]
pub async fn official_schedule() -> Result<OfficialPlan, AppError> {
    use domain::carshare::ResourceKind;
    /// Days of official trips the page lists.
    const LIST_DAYS: i64 = 28;
    crate::accounts::ssr::require_staff()?;
    let (share, now) = (super::ssr::car_share()?, super::ssr::now()?);
    let from = SeoulTime::at(now.date(), 0, 0).ok_or(AppError::Unavailable)?;
    let trips = share.official_trips(ResourceKind::Car, from, from.plus_minutes(LIST_DAYS * 24 * 60)).await?;
    Ok(OfficialPlan { cars: share.resources(ResourceKind::Car).await?, trips, now })
}

/// Adds an official trip for `car` from `start` to `end`. Over a resident's trip it is refused
/// unless `emergency` is ticked; then those trips are cancelled, their residents told `purpose`.
#[server(endpoint = "add_official_trip")]
pub async fn add_official_trip(car: String, start: String, end: String, purpose: String, emergency: Option<String>) -> Result<u32, AppError> {
    use domain::carshare::{CarError, OfficialRequest, ResourceKind, TripWindow};
    crate::accounts::ssr::require_staff()?;
    let id = super::ssr::car_id(&car)?;
    let now = super::ssr::now()?;
    let purpose: String = purpose.trim().to_string();
    if purpose.is_empty() {
        return Err(CarError::NoReason.into());
    }
    if purpose.chars().count() > 200 {
        return Err(AppError::bad_request("사유는 200자 안으로 적어 주세요.", "Keep the purpose under 200 characters."));
    }
    let emergency = match emergency.as_deref() {
        None | Some("") => false,
        Some("on" | "true" | "1") => true,
        Some(_) => return Err(AppError::bad_request("긴급 여부를 읽을 수 없습니다.", "The emergency field cannot be read.")),
    };
    let window = TripWindow::from_form(&start, &end, &ResourceKind::Car.official_rules(), now)?;
    super::ssr::resource(ResourceKind::Car, id).await?;
    let added = super::ssr::car_share()?.add_official(OfficialRequest { kind: ResourceKind::Car, resource: id, window, purpose, emergency }, now).await?;
    let cancelled = added.cancelled.len() as u32;
    leptos_axum::redirect(&format!("/staff/cars?done=added&cancelled={cancelled}"));
    Ok(cancelled)
}

/// Removes an official trip (the car becomes free for residents again).
#[server(endpoint = "remove_official_trip")]
pub async fn remove_official_trip(id: String) -> Result<(), AppError> {
    crate::accounts::ssr::require_staff()?;
    let id = id.trim().parse::<i64>().ok().filter(|n| *n > 0)
        .ok_or_else(|| AppError::bad_request("공무 일정 번호를 읽을 수 없습니다.", "The official trip number cannot be read."))?;
    super::ssr::car_share()?.remove_official(id).await?;
    leptos_axum::redirect("/staff/cars?done=removed");
    Ok(())
}

#[component]
pub fn StaffCarsPage() -> impl IntoView {
    let lang = use_lang();
    if let Err(refused) = crate::staff::pages::staff_or_refuse(lang) {
        return refused;
    }
    let schedule = Resource::new_blocking(|| (), |_| official_schedule());
    let (done, cancelled) = use_query_map().with_untracked(|q| (q.get("done"), q.get("cancelled")));
    let cancelled: u32 = cancelled.and_then(|c| c.parse().ok()).unwrap_or(0);
    let done_text = match done.as_deref() {
        Some("added") if cancelled > 0 => Some(lang.choose(format!("공무 일정을 추가하고 주민 예약 {cancelled}건을 취소했습니다. 예약자에게 사유를 알렸습니다."),
            format!("Official trip added; {cancelled} resident booking(s) cancelled and told why."))),
        Some("added") => Some(lang.choose("공무 일정을 추가했습니다.".to_string(), "Official trip added.".to_string())),
        Some("removed") => Some(lang.choose("공무 일정을 지웠습니다.".to_string(), "Official trip removed.".to_string())),
        Some("moved") => Some(lang.choose("면허를 요청한 주민의 계정으로 옮겼습니다. 두 계정에 알렸습니다.".to_string(), "The licence is moved to the claimant; both accounts are told.".to_string())),
        Some("refused") => Some(lang.choose("확인 요청을 거절했습니다. 요청한 주민에게 알렸습니다.".to_string(), "The claim is refused; the claimant is told.".to_string())),
        _ => None,
    };
    view! {
        <Title text=lang.pick("관용차 공무 일정", "Official car schedule")/>
        <section class="wrap staff" data-testid="staff-cars">
            <p class="crumbs"><a href="/staff">{lang.pick("직원 업무", "Staff desk")}</a></p>
            <h1>{lang.pick("관용차 공무 일정", "Official car schedule")}</h1>
            <p class="lead">{lang.pick("평일 08:30–18:30은 항상 공무 시간입니다. 그 밖의 공무 출장을 여기에 넣으면 주민 예약에서 빠집니다.",
                "Working days 08:30–18:30 are always official. Add other official trips here and residents cannot book those hours.")}</p>
            {done_text.map(|t| view! { <p class="notice-ok" role="status" data-testid="done">{t}</p> })}
            <FormError/>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match schedule.await {
                        Ok(s) => view! { <ScheduleView s lang/> }.into_any(),
                        Err(e) => failed(&e, lang),
                    }
                })}
            </Suspense>
            <super::disputes::LicenceDisputes/>
        </section>
    }
    .into_any()
}

#[component]
fn ScheduleView(s: OfficialPlan, lang: Lang) -> impl IntoView {
    let start = local_text(domain::carshare::ResourceKind::Car.rules().round_up(s.now.plus_minutes(60)));
    let end = local_text(domain::carshare::ResourceKind::Car.rules().round_up(s.now.plus_minutes(180)));
    let name_of = |id: u32| s.cars.iter().find(|c| c.id == id).map(|c| car_title(c, lang)).unwrap_or_default();
    view! {
        <h2 id="add-heading">{lang.pick("공무 일정 추가", "Add an official trip")}</h2>
        <form method="post" action="/api/add_official_trip" class="stack-form" data-testid="official-form" aria-labelledby="add-heading">
            <label for="car">{lang.pick("차량", "Car")}</label>
            <select id="car" name="car" required>
                {s.cars.iter().map(|c| view! { <option value=c.id.to_string()>{car_title(c, lang)}</option> }).collect_view()}
            </select>
            <label for="start">{lang.pick("시작", "Start")}</label>
            <input id="start" name="start" type="datetime-local" step="600" required value=start/>
            <label for="end">{lang.pick("끝", "End")}</label>
            <input id="end" name="end" type="datetime-local" step="600" required value=end/>
            <label for="purpose">{lang.pick("목적 (취소되는 주민에게 그대로 전해집니다)", "Purpose (residents whose trip is cancelled read it)")}</label>
            <input id="purpose" name="purpose" type="text" required maxlength="200"/>
            <label class="check"><input type="checkbox" name="emergency" value="on"/>" "
                {lang.pick("긴급: 겹치는 주민 예약을 취소합니다 (수수료 없음)", "Emergency: cancel residents' trips in the way (no fee)")}</label>
            <button type="submit" class="button primary">{lang.pick("추가", "Add")}</button>
        </form>
        <h2>{lang.pick("앞으로 4주의 공무 출장", "Official trips in the next four weeks")}</h2>
        {if s.trips.is_empty() {
            view! { <p class="hint">{lang.pick("업무 시간 밖의 공무 일정이 없습니다.", "No official trips outside office hours.")}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll" role="region" aria-labelledby="official-caption" tabindex="0">
                    <table class="data-table" data-testid="official-trips">
                        <caption id="official-caption">{lang.pick("공무 출장", "Official trips")}</caption>
                        <thead><tr>
                            <th scope="col">{lang.pick("차량", "Car")}</th>
                            <th scope="col">{lang.pick("시간", "Time")}</th>
                            <th scope="col">{lang.pick("목적", "Purpose")}</th>
                            <th scope="col"><span class="visually-hidden">{lang.pick("지우기", "Remove")}</span></th>
                        </tr></thead>
                        <tbody>
                            {s.trips.iter().map(|t| view! {
                                <tr>
                                    <td>{name_of(t.resource)}</td>
                                    <td>{when_label(t.start, t.end, lang)}</td>
                                    <td>{t.purpose.clone()}{t.emergency.then(|| lang.pick(" (긴급)", " (emergency)"))}</td>
                                    <td><form method="post" action="/api/remove_official_trip" class="inline-form">
                                        <input type="hidden" name="id" value=t.id.to_string()/>
                                        <button type="submit" class="button secondary">{lang.pick("지우기", "Remove")}</button>
                                    </form></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}
