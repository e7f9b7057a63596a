//! The names the emitters print that depend on the whole lowered API or on the crate name,
//! made once after lowering: the crate's Rust name, the client type, the credential field,
//! each group's cargo feature and each webhook's event variant.

use std::collections::BTreeMap;

use super::{Api, Group, Webhook};
use crate::naming::{self, UniqueNames};

/// Every derived name of one generated crate; the emitters look names up here and print them.
#[derive(Debug, Clone)]
pub struct SdkNames {
    /// The crate as Rust code names it (`codat_platform`).
    pub lib: String,
    /// The client type (`CodatPlatform`), clear of the group types (see
    /// [`naming::client_type_name`]).
    pub client: String,
    /// The field of `models::shared::Security` holding the credential (`auth_header`); `None`
    /// when the spec declares no security.
    pub credential_field: Option<String>,
    /// Group module -> cargo feature.
    features: BTreeMap<String, String>,
    /// Webhook event name -> `WebhookEvent` variant.
    webhook_variants: BTreeMap<String, String>,
}

impl SdkNames {
    /// The names for `api` generated as the crate `crate_name` (`codat-platform`), its client
    /// named after `client` (`CodatBankFeeds`) or else after the crate.
    pub fn new(api: &Api, crate_name: &str, client: Option<&str>) -> Self {
        // Variants are claimed in webhook order, so a collision suffixes the later event;
        // `Unknown` is the variant for events the spec does not declare.
        let mut variants = UniqueNames::with_reserved(&["Unknown"]);
        SdkNames {
            lib: crate_name.replace('-', "_"),
            client: naming::client_type_name(
                client.unwrap_or(crate_name),
                api.groups.iter().map(|g| g.type_name.as_str()),
            ),
            credential_field: api
                .credential
                .as_ref()
                .map(|c| naming::snake_name(&c.scheme)),
            features: group_features(&api.groups),
            webhook_variants: api
                .webhooks
                .iter()
                .map(|w| (w.name.clone(), variants.claim(&naming::type_name(&w.name))))
                .collect(),
        }
    }

    /// The cargo feature that compiles `group` (`connection-management`); `None` only for a
    /// group of another API.
    pub fn feature(&self, group: &Group) -> Option<&str> {
        self.features.get(&group.module).map(String::as_str)
    }

    /// The features of `api`'s groups, in group order.
    pub fn features<'a>(&'a self, api: &'a Api) -> impl Iterator<Item = &'a str> + 'a {
        api.groups.iter().filter_map(|g| self.feature(g))
    }

    /// The `WebhookEvent` variant of `webhook` (`CompanyCreated`); `None` only for a webhook
    /// of another API.
    pub fn webhook_variant(&self, webhook: &Webhook) -> Option<&str> {
        self.webhook_variants.get(&webhook.name).map(String::as_str)
    }
}

/// Group module -> cargo feature: unique, in group order, and never one of the manifest's own
/// features (`default = [...]` twice is a duplicate key, and the crate would not build).
fn group_features(groups: &[Group]) -> BTreeMap<String, String> {
    let mut features = UniqueNames::with_reserved(naming::RESERVED_FEATURES);
    groups
        .iter()
        .map(|g| {
            let feature = features.claim(&naming::feature_name(&g.module));
            (g.module.clone(), feature)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(yaml: &str) -> Api {
        crate::ir::lowered(yaml)
    }

    const SPEC: &str = r##"
openapi: 3.1.0
info: {title: T, version: "1"}
security: [{auth_header: []}]
paths:
  /things:
    get:
      operationId: list-things
      tags: [Connection Management]
      responses: {'204': {description: OK}}
  /other:
    get:
      operationId: list-other
      tags: [Platform]
      responses: {'204': {description: OK}}
webhooks:
  company.created:
    post:
      requestBody: {content: {application/json: {schema: {type: object}}}}
      responses: {'200': {description: OK}}
  company-created:
    post:
      requestBody: {content: {application/json: {schema: {type: object}}}}
      responses: {'200': {description: OK}}
  unknown:
    post:
      requestBody: {content: {application/json: {schema: {type: object}}}}
      responses: {'200': {description: OK}}
components:
  securitySchemes:
    auth_header: {type: apiKey, in: header, name: Authorization}
"##;

    #[test]
    fn names_the_crate_client_credential_features_and_webhook_variants() {
        let api = api(SPEC);
        let names = SdkNames::new(&api, "codat-platform", None);
        assert_eq!(names.lib, "codat_platform");
        assert_eq!(names.client, "CodatPlatform");
        assert_eq!(names.credential_field.as_deref(), Some("auth_header"));
        assert_eq!(
            names.features(&api).collect::<Vec<_>>(),
            ["connection-management", "platform"]
        );
        let variants: Vec<Option<&str>> = api
            .webhooks
            .iter()
            .map(|w| names.webhook_variant(w))
            .collect();
        assert_eq!(variants.len(), 3);
        assert!(variants.contains(&Some("CompanyCreated")), "{variants:?}");
        assert!(variants.contains(&Some("CompanyCreated2")), "{variants:?}");
        // `Unknown` is the variant for undeclared events, so an event named so steps aside.
        assert!(variants.contains(&Some("Unknown2")), "{variants:?}");
    }

    #[test]
    fn no_group_feature_is_one_of_the_manifests_own() {
        let group = |module: &str| Group {
            spec_name: module.to_owned(),
            module: module.to_owned(),
            type_name: naming::type_name(module),
            docs_folder: module.to_owned(),
            description: None,
            operations: Vec::new(),
        };
        let features = group_features(&[group("default"), group("blocking"), group("default2")]);
        let got: Vec<&str> = ["default", "blocking", "default2"]
            .iter()
            .map(|m| features[*m].as_str())
            .collect();
        assert_eq!(got, ["default2", "blocking2", "default22"]);
    }

    #[test]
    fn untagged_operations_are_a_group_named_after_the_api() {
        let api = api(r##"
openapi: 3.0.3
info: {title: Pets API, version: "1"}
paths:
  /pets:
    get: {operationId: list-pets, responses: {'204': {description: OK}}}
"##);
        let names = SdkNames::new(&api, "pets", None);
        assert_eq!(api.groups[0].module, "pets");
        assert_eq!(names.features(&api).collect::<Vec<_>>(), ["pets"]);
        assert_eq!(names.client, "PetsClient");
    }

    #[test]
    fn the_client_type_steps_around_a_group_type() {
        let api = api(SPEC);
        let names = SdkNames::new(&api, "platform", None);
        assert_eq!(names.client, "PlatformClient");
    }

    #[test]
    fn a_given_client_name_is_used_and_still_steps_around_a_group_type() {
        let api = api(SPEC);
        let names = SdkNames::new(&api, "codat-bankfeeds", Some("CodatBankFeeds"));
        assert_eq!(names.client, "CodatBankFeeds");
        assert_eq!(names.lib, "codat_bankfeeds");
        let names = SdkNames::new(&api, "codat-x", Some("Platform"));
        assert_eq!(names.client, "PlatformClient");
    }
}
