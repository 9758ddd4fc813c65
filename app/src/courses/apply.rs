//! Applying for a seat in one of the district's offline courses: `/learn/district/:id/apply` shows
//! the course to check (dates, venue, fee) and either confirms a seat (`/api/apply_course`) or,
//! when the course is full, puts the resident on its waiting list (`/api/join_course_waitlist`).
//! Each course's seats are one seat session (kind `course`); the server links the two.

use crate::accounts::flash::FormError;
use crate::accounts::pages::signed_in_or_log_in;
use crate::error::AppError;
use crate::i18n::use_lang;
use crate::kids_cafe::components::won;
use crate::kids_cafe::pages::failed;
use crate::status::set_status;
use domain::courses::DistrictCourse;
use domain::Lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

/// A course as its application page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CourseApplication {
    pub course: DistrictCourse,
    pub seats_left: u32,
    /// Why no seat can be asked for now (started, closed), if so; a full course is not refused:
    /// it offers its waiting list.
    pub refusal: Option<AppError>,
    pub key: String,
}

/// The district course `course` (its id) for its application page; `None` when there is none.
#[server(endpoint = "course_to_apply")]
pub async fn course_to_apply(course: String) -> Result<Option<CourseApplication>, AppError> {
    let Some((course, seats)) = ssr::course_and_seats(&course).await? else { return Ok(None) };
    let refusal = seats.bookable_at(crate::kids_cafe::api::ssr::clock()?.now()).err();
    let refusal = refusal.map(|e| AppError::from(domain::seats::SeatFailure::Refused(e)));
    let key = crate::facilities::booking::ssr::request_key();
    Ok(Some(CourseApplication { course, seats_left: seats.seats_left(), refusal, key }))
}

/// Takes a seat in district course `course` for the signed-in resident at the course's fee; `key`
/// makes a retried form return the same booking. Answers the booking reference.
#[server(endpoint = "apply_course")]
pub async fn apply_course(course: String, key: String) -> Result<String, AppError> {
    use domain::seats::{IdempotencyKey, SeatFailure};
    let key = IdempotencyKey::parse(&key).map_err(|e| AppError::from(SeatFailure::Refused(e)))?;
    let (course, seats) = ssr::course_and_seats(&course).await?.ok_or_else(ssr::no_such_course)?;
    let viewer = crate::accounts::ssr::require_viewer()?;
    let request = ssr::request(&course, seats.id, viewer.id, Some(key));
    let booking = crate::facilities::booking::ssr::seat_book()?.take_seat(request, crate::kids_cafe::api::ssr::clock()?.now()).await?;
    leptos_axum::redirect(&format!("/me/bookings/{}", booking.reference));
    Ok(booking.reference.to_string())
}

/// Joins the waiting list of the full district course `course`; a freed seat is offered in
/// `/me/messages`. Answers the waiting-list entry's id.
#[server(endpoint = "join_course_waitlist")]
pub async fn join_course_waitlist(course: String) -> Result<i64, AppError> {
    let (course, seats) = ssr::course_and_seats(&course).await?.ok_or_else(ssr::no_such_course)?;
    let viewer = crate::accounts::ssr::require_viewer()?;
    let request = ssr::request(&course, seats.id, viewer.id, None);
    let entry = crate::facilities::booking::ssr::seat_book()?.join_waitlist(request, crate::kids_cafe::api::ssr::clock()?.now()).await?;
    leptos_axum::redirect("/me/messages?done=waiting");
    Ok(entry.id.get())
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::error::AppError;
    use domain::accounts::AccountId;
    use domain::courses::{BoxFuture, DistrictCourse, DistrictCourses, StorageUnavailable};
    use domain::seats::{Holder, IdempotencyKey, SeatRequest, SessionId, SessionSeats};
    use leptos::prelude::*;
    use std::sync::Arc;

    /// Which seat session holds a district course's seats (the server keeps the link).
    pub trait CourseSeats: Send + Sync {
        fn session_of(&self, course: i64) -> BoxFuture<'_, Result<Option<SessionId>, StorageUnavailable>>;
    }

    pub fn no_such_course() -> AppError {
        AppError::bad_request("찾는 마을 강좌가 없습니다.", "There is no such district course.")
    }

    /// The course of id `course` (as typed in a URL or form) and its seats, if both exist.
    pub async fn course_and_seats(course: &str) -> Result<Option<(DistrictCourse, SessionSeats)>, AppError> {
        let id = course.trim().parse::<i64>().ok().filter(|&id| id > 0).ok_or_else(no_such_course)?;
        let links = use_context::<Arc<dyn CourseSeats>>().ok_or(AppError::Unavailable)?;
        let list = use_context::<Arc<dyn DistrictCourses>>().ok_or(AppError::Unavailable)?;
        let (Some(course), Some(session)) = (list.list().await?.into_iter().find(|c| c.id == id), links.session_of(id).await?) else {
            return Ok(None);
        };
        let seats = crate::facilities::booking::ssr::seat_book()?.session(session).await?;
        Ok(seats.map(|s| (course, s)))
    }

    /// A seat in the course for the account holder themself, at the course's fee.
    pub fn request(course: &DistrictCourse, session: SessionId, account: AccountId, key: Option<IdempotencyKey>) -> SeatRequest {
        SeatRequest { session, account, holder: Holder::Person(account), fee_krw: course.fee_krw, fee_waived: false, group_size: 1, idempotency_key: key }
    }
}

