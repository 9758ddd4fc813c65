//! How Dongne cuts text into searchable terms, for Korean and English alike.
//!
//! Korean glues particles to words (서울은, 미술을) and most content words are two syllables, so a run
//! of Hangul is indexed as its overlapping syllable pairs (bigrams) plus the whole run: 서울은 gives
//! 서울, 울은 and 서울은, and a search for 서울 finds it. A query word must match all of its pairs;
//! the whole word, when longer than a pair, only lifts the score of exact matches. Latin words are
//! case-folded and reduced to their English stem (courses → course). The index and the queries use
//! these same two functions, so they can never disagree. A query's terms are asked once each and
//! capped in number (`MAX_QUERY_TERMS`), so no request, however long, occupies a worker for long.

use rust_stemmers::{Algorithm, Stemmer};
use std::borrow::Cow;
use std::collections::HashSet;

/// A term with the byte range of the word it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub from: usize,
    pub to: usize,
}

/// One word of a query: every term in `all_of` must be present; `boost` only raises the score.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryWord {
    pub all_of: Vec<String>,
    pub boost: Option<String>,
}

/// Queries longer than this many words are cut: nobody types more, and each word costs a lookup.
pub const MAX_QUERY_WORDS: usize = 12;

/// A query asks the index for at most this many distinct terms, whatever its words: each term is a
/// posting list to walk, and a 10,000-syllable word would otherwise be ~10,000 of them.
pub const MAX_QUERY_TERMS: usize = 32;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Hangul,
    Latin,
}

fn script_of(c: char) -> Option<Script> {
    if ('\u{AC00}'..='\u{D7A3}').contains(&c) {
        Some(Script::Hangul)
    } else if c.is_alphanumeric() {
        Some(Script::Latin)
    } else {
        None
    }
}

/// Splits text into runs of one script: (script, byte start, the run).
fn words(text: &str) -> impl Iterator<Item = (Script, usize, &str)> {
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, script) = loop {
            let (i, c) = rest.next()?;
            if let Some(s) = script_of(c) {
                break (i, s);
            }
        };
        let mut end = text.len();
        while let Some(&(i, c)) = rest.peek() {
            if script_of(c) != Some(script) {
                end = i;
                break;
            }
            rest.next();
        }
        Some((script, start, &text[start..end]))
    })
}

fn stem(word: &str) -> String {
    thread_local! {
        static ENGLISH: Stemmer = Stemmer::create(Algorithm::English);
    }
    let lower = word.to_lowercase();
    ENGLISH.with(|s| s.stem(&lower).into_owned())
}

/// Syllable pairs of a Hangul run, with their byte ranges relative to the run.
fn bigrams(word: &str) -> Vec<(usize, usize, &str)> {
    let bounds: Vec<usize> = word.char_indices().map(|(i, _)| i).chain([word.len()]).collect();
    bounds
        .windows(3)
        .map(|w| (w[0], w[2], &word[w[0]..w[2]]))
        .collect()
}

/// The terms a document's text is indexed under.
pub fn index_tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for (script, start, word) in words(text) {
        let whole = |t: String| Token { text: t, from: start, to: start + word.len() };
        match script {
            Script::Latin => out.push(whole(stem(word))),
            Script::Hangul => {
                let grams = bigrams(word);
                if grams.len() != 1 {
                    // one syllable (no pairs) or longer than a pair: the whole word too
                    out.push(whole(word.to_string()));
                }
                // a pair repeated inside one run (하하하하) is kept once, at its first place: a
                // run's terms are then bounded by its distinct pairs, not by its length
                let mut seen = HashSet::new();
                out.extend(grams.into_iter().filter(|(_, _, g)| seen.insert(*g)).map(|(a, b, g)| Token {
                    text: g.to_string(),
                    from: start + a,
                    to: start + b,
                }));
            }
        }
    }
    out
}

/// The words of a query, each as the terms it must match (see the module header).
///
/// A term asked for once need not be asked again: a pair repeated within a word or already required
/// by an earlier word is dropped, and a word left with nothing new to require is dropped whole. At
/// most `MAX_QUERY_TERMS` terms are asked in all, in reading order; the word where the budget runs
/// out keeps the pairs that fit (so it matches a little more loosely) and loses its boost.
pub fn query_words(text: &str) -> Vec<QueryWord> {
    let mut asked: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for (script, _, word) in words(text).take(MAX_QUERY_WORDS) {
        let (terms, boost): (Vec<Cow<str>>, Option<&str>) = match script {
            Script::Latin => (vec![Cow::Owned(stem(word))], None),
            Script::Hangul => {
                let grams = bigrams(word);
                if grams.len() <= 1 {
                    (vec![Cow::Borrowed(word)], None)
                } else {
                    (grams.into_iter().map(|(_, _, g)| Cow::Borrowed(g)).collect(), Some(word))
                }
            }
        };
        let mut all_of = Vec::new();
        for term in terms {
            if asked.len() == MAX_QUERY_TERMS {
                break;
            }
            if !asked.contains(term.as_ref()) {
                asked.insert(term.to_string());
                all_of.push(term.into_owned());
            }
        }
        if all_of.is_empty() {
            continue;
        }
        let boost = boost.filter(|b| asked.len() < MAX_QUERY_TERMS && asked.insert(b.to_string()));
        out.push(QueryWord { all_of, boost: boost.map(String::from) });
    }
    out
}

