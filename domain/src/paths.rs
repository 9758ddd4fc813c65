//! Which addresses the portal will send a resident back to after a form (`back=`, `next=`): only
//! its own paths, so a crafted link cannot bounce a resident to another site after logging in.

/// `path` when it is one of our own paths (starts with one `/`, no spaces, controls or `\`, not
/// longer than 2 KB); `None` otherwise.
pub fn local_path(path: &str) -> Option<&str> {
    let ok = path.starts_with('/')
        && !path.starts_with("//")
        && !path.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\')
        && path.len() <= 2048;
    ok.then_some(path)
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_our_own_paths_are_places_to_go_back_to() {
        assert_eq!(local_path("/courses?q=미술"), Some("/courses?q=미술"));
        for other in ["//evil.example", "https://evil.example", "/\\evil.example", "evil", "", "/a b", "/\n"] {
            assert_eq!(local_path(other), None, "{other:?}");
        }
    }
}
