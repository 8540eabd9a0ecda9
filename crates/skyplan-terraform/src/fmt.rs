//! Turns an [`hcl::Body`] into text laid out exactly as `terraform fmt` lays
//! it out.
//!
//! hcl-rs prints every token (and escapes every string: `"`, `\`, control
//! characters, `${` → `$${`, `%{` → `%%{`), but it does not align the `=` of
//! neighbouring attributes and indents a few constructs differently from
//! `terraform fmt`. So the text hcl-rs prints is re-tokenised here and only
//! its whitespace is redone with the three passes of HashiCorp's `hclwrite`
//! formatter, which `terraform fmt` runs: indentation by counting brackets per
//! line, spaces between tokens by a fixed set of rules, and alignment of the
//! `=` in runs of single-line attributes. Tokens themselves are never changed,
//! so what hcl-rs escaped stays escaped.
//!
//! hcl-rs's data model has no comments. A comment is carried through it as an
//! attribute named [`COMMENT_KEY`] whose value is the comment text, and turned
//! into a `#` line here; the DSL's `comment` only accepts
//! `&'static str` text of ours, never user text.

use crate::ExportError;
use hcl::format::{Format, Formatter};

/// The attribute name that stands for a comment line until formatting.
pub(crate) const COMMENT_KEY: &str = "skyplan_comment";

/// Formats a body as `terraform fmt` would, ending with one newline.
pub fn to_terraform(body: &hcl::Body) -> Result<String, ExportError> {
    let mut formatter = Formatter::builder().compact_arrays(true).prefer_ident_keys(true).build_vec();
    let text = body.format_string(&mut formatter).map_err(|e| ExportError::Format(e.to_string()))?;
    let tokens = lex(&text)?;
    Ok(layout(tokens))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Newline,
    Comment,
    Ident,
    Number,
    OQuote,
    CQuote,
    QuotedLit,
    TemplateInterp,
    TemplateControl,
    TemplateSeqEnd,
    OBrace,
    CBrace,
    OBrack,
    CBrack,
    OParen,
    CParen,
    Equal,
    Comma,
    Dot,
    Ellipsis,
    Colon,
    Question,
    FatArrow,
    Bang,
    Minus,
    /// Every other operator: `+ * / % == != < <= > >= && ||`.
    Operator,
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    text: String,
}

impl Token {
    fn bracket_change(&self) -> i32 {
        match self.kind {
            Kind::OBrace | Kind::OBrack | Kind::OParen | Kind::TemplateInterp | Kind::TemplateControl => 1,
            Kind::CBrace | Kind::CBrack | Kind::CParen | Kind::TemplateSeqEnd => -1,
            _ => 0,
        }
    }
}

enum Mode {
    /// Expression syntax; the count is the `{` opened since entering it, so
    /// that the `}` closing a template interpolation is told from an object's.
    Expr(usize),
    Str,
}

