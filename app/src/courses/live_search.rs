//! The one interactive part of the search page: results follow the resident's typing and ticking.
//!
//! The island wraps the server-rendered GET form. Without JavaScript the form submits as usual. With
//! it, a change re-requests the same page for the form's URL and swaps in its `#course-results`,
//! so the server renders results in exactly one way; the address bar follows (typing replaces the
//! history entry, filters push a new one) so back/forward and shared links work.

use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsCast;

const RESULTS_ID: &str = "course-results";
const TYPING_PAUSE: Duration = Duration::from_millis(250);

#[derive(Clone, Copy, PartialEq)]
enum History {
    Replace,
    Push,
    /// The browser already moved (back/forward): only load.
    Keep,
}

#[island]
pub fn LiveSearch(children: Children) -> impl IntoView {
    let form = NodeRef::<leptos::html::Form>::new();
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let latest = StoredValue::new(0u32);

    let refresh = move |history: History| {
        let Some(form) = form.get_untracked() else { return };
        let url = match history {
            History::Keep => current_url(),
            _ => form_url(&form),
        };
        if let Some(h) = window().history().ok() {
            let _ = match history {
                History::Replace => h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url)),
                History::Push => h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url)),
                History::Keep => Ok(()),
            };
        }
        latest.update_value(|n| *n += 1);
        let ticket = latest.get_value();
        leptos::task::spawn_local(async move {
            let html = fetch_text(&url).await;
            if latest.get_value() != ticket {
                return; // a newer request is on its way
            }
            match html {
                Some(html) if swap_results(&html) => {}
                _ => {
                    let _ = window().location().set_href(&url);
                }
            }
        });
    };

    let on_input = move |ev: leptos::ev::Event| {
        if !is_text_field(&ev) {
            return;
        }
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        let handle = set_timeout_with_handle(move || refresh(History::Replace), TYPING_PAUSE).ok();
        pending.set_value(handle);
    };
    let on_change = move |ev: leptos::ev::Event| {
        // fields without a name (the phone's filters toggle) are not part of the search
        if !is_text_field(&ev) && is_search_field(&ev) {
            refresh(History::Push);
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        refresh(History::Push);
    };
    let _ = window_event_listener(leptos::ev::popstate, move |_| {
        set_text_from_url();
        refresh(History::Keep);
    });

    view! {
        <form id="course-search" method="get" action="/courses" role="search" node_ref=form
            on:input=on_input on:change=on_change on:submit=on_submit>
            {children()}
        </form>
    }
}

fn is_text_field(ev: &leptos::ev::Event) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .is_some_and(|input| input.type_() == "search")
}

fn is_search_field(ev: &leptos::ev::Event) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|field| field.get_attribute("name").is_some_and(|name| !name.is_empty()))
}

/// The address the form would submit to, without empty fields.
fn form_url(form: &web_sys::HtmlFormElement) -> String {
    let query = web_sys::FormData::new_with_form(form)
        .and_then(|data| web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data))
        .map(|params| String::from(params.to_string()))
        .unwrap_or_default();
    let kept: Vec<&str> = query.split('&').filter(|kv| !kv.is_empty() && !kv.ends_with('=')).collect();
    if kept.is_empty() {
        "/courses".to_string()
    } else {
        format!("/courses?{}", kept.join("&"))
    }
}

fn current_url() -> String {
    let loc = window().location();
    format!("{}{}", loc.pathname().unwrap_or_default(), loc.search().unwrap_or_default())
}

async fn fetch_text(url: &str) -> Option<String> {
    let response = gloo_net::http::Request::get(url).send().await.ok()?;
    // a refused search (400) still carries a page with the reason in it
    response.text().await.ok()
}

/// Puts the results of a freshly fetched page in place of the current ones.
/// A resident ticking filters by keyboard keeps their place: the field that had focus in the old
/// results gets it again in the new ones.
fn swap_results(html: &str) -> bool {
    let Ok(parser) = web_sys::DomParser::new() else { return false };
    let Ok(fresh) = parser.parse_from_string(html, web_sys::SupportedType::TextHtml) else { return false };
    let (Some(new), Some(old)) = (fresh.get_element_by_id(RESULTS_ID), document().get_element_by_id(RESULTS_ID)) else {
        return false;
    };
    let focused = document()
        .active_element()
        .filter(|field| old.contains(Some(field)))
        .and_then(|field| Some((field.get_attribute("name")?, field.get_attribute("value").unwrap_or_default())));
    if old.replace_with_with_node_1(&new).is_err() {
        return false;
    }
    if let Some((name, value)) = focused {
        let selector = format!("#{RESULTS_ID} [name=\"{name}\"][value=\"{value}\"]");
        if let Ok(Some(field)) = document().query_selector(&selector) {
            if let Ok(field) = field.dyn_into::<web_sys::HtmlElement>() {
                let _ = field.focus();
            }
        }
    }
    true
}

/// After back/forward, the search box shows the words of the page the resident returned to.
fn set_text_from_url() {
    let search = window().location().search().unwrap_or_default();
    let text = web_sys::UrlSearchParams::new_with_str(&search).ok().and_then(|p| p.get("q")).unwrap_or_default();
    if let Some(input) = document().get_element_by_id("q").and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok()) {
        input.set_value(&text);
    }
}
