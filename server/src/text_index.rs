//! The text half of every catalogue search (courses, datasets): a tantivy index of a title and a
//! body per item, cut into terms by Dongne's Korean tokenizer (`domain::text`), that answers which
//! items match a resident's words and how well. Filtering, facets and paging stay with each
//! domain's `select`, over its own in-memory columns.

use domain::courses::StorageUnavailable;
use domain::text::{index_tokens, query_words};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST};
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};
use tantivy::{doc, DocId, Index, IndexReader, Score, SegmentReader, Term};

const TOKENIZER: &str = "korean";
/// A match in the title counts this much more than one in the body.
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

/// Collects every matching item as (position, score): facets and sorting need them all.
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

/// Takes items one by one (tantivy indexes on its own threads meanwhile), then opens the index.
pub struct TextIndexBuilder {
    writer: tantivy::IndexWriter,
    index: Index,
    title: Field,
    body: Field,
    row: Field,
    added: u32,
}

impl TextIndexBuilder {
    /// `memory` is the writer's budget in bytes (tantivy's minimum is 15 MB).
    pub fn new(memory: usize) -> tantivy::Result<TextIndexBuilder> {
        let mut schema = Schema::builder();
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default().set_tokenizer(TOKENIZER).set_index_option(IndexRecordOption::WithFreqs),
        );
        let title = schema.add_text_field("title", text.clone());
        let body = schema.add_text_field("body", text);
        let row = schema.add_u64_field("row", FAST);
        let index = Index::create_in_ram(schema.build());
        index.tokenizers().register(TOKENIZER, TextAnalyzer::builder(KoreanTokenizer).build());
        let writer = index.writer::<tantivy::TantivyDocument>(memory)?;
        Ok(TextIndexBuilder { writer, index, title, body, row, added: 0 })
    }

    /// Adds the next item; its position is the number of items added before it.
    pub fn add(&mut self, title: String, body: String) -> tantivy::Result<u32> {
        let position = self.added;
        self.writer.add_document(doc!(self.title => title, self.body => body, self.row => position as u64))?;
        self.added += 1;
        Ok(position)
    }

    pub fn finish(mut self) -> tantivy::Result<TextIndex> {
        self.writer.commit()?;
        let reader = self.index.reader_builder().reload_policy(tantivy::ReloadPolicy::Manual).try_into()?;
        Ok(TextIndex { reader, title: self.title, body: self.body })
    }
}

pub struct TextIndex {
    reader: IndexReader,
    title: Field,
    body: Field,
}

impl TextIndex {
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

    /// Every item matching the text as (position, score), or `None` when the text has no words
    /// (browse everything). A failing index is an error, never "no matches".
    pub fn matches(&self, text: &str) -> Result<Option<Vec<(u32, f32)>>, StorageUnavailable> {
        let Some(query) = self.text_query(text) else { return Ok(None) };
        self.reader.searcher().search(&query, &AllMatches).map(Some).map_err(|e| {
            tracing::error!(error = %e, "search failed");
            StorageUnavailable
        })
    }
}
