//! Structure-aware mutations of a JSON document: which node, and what
//! becomes of it. Indexes are taken modulo the document's node count, so
//! any generated mutation applies to any document and shrinks toward the
//! first node and the first hostile value.

use proptest::prelude::*;
use serde_json::{json, Value};

/// One change to a document.
#[derive(Debug, Clone)]
pub enum Mutation {
    /// The node becomes one of [`hostile_values`].
    Replace { node: usize, value: usize },
    /// The node leaves its object or array.
    Remove { node: usize },
    /// An array element is repeated (duplicate ids, names, regions).
    Repeat { node: usize },
}

/// Values that have broken parsers and arithmetic before: Decimal's and
/// the integers' limits, floats no Decimal holds, the tiniest divisors,
/// long, empty, unicode and control-character strings, interpolation
/// markers, and every JSON type in place of any other.
pub fn hostile_values() -> Vec<Value> {
    let long = "x".repeat(100_000);
    vec![
        json!(0),
        json!(-1),
        json!(1),
        json!(0.5),
        json!(1e-28),
        json!("0.0000000000000000000000000001"),
        json!(1e28),
        json!(79228162514264337593543950335.0),
        json!("79228162514264337593543950335"),
        json!(1e308),
        json!(4294967295u64),
        json!(4294967296u64),
        json!(18446744073709551615u64),
        json!(-9223372036854775808i64),
        json!(1_000_000_000u64),
        json!(1e15),
        json!(""),
        json!(" "),
        json!(long),
        json!("\u{1b}[31mred\u{1b}[0m"),
        json!("line\rbreak\u{7}"),
        json!("${jndi:x}"),
        json!("%{ if true }x%{ endif }"),
        json!("\u{202e}txt.exe"),
        json!("é-ü"),
        json!("../../../tmp/x"),
        json!("production"),
        json!("us-east-1"),
        json!("m5.large"),
        json!(true),
        json!(null),
        json!([]),
        json!({}),
        json!([1, 2, 3]),
        json!({ "a": 1 }),
    ]
}

pub fn mutation() -> impl Strategy<Value = Mutation> {
    let values = hostile_values().len();
    prop_oneof![
        6 => (any::<usize>(), 0..values).prop_map(|(node, value)| Mutation::Replace { node, value }),
        2 => any::<usize>().prop_map(|node| Mutation::Remove { node }),
        1 => any::<usize>().prop_map(|node| Mutation::Repeat { node }),
    ]
}

/// One to three mutations.
pub fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    proptest::collection::vec(mutation(), 1..=3)
}

/// JSON pointers of every node but the root, depth first.
pub fn pointers(document: &Value) -> Vec<String> {
    fn walk(value: &Value, at: &str, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    let path = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                    out.push(path.clone());
                    walk(child, &path, out);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    let path = format!("{at}/{i}");
                    out.push(path.clone());
                    walk(child, &path, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(document, "", &mut out);
    out
}

fn split_parent(pointer: &str) -> (&str, String) {
    let (parent, last) = pointer.rsplit_once('/').unwrap_or(("", pointer));
    (parent, last.replace("~1", "/").replace("~0", "~"))
}

/// Applies the mutations in turn, each to the document the previous left,
/// and says what each did (`/components/3/lcus = 1e28`), for the report
/// of a finding.
pub fn apply(document: &mut Value, mutations: &[Mutation]) -> Vec<String> {
    let values = hostile_values();
    let mut done = Vec::new();
    for mutation in mutations {
        let pointers = pointers(document);
        if pointers.is_empty() {
            break;
        }
        match *mutation {
            Mutation::Replace { node, value } => {
                let pointer = &pointers[node % pointers.len()];
                let value = &values[value % values.len()];
                if let Some(target) = document.pointer_mut(pointer) {
                    *target = value.clone();
                }
                let shown: String = value.to_string().chars().take(60).collect();
                done.push(format!("{pointer} = {shown}"));
            }
            Mutation::Remove { node } => {
                let pointer = &pointers[node % pointers.len()];
                done.push(format!("{pointer} removed"));
                let (parent, last) = split_parent(pointer);
                match document.pointer_mut(parent) {
                    Some(Value::Object(map)) => {
                        map.remove(&last);
                    }
                    Some(Value::Array(items)) => {
                        if let Ok(i) = last.parse::<usize>() {
                            if i < items.len() {
                                items.remove(i);
                            }
                        }
                    }
                    _ => {}
                }
            }
            Mutation::Repeat { node } => {
                let pointer = &pointers[node % pointers.len()];
                done.push(format!("{pointer} repeated"));
                let (parent, last) = split_parent(pointer);
                if let (Some(Value::Array(items)), Ok(i)) = (document.pointer_mut(parent), last.parse::<usize>()) {
                    if let Some(item) = items.get(i).cloned() {
                        items.insert(i, item);
                    }
                }
            }
        }
    }
    done
}

/// One change to a CSV document, by line and cell.
#[derive(Debug, Clone)]
pub enum CsvChange {
    /// The cell becomes one of the given texts (or is appended, past the
    /// line's last cell).
    Cell { line: usize, column: usize, value: usize },
    Remove { line: usize },
    Repeat { line: usize },
    Swap { a: usize, b: usize },
    /// The document is cut after `at` characters (modulo its length).
    Truncate { at: usize },
}

/// One to four changes.
pub fn csv_changes() -> impl Strategy<Value = Vec<CsvChange>> {
    let change = prop_oneof![
        5 => (any::<usize>(), any::<usize>(), any::<usize>()).prop_map(|(line, column, value)| CsvChange::Cell { line, column, value }),
        1 => any::<usize>().prop_map(|line| CsvChange::Remove { line }),
        1 => any::<usize>().prop_map(|line| CsvChange::Repeat { line }),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| CsvChange::Swap { a, b }),
        1 => any::<usize>().prop_map(|at| CsvChange::Truncate { at }),
    ];
    proptest::collection::vec(change, 1..=4)
}

/// `text` with the changes applied in turn; `cells` are what a cell may
/// become, written as given (quoted where the CSV needs it).
pub fn apply_csv(text: &str, changes: &[CsvChange], cells: &[String]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for change in changes {
        if lines.is_empty() {
            break;
        }
        let n = lines.len();
        match *change {
            CsvChange::Cell { line, column, value } => {
                let mut row: Vec<String> = lines[line % n].split(',').map(str::to_string).collect();
                let at = column % (row.len() + 1);
                let text = cells[value % cells.len()].clone();
                if at < row.len() {
                    row[at] = text;
                } else {
                    row.push(text);
                }
                lines[line % n] = row.join(",");
            }
            CsvChange::Remove { line } => {
                lines.remove(line % n);
            }
            CsvChange::Repeat { line } => {
                let copy = lines[line % n].clone();
                lines.insert(line % n, copy);
            }
            CsvChange::Swap { a, b } => lines.swap(a % n, b % n),
            CsvChange::Truncate { at } => {
                let text = lines.join("\n");
                let cut: String = text.chars().take(at % (text.chars().count() + 1)).collect();
                lines = cut.lines().map(str::to_string).collect();
            }
        }
    }
    lines.join("\n")
}