fn lex(text: &str) -> Result<Vec<Token>, ExportError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut modes = vec![Mode::Expr(0)];
    let mut i = 0;
    let push = |tokens: &mut Vec<Token>, kind, text: &str| tokens.push(Token { kind, text: text.to_string() });
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match modes.last_mut() {
            Some(Mode::Str) => {
                if c == '"' {
                    push(&mut tokens, Kind::CQuote, "\"");
                    modes.pop();
                    i += 1;
                } else if (c == '$' || c == '%') && next == Some('{') {
                    let kind = if c == '$' { Kind::TemplateInterp } else { Kind::TemplateControl };
                    push(&mut tokens, kind, if c == '$' { "${" } else { "%{" });
                    modes.push(Mode::Expr(0));
                    i += 2;
                } else {
                    // A literal run: up to the closing quote or an unescaped marker.
                    let start = i;
                    while i < chars.len() {
                        match (chars[i], chars.get(i + 1).copied(), chars.get(i + 2).copied()) {
                            ('"', _, _) => break,
                            ('\\', Some(_), _) => i += 2,
                            ('$', Some('$'), Some('{')) | ('%', Some('%'), Some('{')) => i += 3,
                            ('$' | '%', Some('{'), _) => break,
                            ('\n', _, _) => return Err(ExportError::Format("a quoted string spans lines".into())),
                            _ => i += 1,
                        }
                    }
                    let literal: String = chars[start..i.min(chars.len())].iter().collect();
                    push(&mut tokens, Kind::QuotedLit, &literal);
                }
            }
            Some(Mode::Expr(depth)) => {
                let single = |kind| (kind, 1usize);
                let (kind, len) = match (c, next) {
                    (' ' | '\t' | '\r', _) => {
                        i += 1;
                        continue;
                    }
                    ('\n', _) => single(Kind::Newline),
                    ('#', _) => {
                        let end = chars[i..].iter().position(|&c| c == '\n').map_or(chars.len(), |p| i + p);
                        let comment: String = chars[i..end].iter().collect();
                        push(&mut tokens, Kind::Comment, &comment);
                        i = end;
                        continue;
                    }
                    ('"', _) => {
                        push(&mut tokens, Kind::OQuote, "\"");
                        modes.push(Mode::Str);
                        i += 1;
                        continue;
                    }
                    ('{', _) => {
                        *depth += 1;
                        single(Kind::OBrace)
                    }
                    ('}', _) => {
                        if *depth == 0 {
                            // Closes the interpolation that opened this mode.
                            modes.pop();
                            single(Kind::TemplateSeqEnd)
                        } else {
                            *depth -= 1;
                            single(Kind::CBrace)
                        }
                    }
                    ('[', _) => single(Kind::OBrack),
                    (']', _) => single(Kind::CBrack),
                    ('(', _) => single(Kind::OParen),
                    (')', _) => single(Kind::CParen),
                    ('=', Some('>')) => (Kind::FatArrow, 2),
                    ('=' | '!' | '<' | '>', Some('=')) => (Kind::Operator, 2),
                    ('&', Some('&')) | ('|', Some('|')) => (Kind::Operator, 2),
                    ('=', _) => single(Kind::Equal),
                    ('!', _) => single(Kind::Bang),
                    ('.', Some('.')) if chars.get(i + 2) == Some(&'.') => (Kind::Ellipsis, 3),
                    ('.', _) => single(Kind::Dot),
                    (',', _) => single(Kind::Comma),
                    (':', _) => single(Kind::Colon),
                    ('?', _) => single(Kind::Question),
                    ('-', _) => single(Kind::Minus),
                    ('+' | '*' | '/' | '%' | '<' | '>', _) => single(Kind::Operator),
                    (c, _) if c.is_ascii_digit() => {
                        let mut end = i;
                        while end < chars.len()
                            && (chars[end].is_ascii_digit()
                                || (chars[end] == '.' && chars.get(end + 1).is_some_and(char::is_ascii_digit))
                                || matches!(chars[end], 'e' | 'E'))
                        {
                            end += 1;
                        }
                        (Kind::Number, end - i)
                    }
                    (c, _) if c.is_alphabetic() || c == '_' => {
                        let mut end = i + 1;
                        while end < chars.len() && (chars[end].is_alphanumeric() || matches!(chars[end], '_' | '-')) {
                            end += 1;
                        }
                        (Kind::Ident, end - i)
                    }
                    (c, _) => return Err(ExportError::Format(format!("unexpected character {c:?} in generated HCL"))),
                };
                let token: String = chars[i..i + len].iter().collect();
                push(&mut tokens, kind, &token);
                i += len;
            }
            None => return Err(ExportError::Format("unbalanced template in generated HCL".into())),
        }
    }
    Ok(tokens)
}

/// One line split into hclwrite's cells: everything before the `=` of a
/// single-line attribute (`lead`) and from it on (`assign`).
struct Line {
    lead: Vec<Token>,
    assign: Vec<Token>,
    indent: usize,
}

fn layout(tokens: Vec<Token>) -> String {
    // Split into lines (newline tokens dropped: each line ends with one).
    let mut raw_lines: Vec<Vec<Token>> = vec![Vec::new()];
    for token in tokens {
        if token.kind == Kind::Newline {
            raw_lines.push(Vec::new());
        } else if let Some(line) = raw_lines.last_mut() {
            line.push(token);
        }
    }
    while raw_lines.last().is_some_and(Vec::is_empty) {
        raw_lines.pop();
    }

    let mut lines: Vec<Line> = raw_lines.into_iter().map(split_cells).collect();
    indent(&mut lines);

    // Align the `=` of each run of consecutive lines that have an assign cell.
    let widths: Vec<usize> = lines.iter().map(|l| l.indent + render_cell(&l.lead).chars().count()).collect();
    let mut out = String::new();
    let mut i = 0;
    while i < lines.len() {
        let mut end = i;
        while end < lines.len() && !lines[end].assign.is_empty() {
            end += 1;
        }
        if end == i {
            render_line(&lines[i], 0, &mut out);
            i += 1;
            continue;
        }
        let max = widths[i..end].iter().copied().max().unwrap_or(0);
        for (line, width) in lines[i..end].iter().zip(&widths[i..end]) {
            render_line(line, max - width + 1, &mut out);
        }
        i = end;
    }
    out
}

fn split_cells(mut tokens: Vec<Token>) -> Line {
    // A comment stand-in attribute becomes the comment line it stands for.
    if let [key, eq, open, text, close] = tokens.as_slice() {
        if key.kind == Kind::Ident
            && key.text == COMMENT_KEY
            && eq.kind == Kind::Equal
            && open.kind == Kind::OQuote
            && text.kind == Kind::QuotedLit
            && close.kind == Kind::CQuote
        {
            let comment = Token { kind: Kind::Comment, text: format!("# {}", text.text) };
            return Line { lead: vec![comment], assign: Vec::new(), indent: 0 };
        }
    }
    let assign_at = tokens.iter().enumerate().skip(1).find(|(_, t)| t.kind == Kind::Equal).map(|(i, _)| i);
    if let Some(at) = assign_at {
        // Only a whole expression on this line is aligned; an `=` that opens a
        // multi-line value (net brackets > 0) is not.
        if tokens[at..].iter().map(Token::bracket_change).sum::<i32>() == 0 {
            let assign = tokens.split_off(at);
            return Line { lead: tokens, assign, indent: 0 };
        }
    }
    Line { lead: tokens, assign: Vec::new(), indent: 0 }
}

