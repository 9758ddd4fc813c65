//! Server functions of the catalogue: thin adapters from a page to the catalogue services the
//! server provides in context.

use domain::courses::{Course, CourseId, CoursePage, CourseQuery, DistrictCourse};
use leptos::prelude::*;

/// A course and what to suggest next to it; `None` when there is no such course.
pub type CourseWithRelated = Option<(Course, Vec<Course>)>;

#[server(endpoint = "search_courses")]
pub async fn search_courses(query: CourseQuery) -> Result<CoursePage, ServerFnError> {
    Ok(ssr::catalog()?.search(&query))
}

#[server(endpoint = "course_details")]
pub async fn course_details(id: CourseId) -> Result<CourseWithRelated, ServerFnError> {
    let catalog = ssr::catalog()?;
    Ok(catalog.course(id).map(|c| {
        let related = catalog.related(&c, 4);
        (c, related)
    }))
}

#[server(endpoint = "district_courses")]
pub async fn district_courses() -> Result<Vec<DistrictCourse>, ServerFnError> {
    let store = use_context::<std::sync::Arc<dyn domain::courses::DistrictCourses>>()
        .ok_or_else(|| ServerFnError::new("district courses not configured"))?;
    store.list().await.map_err(|e| ServerFnError::new(e.to_string()))
}

#[cfg(feature = "ssr")]
mod ssr {
    use domain::courses::CourseCatalog;
    use leptos::prelude::*;
    use std::sync::Arc;

    pub fn catalog() -> Result<Arc<dyn CourseCatalog>, ServerFnError> {
        use_context::<Arc<dyn CourseCatalog>>().ok_or_else(|| ServerFnError::new("catalogue not ready"))
    }
}
