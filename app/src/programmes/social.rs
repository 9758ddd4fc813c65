//! The social economy's pages: the thrift store and the Coffee Jigi café.

use leptos::prelude::*;

#[component]
pub fn ThriftStorePage() -> impl IntoView {
    view! { <section class="wrap"><h1>"영희네 나눔가게"</h1></section> }
}

#[component]
pub fn CoffeeJigiPage() -> impl IntoView {
    view! { <section class="wrap"><h1>"커피지기"</h1></section> }
}

#[component]
pub fn StaffSocialPage() -> impl IntoView {
    view! { <section class="wrap"><h1>"사회적경제"</h1></section> }
}

/// The signed-in resident's drop-offs, receipt requests and catering requests, for `/me/applications`.
#[component]
pub fn MySocialRequests() -> impl IntoView {
    view! { <section></section> }
}
