//! Validation problems: every one names where (a JSON path), what was found
//! and what was expected.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    /// JSON path of the offending value, e.g. `components[3].instance_type`;
    /// `$` for the document as a whole.
    pub path: String,
    pub message: String,
}

impl Problem {
    /// Values quoted from the input may hold anything: control characters
    /// and bidirectional overrides are escaped (`\u{1b}`), so a message
    /// never moves a terminal's cursor, colours it or reorders its text.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem { path: printable(path.into()), message: printable(message.into()) }
    }
}

/// `text` with what a terminal would act on escaped: control characters
/// (line breaks too: one problem is one line) and the Unicode marks that
/// reorder text.
pub fn printable(text: String) -> String {
    fn acts(c: char) -> bool {
        c.is_control() || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    }
    if !text.chars().any(acts) {
        return text;
    }
    text.chars().fold(String::with_capacity(text.len() + 8), |mut out, c| {
        if acts(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
        out
    })
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Everything wrong with a plan, found in one pass.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

/// `", did you mean \"x\"?"` when a candidate is close to `given`, else `""`.
pub fn did_you_mean<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    // The distance is at least the difference in length, so a candidate that
    // differs by more than the accepted distance is passed over before the
    // (quadratic) distance is computed: a megabyte of input costs nothing.
    let accepted = |c: &str| (c.len() / 3).max(2);
    let length = given.chars().count();
    let best = candidates
        .into_iter()
        .filter(|c| length.abs_diff(c.chars().count()) <= accepted(c))
        .map(|c| (strsim::damerau_levenshtein(given, c), c))
        .filter(|(distance, c)| *distance <= accepted(c))
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)));
    match best {
        Some((_, candidate)) => format!("; did you mean \"{candidate}\"?"),
        None => String::new(),
    }
}

/// Turns serde's wording into the plan's: names the value and what was expected.
pub fn describe_serde_error(message: &str) -> String {
    let mut text = message.to_string();
    for (rust, human) in [
        ("expected u8", "expected a whole number from 0 to 255"),
        ("expected u16", "expected a whole number from 0 to 65535"),
        ("expected u32", "expected a whole number from 0 to 4294967295"),
        ("expected u64", "expected a whole number ≥ 0"),
        ("expected a boolean", "expected true or false"),
        ("expected a string", "expected a string"),
    ] {
        text = text.replace(rust, human);
    }
    // serde_json appends " at line L column C" to messages from a Value; the
    // JSON path already says where, so drop it.
    if let Some(index) = text.rfind(" at line ") {
        text.truncate(index);
    }
    text
}

#[cfg(test)]
mod did_you_mean_tests {
    use super::did_you_mean;

    #[test]
    fn suggests_the_nearest_candidate_and_nothing_for_a_far_or_huge_input() {
        assert_eq!(did_you_mean("m5.lage", ["m5.large", "m5.xlarge"]), "; did you mean \"m5.large\"?");
        assert_eq!(did_you_mean("zzzzzzzz", ["m5.large"]), "");
        // A megabyte-long value: passed over by length, no distance computed.
        assert_eq!(did_you_mean(&"m".repeat(1 << 20), ["m5.large", "mmmmmmmm"]), "");
        assert_eq!(did_you_mean("m5.lärge", ["m5.large"]), "; did you mean \"m5.large\"?");
    }
}
