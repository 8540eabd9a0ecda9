//! The planner's diagram and form schema, computed in the core.

use skyplan_core::model::diagram::{layout, CARD_WIDTH};
use skyplan_core::model::edit::{apply, Edit};
use skyplan_core::model::{Kind, Tier};
use skyplan_core::templates::{template, TEMPLATES};

#[test]
fn saas_3tier_lays_out_in_tier_lanes_inside_its_vpc() {
    let plan = template("saas-3tier").unwrap().plan().unwrap();
    let diagram = layout(plan.environment("production").unwrap());
    let vpc = diagram.vpc.as_ref().expect("the VPC is drawn as a box");
    assert_eq!(vpc.azs, 3);
    let lane_y = |tier: Tier| diagram.lanes.iter().find(|l| l.tier == tier).unwrap().y;
    for (id, tier) in [("cdn", Tier::Edge), ("web", Tier::Web), ("platform", Tier::App), ("db", Tier::Data), ("cache", Tier::Cache), ("assets", Tier::Storage)] {
        let card = diagram.card(id).unwrap();
        assert_eq!(card.tier, tier, "{id}");
        assert!(card.y >= lane_y(tier) && card.y < lane_y(tier) + skyplan_core::model::diagram::LANE_HEIGHT, "{id}");
    }
    for id in ["web", "platform", "db", "cache"] {
        let card = diagram.card(id).unwrap();
        assert!(card.y > vpc.y && card.y < vpc.y + vpc.height, "{id} is inside the VPC");
    }
    for id in ["cdn", "assets"] {
        let card = diagram.card(id).unwrap();
        assert!(card.y < vpc.y || card.y > vpc.y + vpc.height, "{id} is outside the VPC");
    }
    assert!(diagram.card("network").is_none(), "the VPC is the box, not a card");
    assert_eq!(diagram.card("web").unwrap().summary, "t3.medium × 2–10");
    assert_eq!(diagram.card("db").unwrap().summary, "db.r5.xlarge · Multi-AZ · 500 GB");
    // No two cards overlap.
    for a in &diagram.cards {
        for b in &diagram.cards {
            if a.id != b.id && a.y == b.y {
                assert!((a.x - b.x).abs() >= CARD_WIDTH, "{} overlaps {}", a.id, b.id);
            }
        }
    }
}

#[test]
fn a_drop_lands_in_the_lane_and_order_under_the_pointer() {
    let plan = template("saas-3tier").unwrap().plan().unwrap();
    let diagram = layout(plan.environment("production").unwrap());
    let alb = diagram.card("alb").unwrap();
    let web = diagram.card("web").unwrap();
    // Dropped left of the ALB: first in the web lane.
    assert_eq!(diagram.drop_target(alb.x - 5.0, alb.y + 10.0), Some((Tier::Web, 0)));
    // Dropped right of the web ASG: after both.
    assert_eq!(diagram.drop_target(web.x + CARD_WIDTH + 5.0, web.y + 10.0), Some((Tier::Web, 2)));
    let moved = apply(plan.plan(), &Edit::Move { component: "web".into(), tier: Tier::Web, index: 0 }).unwrap();
    let after = layout(moved.environment("production").unwrap());
    assert!(after.card("web").unwrap().x < after.card("alb").unwrap().x, "manual order is kept");
}

#[test]
fn the_form_shows_every_setting_of_every_kind() {
    for t in TEMPLATES {
        let plan = t.plan().unwrap();
        for component in &plan.plan().components {
            let keys: Vec<&str> = component.kind().fields().iter().map(|f| f.key).collect();
            for key in component.spec.to_settings().keys() {
                assert!(keys.contains(&key.as_str()), "{:?} setting {key} has no form field", component.kind());
            }
        }
    }
    for kind in Kind::ALL {
        let added = apply(template("static-site").unwrap().plan().unwrap().plan(), &Edit::AddComponent { kind }).unwrap();
        let settings = added.plan().components.last().unwrap().spec.to_settings();
        for field in kind.fields() {
            assert!(field.optional || settings.contains_key(field.key), "{kind:?}: required field {} is not a setting", field.key);
        }
    }
}
