//! From the courses a text search matched to the page a resident sees: facet filters, facet counts,
//! sorting and paging, over compact in-memory columns (one row per course, by catalogue position).
//!
//! Counts are "sideways": a facet's counts ignore that facet's own filter, so after ticking 예술 the
//! other subjects still show how many courses they would add. With no filter on a facet, its counts
//! add up to the total.

use super::{CourseQuery, FacetKind, Sort, FACET_COUNT};
use serde::{Deserialize, Serialize};

/// What selection needs of each course, by position in the catalogue.
#[derive(Clone, Debug, Default)]
pub struct CourseColumns {
    pub facets: Vec<[u8; FACET_COUNT]>,
    pub hours: Vec<u16>,
    /// `IsoDate::sort_key` of when the course was added.
    pub added: Vec<u32>,
}

impl CourseColumns {
    pub fn push(&mut self, course: &super::Course) {
        self.facets.push(course.facet_ordinals());
        self.hours.push(course.hours);
        self.added.push(course.added_on.sort_key());
    }

    pub fn len(&self) -> usize {
        self.facets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.facets.is_empty()
    }
}

/// How many matching courses carry each value of one facet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetCounts {
    pub param: String,
    pub counts: Vec<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Selection {
    pub total: usize,
    pub facets: Vec<FacetCounts>,
    /// Catalogue positions of the courses on the requested page, in order.
    pub rows: Vec<u32>,
}

/// Selects a page. `matches` are (position, score) from the text search, or `None` when the
/// resident typed nothing (every course matches with equal score).
pub fn select(columns: &CourseColumns, matches: Option<&[(u32, f32)]>, query: &CourseQuery) -> Selection {
    let mut counts: Vec<Vec<u32>> = FacetKind::ALL.iter().map(|k| vec![0; k.len()]).collect();
    let mut hits: Vec<(u32, f32)> = Vec::new();
    let mut visit = |row: u32, score: f32| {
        let values = &columns.facets[row as usize];
        let mut failing = (0..FACET_COUNT).filter(|&f| !query.filter().admits_value(f, values[f]));
        match (failing.next(), failing.next()) {
            (None, _) => {
                for f in 0..FACET_COUNT {
                    counts[f][values[f] as usize] += 1;
                }
                hits.push((row, score));
            }
            // fails exactly one facet: it counts in that facet's sideways counts only
            (Some(f), None) => counts[f][values[f] as usize] += 1,
            _ => {}
        }
    };
    match matches {
        Some(m) => m.iter().for_each(|&(row, score)| visit(row, score)),
        None => (0..columns.len() as u32).for_each(|row| visit(row, 0.0)),
    }

    let total = hits.len();
    let start = ((query.page() - 1) as usize).saturating_mul(query.per_page() as usize);
    let end = start.saturating_add(query.per_page() as usize).min(total);
    let rows = if start >= total { Vec::new() } else { top_rows(columns, hits, query.sort(), matches.is_some(), end)[start..].to_vec() };

    Selection {
        total,
        facets: FacetKind::ALL
            .iter()
            .zip(counts)
            .map(|(k, counts)| FacetCounts { param: k.param().to_string(), counts })
            .collect(),
        rows,
    }
}

/// The first `k` hits in sort order; only those are fully sorted.
fn top_rows(columns: &CourseColumns, mut hits: Vec<(u32, f32)>, sort: Sort, has_text: bool, k: usize) -> Vec<u32> {
    let newest = |a: &(u32, f32), b: &(u32, f32)| {
        columns.added[b.0 as usize].cmp(&columns.added[a.0 as usize]).then(a.0.cmp(&b.0))
    };
    let order = |a: &(u32, f32), b: &(u32, f32)| match sort {
        Sort::Relevance if has_text => b.1.total_cmp(&a.1).then_with(|| newest(a, b)),
        Sort::Relevance | Sort::Newest => newest(a, b),
        Sort::Shortest => columns.hours[a.0 as usize].cmp(&columns.hours[b.0 as usize]).then_with(|| newest(a, b)),
    };
    if k < hits.len() && k > 0 {
        hits.select_nth_unstable_by(k - 1, order);
        hits.truncate(k);
    }
    hits.sort_unstable_by(order);
    hits.into_iter().map(|(row, _)| row).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 120 courses whose facet values cycle, so every value is present.
    fn columns() -> CourseColumns {
        let mut c = CourseColumns::default();
        for i in 0..120u32 {
            let mut f = [0u8; FACET_COUNT];
            for (k, kind) in FacetKind::ALL.iter().enumerate() {
                f[k] = ((i as usize + k) % kind.len()) as u8;
            }
            c.facets.push(f);
            c.hours.push((i % 50 + 1) as u16);
            c.added.push(20260101 + i);
        }
        c
    }

    fn sum(sel: &Selection, kind: FacetKind) -> u32 {
        sel.facets[kind.index()].counts.iter().sum()
    }

    #[test]
    fn facet_counts_add_up_to_the_total() {
        let sel = select(&columns(), None, &CourseQuery::default());
        assert_eq!(sel.total, 120);
        for kind in FacetKind::ALL {
            assert_eq!(sum(&sel, kind) as usize, sel.total, "{kind:?}");
        }
    }

    #[test]
    fn a_filtered_facet_keeps_counting_its_other_values() {
        let q = CourseQuery::default().toggled(FacetKind::Subject, 6);
        let sel = select(&columns(), None, &q);
        assert_eq!(sel.total, 15);
        assert_eq!(sel.facets[0].counts[6], 15);
        assert_eq!(sum(&sel, FacetKind::Subject), 120, "sideways counts cover all subjects");
        assert_eq!(sum(&sel, FacetKind::Level) as usize, sel.total);
    }

    #[test]
    fn two_filters_intersect_and_each_counts_sideways() {
        let q = CourseQuery::default().toggled(FacetKind::Subject, 0).toggled(FacetKind::Level, 1);
        let sel = select(&columns(), None, &q);
        let cols = columns();
        let expected = cols.facets.iter().filter(|f| f[0] == 0 && f[2] == 1).count();
        assert_eq!(sel.total, expected);
        assert_eq!(sel.facets[0].counts[0] as usize, expected);
        assert_eq!(sel.facets[2].counts[1] as usize, expected);
    }

    #[test]
    fn text_matches_sort_by_score_and_page() {
        let matches: Vec<(u32, f32)> = (0..30).map(|i| (i, i as f32)).collect();
        let q = CourseQuery::default().with_per_page(10).with_page(2);
        let sel = select(&columns(), Some(&matches), &q);
        assert_eq!(sel.total, 30);
        assert_eq!(sel.rows, (10..20).rev().collect::<Vec<u32>>());
    }

    #[test]
    fn shortest_first_orders_by_hours() {
        let q = CourseQuery::default().with_sort(Sort::Shortest);
        let cols = columns();
        let sel = select(&cols, None, &q);
        let hours: Vec<u16> = sel.rows.iter().map(|r| cols.hours[*r as usize]).collect();
        assert!(hours.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(hours[0], 1);
    }

    #[test]
    fn a_page_past_the_end_is_empty_not_an_error() {
        let q = CourseQuery::default().with_page(99);
        let sel = select(&columns(), None, &q);
        assert_eq!(sel.total, 120);
        assert!(sel.rows.is_empty());
    }
}
