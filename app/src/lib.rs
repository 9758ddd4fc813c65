//! Dongne's web front: the page shell, the routes, and one module per area of the portal. Pages are
//! server components; only the small interactive parts are islands (see DESIGN.md).

#![recursion_limit = "256"]

pub mod accounts;
pub mod agencies;
pub mod air;
pub mod carshare;
pub mod courses;
pub mod crowd;
pub mod datasets;
pub mod error;
pub mod facilities;
mod home;
pub mod i18n;
pub mod inbox;
pub mod kids_cafe;
mod layout;
pub mod me;
pub mod nav;
pub mod privacy;
pub mod programmes;
pub mod staff;
mod status;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Meta, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

pub use error::AppError;

/// The whole HTML document. Runs on the server for every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = i18n::request_lang();
    let text_size = i18n::request_text_size();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code() data-text-size=text_size.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <IslandScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Loads the islands' code: our own `/islands.js`, told the site files by name. The names come from
/// the options the server was started with, so a binary built by plain `cargo` (a bench, a test)
/// loads the same files as one built by cargo-leptos.
#[component]
fn IslandScripts(options: LeptosOptions) -> impl IntoView {
    ssr::islands_only();
    let pkg = format!("/{}/{}", options.site_pkg_dir, options.output_name);
    view! {
        <link rel="modulepreload" href=format!("{pkg}.js")/>
        <link rel="preload" href=format!("{pkg}.wasm") r#as="fetch" r#type="application/wasm" crossorigin=""/>
        <script type="module" src="/islands.js" data-js=format!("{pkg}.js") data-wasm=format!("{pkg}.wasm")></script>
    }
}

#[cfg(feature = "ssr")]
mod ssr {
    /// Islands mode: only islands hydrate, so the rest of the page is rendered without the
    /// hydration markers a fully hydrated page would need (what Leptos's own script tag does).
    pub fn islands_only() {
        if let Some(context) = leptos::prelude::Owner::current_shared_context() {
            context.set_is_hydrating(false);
        }
    }
}

#[cfg(not(feature = "ssr"))]
mod ssr {
    pub fn islands_only() {}
}

