//! A small vocabulary over hcl-rs's structures, so the module files read
//! close to the HCL they produce while every value stays a typed
//! [`Expression`]: references are [`Traversal`]s, calls are [`FuncCall`]s and
//! user text only ever becomes an [`Expression::String`], which the formatter
//! escapes.

use crate::fmt::COMMENT_KEY;
use hcl::expr::{
    BinaryOp, BinaryOperator, Conditional, Expression, FuncCall, Object, ObjectKey, TemplateExpr, Traversal,
    TraversalOperator, UnaryOp, UnaryOperator, Variable,
};
use hcl::{Block, Body, Identifier, Structure};

/// An identifier we wrote, or one [`crate::names`] derived and checked.
pub fn id(name: &str) -> Identifier {
    debug_assert!(Identifier::new(name).is_ok(), "not an HCL identifier: {name:?}");
    Identifier::unchecked(name)
}

/// A reference written as a constant path: `aws_vpc.this.id`,
/// `aws_subnet.public[*].id`, `aws_nat_gateway.this[0].id`. Only our own
/// constant paths go through here (hence `&'static str`).
pub fn r(path: &'static str) -> Expression {
    reference(path)
}

/// A reference built from names known only at run time (component
/// identifiers, already made valid by [`crate::names`]).
pub fn path(parts: &[&str]) -> Expression {
    let (root, rest) = parts.split_first().expect("a path has a root");
    let mut traversal = Traversal::builder(Variable::from(id(root)));
    for part in rest {
        traversal = traversal.attr(id(part));
    }
    Expression::from(traversal.build())
}

fn reference(path: &str) -> Expression {
    let mut segments = split_top_level(path).into_iter();
    let root = segments.next().unwrap_or_default();
    let (root_name, root_ops) = split_indexes(root);
    let mut operators: Vec<TraversalOperator> = root_ops;
    for segment in segments {
        let (name, ops) = split_indexes(segment);
        if name == "*" {
            operators.push(TraversalOperator::AttrSplat);
        } else {
            operators.push(TraversalOperator::GetAttr(id(name)));
        }
        operators.extend(ops);
    }
    if operators.is_empty() {
        return Expression::Variable(Variable::from(id(root_name)));
    }
    Expression::from(Traversal::new(Variable::from(id(root_name)), operators))
}

