//! Seats left that stay current: on a branch's week view, every 15 seconds the numbers marked
//! `data-session="ID"` are refreshed from the public JSON API, without a reload. The page is
//! complete without it (the numbers are right when served); this only keeps them right.
//!
//! Kept tiny on purpose, since every island is downloaded with every page: the browser's own
//! `fetch` (through gloo-net, already in the bundle) and `JSON.parse`, no serde_json in the wasm.

use leptos::prelude::*;
use std::time::Duration;

const EVERY: Duration = Duration::from_secs(15);

/// No props: island props travel as JSON, and reading them would bring a JSON parser into the
/// wasm; the branch is the last part of the page's own address (`/kids-cafe/junggok`), and the words
/// come as server-rendered children (`RefreshLink`).
#[island]
pub fn SeatsLive(children: Children) -> impl IntoView {
    Effect::new(move |_| {
        // the handle is dropped on purpose: the page's timer lives as long as the page
        let _ = set_interval_with_handle(|| leptos::task::spawn_local(refresh()), EVERY);
    });
    // the link reloads the page without JavaScript; with it, only the numbers are fetched
    let now = |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        leptos::task::spawn_local(refresh());
    };
    view! { <p class="seats-live" on:click=now>{children()}</p> }
}

/// What the island says: the numbers keep themselves current, and a link to do it now.
#[component]
pub fn RefreshLink(lang: domain::Lang) -> impl IntoView {
    view! {
        <span class="muted">{lang.pick("남은 자리는 15초마다 새로 고칩니다. ", "Seats left refresh every 15 seconds. ")}</span>
        <a href="" data-testid="refresh-seats">{lang.pick("지금 새로 고침", "Refresh now")}</a>
    }
}

fn branch() -> Option<String> {
    let path = window().location().pathname().ok()?;
    let slug = path.rsplit('/').next()?;
    slug.bytes().all(|b| b.is_ascii_lowercase()).then(|| slug.to_string())
}

/// The days shown with live numbers: each `[data-session]` sits in its day's `[data-date]`.
fn shown_days() -> Vec<String> {
    let mut days: Vec<String> = Vec::new();
    let Ok(cells) = document().query_selector_all("[data-date] [data-session]") else { return days };
    for i in 0..cells.length() {
        let day = cells.item(i).and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
            .and_then(|e| e.closest("[data-date]").ok().flatten())
            .and_then(|e| e.get_attribute("data-date"));
        if let Some(day) = day.filter(|d| !days.contains(d)) {
            days.push(day);
        }
    }
    days
}

async fn refresh() {
    let Some(branch) = branch() else { return };
    if document().hidden() {
        return; // a tab nobody looks at asks nothing
    }
    for day in shown_days() {
        let url = format!("/api/v1/kids-cafe/sessions?branch={branch}&date={day}");
        let Ok(reply) = gloo_net::http::Request::get(&url).send().await else { continue };
        let Ok(text) = reply.text().await else { continue };
        let Ok(json) = js_sys::JSON::parse(&text) else { continue };
        let sessions = js_sys::Reflect::get(&json, &"sessions".into()).map(|v| js_sys::Array::from(&v)).unwrap_or_default();
        for s in sessions.iter() {
            // whole numbers, written as integers: formatting an f64 would pull float printing into the wasm
            let field = |name: &str| js_sys::Reflect::get(&s, &name.into()).ok().and_then(|v| v.as_f64()).map(|n| n as u32);
            if let (Some(id), Some(left)) = (field("id"), field("seats_left")) {
                if let Ok(Some(cell)) = document().query_selector(&format!("[data-session=\"{id}\"]")) {
                    cell.set_text_content(Some(&left.to_string()));
                }
            }
        }
    }
}
