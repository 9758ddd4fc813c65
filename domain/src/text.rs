//! How Dongne cuts text into searchable terms, for Korean and English alike.
//!
//! Korean glues particles to words (서울은, 미술을) and most content words are two syllables, so a run
//! of Hangul is indexed as its overlapping syllable pairs (bigrams) plus the whole run: 서울은 gives
//! 서울, 울은 and 서울은, and a search for 서울 finds it. A query word must match all of its pairs;
//! the whole word, when longer than a pair, only lifts the score of exact matches. Latin words are
//! case-folded and reduced to their English stem (courses → course). The index and the queries use
//! these same two functions, so they can never disagree.

use rust_stemmers::{Algorithm, Stemmer};

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
                out.extend(grams.into_iter().map(|(a, b, g)| Token {
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
pub fn query_words(text: &str) -> Vec<QueryWord> {
    words(text)
        .take(MAX_QUERY_WORDS)
        .map(|(script, _, word)| match script {
            Script::Latin => QueryWord { all_of: vec![stem(word)], boost: None },
            Script::Hangul => {
                let grams: Vec<String> = bigrams(word).into_iter().map(|(_, _, g)| g.to_string()).collect();
                if grams.len() <= 1 {
                    QueryWord { all_of: vec![word.to_string()], boost: None }
                } else {
                    QueryWord { all_of: grams, boost: Some(word.to_string()) }
                }
            }
        })
        .collect()
}

/// True when every word of the query matches the text: the plain, index-free reading of a search,
/// used to check the index and as the brute-force baseline in the benchmark.
pub fn text_matches(query: &[QueryWord], text_terms: &std::collections::HashSet<String>) -> bool {
    query.iter().all(|w| w.all_of.iter().all(|t| text_terms.contains(t)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

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
            assert!(text[t.from..t.to].contains(&t.text) || t.text.chars().all(|c| c.is_ascii()));
        }
    }

    #[test]
    fn punctuation_and_markup_yield_no_terms() {
        assert!(query_words("<script>'; DROP TABLE --").iter().all(|w| !w.all_of.is_empty()));
        assert!(query_words("!!! ... ???").is_empty());
    }

    #[test]
    fn very_long_queries_are_cut_to_a_bounded_number_of_words() {
        let long = "미술 ".repeat(5000);
        assert_eq!(query_words(&long).len(), MAX_QUERY_WORDS);
    }
}