fn indent(lines: &mut [Line]) {
    let mut indents: Vec<i32> = Vec::new();
    for line in lines {
        if line.lead.is_empty() {
            continue;
        }
        let net: i32 = line.lead.iter().chain(&line.assign).map(Token::bracket_change).sum();
        if net < 0 {
            let mut closed = -net;
            while closed > 0 {
                let Some(top) = indents.last_mut() else { break };
                if closed >= *top {
                    closed -= *top;
                    indents.pop();
                } else {
                    *top -= closed;
                    closed = 0;
                }
            }
        }
        line.indent = 2 * indents.len();
        if net > 0 {
            indents.push(net);
        }
    }
}

/// hclwrite's rule for whether a space follows `subject`.
fn space_after(subject: &Token, before: Option<&Token>, after: &Token) -> bool {
    use Kind::*;
    match (subject.kind, after.kind) {
        (Ident, OParen) => false,
        (Dot, _) | (_, Dot) => false,
        (_, Comma | Ellipsis) => false,
        (Comma, _) => true,
        (QuotedLit | OQuote, _) | (_, QuotedLit | CQuote) => false,
        (Ident, _) if subject.text == "in" && before.is_some_and(|b| b.kind == Ident) => true,
        (Ident | Number, OBrack) => false,
        (_, OBrack) if subject.bracket_change() < 0 => false,
        (Minus, _) => !matches!(
            before.map(|b| b.kind),
            None | Some(OParen | OBrace | OBrack | Equal | Colon | Comma | Question | Minus | Operator | Bang)
        ),
        (Bang, _) => false,
        (OBrace, CBrace) => false,
        (OBrace, _) | (_, CBrace) => true,
        (TemplateInterp | TemplateControl, OBrace) | (CBrace, TemplateSeqEnd) => true,
        (TemplateSeqEnd, TemplateInterp | TemplateControl) => false,
        _ if subject.bracket_change() > 0 => false,
        _ if after.bracket_change() < 0 => false,
        _ => true,
    }
}

fn render_cell(tokens: &[Token]) -> String {
    let mut out = String::new();
    for (i, token) in tokens.iter().enumerate() {
        if i > 0 && space_after(&tokens[i - 1], i.checked_sub(2).map(|b| &tokens[b]), token) {
            out.push(' ');
        }
        out.push_str(&token.text);
    }
    out
}

fn render_line(line: &Line, assign_spaces: usize, out: &mut String) {
    if !line.lead.is_empty() {
        out.extend(std::iter::repeat_n(' ', line.indent));
        out.push_str(&render_cell(&line.lead));
        if !line.assign.is_empty() {
            out.extend(std::iter::repeat_n(' ', assign_spaces));
            out.push_str(&render_cell(&line.assign));
        }
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reformat(text: &str) -> String {
        layout(lex(text).unwrap())
    }

    #[test]
    fn aligns_runs_of_single_line_attributes() {
        let text = "a = 1\nlonger = var.x\ntags = merge(var.t, {\nName = \"x\"\nKey = 2\n})\n\nblock \"x\" {\nk = 1\n  kk = \"${var.a}-b\"\n  empty {  }\n}\n";
        assert_eq!(
            reformat(text),
            "a      = 1\nlonger = var.x\ntags = merge(var.t, {\n  Name = \"x\"\n  Key  = 2\n})\n\nblock \"x\" {\n  k  = 1\n  kk = \"${var.a}-b\"\n  empty {}\n}\n"
        );
    }

    #[test]
    fn follows_hclwrite_spacing() {
        let text = "a = [{\na = 1\n}, {\nb = -1\n}]\nc = {for k, v in var.x : k => v if !v}\nd = var.x[*].id\ne = x - 1\n";
        assert_eq!(
            reformat(text),
            "a = [{\n  a = 1\n  }, {\n  b = -1\n}]\nc = { for k, v in var.x : k => v if !v }\nd = var.x[*].id\ne = x - 1\n"
        );
    }

    #[test]
    fn escaped_markers_stay_literal() {
        let tokens = lex("a = \"$${x} %%{y} \\\" ${var.z}\"\n").unwrap();
        let kinds: Vec<Kind> = tokens.iter().map(|t| t.kind).collect();
        assert_eq!(
            kinds,
            [
                Kind::Ident,
                Kind::Equal,
                Kind::OQuote,
                Kind::QuotedLit,
                Kind::TemplateInterp,
                Kind::Ident,
                Kind::Dot,
                Kind::Ident,
                Kind::TemplateSeqEnd,
                Kind::CQuote,
                Kind::Newline
            ]
        );
    }

    #[test]
    fn comment_stand_ins_become_comment_lines() {
        let text = "x {\nskyplan_comment = \"checkov:skip=CKV_AWS_1:reason\"\na = 1\n}\n";
        assert_eq!(reformat(text), "x {\n  # checkov:skip=CKV_AWS_1:reason\n  a = 1\n}\n");
    }
}
