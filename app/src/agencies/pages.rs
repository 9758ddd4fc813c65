//! `/agency`: the services of the agency the signed-in account acts for, and the form that
//! registers one; `/agency/services/:id`: a service's schema, its keys (a new one shown once),
//! issuing and revoking, and how a device pushes records. Plain forms: all of it works with
//! JavaScript off.

use super::api::{read_agency_desk, take_new_key, AgencyDesk};
use crate::accounts::flash::FormError;
use crate::accounts::pages::signed_in_or_log_in;
use crate::courses::components::grouped;
use crate::kids_cafe::pages::failed;
use crate::i18n::use_lang;
use crate::status::set_status;
use domain::datasets::services::{schema_text, ServiceInfo, MAX_BATCH};
use domain::datasets::Theme;
use domain::Lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

const EXAMPLE_SCHEMA: &str = "crossing | text | 횡단보도\nmeasured_at | text | 측정 시각\nwaiting | integer | 대기 보행자 | 명\nlat | latitude | 위도\nlon | longitude | 경도";

fn no_agency(lang: Lang) -> AnyView {
    set_status(403);
    view! {
        <p class="notice-warn" data-testid="no-agency">{lang.pick(
            "이 계정에는 기관 권한이 없습니다. 스마트도시 서비스를 등록하려면 구청 스마트정보과에 기관 계정 등록을 요청해 주세요.",
            "This account does not act for an agency. To register a smart-city service, ask the district's Smart Information Division to grant your account agency access.")}</p>
    }
    .into_any()
}

