//! "Did you mean ...?": the closest of a few known names to a mistyped one.

/// The candidate `word` most likely meant, if one is close enough: the same name up to case and
/// leading zeros (`exercise-3` → `exercise-03`), else the nearest by Damerau-Levenshtein
/// distance (a swap of two letters counts once: `lsit` → `list`) within about a third of its
/// length. Ties go to the earlier candidate; a word that is itself a candidate needs no
/// suggestion.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let key = normalised(word);
    let limit = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        if candidate == word {
            return None;
        }
        let distance = if normalised(candidate) == key {
            0
        } else {
            strsim::damerau_levenshtein(&word.to_lowercase(), &candidate.to_lowercase())
        };
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// Lowercase, with the leading zeros of every run of digits dropped.
fn normalised(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut in_number = false;
    let chars: Vec<char> = word.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let next_is_digit = chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if c == '0' && !in_number && next_is_digit {
            continue;
        }
        in_number = c.is_ascii_digit();
        out.extend(c.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDS: [&str; 4] = ["exercise-01", "exercise-03", "exercise-13", "exercise-30"];

    #[test]
    fn leading_zeros_and_case_do_not_count() {
        assert_eq!(closest("exercise-3", IDS), Some("exercise-03"));
        assert_eq!(closest("exercise-003", IDS), Some("exercise-03"));
        assert_eq!(closest("Exercise-01", IDS), Some("exercise-01"));
        assert_eq!(closest("exercise-30", IDS), None, "an exact name is not a suggestion");
    }

    #[test]
    fn a_swap_is_one_edit_and_far_words_get_nothing() {
        let commands = ["check", "list", "show", "start", "watch", "batch", "merge", "all"];
        assert_eq!(closest("lsit", commands), Some("list"));
        assert_eq!(closest("chekc", commands), Some("check"));
        assert_eq!(closest("stat", commands), Some("start"));
        assert_eq!(closest("counter", commands), None);
        assert_eq!(closest("x", commands), None);
    }

    #[test]
    fn zeros_inside_a_number_stay() {
        assert_eq!(normalised("ex-010"), "ex-10");
        assert_eq!(normalised("ex-100"), "ex-100");
        assert_eq!(normalised("ex-0"), "ex-0");
        assert_eq!(normalised("a0b"), "a0b");
    }
}