/// True when every word of the query matches the text: the plain, index-free reading of a search,
/// used to check the index and as the brute-force baseline in the benchmark.
pub fn text_matches(query: &[QueryWord], text_terms: &HashSet<String>) -> bool {
    query.iter().all(|w| w.all_of.iter().all(|t| text_terms.contains(t)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> HashSet<String> {
        index_tokens(text).into_iter().map(|t| t.text).collect()
    }

    fn finds(query: &str, text: &str) -> bool {
        text_matches(&query_words(query), &terms(text))
    }

    #[test]
    fn seoul_finds_seoul_with_a_particle() {
        assert!(finds("서울", "서울은 오래된 도시"));
        assert!(finds("서울", "서울의 역사"));
        assert!(finds("서울은", "서울은 오래된 도시"));
    }

    #[test]
    fn art_finds_art_with_an_object_particle() {
        assert!(finds("미술", "생활 속 미술을 감상하기"));
        assert!(finds("미술 감상", "생활 속 미술 감상"));
    }

    #[test]
    fn a_two_syllable_word_does_not_match_unrelated_words() {
        assert!(!finds("미술", "서울의 역사"));
        assert!(!finds("서울", "서양 미술사"));
    }

    #[test]
    fn every_query_word_must_match() {
        assert!(finds("파이썬 데이터", "파이썬으로 배우는 데이터 분석"));
        assert!(!finds("파이썬 요리", "파이썬으로 배우는 데이터 분석"));
    }

    #[test]
    fn english_is_case_folded_and_stemmed() {
        assert!(finds("Python", "Data analysis with python"));
        assert!(finds("courses", "An introductory course"));
        assert!(finds("painting", "Paintings of the Joseon era"));
    }

    #[test]
    fn mixed_scripts_split_into_separate_words() {
        assert!(finds("AI", "AI시대의 글쓰기"));
        assert!(finds("글쓰기", "AI시대의 글쓰기"));
    }

    #[test]
    fn token_offsets_point_at_the_source_text() {
        let text = "생활 속 미술";
        for t in index_tokens(text) {
            assert!(text[t.from..t.to].contains(&t.text) || t.text.is_ascii());
        }
    }

    #[test]
    fn punctuation_and_markup_yield_no_terms() {
        assert!(query_words("<script>'; DROP TABLE --").iter().all(|w| !w.all_of.is_empty()));
        assert!(query_words("!!! ... ???").is_empty());
    }

    /// `n` Hangul syllables that never repeat a pair, so nothing but a cap can bound their terms.
    fn varied_hangul(n: usize) -> String {
        (0..n).map(|i| char::from_u32(0xAC00 + (i as u32 * 7) % 11_172).unwrap()).collect()
    }

    fn query_terms(query: &[QueryWord]) -> Vec<&String> {
        query.iter().flat_map(|w| w.all_of.iter().chain(&w.boost)).collect()
    }

    #[test]
    fn a_ten_thousand_syllable_word_asks_for_a_bounded_number_of_terms() {
        let query = query_words(&varied_hangul(10_000));
        let terms = query_terms(&query);
        assert!(!terms.is_empty());
        assert!(terms.len() <= MAX_QUERY_TERMS, "{} terms", terms.len());
    }

    #[test]
    fn many_long_words_together_ask_for_a_bounded_number_of_terms() {
        let words: Vec<String> = (0..MAX_QUERY_WORDS).map(|i| varied_hangul(40 + i)).collect();
        let query = query_words(&words.join(" "));
        assert!(query_terms(&query).len() <= MAX_QUERY_TERMS);
        assert!(query.iter().all(|w| !w.all_of.is_empty()));
    }

    #[test]
    fn a_query_asks_for_each_term_once() {
        let query = query_words("미술미술미술미술 미술 하하하하하하 미술");
        let terms = query_terms(&query);
        let distinct: HashSet<&String> = terms.iter().copied().collect();
        assert_eq!(terms.len(), distinct.len(), "{query:?}");
        assert!(query.iter().all(|w| !w.all_of.is_empty()));
        assert!(finds("미술미술미술미술 미술 하하하하하하 미술", "미술미술 하하하"));
        assert!(!finds("미술미술미술미술 미술 하하하하하하", "미술미술"));
    }

    #[test]
    fn a_long_run_of_repeated_syllables_is_indexed_under_each_pair_once() {
        let tokens = index_tokens(&"가나".repeat(5_000));
        let texts: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        let distinct: HashSet<&str> = texts.iter().copied().collect();
        assert_eq!(texts.len(), distinct.len());
        assert!(distinct.contains("가나") && distinct.contains("나가"));
    }

    #[test]
    fn a_course_is_found_by_any_two_syllable_part_of_its_title() {
        let title = "생활 속 미술작품 감상하기와 AI시대의 글쓰기";
        let syllables: Vec<char> = title.chars().collect();
        for pair in syllables.windows(2) {
            let part: String = pair.iter().collect();
            if part.chars().all(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)) {
                assert!(finds(&part, title), "{part} does not find {title}");
            }
        }
        // the start of a long title, cut at the query's bound, still finds it
        let long = varied_hangul(300);
        assert!(finds(&long, &long));
    }

    #[test]
    fn very_long_queries_are_cut_to_a_bounded_number_of_words() {
        let long: String = (0..5000).map(|i| format!("word{i} ")).collect();
        assert_eq!(query_words(&long).len(), MAX_QUERY_WORDS);
    }
}