#[component]
pub fn AgencyDeskPage() -> impl IntoView {
    let lang = use_lang();
    if signed_in_or_log_in().is_none() {
        return ().into_any();
    }
    let desk = Resource::new_blocking(|| (), |_| read_agency_desk());
    view! {
        <Title text=lang.pick("기관 데스크", "Agency desk")/>
        <section class="wrap agency">
            <h1>{lang.pick("스마트도시 서비스 기관 데스크", "Smart-city services: agency desk")}</h1>
            <FormError/>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match desk.await {
                        Ok(AgencyDesk { agency: Some(agency), services }) => view! {
                            <p class="lead" data-testid="agency-name">{agency.label(lang)}</p>
                            <h2>{lang.pick("등록한 서비스", "Your services")}</h2>
                            <ServiceList services lang/>
                            <RegisterForm lang/>
                        }.into_any(),
                        Ok(AgencyDesk { agency: None, .. }) => no_agency(lang),
                        Err(e) => failed(&e, lang),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

#[component]
fn ServiceList(services: Vec<ServiceInfo>, lang: Lang) -> impl IntoView {
    if services.is_empty() {
        return view! { <p class="muted">{lang.pick("아직 등록한 서비스가 없습니다.", "No services yet.")}</p> }.into_any();
    }
    let rows = services
        .into_iter()
        .map(|s| {
            let live = s.keys.iter().filter(|k| k.revoked_at.is_none()).count();
            view! {
                <tr data-testid="service">
                    <th scope="row"><a href=format!("/agency/services/{}", s.id)>{s.name.clone()}</a></th>
                    <td><a href=format!("/data/{}", s.dataset)>{format!("#{}", s.dataset)}</a></td>
                    <td class="num">{grouped(s.records)}</td>
                    <td class="num">{live}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=lang.pick("등록한 서비스", "Your services")>
            <table class="air-table">
                <thead><tr>
                    <th scope="col">{lang.pick("서비스", "Service")}</th>
                    <th scope="col">{lang.pick("데이터셋", "Dataset")}</th>
                    <th scope="col" class="num">{lang.pick("받은 기록", "Records")}</th>
                    <th scope="col" class="num">{lang.pick("쓰는 키", "Live keys")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn RegisterForm(lang: Lang) -> impl IntoView {
    let themes = Theme::ALL
        .iter()
        .filter(|t| !t.is_top())
        .map(|t| {
            let label = format!("{} › {}", t.parent().map(|p| p.label(lang)).unwrap_or_default(), t.label(lang));
            view! { <option value=t.slug()>{label}</option> }
        })
        .collect_view();
    view! {
        <h2 id="register-heading">{lang.pick("서비스 등록", "Register a service")}</h2>
        <form method="post" action="/api/register_service" class="stack-form" aria-labelledby="register-heading" data-testid="register-form">
            <label for="service-name">{lang.pick("서비스 이름", "Service name")}</label>
            <input id="service-name" name="name" type="text" maxlength="80" required/>
            <label for="service-description">{lang.pick("설명", "Description")}</label>
            <textarea id="service-description" name="description" rows="3" maxlength="1000" required></textarea>
            <label for="service-contact">{lang.pick("담당자 연락처 (이메일 또는 전화)", "Contact (email or phone)")}</label>
            <input id="service-contact" name="contact" type="text" maxlength="120" required/>
            <label for="service-theme">{lang.pick("분류", "Theme")}</label>
            <select id="service-theme" name="theme">{themes}</select>
            <label for="service-schema">{lang.pick("기록의 스키마 (한 줄에 항목 하나)", "Schema of the records (one field per line)")}</label>
            <textarea id="service-schema" name="schema" rows="6" required aria-describedby="schema-help">{EXAMPLE_SCHEMA}</textarea>
            <p class="hint" id="schema-help">{lang.pick(
                "‘이름 | 형식 | 설명 | 단위’ 꼴로 씁니다(단위는 없어도 됩니다). 이름은 영문 소문자·숫자·_, 형식은 text, integer, decimal, date, latitude, longitude 중 하나입니다. 위도와 경도가 있으면 GeoJSON으로도 내려받을 수 있습니다.",
                "Write `name | kind | label | unit` (the unit may be left out). Names use lowercase letters, digits and _; the kind is one of text, integer, decimal, date, latitude, longitude. With a latitude and a longitude the records download as GeoJSON too.")}</p>
            <button type="submit" class="button primary">{lang.pick("등록하기", "Register")}</button>
        </form>
    }
}

#[component]
pub fn AgencyServicePage() -> impl IntoView {
    let lang = use_lang();
    if signed_in_or_log_in().is_none() {
        return ().into_any();
    }
    let id = use_params_map().read_untracked().get("id").unwrap_or_default();
    let asked = (id.len() <= 7 && id.bytes().all(|b| b.is_ascii_digit())).then(|| id.parse::<u32>().ok()).flatten();
    let done = use_query_map().with_untracked(|q| q.get("done"));
    let fresh = asked.and_then(take_new_key);
    let desk = Resource::new_blocking(|| (), |_| read_agency_desk());
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let (done, fresh) = (done.clone(), fresh.clone());
                Suspend::new(async move {
                    match desk.await {
                        Ok(AgencyDesk { agency: Some(_), services }) => match services.into_iter().find(|s| Some(s.id) == asked) {
                            Some(service) => view! { <ServiceView service done fresh lang/> }.into_any(),
                            None => view! { <crate::layout::NotFound/> }.into_any(),
                        },
                        Ok(AgencyDesk { agency: None, .. }) => view! { <section class="wrap agency">{no_agency(lang)}</section> }.into_any(),
                        Err(e) => view! { <section class="wrap agency">{failed(&e, lang)}</section> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
    .into_any()
}

#[component]
fn ServiceView(service: ServiceInfo, done: Option<String>, fresh: Option<String>, lang: Lang) -> impl IntoView {
    let done_text = match done.as_deref() {
        Some("registered") => Some(lang.pick("서비스를 등록했습니다. 데이터셋이 열린데이터 목록에 올라갔습니다. 이제 키를 발급하세요.",
            "The service is registered and its dataset is in the open-data catalogue. Issue a key next.")),
        Some("revoked") => Some(lang.pick("키를 폐기했습니다. 그 키로 보낸 요청은 이제 거절됩니다.", "The key is revoked: requests with it are refused from now on.")),
        _ => None,
    };
    let endpoint = format!("/api/v1/services/{}/records", service.id);
    let example = format!(
        "curl -X POST {endpoint} \\\n  -H 'Authorization: Bearer dongne_sk_…' \\\n  -H 'Content-Type: application/json' \\\n  -d '{{\"records\": [{{{}}}]}}'",
        service.columns.iter().map(|c| format!("\"{}\": …", c.name)).collect::<Vec<_>>().join(", ")
    );
    let columns = service
        .columns
        .iter()
        .map(|c| view! { <tr><td><code>{c.name.clone()}</code></td><td>{c.kind.label(lang)}</td><td>{c.label.clone()}</td><td>{c.unit.clone().unwrap_or_default()}</td></tr> })
        .collect_view();
    let id = service.id;
    let keys = service
        .keys
        .iter()
        .map(|k| {
            let state = match k.revoked_at {
                Some(at) => format!("{} {}", lang.pick("폐기", "Revoked"), at.date()),
                None => lang.pick("사용 중", "Live").to_string(),
            };
            let revoke = k.revoked_at.is_none().then(|| view! {
                <form method="post" action="/api/revoke_service_key" class="inline-form">
                    <input type="hidden" name="service" value=id.to_string()/>
                    <input type="hidden" name="key" value=k.id.to_string()/>
                    <button type="submit" class="button secondary" aria-label=format!("{} {}…", lang.pick("키 폐기:", "Revoke key"), k.prefix)>{lang.pick("폐기", "Revoke")}</button>
                </form>
            });
            view! { <tr data-testid="key"><td><code>{format!("{}…", k.prefix)}</code></td><td>{k.issued_at.date().to_string()}</td><td data-field="state">{state}</td><td>{revoke}</td></tr> }
        })
        .collect_view();
    view! {
        <Title text=service.name.clone()/>
        <section class="wrap agency">
            <p class="crumbs"><a href="/agency">{lang.pick("기관 데스크", "Agency desk")}</a></p>
            <h1>{service.name.clone()}</h1>
            <p>{service.description.clone()}</p>
            <FormError/>
            {done_text.map(|t| view! { <p class="done-note" role="status" data-testid="done">{t}</p> })}
            {fresh.map(|key| view! {
                <div class="done-note new-link" role="status">
                    <p>{lang.pick("새 키를 발급했습니다. 이 키는 지금 한 번만 보여 드립니다. 기기에 넣어 두세요.", "Your new key is ready. It is shown only this once: put it in your devices now.")}</p>
                    <label for="new-key">{lang.pick("서비스 키", "Service key")}</label>
                    <input id="new-key" type="text" readonly value=key data-testid="new-key"/>
                </div>
            })}
            <p>
                {lang.pick("데이터셋: ", "Dataset: ")}<a href=format!("/data/{}", service.dataset) data-testid="dataset-link">{format!("/data/{}", service.dataset)}</a>
                {match lang {
                    Lang::Ko => format!(" · 받은 기록 {}건", grouped(service.records)),
                    Lang::En => format!(" · {} records", grouped(service.records)),
                }}
            </p>
            <h2>{lang.pick("기록의 스키마", "Record schema")}</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-label=lang.pick("기록의 스키마", "Record schema")>
                <table class="air-table">
                    <thead><tr>
                        <th scope="col">{lang.pick("이름", "Name")}</th><th scope="col">{lang.pick("형식", "Kind")}</th>
                        <th scope="col">{lang.pick("설명", "Label")}</th><th scope="col">{lang.pick("단위", "Unit")}</th>
                    </tr></thead>
                    <tbody>{columns}</tbody>
                </table>
            </div>
            <h2>{lang.pick("서비스 키", "Keys")}</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-label=lang.pick("서비스 키", "Keys")>
                <table class="air-table" data-testid="keys">
                    <thead><tr>
                        <th scope="col">{lang.pick("키", "Key")}</th><th scope="col">{lang.pick("발급일", "Issued")}</th>
                        <th scope="col">{lang.pick("상태", "State")}</th><th scope="col">{lang.pick("폐기", "Revoke")}</th>
                    </tr></thead>
                    <tbody>{keys}</tbody>
                </table>
            </div>
            <form method="post" action="/api/issue_service_key">
                <input type="hidden" name="service" value=id.to_string()/>
                <button type="submit" class="button primary">{lang.pick("새 키 발급", "Issue a new key")}</button>
            </form>
            <h2>{lang.pick("기록 보내기", "Pushing records")}</h2>
            <p>{match lang {
                Lang::Ko => format!("기기는 키를 Authorization 헤더에 넣어 한 번에 {MAX_BATCH}건까지 보냅니다. 기록마다 스키마의 항목을 모두 담아야 하며(값이 없으면 null), 하나라도 맞지 않으면 묶음 전체가 거절되고 아무것도 저장되지 않습니다."),
                Lang::En => format!("Devices send the key in the Authorization header, up to {MAX_BATCH} records at a time. Each record gives every field of the schema (null for no value); if one does not fit, the whole batch is refused and nothing is stored."),
            }}</p>
            <pre class="api-call" data-testid="push-example"><code>{example}</code></pre>
            <details><summary>{lang.pick("스키마 원문", "The schema as text")}</summary><pre><code>{schema_text(&service.columns)}</code></pre></details>
        </section>
    }
}
