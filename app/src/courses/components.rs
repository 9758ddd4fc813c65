//! Pieces of the catalogue pages: a course card, the facet panel, the pager, labels.

use domain::courses::{Course, CoursePage, CourseQuery, FacetKind, Sort, Status, DEFAULT_PER_PAGE};
use domain::Lang;
use leptos::prelude::*;

/// 36496 → "36,496".
pub fn grouped(n: impl Into<u64>) -> String {
    let digits = n.into().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn hours_label(hours: u16, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("{hours}시간"),
        Lang::En if hours == 1 => "1 hour".to_string(),
        Lang::En => format!("{hours} hours"),
    }
}

/// The enrolment state in words, with the opening date when there is one.
pub fn status_label(course: &Course, lang: Lang) -> String {
    match (&course.status, &course.opens_on) {
        (Status::OpensSoon, Some(date)) => format!("{} · {date}", course.status.label(lang)),
        (status, _) => status.label(lang).to_string(),
    }
}

/// The course title in the page's language; a Korean-only title keeps `lang="ko"` for screen readers.
#[component]
pub fn CourseTitle(course: Course, lang: Lang) -> impl IntoView {
    let text_lang = if lang == Lang::En && course.title_en.is_some() { "en" } else { "ko" };
    view! { <span lang=text_lang>{course.title(lang).to_string()}</span> }
}

#[component]
pub fn CourseCard(course: Course, lang: Lang) -> impl IntoView {
    let href = format!("/courses/{}", course.id);
    let status_class = format!("status status-{}", course.status.slug());
    view! {
        <li class="course-card" data-testid="course-card">
            <h3><a href=href><CourseTitle course=course.clone() lang/></a></h3>
            <p class="meta">
                <span>{course.platform.label(lang)}</span>
                <span>{course.subject.label(lang)}</span>
                <span>{course.level.label(lang)}</span>
                <span>{hours_label(course.hours, lang)}</span>
                <span>{course.format.label(lang)}</span>
            </p>
            <p class="summary" lang="ko">{course.summary.clone()}</p>
            <span class=status_class>{status_label(&course, lang)}</span>
        </li>
    }
}

/// On a phone the results come first and the filters open from this one button, which says how
/// many filters are on. It is the label of a checkbox kept outside the swapped results (so a tick
/// that refreshes the results leaves the panel open); CSS shows the panel while it is checked, so it
/// works with JavaScript off. Wide screens show the panel beside the results and hide the button.
#[component]
pub fn FiltersButton(query: CourseQuery, lang: Lang) -> impl IntoView {
    let label = match (query.filter().chosen_count(), lang) {
        (0, l) => l.pick("조건으로 좁히기", "Filters").to_string(),
        (n, Lang::Ko) => format!("조건으로 좁히기 ({n}개 선택)"),
        (n, Lang::En) => format!("Filters ({n} on)"),
    };
    view! { <label for=FILTERS_TOGGLE class="filters-button" data-testid="filters-button">{label}</label> }
}

/// The id of the checkbox that opens the filters on a phone.
pub const FILTERS_TOGGLE: &str = "show-filters";

/// One value of a facet: its checkbox (`param=slug` in the search's URL), label and how many
/// results it holds (faded at none, unless chosen). The course and dataset searches share it.
pub fn facet_checkbox(param: &'static str, slug: &'static str, label: &'static str, count: u32, chosen: bool) -> AnyView {
    let class = if count == 0 && !chosen { "facet-option zero" } else { "facet-option" };
    view! {
        <label class=class>
            <input type="checkbox" name=param value=slug checked=chosen/>
            <span class="facet-label">{label}</span>
            <span class="count">{grouped(count)}</span>
        </label>
    }
    .into_any()
}

/// A facet's values in a group that opens and closes (open when chosen from, or a main facet).
pub fn facet_group(param: &'static str, title: &'static str, open: bool, options: impl IntoView + 'static) -> AnyView {
    view! {
        <details class="facet" open=open data-facet=param>
            <summary>{title}</summary>
            <fieldset>
                <legend class="visually-hidden">{title}</legend>
                {options}
            </fieldset>
        </details>
    }
    .into_any()
}

/// The facet checkboxes of the search form, with how many courses each value holds.
#[component]
pub fn FacetPanel(query: CourseQuery, page: CoursePage, lang: Lang) -> impl IntoView {
    let groups = FacetKind::ALL
        .into_iter()
        .zip(page.facets)
        .map(|(kind, counts)| {
            let any_chosen = (0..kind.len() as u8).any(|o| query.filter().is_chosen(kind, o));
            let open = any_chosen || kind == FacetKind::Subject;
            let options = counts
                .counts
                .into_iter()
                .enumerate()
                .map(|(i, count)| {
                    let ordinal = i as u8;
                    facet_checkbox(kind.param(), kind.slugs()[i], kind.value_label(ordinal, lang), count, query.filter().is_chosen(kind, ordinal))
                })
                .collect_view();
            facet_group(kind.param(), kind.title(lang), open, options)
        })
        .collect_view();
    view! {
        <aside class="facets" aria-label=lang.pick("검색 조건", "Filters")>
            <h2 class="facets-title">{lang.pick("조건으로 좁히기", "Narrow down")}</h2>
            {groups}
            <noscript>
                <button type="submit" class="button apply">{lang.pick("조건 적용", "Apply filters")}</button>
            </noscript>
            {(!query.filter().is_empty() || !query.text().is_empty()).then(|| view! {
                <a class="clear" href="/courses">{lang.pick("모든 조건 지우기", "Clear all")}</a>
            })}
        </aside>
    }
}

#[component]
pub fn SortChoice(query: CourseQuery, lang: Lang) -> impl IntoView {
    view! {
        <label class="sort">
            <span>{lang.pick("정렬", "Sort")}</span>
            <select name="sort">
                {Sort::ALL.into_iter().map(|s| view! {
                    <option value=s.slug() selected=query.sort() == s>{s.label(lang)}</option>
                }).collect_view()}
            </select>
        </label>
        {(query.per_page() != DEFAULT_PER_PAGE).then(|| view! {
            <input type="hidden" name="per_page" value=query.per_page().to_string()/>
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(grouped(0u32), "0");
        assert_eq!(grouped(999u32), "999");
        assert_eq!(grouped(36_496u32), "36,496");
        assert_eq!(grouped(1_000_000u32), "1,000,000");
    }

    #[test]
    fn hours_read_naturally_in_both_languages() {
        assert_eq!(hours_label(1, Lang::En), "1 hour");
        assert_eq!(hours_label(12, Lang::En), "12 hours");
        assert_eq!(hours_label(12, Lang::Ko), "12시간");
    }
}
