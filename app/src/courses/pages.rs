//! The catalogue's pages: search (`/courses`), a course (`/courses/:id`), and the district's own
//! offline courses (`/learn/district`).

use super::api::{course_with_related, district_courses, search_courses};
use super::components::*;
use super::live_search::LiveSearch;
use crate::error::AppError;
use crate::i18n::use_lang;
use crate::status::set_status;
use domain::courses::{url_pairs, CourseDetails, CourseId, CoursePage, CoursePhase, CourseQuery, DistrictCourseList, Institution, QueryError};
use domain::IsoDate;
use domain::Lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_params_map};

/// A failure the resident cannot fix: the status and message of the `AppError`, never details.
pub(crate) fn failed(error: &AppError, lang: Lang) -> AnyView {
    set_status(error.status());
    view! { <p class="error" role="alert" data-testid="page-error">{error.message(lang)}</p> }.into_any()
}

#[component]
pub fn CourseSearchPage() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let results = Resource::new_blocking(
        move || location.search.get(),
        |search| async move {
            let typed = url_pairs(&search).into_iter().find(|(k, _)| k == "q").map(|(_, v)| v).unwrap_or_default();
            match CourseQuery::from_url_query(&search) {
                Ok(q) => search_courses(q.clone()).await.map(|page| (typed, Ok((q, page)))),
                Err(e) => Ok((typed, Err(e))),
            }
        },
    );
    view! {
        <Title text=lang.pick("강좌 찾기", "Find a course")/>
        <crate::Description ko="13개 학습 플랫폼의 무료 평생학습 강좌를 분야, 플랫폼, 난이도, 학습 시간, 언어로 찾아보세요."
            en="Search free lifelong-learning courses from 13 platforms by subject, platform, level, length and language."/>
        <section class="wrap search-page">
            <h1>{lang.pick("평생학습 강좌 찾기", "Find a lifelong-learning course")}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match results.await {
                        Ok((typed, outcome)) => view! { <SearchForm typed outcome lang/> }.into_any(),
                        Err(e) => failed(&e, lang),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The search form: what the resident typed, and either the results or why the search was refused.
#[component]
fn SearchForm(typed: String, outcome: Result<(CourseQuery, CoursePage), QueryError>, lang: Lang) -> impl IntoView {
    let body = match outcome {
        Ok((query, page)) => view! { <Results query page lang/> }.into_any(),
        Err(e) => {
            set_status(400);
            view! {
                <div id="course-results">
                    <p class="error" role="alert" data-testid="search-error">{e.message(lang)}</p>
                    <p><a href="/courses">{lang.pick("처음부터 다시 찾기", "Start a new search")}</a></p>
                </div>
            }
            .into_any()
        }
    };
    view! {
        <LiveSearch>
            <div class="search-bar">
                <label for="q" class="visually-hidden">{lang.pick("검색어", "Search words")}</label>
                <input id="q" type="search" name="q" value=typed maxlength="200" autocomplete="off"
                    placeholder=lang.pick("강좌 이름, 주제, 키워드", "Course name, topic, keyword")/>
                <button type="submit">{lang.pick("검색", "Search")}</button>
            </div>
            <input type="checkbox" id=FILTERS_TOGGLE class="filters-toggle"/>
            {body}
        </LiveSearch>
    }
}

#[component]
fn Results(query: CourseQuery, page: CoursePage, lang: Lang) -> impl IntoView {
    let last_page = page.last_page();
    let total = match lang {
        Lang::Ko => format!("강좌 {}개", grouped(page.total as u64)),
        Lang::En => format!("{} courses", grouped(page.total as u64)),
    };
    let items = page.items.clone();
    let empty = items.is_empty();
    let generated = items.iter().any(|c| c.generated);
    view! {
        <div id="course-results" class="results-layout">
            <FiltersButton query=query.clone() lang/>
            <FacetPanel query=query.clone() page=page lang/>
            <div class="results">
                <h2 class="visually-hidden">{lang.pick("검색 결과", "Results")}</h2>
                <div class="results-head">
                    <p class="total" aria-live="polite" data-testid="result-total">{total}</p>
                    <SortChoice query=query.clone() lang/>
                </div>
                {generated.then(|| view! {
                    <crate::layout::SimulatedNote testid="courses-generated"
                        ko="이 목록의 강좌는 시연용으로 만든 예시입니다. 각 플랫폼에 실제로 있는 강좌가 아니며, 플랫폼으로 가는 링크는 주소 형식만 따른 가짜 주소입니다."
                        en="The courses listed are made up for the demonstration: the platforms do not have them, and the links to the platforms follow their address patterns, but no such courses are there."/>
                })}
                {empty.then(|| view! {
                    <p class="empty">{lang.pick("조건에 맞는 강좌가 없습니다. 검색어를 바꾸거나 조건을 지워 보세요.",
                        "No course matches. Try other words or clear some filters.")}</p>
                })}
                <ol class="course-list">
                    {items.into_iter().map(|course| view! { <CourseCard course lang/> }).collect_view()}
                </ol>
                {crate::layout::pager(query.page(), last_page, move |p| format!("/courses{}", query.with_page(p).to_query_string()), lang)}
            </div>
        </div>
    }
}

#[component]
pub fn CourseDetailPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let details = Resource::new_blocking(
        move || params.read().get("id").and_then(|id| CourseId::parse(&id)),
        |id| async move {
            match id {
                Some(id) => course_with_related(id).await,
                None => Ok(None),
            }
        },
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match details.await {
                    Ok(Some(CourseDetails { course, related })) => view! { <CourseDetail course related lang/> }.into_any(),
                    Ok(None) => view! { <crate::layout::NotFound/> }.into_any(),
                    Err(e) => failed(&e, lang),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CourseDetail(course: domain::courses::Course, related: Vec<domain::courses::Course>, lang: Lang) -> impl IntoView {
    let title = course.title(lang).to_string();
    let platform = course.platform.label(lang);
    // a one-word name never breaks across lines (K-MOOC at its hyphen); longer ones may wrap
    let name_class = if platform.contains(' ') { "" } else { "nowrap" };
    let (go_before, go_after) = match lang {
        Lang::Ko => ("", "에서 강좌 보기"),
        Lang::En => ("Go to the course on ", ""),
    };
    let subject_href = format!("/courses?subject={}", course.subject.slug());
    let description: String = course.summary.chars().take(150).collect();
    view! {
        <Title text=title/>
        <leptos_meta::Meta name="description" content=description/>
        <article class="wrap course-detail">
            <p class="crumbs"><a href="/courses">{lang.pick("강좌 찾기", "Find a course")}</a>" › "
                <a href=subject_href>{course.subject.label(lang)}</a></p>
            <h1 lang="ko">{course.title_ko.clone()}</h1>
            {course.title_en.clone().map(|en| view! { <p class="title-en" lang="en">{en}</p> })}
            <div class="detail-grid">
                <div>
                    <p class="summary" lang="ko">{course.summary.clone()}</p>
                    <dl class="facts">
                        <dt>{lang.pick("제공 기관", "Platform")}</dt><dd>{platform}</dd>
                        <dt>{lang.pick("분야", "Subject")}</dt><dd>{course.subject.label(lang)}</dd>
                        <dt>{lang.pick("난이도", "Level")}</dt><dd>{course.level.label(lang)}</dd>
                        <dt>{lang.pick("학습 시간", "Length")}</dt><dd>{hours_label(course.hours, lang)}</dd>
                        <dt>{lang.pick("방식", "Format")}</dt><dd>{course.format.label(lang)}</dd>
                        <dt>{lang.pick("언어", "Language")}</dt><dd>{course.language.label(lang)}</dd>
                        <dt>{lang.pick("수강료", "Fee")}</dt><dd>{if course.free { lang.pick("무료", "Free") } else { lang.pick("유료", "Paid") }}</dd>
                        <dt>{lang.pick("신청 상태", "Enrolment")}</dt><dd data-testid="course-status">{status_label(&course, lang)}</dd>
                    </dl>
                    {(!course.keywords.is_empty()).then(|| view! {
                        <ul class="keywords" aria-label=lang.pick("키워드", "Keywords")>
                            {course.keywords.iter().map(|k| view! {
                                <li><a href=format!("/courses?q={}", domain::courses::form_encode(k))>{k.clone()}</a></li>
                            }).collect_view()}
                        </ul>
                    })}
                </div>
                <div class="go-box">
                    {course.generated.then(|| view! {
                        <crate::layout::SimulatedNote testid="course-generated"
                            ko="이 강좌는 시연용으로 만든 예시입니다. 플랫폼에 실제로 있는 강좌가 아니며, 아래 링크는 플랫폼의 주소 형식만 따른 가짜 주소라 그 강좌는 나오지 않습니다."
                            en="This course is made up for the demonstration: the platform does not have it, and the link below follows the platform's address pattern, but no such course is there."/>
                    })}
                    <a class="button go" href=course.url.clone() target="_blank" rel="noopener noreferrer external" data-testid="go-to-course">
                        {go_before}<span class=name_class>{platform}</span>{go_after}<span class="visually-hidden">{lang.pick(" (새 창)", " (opens in a new tab)")}</span>" ↗"
                    </a>
                    <p class="muted">{lang.pick("수강 신청과 학습은 해당 플랫폼에서 합니다.", "You enrol and learn on the platform itself.")}</p>
                </div>
            </div>
            {(!related.is_empty()).then(|| view! {
                <section class="related">
                    <h2>{lang.pick("비슷한 강좌", "Related courses")}</h2>
                    <ol class="course-list">
                        {related.into_iter().map(|course| view! { <CourseCard course lang/> }).collect_view()}
                    </ol>
                </section>
            })}
        </article>
    }
}

#[component]
pub fn DistrictCoursesPage() -> impl IntoView {
    let lang = use_lang();
    let courses = Resource::new_blocking(|| (), |_| district_courses());
    view! {
        <Title text=lang.pick("마을 강좌", "District courses")/>
        <crate::Description ko="우리 구가 직접 여는 오프라인 강좌의 일정, 장소, 수강료와 남은 자리입니다."
            en="Schedules, venues, fees and seats left of the offline courses the district runs itself."/>
        <section class="wrap district">
            <h1>{lang.pick("우리 구가 직접 여는 마을 강좌", "Courses run by the district")}</h1>
            <p class="lead">{lang.pick("오프라인 강좌의 일정, 장소, 남은 자리입니다. 로그인하면 바로 신청하거나 대기할 수 있습니다.",
                "Schedules, venues and seats left of the district's offline courses. Log in to apply, or to join the waiting list of a full course.")}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match courses.await {
                        Ok(list) => view! { <DistrictCourseList list lang/> }.into_any(),
                        Err(e) => failed(&e, lang),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn DistrictCourseList(list: DistrictCourseList, lang: Lang) -> impl IntoView {
    let DistrictCourseList { today, courses: list } = list;
    Institution::ALL
        .into_iter()
        .map(|inst| {
            let courses: Vec<_> = list.iter().filter(|c| c.institution == inst).cloned().collect();
            view! {
                <section class="institution">
                    <h2>{inst.label(lang)}" "<span class="muted">{format!("({})", courses.len())}</span></h2>
                    <ul class="district-list">
                        {courses.into_iter().map(|c| view! { <DistrictCourseCard course=c today lang/> }).collect_view()}
                    </ul>
                </section>
            }
        })
        .collect_view()
}

#[component]
fn DistrictCourseCard(course: domain::courses::DistrictCourse, today: IsoDate, lang: Lang) -> impl IntoView {
    let phase = match (course.phase(today), lang) {
        (CoursePhase::Upcoming { days }, Lang::Ko) => format!("개강 {days}일 전"),
        (CoursePhase::Upcoming { days: 1 }, Lang::En) => "Starts tomorrow".to_string(),
        (CoursePhase::Upcoming { days }, Lang::En) => format!("Starts in {days} days"),
        (CoursePhase::Running, l) => l.pick("진행 중", "Running").to_string(),
        (CoursePhase::Finished, l) => l.pick("종료", "Finished").to_string(),
    };
    let left = course.seats_left();
    let upcoming = matches!(course.phase(today), CoursePhase::Upcoming { .. });
    let seats = match (left, lang) {
        (0, Lang::Ko) => format!("마감 (정원 {}명)", course.capacity),
        (0, Lang::En) => format!("Full ({} seats)", course.capacity),
        (n, Lang::Ko) => format!("남은 자리 {n} / {}", course.capacity),
        (n, Lang::En) => format!("{n} of {} seats left", course.capacity),
    };
    let fee = match (course.fee_krw, lang) {
        (0, l) => l.pick("무료", "Free").to_string(),
        (n, Lang::Ko) => format!("{}원", grouped(n)),
        (n, Lang::En) => format!("KRW {}", grouped(n)),
    };
    let seats_class = if left == 0 { "seats full" } else { "seats" };
    view! {
        <li class="district-card" data-testid="district-course">
            <h3 lang="ko">{course.title.clone()}</h3>
            <p class="summary" lang="ko">{course.summary.clone()}</p>
            <dl class="facts compact">
                <dt>{lang.pick("일정", "When")}</dt><dd lang="ko">{course.schedule.clone()}" · "{format!("{} ~ {}", course.starts_on, course.ends_on)}</dd>
                <dt>{lang.pick("장소", "Where")}</dt><dd lang="ko">{course.venue.clone()}</dd>
                <dt>{lang.pick("분야", "Subject")}</dt><dd>{course.subject.label(lang)}</dd>
                <dt>{lang.pick("수강료", "Fee")}</dt><dd>{fee}</dd>
            </dl>
            <p class=seats_class>{seats}<span class="phase" data-testid="course-phase">{phase}</span></p>
            {upcoming.then(|| view! {
                <p class="apply-link"><a class="button secondary" href=format!("/learn/district/{}/apply", course.id)>
                    {if left == 0 { lang.pick("대기 신청", "Join the waiting list") } else { lang.pick("수강 신청", "Apply") }}
                    <span class="visually-hidden" lang="ko">{format!(" {}", course.title)}</span></a></p>
            })}
        </li>
    }
}
