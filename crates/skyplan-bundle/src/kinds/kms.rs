//! The AWS resources a kms component implies, as the Terraform export's module makes them.

use super::BundleKind;
use crate::ctx::*;
use skyplan_core::kinds::Kms as Settings;
use crate::address::{Address, Ref};
use crate::resources::*;
use skyplan_core::model::{
    ComponentView, Kind,
};

impl BundleKind for Settings {
    type Resource = super::NoOwnResources;

    fn resources(&self, ctx: &mut Ctx, component: &ComponentView, _network: Option<&Network>) {
        let keys = self;
        let id = component.id.as_str();
        let name = ctx.name(id, component.spec.kind().max_name_length());
        let mut purposes = vec!["data", "logs"];
        if ctx.has(Kind::Eks) {
            purposes.push("eks");
        }
        if keys.keys as usize != purposes.len() {
            ctx.note(format!(
                "{id}: {} keys are created (one per purpose: {}) where the plan prices {}",
                purposes.len(),
                purposes.join(", "),
                keys.keys
            ));
        }
        for purpose in purposes {
            let key = ctx.add(
                new(
                    &Address::keyed(id, "aws_kms_key", "this", purpose),
                    Properties::KmsKey(KmsKey {
                        description: format!("{name} {purpose}"),
                        enable_key_rotation: true,
                        deletion_window_in_days: 30,
                        policy: vec![
                            KeyPolicyStatement::AccountAdministersThroughIam,
                            KeyPolicyStatement::CloudWatchLogsEncrypts,
                            KeyPolicyStatement::CloudWatchAlarmsPublishToEncryptedTopics,
                        ],
                    }),
                )
                .named(format!("{name}-{purpose}")),
            );
            ctx.add(new(
                &Address::keyed(id, "aws_kms_alias", "this", purpose),
                Properties::KmsAlias(KmsAlias {
                    name: format!("alias/{name}-{purpose}"),
                    target_key_id: Ref::id(&key),
                }),
            ));
        }
    }
}

