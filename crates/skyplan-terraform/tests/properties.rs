//! Random valid plans export to HCL that parses back, and user text (names,
//! instance types, versions, rule names) full of quotes, `${`, `%{`,
//! backslashes, newlines and unicode stays inert: it parses back as plain
//! string literals equal to the originals, and no template (interpolation or
//! directive) appears anywhere in an environment's files.

use hcl::expr::{Expression, TraversalOperator};
use hcl::{Body, Structure};
use proptest::prelude::*;
use serde_json::{json, Value};
use skyplan_core::parse_plan;
use skyplan_core::templates::template;
use skyplan_terraform::{export, ExportOptions};

fn nasty() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\"".to_string()),
        Just("${var.x}".to_string()),
        Just("%{ if true }".to_string()),
        Just("$${".to_string()),
        Just("%%{".to_string()),
        Just("\\".to_string()),
        Just("\\n".to_string()),
        Just("\n".to_string()),
        Just("\r\t".to_string()),
        Just("}".to_string()),
        Just("é✓🦀 ǅ".to_string()),
        Just("\u{0}\u{7}".to_string()),
        "[a-zA-Z0-9 .-]{0,6}",
    ];
    prop::collection::vec(piece, 0..8).prop_map(|pieces| pieces.concat())
}

/// Every expression in a body, depth first.
fn expressions(body: &Body, out: &mut Vec<Expression>) {
    for structure in body.iter() {
        match structure {
            Structure::Attribute(attr) => walk(attr.expr(), out),
            Structure::Block(block) => expressions(block.body(), out),
        }
    }
}

fn walk(expr: &Expression, out: &mut Vec<Expression>) {
    out.push(expr.clone());
    match expr {
        Expression::Array(items) => items.iter().for_each(|e| walk(e, out)),
        Expression::Object(object) => {
            for (key, value) in object {
                if let hcl::ObjectKey::Expression(k) = key {
                    walk(k, out);
                }
                walk(value, out);
            }
        }
        Expression::FuncCall(call) => call.args.iter().for_each(|e| walk(e, out)),
        Expression::Traversal(t) => {
            walk(&t.expr, out);
            for op in &t.operators {
                if let TraversalOperator::Index(e) = op {
                    walk(e, out);
                }
            }
        }
        Expression::Parenthesis(e) => walk(e, out),
        Expression::Conditional(c) => {
            walk(&c.cond_expr, out);
            walk(&c.true_expr, out);
            walk(&c.false_expr, out);
        }
        Expression::Operation(op) => match op.as_ref() {
            hcl::expr::Operation::Unary(u) => walk(&u.expr, out),
            hcl::expr::Operation::Binary(b) => {
                walk(&b.lhs_expr, out);
                walk(&b.rhs_expr, out);
            }
        },
        Expression::ForExpr(f) => {
            walk(&f.collection_expr, out);
            walk(&f.value_expr, out);
        }
        _ => {}
    }
}

#[derive(Debug)]
struct Case {
    plan_name: String,
    web_name: String,
    db_name: String,
    instance_type: String,
    engine_version: String,
    rule_name: String,
    web_sizes: (u32, u32, u32),
    azs: u8,
    schedule: Option<(u8, u8)>,
    omit_cache: bool,
}

fn case() -> impl Strategy<Value = Case> {
    (
        (nasty(), nasty(), nasty(), nasty(), nasty(), nasty()),
        (0u32..4, 0u32..4, 1u32..6),
        1u8..=3,
        prop::option::of((1u8..=24, 1u8..=7)),
        any::<bool>(),
    )
        .prop_map(|((plan_name, web_name, db_name, instance_type, engine_version, rule_name), (a, b, c), azs, schedule, omit_cache)| {
            let max = c.max(a).max(b).max(1);
            let min = a.min(b);
            let desired = a.max(b).min(max);
            Case {
                plan_name,
                web_name,
                db_name,
                instance_type,
                engine_version,
                rule_name,
                web_sizes: (min, desired, max),
                azs,
                schedule,
                omit_cache,
            }
        })
}

fn plan_json(case: &Case) -> Value {
    let mut plan: Value = serde_json::from_str(template("saas-3tier").unwrap().json).unwrap();
    // A blank name is invalid; anything else goes.
    plan["name"] = json!(format!("p{}", case.plan_name));
    let components = plan["components"].as_array_mut().unwrap();
    for component in components.iter_mut() {
        match component["id"].as_str().unwrap() {
            "network" => {
                component["azs"] = json!(case.azs);
                component["public_subnets"] = json!(case.azs);
                component["private_subnets"] = json!(case.azs);
            }
            "web" => {
                component["name"] = json!(case.web_name);
                component["instance_type"] = json!(case.instance_type);
                component["min"] = json!(case.web_sizes.0);
                component["desired"] = json!(case.web_sizes.1);
                component["max"] = json!(case.web_sizes.2);
            }
            "db" => {
                component["name"] = json!(case.db_name);
                component["engine_version"] = json!(case.engine_version);
            }
            "waf" => {
                component["rules"] = json!([
                    { "rate_limit": { "name": format!("r{}", case.rule_name), "limit": 100 } },
                    { "managed": { "name": format!("m{}", case.rule_name) } }
                ]);
            }
            _ => {}
        }
    }
    let environments = plan["environments"].as_array_mut().unwrap();
    for env in environments.iter_mut() {
        let overrides = env.as_object_mut().unwrap().entry("overrides").or_insert(json!({}));
        for id in ["network", "web", "db", "waf"] {
            overrides.as_object_mut().unwrap().remove(id);
        }
        if let Some((hours, days)) = case.schedule {
            env["schedule"] = json!({ "hours_per_day": hours, "days_per_week": days });
        }
        if case.omit_cache {
            env["omit"] = json!(["cache"]);
        }
    }
    plan
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_plans_export_to_hcl_that_parses_back_with_user_text_inert(case in case()) {
        let text = plan_json(&case).to_string();
        let plan = match parse_plan(&text) {
            Ok(plan) => plan,
            Err(problems) => return Err(TestCaseError::reject(format!("{problems:?}"))),
        };
        let files = export(&plan, &ExportOptions::default()).expect("a valid plan exports");
        prop_assert_eq!(&files, &export(&plan, &ExportOptions::default()).unwrap(), "deterministic");

        let mut strings = Vec::new();
        for (path, text) in &files {
            if !(path.ends_with(".tf") || path.ends_with(".tfvars")) {
                continue;
            }
            let body: Body = hcl::parse(text).map_err(|e| TestCaseError::fail(format!("{path}: {e}\n{text}")))?;
            let mut exprs = Vec::new();
            expressions(&body, &mut exprs);
            if path.starts_with("environments/") {
                for expr in &exprs {
                    prop_assert!(!matches!(expr, Expression::TemplateExpr(_)), "{}: a template in {}:\n{}", path, expr, text);
                }
            }
            for expr in exprs {
                if let Expression::String(s) = expr {
                    strings.push(s);
                }
            }
        }
        let plan_name = format!("p{}", case.plan_name);
        for original in [&plan_name, &case.instance_type, &case.engine_version, &format!("m{}", case.rule_name)] {
            prop_assert!(strings.iter().any(|s| s == original), "{:?} does not come back as a string", original);
        }
        for name in [&case.web_name, &case.db_name] {
            if !name.is_empty() {
                prop_assert!(strings.iter().any(|s| s.contains(name.as_str())), "{:?} does not come back inside a string", name);
            }
        }
    }
}
