//! Search benchmark (`make bench`): 1,000 mixed Korean/English queries, each with three facet
//! filters, against the in-process index over the demo catalogue; then the same queries answered by
//! scanning every course, for the ratio. Prints figures; asserts nothing.

use domain::courses::{CourseCatalog, CourseQuery, FacetKind};
use domain::text::{index_tokens, query_words, text_matches};
use server::courses::{generate, search::CourseIndex};
use std::collections::HashSet;
use std::time::{Duration, Instant};

mod common;
use common::{percentile, Lcg};

fn main() {
    let courses = generate::catalogue();
    let started = Instant::now();
    let index = CourseIndex::build(courses.clone()).expect("index builds");
    println!("index: {} courses in {:.2} s", index.len(), started.elapsed().as_secs_f64());

    // words residents type: pieces of real titles, in both languages, some with particles
    let mut vocabulary: Vec<String> = Vec::new();
    for c in courses.iter().step_by(97) {
        vocabulary.extend(c.title_ko.split_whitespace().filter(|w| w.chars().count() >= 2).map(String::from));
        if let Some(en) = &c.title_en {
            vocabulary.extend(en.split_whitespace().filter(|w| w.len() >= 4).map(|w| w.to_lowercase()));
        }
    }
    let mut rng = Lcg(20261123);
    let facets = [FacetKind::Subject, FacetKind::Level, FacetKind::Status, FacetKind::Format, FacetKind::Length];
    let queries: Vec<CourseQuery> = (0..1000)
        .map(|i| {
            let words = 1 + (i % 2);
            let text = (0..words).map(|_| vocabulary[rng.next(vocabulary.len())].clone()).collect::<Vec<_>>().join(" ");
            let mut q = CourseQuery::default().with_text(&text);
            for kind in facets.iter().skip(rng.next(3)).take(3) {
                q = q.toggled(*kind, rng.next(kind.len()) as u8);
            }
            q
        })
        .collect();

    for q in queries.iter().take(50) {
        let _ = index.search(q); // warm up
    }
    let mut times = Vec::with_capacity(queries.len());
    let mut found = 0;
    for q in &queries {
        let t = Instant::now();
        found += index.search(q).expect("the index answers").total;
        times.push(t.elapsed());
    }
    times.sort();
    let total: Duration = times.iter().sum();
    println!(
        "search: {} queries, 3 facet filters each, all 7 facets counted: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms, mean {:.3} ms ({} matches)",
        queries.len(),
        percentile(&times, 0.5).as_secs_f64() * 1e3,
        percentile(&times, 0.99).as_secs_f64() * 1e3,
        times.last().unwrap().as_secs_f64() * 1e3,
        total.as_secs_f64() * 1e3 / queries.len() as f64,
        found
    );

    let browse = CourseQuery::default();
    let t = Instant::now();
    for _ in 0..100 {
        let _ = index.search(&browse);
    }
    println!("browse all (no words, all facets counted): mean {:.3} ms", t.elapsed().as_secs_f64() * 10.0);

    // the same queries by brute force over pre-tokenised courses
    let terms: Vec<HashSet<String>> = courses
        .iter()
        .map(|c| index_tokens(&format!("{} {}", c.title_text(), c.body_text())).into_iter().map(|t| t.text).collect())
        .collect();
    let t = Instant::now();
    let mut scanned = 0;
    for q in &queries {
        let words = query_words(q.text());
        scanned += courses
            .iter()
            .zip(&terms)
            .filter(|(c, terms)| {
                let values = c.facet_ordinals();
                (0..values.len()).all(|f| q.filter().admits_value(f, values[f])) && text_matches(&words, terms)
            })
            .count();
    }
    let scan_mean = t.elapsed().as_secs_f64() * 1e3 / queries.len() as f64;
    println!(
        "brute-force scan of all {} courses, same queries: mean {:.3} ms per query ({} matches) = {:.0}x the index's mean",
        courses.len(),
        scan_mean,
        scanned,
        scan_mean / (total.as_secs_f64() * 1e3 / queries.len() as f64)
    );
    if scanned != found {
        println!("note: the scan found {scanned} matches and the index {found}");
    }
}
