//! The catalogue's search index: the shared `TextIndex` matches and scores the text, then the
//! domain's `select` filters, counts facets, sorts and pages over in-memory
//! columns. Built from the database at start-up; courses are served from memory.

use crate::text_index::{TextIndex, TextIndexBuilder};
use domain::courses::*;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

pub struct CourseIndex {
    courses: Vec<Course>,
    by_id: HashMap<CourseId, u32>,
    columns: CourseColumns,
    text: TextIndex,
}

/// Takes courses one by one (tantivy indexes on its own threads meanwhile), then opens the index.
pub struct CourseIndexBuilder {
    text: TextIndexBuilder,
    courses: Vec<Course>,
    by_id: HashMap<CourseId, u32>,
    columns: CourseColumns,
}

impl CourseIndexBuilder {
    pub fn new() -> tantivy::Result<CourseIndexBuilder> {
        Ok(CourseIndexBuilder {
            text: TextIndexBuilder::new(100_000_000)?,
            courses: Vec::new(),
            by_id: HashMap::new(),
            columns: CourseColumns::default(),
        })
    }

    pub fn add(&mut self, course: Course) -> tantivy::Result<()> {
        let position = self.text.add(course.title_text(), course.body_text())?;
        self.columns.push(&course);
        self.by_id.insert(course.id, position);
        self.courses.push(course);
        Ok(())
    }

    pub fn finish(self) -> tantivy::Result<CourseIndex> {
        Ok(CourseIndex { courses: self.courses, by_id: self.by_id, columns: self.columns, text: self.text.finish()? })
    }
}

impl CourseIndex {
    /// Indexes `courses` in memory.
    pub fn build(courses: Vec<Course>) -> tantivy::Result<CourseIndex> {
        let mut builder = CourseIndexBuilder::new()?;
        for course in courses {
            builder.add(course)?;
        }
        builder.finish()
    }

    fn course(&self, id: CourseId) -> Option<&Course> {
        self.by_id.get(&id).map(|r| &self.courses[*r as usize])
    }

    /// Courses sharing the first keyword of `course`, then the newest of its subject.
    fn related(&self, course: &Course, how_many: usize) -> Result<Vec<Course>, StorageUnavailable> {
        let same_subject =
            CourseQuery::default().toggled(FacetKind::Subject, course.subject.ordinal()).with_per_page(how_many as u32 + 1);
        let by_keyword = course.keywords.first().map(|k| same_subject.with_text(k));
        let mut related: Vec<Course> = Vec::new();
        for query in by_keyword.into_iter().chain([same_subject]) {
            if related.len() == how_many {
                break;
            }
            for c in self.search(&query)?.items {
                if c.id != course.id && related.len() < how_many && !related.iter().any(|r| r.id == c.id) {
                    related.push(c);
                }
            }
        }
        Ok(related)
    }
}

impl CourseCatalog for CourseIndex {
    fn search(&self, query: &CourseQuery) -> Result<CoursePage, StorageUnavailable> {
        let matches = self.text.matches(query.text())?;
        let selection = select(&self.columns, matches.as_deref(), query);
        Ok(CoursePage {
            total: selection.total,
            page: query.page(),
            per_page: query.per_page(),
            facets: selection.facets,
            items: selection.rows.iter().map(|r| self.courses[*r as usize].clone()).collect(),
        })
    }

    fn details(&self, id: CourseId, related: usize) -> Result<Option<CourseDetails>, StorageUnavailable> {
        let Some(course) = self.course(id) else { return Ok(None) };
        let related = self.related(course, related)?;
        Ok(Some(CourseDetails { course: course.clone(), related }))
    }

    fn len(&self) -> usize {
        self.courses.len()
    }
}

/// The catalogue the pages search, replaced whole when the database changed under a running server
/// (`dongne import` then SIGHUP): requests in flight finish on the index they started with.
pub struct LiveCatalog {
    current: RwLock<Arc<CourseIndex>>,
}

impl LiveCatalog {
    pub fn new(index: CourseIndex) -> LiveCatalog {
        LiveCatalog { current: RwLock::new(Arc::new(index)) }
    }

    pub fn replace(&self, index: CourseIndex) {
        // a writer that panicked left a whole index behind, so a poisoned lock is still usable
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(index);
    }

    /// The catalogue as it is now; a reload meanwhile does not change what this one answers.
    pub fn snapshot(&self) -> Arc<CourseIndex> {
        self.current.read().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// Each call takes one snapshot and answers wholly from it.
impl CourseCatalog for LiveCatalog {
    fn search(&self, query: &CourseQuery) -> Result<CoursePage, StorageUnavailable> {
        self.snapshot().search(query)
    }
    fn details(&self, id: CourseId, related: usize) -> Result<Option<CourseDetails>, StorageUnavailable> {
        self.snapshot().details(id, related)
    }
    fn len(&self) -> usize {
        self.snapshot().len()
    }
}
