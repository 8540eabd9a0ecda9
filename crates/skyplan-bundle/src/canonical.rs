//! Canonical JSON: the one byte form of a JSON value that digests and
//! per-resource comparisons are computed over.
//!
//! - objects: members sorted by key, comparing the keys' UTF-8 bytes; no
//!   duplicate keys (serde_json keeps the last, and the digest then covers
//!   what was read);
//! - no whitespace anywhere outside strings;
//! - strings: as serde_json writes them: `"` and `\` escaped, control
//!   characters as `\n`, `\t`, ... or `\u00XX`, everything else (non-ASCII
//!   included) as raw UTF-8;
//! - numbers: integers in decimal; other numbers as the shortest decimal
//!   that reads back as the same 64-bit float (Rust's `Display` for `f64`),
//!   without an exponent and without a trailing `.0`, so `2.0` is `2`;
//! - `true`, `false`, `null` as such.
//!
//! This is RFC 8785 (JCS) except for key order by UTF-8 bytes rather than
//! UTF-16 code units (the same for every key skyplan writes: ASCII) and
//! numbers written without exponents.

use serde_json::Value;

/// The canonical form of `value`.
pub fn to_canonical(value: &Value) -> String {
    let mut out = String::new();
    write(value, &mut out);
    out
}

fn write(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            if let Some(i) = n.as_u64() {
                out.push_str(&i.to_string());
            } else if let Some(i) = n.as_i64() {
                out.push_str(&i.to_string());
            } else {
                // serde_json numbers are finite.
                let f = n.as_f64().unwrap_or_default();
                out.push_str(&format!("{f}"));
            }
        }
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push('{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(key, out);
                out.push(':');
                write(item, out);
            }
            out.push('}');
        }
    }
}

fn write_string(s: &str, out: &mut String) {
    // serde_json's string escaping, which is the canonical one above.
    out.push_str(&serde_json::to_string(s).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sorted_compact_and_plain_numbers() {
        let value = json!({"b": [1, 2.5, 2.0, -3, 1e-7, 1e21], "a": {"z": null, "é": "x\"\n\u{1}"}, "A": true});
        assert_eq!(
            to_canonical(&value),
            r#"{"A":true,"a":{"z":null,"é":"x\"\n\u0001"},"b":[1,2.5,2,-3,0.0000001,1000000000000000000000]}"#
        );
        let again: Value = serde_json::from_str(&to_canonical(&value)).unwrap();
        assert_eq!(to_canonical(&again), to_canonical(&value));
    }
}