/// The `<meta name="description">` of a page, in the page's language.
#[component]
pub fn Description(ko: &'static str, en: &'static str) -> impl IntoView {
    let lang = i18n::use_lang();
    view! { <Meta name="description" content=lang.pick(ko, en)/> }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(i18n::request_lang());
    provide_context(i18n::request_text_size());
    view! {
        <Stylesheet id="dongne" href="/pkg/dongne.css"/>
        <Title formatter=|page: String| if page.is_empty() { "동네 Dongne".to_string() } else { format!("{page} · 동네 Dongne") }/>
        <Router>
            <layout::Header/>
            <main id="main">
                <Routes fallback=layout::NotFound>
                    <Route path=path!("/") view=home::HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/sitemap") view=nav::SitemapPage ssr=SsrMode::Async/>
                    <Route path=path!("/courses") view=courses::pages::CourseSearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/courses/:id") view=courses::pages::CourseDetailPage ssr=SsrMode::Async/>
                    <Route path=path!("/learn/district") view=courses::pages::DistrictCoursesPage ssr=SsrMode::Async/>
                    <Route path=path!("/sign-up") view=accounts::pages::SignUpPage ssr=SsrMode::Async/>
                    <Route path=path!("/log-in") view=accounts::pages::LogInPage ssr=SsrMode::Async/>
                    <Route path=path!("/me") view=accounts::pages::MePage ssr=SsrMode::Async/>
                    <Route path=path!("/kids-cafe") view=kids_cafe::pages::KidsCafePage ssr=SsrMode::Async/>
                    <Route path=path!("/kids-cafe/book") view=kids_cafe::booking::ChooseChildPage ssr=SsrMode::Async/>
                    <Route path=path!("/kids-cafe/book/check") view=kids_cafe::booking::CheckPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/bookings") view=me::bookings::MyBookingsPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/bookings/:reference") view=me::bookings::BookingPage ssr=SsrMode::Async/>
                    <Route path=path!("/kids-cafe/stats") view=kids_cafe::stats::StatsPage ssr=SsrMode::Async/>
                    <Route path=path!("/kids-cafe/lottery/:branch") view=kids_cafe::lottery::LotteryPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff") view=staff::pages::StaffPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/sessions/:id") view=staff::pages::StaffSessionPage ssr=SsrMode::Async/>
                    <Route path=path!("/kids-cafe/:branch") view=kids_cafe::pages::BranchWeekPage ssr=SsrMode::Async/>
                    <Route path=path!("/facilities") view=facilities::pages::FacilitiesPage ssr=SsrMode::Async/>
                    <Route path=path!("/facilities/book") view=facilities::booking::BookGroupPage ssr=SsrMode::Async/>
                    <Route path=path!("/facilities/book/check") view=facilities::booking::BookCheckPage ssr=SsrMode::Async/>
                    <Route path=path!("/facilities/:slug") view=facilities::pages::FacilityPage ssr=SsrMode::Async/>
                    <Route path=path!("/learn/district/:id/apply") view=courses::apply::ApplyCoursePage ssr=SsrMode::Async/>
                    <Route path=path!("/me/messages") view=inbox::messages::MessagesPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/calendar") view=inbox::calendar::CalendarPage ssr=SsrMode::Async/>
                    <Route path=path!("/cars") view=carshare::pages::CarsPage ssr=SsrMode::Async/>
                    <Route path=path!("/cars/licence") view=carshare::booking::LicencePage ssr=SsrMode::Async/>
                    <Route path=path!("/cars/trips/:reference") view=carshare::booking::TripPage ssr=SsrMode::Async/>
                    <Route path=path!("/cars/:id/check") view=carshare::booking::CarCheckPage ssr=SsrMode::Async/>
                    <Route path=path!("/cars/:id") view=carshare::pages::CarPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/cars") view=carshare::staff::StaffCarsPage ssr=SsrMode::Async/>
                    <Route path=path!("/air") view=air::pages::AirPage ssr=SsrMode::Async/>
                    <Route path=path!("/air/response") view=air::pages::ResponsePage ssr=SsrMode::Async/>
                    <Route path=path!("/bikes") view=carshare::bikes::BikesPage ssr=SsrMode::Async/>
                    <Route path=path!("/bikes/reserve") view=carshare::bikes::ReserveBikePage ssr=SsrMode::Async/>
                    <Route path=path!("/bikes/hold") view=carshare::bikes::BikeHoldPage ssr=SsrMode::Async/>
                    <Route path=path!("/parking") view=carshare::parking::ParkingPage ssr=SsrMode::Async/>
                    <Route path=path!("/parking/check") view=carshare::parking::ParkingCheckPage ssr=SsrMode::Async/>
                    <Route path=path!("/parking/booked") view=carshare::parking::ParkingBookedPage ssr=SsrMode::Async/>
                    <Route path=path!("/air/sensors/:id") view=air::pages::SensorPage ssr=SsrMode::Async/>
                    <Route path=path!("/programmes") view=programmes::pages::ProgrammesPage ssr=SsrMode::Async/>
                    <Route path=path!("/data") view=datasets::pages::DataSearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/crowd") view=crowd::pages::CrowdPage ssr=SsrMode::Async/>
                    <Route path=path!("/agency") view=agencies::pages::AgencyDeskPage ssr=SsrMode::Async/>
                    <Route path=path!("/agency/services/:id") view=agencies::pages::AgencyServicePage ssr=SsrMode::Async/>
                    <Route path=path!("/crowd/:id") view=crowd::pages::HotspotPage ssr=SsrMode::Async/>
                    <Route path=path!("/data/:id") view=datasets::pages::DatasetDetailPage ssr=SsrMode::Async/>
                    <Route path=path!("/programmes/sme-loan") view=programmes::pages::SmeLoanPage ssr=SsrMode::Async/>
                    <Route path=path!("/programmes/sme-loan/apply") view=programmes::apply::LoanApplyPage ssr=SsrMode::Async/>
                    <Route path=path!("/programmes/veterans-allowance") view=programmes::pages::VeteransPage ssr=SsrMode::Async/>
                    <Route path=path!("/programmes/veterans-allowance/apply") view=programmes::apply::VeteransApplyPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/applications") view=programmes::mine::MyApplicationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/applications/:reference") view=programmes::mine::ApplicationPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/programmes") view=programmes::staff::StaffProgrammesPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/programmes/:reference") view=programmes::staff::StaffApplicationPage ssr=SsrMode::Async/>
                    <Route path=path!("/programmes/thrift-store") view=programmes::social::ThriftStorePage ssr=SsrMode::Async/>
                    <Route path=path!("/programmes/coffee-jigi") view=programmes::social::CoffeeJigiPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/social") view=programmes::social::StaffSocialPage ssr=SsrMode::Async/>
                    <Route path=path!("/programmes/coffee-jigi/catering") view=programmes::social::CateringPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/applications/dropoff/:reference") view=programmes::social::DropoffPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/applications/catering/:reference") view=programmes::social::CateringRequestPage ssr=SsrMode::Async/>
                    <Route path=path!("/privacy") view=privacy::notice::PrivacyPage ssr=SsrMode::Async/>
                    <Route path=path!("/me/delete-account") view=privacy::delete::DeleteAccountPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <layout::Footer/>
        </Router>
    }
}