/// Splits `a.b[c.d].e` at the dots outside brackets.
fn split_top_level(path: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in path.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '.' if depth == 0 => {
                parts.push(&path[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&path[start..]);
    parts
}

fn split_indexes(segment: &str) -> (&str, Vec<TraversalOperator>) {
    let Some(open) = segment.find('[') else { return (segment, Vec::new()) };
    let name = &segment[..open];
    let mut operators = Vec::new();
    for index in segment[open..].split_inclusive(']') {
        let inner = index.trim_start_matches('[').trim_end_matches(']');
        operators.push(match inner {
            "*" => TraversalOperator::FullSplat,
            _ => match inner.parse::<u64>() {
                Ok(n) => TraversalOperator::Index(Expression::from(n)),
                Err(_) => TraversalOperator::Index(reference_owned(inner)),
            },
        });
    }
    (name, operators)
}

fn reference_owned(path: &str) -> Expression {
    // Index expressions in our paths are references like `count.index`.
    reference(path)
}

/// `var.<name>`.
pub fn var(name: &str) -> Expression {
    path(&["var", name])
}

/// `local.<name>`.
pub fn local(name: &str) -> Expression {
    path(&["local", name])
}

/// `module.<module>.<output>`.
pub fn module_out(module: &str, output: &str) -> Expression {
    path(&["module", module, output])
}

/// A traversal with further attribute steps: `base.attr1.attr2`.
pub fn attr(base: Expression, name: &str) -> Expression {
    match base {
        Expression::Traversal(t) => {
            let mut t = *t;
            t.operators.push(TraversalOperator::GetAttr(id(name)));
            Expression::from(t)
        }
        other => Expression::from(Traversal::new(other, [TraversalOperator::GetAttr(id(name))])),
    }
}

/// `base[index]`.
pub fn index(base: Expression, key: impl Into<Expression>) -> Expression {
    match base {
        Expression::Traversal(t) => {
            let mut t = *t;
            t.operators.push(TraversalOperator::Index(key.into()));
            Expression::from(t)
        }
        other => Expression::from(Traversal::new(other, [TraversalOperator::Index(key.into())])),
    }
}

/// A string literal: user text is safe here.
///
/// hcl-rs escapes quotes, backslashes and control characters correctly, but
/// its marker escaping (hcl-primitives 0.1's `escape_markers`) pairs each
/// `$` or `%` with the character after it: past a first marker, `$%{` and
/// `$${` come out unescaped or altered, so text could open a `%{ ... }`
/// directive. A string holding a marker is therefore escaped here, in full,
/// and handed to hcl-rs as a quoted template it prints verbatim.
pub fn s(text: impl Into<String>) -> Expression {
    let text = text.into();
    if text.contains("${") || text.contains("%{") {
        Expression::TemplateExpr(Box::new(TemplateExpr::QuotedString(escape_literal(&text))))
    } else {
        Expression::String(text)
    }
}

/// The body of a quoted HCL string whose value is exactly `text`: every
/// `${` becomes `$${` and every `%{` becomes `%%{` (Terraform reads `$$${`
/// as `$` then an escaped `${`), then `\`, `"` and control characters are
/// escaped as in JSON.
pub fn escape_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// A quoted template of ours, e.g. `"${var.name}-alb"`. Never user text.
pub fn tmpl(template: &'static str) -> Expression {
    Expression::TemplateExpr(Box::new(TemplateExpr::QuotedString(template.into())))
}

pub fn call(name: &str, args: Vec<Expression>) -> Expression {
    let mut builder = FuncCall::builder(id(name));
    for arg in args {
        builder = builder.arg(arg);
    }
    Expression::from(builder.build())
}

pub fn list(items: Vec<Expression>) -> Expression {
    Expression::Array(items)
}

pub fn strings<S: AsRef<str>>(items: &[S]) -> Expression {
    list(items.iter().map(|i| s(i.as_ref())).collect())
}

/// An object with identifier keys.
pub fn obj(items: Vec<(&str, Expression)>) -> Expression {
    Expression::Object(items.into_iter().map(|(k, v)| (ObjectKey::Identifier(id(k)), v)).collect::<Object<_, _>>())
}

/// An object whose keys are arbitrary strings (quoted unless identifiers).
pub fn obj_str(items: Vec<(String, Expression)>) -> Expression {
    Expression::Object(items.into_iter().map(|(k, v)| (ObjectKey::Expression(Expression::String(k)), v)).collect())
}

pub fn cond(condition: Expression, yes: Expression, no: Expression) -> Expression {
    Expression::from(Conditional::new(condition, yes, no))
}

pub fn bin(lhs: Expression, op: BinaryOperator, rhs: Expression) -> Expression {
    Expression::from(hcl::expr::Operation::Binary(BinaryOp::new(lhs, op, rhs)))
}

pub fn eq(lhs: Expression, rhs: Expression) -> Expression {
    bin(lhs, BinaryOperator::Eq, rhs)
}

pub fn ne(lhs: Expression, rhs: Expression) -> Expression {
    bin(lhs, BinaryOperator::NotEq, rhs)
}

/// `!expr`; an operation is parenthesised, since hcl-rs prints operands as
/// they are and `!a == b` would mean `(!a) == b`.
pub fn not(expr: Expression) -> Expression {
    let operand = match expr {
        Expression::Operation(_) | Expression::Conditional(_) => Expression::Parenthesis(Box::new(expr)),
        other => other,
    };
    Expression::from(hcl::expr::Operation::Unary(UnaryOp::new(UnaryOperator::Not, operand)))
}

pub fn null() -> Expression {
    Expression::Null
}

pub fn num(n: impl Into<u64>) -> Expression {
    Expression::from(n.into())
}

pub fn boolean(b: bool) -> Expression {
    Expression::Bool(b)
}

/// A type constraint keyword (`string`, `number`, `bool`, `any`).
pub fn ty(name: &'static str) -> Expression {
    Expression::Variable(Variable::from(id(name)))
}

/// A block being built: `B::new("resource").label("aws_vpc").label("this")`.
#[derive(Debug, Clone)]
pub struct B {
    ident: &'static str,
    labels: Vec<String>,
    body: Vec<Structure>,
}

impl B {
    pub fn new(ident: &'static str) -> B {
        B { ident, labels: Vec::new(), body: Vec::new() }
    }

    pub fn resource(kind: &'static str, name: &str) -> B {
        B::new("resource").label(kind).label(name)
    }

    pub fn data(kind: &'static str, name: &str) -> B {
        B::new("data").label(kind).label(name)
    }

    pub fn label(mut self, label: impl Into<String>) -> B {
        self.labels.push(label.into());
        self
    }

    pub fn attr(mut self, key: &str, value: impl Into<Expression>) -> B {
        self.body.push(Structure::Attribute(hcl::Attribute::new(id(key), value.into())));
        self
    }

    pub fn block(mut self, block: B) -> B {
        self.body.push(Structure::Block(block.build()));
        self
    }


    /// A `# text` line inside the block (see [`comment`]).
    pub fn comment(mut self, text: &'static str) -> B {
        self.body.push(comment(text));
        self
    }

    pub fn build(self) -> Block {
        let mut builder = Block::builder(id(self.ident));
        for label in self.labels {
            builder = builder.add_label(label);
        }
        builder.add_structures(self.body).build()
    }
}

/// A comment line. The text is ours and constant: it must not need escaping.
pub fn comment(text: &'static str) -> Structure {
    debug_assert!(
        !text.contains(['"', '\\', '\n']) && !text.contains("${") && !text.contains("%{"),
        "comment text must need no escaping: {text:?}"
    );
    Structure::Attribute(hcl::Attribute::new(id(COMMENT_KEY), Expression::String(text.to_string())))
}

/// A file being built: top-level blocks and attributes in order.
#[derive(Debug, Clone, Default)]
pub struct File {
    body: Vec<Structure>,
}

impl File {
    pub fn new() -> File {
        File::default()
    }

    pub fn block(mut self, block: B) -> File {
        self.body.push(Structure::Block(block.build()));
        self
    }

    pub fn push(&mut self, block: B) {
        self.body.push(Structure::Block(block.build()));
    }

    pub fn blocks(mut self, blocks: impl IntoIterator<Item = B>) -> File {
        self.body.extend(blocks.into_iter().map(|b| Structure::Block(b.build())));
        self
    }

    pub fn attr(mut self, key: &str, value: impl Into<Expression>) -> File {
        self.body.push(Structure::Attribute(hcl::Attribute::new(id(key), value.into())));
        self
    }

    pub fn push_attr(&mut self, key: &str, value: impl Into<Expression>) {
        self.body.push(Structure::Attribute(hcl::Attribute::new(id(key), value.into())));
    }

    /// Appends another file's top-level structures.
    pub fn extend(mut self, other: File) -> File {
        self.body.extend(other.body);
        self
    }

    pub fn comment(mut self, text: &'static str) -> File {
        self.body.push(comment(text));
        self
    }

    pub fn into_body(self) -> Body {
        Body(self.body)
    }
}

/// `variable "name" { type, description[, default][, sensitive] }`.
pub fn variable(name: &str, ty: Expression, description: &'static str, default: Option<Expression>) -> B {
    let mut b = B::new("variable").label(name).attr("type", ty).attr("description", s(description));
    if let Some(default) = default {
        b = b.attr("default", default);
    }
    b
}

/// `output "name" { value, description }`.
pub fn output(name: &str, value: Expression, description: &'static str) -> B {
    B::new("output").label(name).attr("value", value).attr("description", s(description))
}

/// `list(<type>)`, `map(<type>)`, `object({...})`, `optional(<type>)`.
pub fn list_of(inner: Expression) -> Expression {
    call("list", vec![inner])
}

pub fn map_of(inner: Expression) -> Expression {
    call("map", vec![inner])
}

pub fn object_of(fields: Vec<(&str, Expression)>) -> Expression {
    call("object", vec![obj(fields)])
}

pub fn optional(inner: Expression, default: Option<Expression>) -> Expression {
    let mut args = vec![inner];
    args.extend(default);
    call("optional", args)
}

/// `tags = merge(var.tags, { Name = <name> })`.
pub fn tags_with_name(name: Expression) -> Expression {
    call("merge", vec![var("tags"), obj(vec![("Name", name)])])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_with_markers_parse_back_unchanged() {
        for text in ["${var.x}$${", "$${a}$%{ if true }x%{ endif }", "$$${x}", "a%%%{b", "\"\\\n${", "%{", "$", "é${🦀}"] {
            let body = File::new().attr("a", s(text)).into_body();
            let printed = crate::fmt::to_terraform(&body).unwrap();
            let parsed: hcl::Body = hcl::parse(&printed).unwrap();
            let value = parsed.attributes().next().unwrap().expr().clone();
            assert_eq!(value, Expression::String(text.to_string()), "{text:?} printed as {printed}");
        }
    }
}
