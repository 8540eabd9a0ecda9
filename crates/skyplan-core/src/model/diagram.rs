//! The planner's diagram, computed: where each card, lane and the VPC go,
//! and the one-line summary a card shows. The web app draws it; keeping the
//! geometry here makes it testable and the same for every front end.
//!
//! Lanes run top to bottom in tier order. The VPC's lanes (web, app, data,
//! cache) sit inside the VPC box, with one column marker per AZ; edge,
//! storage and shared services (network) sit outside it. Within a lane,
//! cards follow the plan's component order, so a user's placement (lane and
//! order) is part of the plan and survives reloads.

use crate::kinds::{Kind, Spec, Tier};
use super::plan::EnvironmentView;

pub const CARD_WIDTH: f64 = 190.0;
pub const CARD_HEIGHT: f64 = 74.0;
pub const CARD_GAP: f64 = 18.0;
pub const LANE_HEIGHT: f64 = 104.0;
pub const LABEL_WIDTH: f64 = 104.0;
pub const MARGIN: f64 = 16.0;
pub const AZ_STRIP: f64 = 40.0;

/// The lanes drawn, in order, and whether each lies inside the VPC.
pub const LANES: [(Tier, bool); 7] = [
    (Tier::Edge, false),
    (Tier::Web, true),
    (Tier::App, true),
    (Tier::Data, true),
    (Tier::Cache, true),
    (Tier::Storage, false),
    (Tier::Network, false),
];

#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub id: String,
    pub name: String,
    pub kind: Kind,
    pub tier: Tier,
    pub summary: String,
    pub x: f64,
    pub y: f64,
}

impl Card {
    pub fn center(&self) -> (f64, f64) {
        (self.x + CARD_WIDTH / 2.0, self.y + CARD_HEIGHT / 2.0)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    pub tier: Tier,
    pub y: f64,
    pub inside_vpc: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct VpcBox {
    pub id: String,
    pub label: String,
    pub azs: u8,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Diagram {
    pub width: f64,
    pub height: f64,
    pub lanes: Vec<Lane>,
    pub cards: Vec<Card>,
    pub vpc: Option<VpcBox>,
}

impl Diagram {
    pub fn card(&self, id: &str) -> Option<&Card> {
        self.cards.iter().find(|c| c.id == id)
    }

    /// The lane under a point, and the index a card dropped there would take.
    pub fn drop_target(&self, x: f64, y: f64) -> Option<(Tier, usize)> {
        let lane = self.lanes.iter().find(|lane| y >= lane.y && y < lane.y + LANE_HEIGHT)?;
        let index = self.cards.iter().filter(|c| c.tier == lane.tier && c.center().0 < x).count();
        Some((lane.tier, index))
    }
}

/// Lays out one environment's view of the plan.
pub fn layout(env: &EnvironmentView) -> Diagram {
    let vpc = env.components.iter().find_map(|c| if let Spec::Vpc(spec) = &c.spec { Some((c, spec)) } else { None });
    let mut lanes = Vec::new();
    let mut cards = Vec::new();
    let mut y = MARGIN;
    let mut vpc_top = None;
    let mut vpc_bottom = 0.0;
    let mut widest: f64 = 0.0;
    for (tier, inside_vpc) in LANES {
        if inside_vpc && vpc_top.is_none() && vpc.is_some() {
            vpc_top = Some(y);
            y += AZ_STRIP;
        }
        lanes.push(Lane { tier, y, inside_vpc: inside_vpc && vpc.is_some() });
        let mut x = MARGIN + LABEL_WIDTH;
        for component in env.components.iter().filter(|c| c.tier == tier && c.spec.kind() != Kind::Vpc) {
            cards.push(Card {
                id: component.id.clone(),
                name: component.name.clone(),
                kind: component.spec.kind(),
                tier,
                summary: component.spec.summary(),
                x,
                y: y + (LANE_HEIGHT - CARD_HEIGHT) / 2.0,
            });
            x += CARD_WIDTH + CARD_GAP;
        }
        widest = widest.max(x);
        y += LANE_HEIGHT;
        if inside_vpc {
            vpc_bottom = y;
        }
    }
    let width = widest.max(MARGIN + LABEL_WIDTH + 4.0 * (CARD_WIDTH + CARD_GAP)) + MARGIN;
    let vpc = match (vpc, vpc_top) {
        (Some((component, spec)), Some(top)) => Some(VpcBox {
            id: component.id.clone(),
            label: format!("{} · {}", component.name, component.spec.summary()),
            azs: spec.azs,
            x: MARGIN / 2.0,
            y: top,
            width: width - MARGIN,
            height: vpc_bottom - top,
        }),
        _ => None,
    };
    Diagram { width, height: y + MARGIN, lanes, cards, vpc }
}

