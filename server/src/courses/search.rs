//! The catalogue's search index: tantivy matches and scores the text (with Dongne's Korean
//! tokenizer), then the domain's `select` filters, counts facets, sorts and pages over in-memory
//! columns. Built from the database at start-up; courses are served from memory.

use domain::courses::*;
use domain::text::{index_tokens, query_words};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST};
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};
use tantivy::{doc, DocId, Index, IndexReader, Score, SegmentReader, Term};

const TOKENIZER: &str = "korean";
/// A match in the title counts this much more than one in the summary or keywords.
const TITLE_BOOST: f32 = 3.0;

/// tantivy's face of `domain::text::index_tokens`.
#[derive(Clone, Default)]
struct KoreanTokenizer;

struct Tokens {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for KoreanTokenizer {
    type TokenStream<'a> = Tokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens {
        let tokens = index_tokens(text)
            .into_iter()
            .enumerate()
            .map(|(position, t)| Token { offset_from: t.from, offset_to: t.to, position, text: t.text, position_length: 1 })
            .collect();
        Tokens { tokens, next: 0 }
    }
}

impl TokenStream for Tokens {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// Collects every matching course as (catalogue position, score): facets and sorting need them all.
struct AllMatches;

struct SegmentMatches {
    rows: tantivy::columnar::Column<u64>,
    hits: Vec<(u32, f32)>,
}

impl Collector for AllMatches {
    type Fruit = Vec<(u32, f32)>;
    type Child = SegmentMatches;

    fn for_segment(&self, _: u32, segment: &SegmentReader) -> tantivy::Result<SegmentMatches> {
        Ok(SegmentMatches { rows: segment.fast_fields().u64("row")?, hits: Vec::new() })
    }
    fn requires_scoring(&self) -> bool {
        true
    }
    fn merge_fruits(&self, fruits: Vec<Vec<(u32, f32)>>) -> tantivy::Result<Vec<(u32, f32)>> {
        Ok(fruits.concat())
    }
}

impl SegmentCollector for SegmentMatches {
    type Fruit = Vec<(u32, f32)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if let Some(row) = self.rows.first(doc) {
            self.hits.push((row as u32, score));
        }
    }
    fn harvest(self) -> Vec<(u32, f32)> {
        self.hits
    }
}

pub struct CourseIndex {
    courses: Vec<Course>,
    by_id: HashMap<CourseId, u32>,
    columns: CourseColumns,
    reader: IndexReader,
    title: Field,
    body: Field,
}

/// Takes courses one by one (tantivy indexes on its own threads meanwhile), then opens the index.
pub struct CourseIndexBuilder {
    writer: tantivy::IndexWriter,
    courses: Vec<Course>,
    by_id: HashMap<CourseId, u32>,
    columns: CourseColumns,
    index: Index,
    title: Field,
    body: Field,
    row: Field,
}

impl CourseIndexBuilder {
    pub fn new() -> tantivy::Result<CourseIndexBuilder> {
        let mut schema = Schema::builder();
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default().set_tokenizer(TOKENIZER).set_index_option(IndexRecordOption::WithFreqs),
        );
        let title = schema.add_text_field("title", text.clone());
        let body = schema.add_text_field("body", text);
        let row = schema.add_u64_field("row", FAST);
        let index = Index::create_in_ram(schema.build());
        index.tokenizers().register(TOKENIZER, TextAnalyzer::builder(KoreanTokenizer).build());
        let writer = index.writer::<tantivy::TantivyDocument>(100_000_000)?;
        Ok(CourseIndexBuilder {
            writer,
            courses: Vec::new(),
            by_id: HashMap::new(),
            columns: CourseColumns::default(),
            index,
            title,
            body,
            row,
        })
    }

    pub fn add(&mut self, course: Course) -> tantivy::Result<()> {
        let position = self.courses.len() as u32;
        self.writer.add_document(doc!(
            self.title => course.title_text(),
            self.body => course.body_text(),
            self.row => position as u64,
        ))?;
        self.columns.push(&course);
        self.by_id.insert(course.id, position);
        self.courses.push(course);
        Ok(())
    }

    pub fn finish(mut self) -> tantivy::Result<CourseIndex> {
        self.writer.commit()?;
        let reader = self.index.reader_builder().reload_policy(tantivy::ReloadPolicy::Manual).try_into()?;
        Ok(CourseIndex {
            courses: self.courses,
            by_id: self.by_id,
            columns: self.columns,
            reader,
            title: self.title,
            body: self.body,
        })
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

    /// The tantivy query for the resident's words: every word must match, in the title or the body.
    fn text_query(&self, text: &str) -> Option<Box<dyn Query>> {
        let either_field = |term: &str| -> Box<dyn Query> {
            let in_field = |field: Field| TermQuery::new(Term::from_field_text(field, term), IndexRecordOption::WithFreqs);
            Box::new(BooleanQuery::new(vec![
                (Occur::Should, Box::new(BoostQuery::new(Box::new(in_field(self.title)), TITLE_BOOST)) as Box<dyn Query>),
                (Occur::Should, Box::new(in_field(self.body))),
            ]))
        };
        let words: Vec<(Occur, Box<dyn Query>)> = query_words(text)
            .into_iter()
            .map(|word| {
                let mut clauses: Vec<(Occur, Box<dyn Query>)> =
                    word.all_of.iter().map(|t| (Occur::Must, either_field(t))).collect();
                if let Some(whole) = &word.boost {
                    clauses.push((Occur::Should, either_field(whole)));
                }
                (Occur::Must, Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
            })
            .collect();
        (!words.is_empty()).then(|| Box::new(BooleanQuery::new(words)) as Box<dyn Query>)
    }

    /// Every course matching the text, or `None` when the text has no words (browse everything).
    /// A failing index is an error, never "no matches".
    fn matches(&self, text: &str) -> Result<Option<Vec<(u32, f32)>>, StorageUnavailable> {
        let Some(query) = self.text_query(text) else { return Ok(None) };
        self.reader.searcher().search(&query, &AllMatches).map(Some).map_err(|e| {
            tracing::error!(error = %e, "search failed");
            StorageUnavailable
        })
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
        let matches = self.matches(query.text())?;
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
