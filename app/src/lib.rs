//! Dongne's web front: the page shell, the routes, and one module per area of the portal. Pages are
//! server components; only the small interactive parts are islands (see DESIGN.md).

#![recursion_limit = "256"]

pub mod courses;
mod home;
pub mod i18n;
mod layout;
mod status;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// The whole HTML document. Runs on the server for every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = i18n::request_lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(i18n::request_lang());
    view! {
        <Stylesheet id="dongne" href="/pkg/dongne.css"/>
        <Title formatter=|page: String| if page.is_empty() { "동네 Dongne".to_string() } else { format!("{page} · 동네 Dongne") }/>
        <Router>
            <layout::Header/>
            <main id="main">
                <Routes fallback=layout::NotFound>
                    <Route path=path!("/") view=home::HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/courses") view=courses::pages::CourseSearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/courses/:id") view=courses::pages::CourseDetailPage ssr=SsrMode::Async/>
                    <Route path=path!("/learn/district") view=courses::pages::DistrictCoursesPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <layout::Footer/>
        </Router>
    }
}
