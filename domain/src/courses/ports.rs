//! What the pages need from the catalogue, whatever keeps it: the server implements these with its
//! search index and database; the pages only see the traits.

use super::{Course, CourseId, CourseQuery, DistrictCourse, FacetCounts};
use serde::{Deserialize, Serialize};
use std::future::Future;
use std::pin::Pin;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One page of search results with the facet counts of the whole result set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoursePage {
    pub total: usize,
    pub page: u32,
    pub per_page: u32,
    pub facets: Vec<FacetCounts>,
    pub items: Vec<Course>,
}

impl CoursePage {
    pub fn last_page(&self) -> u32 {
        (self.total.div_ceil(self.per_page.max(1) as usize)).max(1) as u32
    }
}

/// A course and what to suggest next to it, read from one and the same catalogue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CourseDetails {
    pub course: Course,
    /// Courses a resident looking at `course` may like next, best first, never `course` itself.
    pub related: Vec<Course>,
}

/// The searchable online catalogue. Each call reads one catalogue from start to end, even when a
/// new one replaces it meanwhile.
pub trait CourseCatalog: Send + Sync {
    /// One page of matches, or `StorageUnavailable` when the index failed (never an empty page).
    fn search(&self, query: &CourseQuery) -> Result<CoursePage, StorageUnavailable>;
    /// A course with up to `related` suggestions; `None` when there is no such course.
    fn details(&self, id: CourseId, related: usize) -> Result<Option<CourseDetails>, StorageUnavailable>;
    fn len(&self) -> usize;
}

/// Storage or the index failed; the details went to the log, never to the page.
#[derive(Clone, Debug, thiserror::Error)]
#[error("storage unavailable")]
pub struct StorageUnavailable;

/// The district courses as a page shows them: with the day they were read on (Seoul time), so the
/// page says where each course stands without reading a clock itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DistrictCourseList {
    pub today: crate::IsoDate,
    pub courses: Vec<DistrictCourse>,
}

/// The district's own offline courses, with live seat counts.
pub trait DistrictCourses: Send + Sync {
    fn list(&self) -> BoxFuture<'_, Result<Vec<DistrictCourse>, StorageUnavailable>>;
}
