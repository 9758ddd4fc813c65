//! Server functions of the catalogue: thin adapters from a page to the catalogue services the
//! server provides in context. They are public HTTP endpoints (`POST /api/…`): their arguments
//! arrive as a `CourseQuery` or `CourseId`, which can only be read through the same parsers as a
//! URL, so a hand-made body is refused with a 400 before the function runs.

use crate::error::AppError;
use domain::courses::{CourseDetails, CourseId, CoursePage, CourseQuery, DistrictCourseList};
use leptos::prelude::*;

#[server(endpoint = "search_courses")]
pub async fn search_courses(query: CourseQuery) -> Result<CoursePage, AppError> {
    Ok(ssr::catalog()?.search(&query)?)
}

/// A course and its suggestions from one catalogue; `None` when there is no such course.
#[server(endpoint = "course_details")]
pub async fn course_with_related(id: CourseId) -> Result<Option<CourseDetails>, AppError> {
    /// How many related courses a course page suggests.
    const RELATED: usize = 4;
    Ok(ssr::catalog()?.details(id, RELATED)?)
}

/// The district's courses as of today (the clock port's date in Seoul).
#[server(endpoint = "district_courses")]
pub async fn district_courses() -> Result<DistrictCourseList, AppError> {
    let store = use_context::<std::sync::Arc<dyn domain::courses::DistrictCourses>>().ok_or(AppError::Unavailable)?;
    let clock = use_context::<std::sync::Arc<dyn domain::Clock>>().ok_or(AppError::Unavailable)?;
    Ok(DistrictCourseList { today: clock.today(), courses: store.list().await? })
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::error::AppError;
    use domain::courses::CourseCatalog;
    use leptos::prelude::*;
    use std::sync::Arc;

    pub fn catalog() -> Result<Arc<dyn CourseCatalog>, AppError> {
        use_context::<Arc<dyn CourseCatalog>>().ok_or(AppError::Unavailable)
    }
}