/// `/learn/district/:id/apply`: the course to check, then apply or join its waiting list.
#[component]
pub fn ApplyCoursePage() -> impl IntoView {
    let lang = use_lang();
    if signed_in_or_log_in().is_none() {
        return ().into_any();
    }
    let id = use_params_map().with_untracked(|p| p.get("id")).unwrap_or_default();
    let course = Resource::new_blocking(move || id.clone(), course_to_apply);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match course.await {
                    Ok(Some(c)) => apply_view(c, lang),
                    Ok(None) | Err(AppError::BadRequest { .. }) => view! { <crate::layout::NotFound/> }.into_any(),
                    Err(e) => view! { <section class="wrap narrow">{failed(&e, lang)}</section> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

fn apply_view(c: CourseApplication, lang: Lang) -> AnyView {
    let course = &c.course;
    let seats = match (c.seats_left, lang) {
        (0, Lang::Ko) => format!("마감 (정원 {}명)", course.capacity),
        (0, Lang::En) => format!("Full ({} seats)", course.capacity),
        (n, Lang::Ko) => format!("남은 자리 {n} / {}", course.capacity),
        (n, Lang::En) => format!("{n} of {} seats left", course.capacity),
    };
    let action = match (&c.refusal, c.seats_left) {
        (Some(e), _) => {
            set_status(e.status());
            view! { <p class="error" role="alert" data-testid="page-error">{e.message(lang)}</p> }.into_any()
        }
        (None, 0) => view! {
            <p>{lang.pick("정원이 찼습니다. 대기 신청을 하시면 자리가 날 때 메시지로 알려 드리고, 2시간 동안 자리를 잡아 둡니다.",
                "The course is full. Join the waiting list: when a seat frees up we tell you in your messages and hold it for 2 hours.")}</p>
            <form method="post" action="/api/join_course_waitlist" class="stack-form" data-testid="waitlist-form">
                <crate::privacy::NoticeLink section="bookings"/>
                <input type="hidden" name="course" value=course.id.to_string()/>
                <button type="submit" class="button primary">{lang.pick("대기 신청", "Join the waiting list")}</button>
            </form>
        }
        .into_any(),
        (None, _) => view! {
            <form method="post" action="/api/apply_course" class="stack-form" data-testid="apply-form">
                <crate::privacy::NoticeLink section="bookings"/>
                <input type="hidden" name="course" value=course.id.to_string()/>
                <input type="hidden" name="key" value=c.key.clone()/>
                <button type="submit" class="button primary">{lang.pick("수강 신청", "Apply for a seat")}</button>
            </form>
        }
        .into_any(),
    };
    view! {
        <Title text=lang.pick("마을 강좌 신청", "Apply for a district course")/>
        <section class="wrap narrow form-page booking-step">
            <p class="crumbs"><a href="/learn/district">{lang.pick("마을 강좌", "District courses")}</a>" › "<span lang="ko">{course.title.clone()}</span></p>
            <h1>{lang.pick("신청 내용을 확인해 주세요", "Check the course before you apply")}</h1>
            <FormError/>
            <dl class="facts check-answers" data-testid="check-answers">
                <dt>{lang.pick("강좌", "Course")}</dt><dd lang="ko">{course.title.clone()}</dd>
                <dt>{lang.pick("운영 기관", "Run by")}</dt><dd>{course.institution.label(lang)}</dd>
                <dt>{lang.pick("기간", "Dates")}</dt><dd>{format!("{} ~ {}", course.starts_on, course.ends_on)}</dd>
                <dt>{lang.pick("일정", "Schedule")}</dt><dd lang="ko">{course.schedule.clone()}</dd>
                <dt>{lang.pick("장소", "Venue")}</dt><dd lang="ko">{course.venue.clone()}</dd>
                <dt>{lang.pick("수강료", "Fee")}</dt><dd>{won(course.fee_krw, lang)}</dd>
                <dt>{lang.pick("자리", "Seats")}</dt><dd data-testid="seats-left">{seats}</dd>
            </dl>
            {action}
        </section>
    }
    .into_any()
}
