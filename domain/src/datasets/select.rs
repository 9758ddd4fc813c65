//! From the datasets a text search matched to the page a resident sees: facet filters, facet counts,
//! sorting and paging over one row of facet masks per dataset.
//!
//! A dataset may carry several values of one facet (its sub-theme and that sub-theme's top theme,
//! CSV and GeoJSON), so each facet is a bit mask. Counts are "sideways", as in the course search: a
//! facet's counts ignore that facet's own filter.

use super::query::{DataSort, DatasetQuery, FACET_COUNT};
use super::Dataset;
use serde::{Deserialize, Serialize};

/// What selection needs of each dataset, by position in the catalogue.
#[derive(Clone, Debug, Default)]
pub struct DatasetColumns {
    pub masks: Vec<[u64; FACET_COUNT]>,
    /// `IsoDate::sort_key` of the last modification.
    pub modified: Vec<u32>,
}

impl DatasetColumns {
    pub fn push(&mut self, d: &Dataset) {
        let bit = |ordinal: u8| 1u64 << ordinal;
        let theme = bit(d.theme.ordinal()) | d.theme.parent().map_or(0, |t| bit(t.ordinal()));
        let formats = d.formats.iter().fold(0, |m, f| m | bit(f.ordinal()));
        self.masks.push([theme, bit(d.publisher.ordinal()), bit(d.source.ordinal()), formats, bit(d.frequency.ordinal())]);
        self.modified.push(d.modified.sort_key());
    }

    pub fn len(&self) -> usize {
        self.masks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.masks.is_empty()
    }
}

/// How many matching datasets carry each value of one facet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataFacetCounts {
    pub param: String,
    pub counts: Vec<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DataSelection {
    pub total: usize,
    pub facets: Vec<DataFacetCounts>,
    /// Catalogue positions of the datasets on the requested page, in order.
    pub rows: Vec<u32>,
}

fn add_bits(counts: &mut [u32], mut mask: u64) {
    while mask != 0 {
        counts[mask.trailing_zeros() as usize] += 1;
        mask &= mask - 1;
    }
}

/// Selects a page; `matches` are (position, score) from the text search, `None` for no text.
pub fn select_datasets(columns: &DatasetColumns, matches: Option<&[(u32, f32)]>, query: &DatasetQuery) -> DataSelection {
    use super::query::DataFacet;
    let filter = query.filter().0;
    let mut counts: Vec<Vec<u32>> = DataFacet::ALL.iter().map(|f| vec![0; f.len()]).collect();
    let mut hits: Vec<(u32, f32)> = Vec::new();
    let mut visit = |row: u32, score: f32| {
        let masks = &columns.masks[row as usize];
        let mut failing = (0..FACET_COUNT).filter(|&f| filter[f] != 0 && masks[f] & filter[f] == 0);
        match (failing.next(), failing.next()) {
            (None, _) => {
                for f in 0..FACET_COUNT {
                    add_bits(&mut counts[f], masks[f]);
                }
                hits.push((row, score));
            }
            (Some(f), None) => add_bits(&mut counts[f], masks[f]),
            _ => {}
        }
    };
    match matches {
        Some(m) => m.iter().for_each(|&(row, score)| visit(row, score)),
        None => (0..columns.len() as u32).for_each(|row| visit(row, 0.0)),
    }
    let newest = |a: &(u32, f32), b: &(u32, f32)| {
        columns.modified[b.0 as usize].cmp(&columns.modified[a.0 as usize]).then(a.0.cmp(&b.0))
    };
    let by_text = matches.is_some() && query.sort() == DataSort::Relevance;
    hits.sort_unstable_by(|a, b| if by_text { b.1.total_cmp(&a.1).then_with(|| newest(a, b)) } else { newest(a, b) });
    let total = hits.len();
    let start = ((query.page() - 1) as usize).saturating_mul(query.per_page() as usize).min(total);
    let end = start.saturating_add(query.per_page() as usize).min(total);
    DataSelection {
        total,
        facets: DataFacet::ALL
            .iter()
            .zip(counts)
            .map(|(f, counts)| DataFacetCounts { param: f.param().to_string(), counts })
            .collect(),
        rows: hits[start..end].iter().map(|(row, _)| *row).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::*;
    use super::*;

    fn columns() -> DatasetColumns {
        let mut c = DatasetColumns::default();
        let subs: Vec<Theme> = Theme::ALL.iter().copied().filter(|t| !t.is_top()).collect();
        for i in 0..90u32 {
            let mut d = super::super::model::tests::sample();
            d.theme = subs[i as usize % subs.len()];
            d.source = Source::ALL[i as usize % 4];
            d.formats = if i % 3 == 0 { vec![Format::Csv, Format::Json, Format::GeoJson] } else { vec![Format::Csv, Format::Json] };
            d.modified = crate::IsoDate::parse("2025-01-01").unwrap().plus_days(i as i64);
            c.push(&d);
        }
        c
    }

    fn parse(raw: &str) -> DatasetQuery {
        DatasetQuery::from_url_query(raw).unwrap()
    }

    #[test]
    fn a_top_theme_finds_its_sub_themes_datasets() {
        let all = select_datasets(&columns(), None, &parse(""));
        let env = select_datasets(&columns(), None, &parse("theme=environment"));
        let air = select_datasets(&columns(), None, &parse("theme=air"));
        assert_eq!(all.total, 90);
        assert_eq!(env.total, 3 * air.total);
        let theme_counts = &all.facets[DataFacet::Theme.index()].counts;
        assert_eq!(theme_counts[Theme::Environment.ordinal() as usize] as usize, env.total);
    }

    #[test]
    fn counts_are_sideways_and_formats_are_many_valued() {
        let q = parse("source=kosis&format=geojson");
        let sel = select_datasets(&columns(), None, &q);
        assert!(sel.total > 0);
        let sources: u32 = sel.facets[DataFacet::Source.index()].counts.iter().sum();
        assert!(sources as usize > sel.total, "other sources still count what they would add");
        let all = select_datasets(&columns(), None, &parse(""));
        let formats = &all.facets[DataFacet::Format.index()].counts;
        assert_eq!((formats[0], formats[1], formats[2]), (90, 90, 30));
    }

    #[test]
    fn without_text_the_most_recently_updated_come_first_and_pages_do_not_overlap() {
        let c = columns();
        let first = select_datasets(&c, None, &parse("per_page=10"));
        let second = select_datasets(&c, None, &parse("per_page=10&page=2"));
        assert_eq!(first.rows[0], 89);
        assert!(first.rows.iter().all(|r| !second.rows.contains(r)));
        assert!(select_datasets(&c, None, &parse("page=50")).rows.is_empty());
    }

    #[test]
    fn with_text_the_best_match_comes_first() {
        let sel = select_datasets(&columns(), Some(&[(3, 0.5), (7, 2.0), (5, 1.0)]), &parse("q=x"));
        assert_eq!(sel.rows, vec![7, 5, 3]);
        let updated = select_datasets(&columns(), Some(&[(3, 0.5), (7, 2.0), (5, 1.0)]), &parse("q=x&sort=updated"));
        assert_eq!(updated.rows, vec![7, 5, 3], "the most recently modified first");
    }
}
