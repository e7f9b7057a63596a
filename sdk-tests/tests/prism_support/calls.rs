//! One call of the generated SDK per operation of the Platform spec, by operation id, with
//! parameters and body from [`Examples`]. Each request is built as a user builds it: `new` with
//! the required fields, so a required parameter the generator adds later fails to compile here
//! until it gets an example value, and the optional fields assigned.

// The deprecated operations are in the spec too, so they are called like the others.
#![allow(deprecated)]

use std::fmt::Debug;

use codat_platform::models::operations as ops;
use codat_platform::runtime::RequestOptions;
use codat_platform::CodatPlatform;

use super::{describe, CallError, Examples};

/// The decoded answer, as `Debug` text.
type Outcome = Result<String, CallError>;

fn done<T: Debug>(result: Result<T, codat_platform::Error>) -> Outcome {
    result
        .map(|value| format!("{value:?}"))
        .map_err(|e| describe(&e))
}

/// Calls the operation of `ex` through `sdk` with `options`; `Err` for an error or an
/// operation this file does not know.
pub async fn call(sdk: &CodatPlatform, ex: &Examples<'_>, options: RequestOptions) -> Outcome {
    let o = options;
    match ex.id() {
        // companies
        "add-product" => done(
            sdk.companies()
                .with_options(o)
                .add_product(ops::AddProductRequest::new(
                    ex.param::<String>("companyId"),
                    ex.param::<String>("productIdentifier"),
                ))
                .await,
        ),
        "create-company" => done(
            sdk.companies()
                .with_options(o)
                .create({
                    let mut r = ops::CreateCompanyRequest::new();
                    r.body = ex.body();
                    r
                })
                .await,
        ),
        "delete-company" => done(
            sdk.companies()
                .with_options(o)
                .delete(ops::DeleteCompanyRequest::new(
                    ex.param::<String>("companyId"),
                ))
                .await,
        ),
        "get-company" => done(
            sdk.companies()
                .with_options(o)
                .get(ops::GetCompanyRequest::new(ex.param::<String>("companyId")))
                .await,
        ),
        "get-company-access-token" => done(
            sdk.companies()
                .with_options(o)
                .get_access_token(ops::GetCompanyAccessTokenRequest::new(
                    ex.param::<String>("companyId"),
                ))
                .await,
        ),
        "get-company-syncSettings" => done(
            sdk.companies()
                .with_options(o)
                .get_company_sync_settings(ops::GetCompanySyncSettingsRequest::new(
                    ex.param::<String>("companyId"),
                ))
                .await,
        ),
        "list-companies" => done(
            sdk.companies()
                .with_options(o)
                .list({
                    let mut r = ops::ListCompaniesRequest::new();
                    r.order_by = ex.opt("orderBy");
                    r.page = ex.opt("page");
                    r.page_size = ex.opt("pageSize");
                    r.query = ex.opt("query");
                    r.tags = ex.opt("tags");
                    r
                })
                .await,
        ),
        "refresh-product-data" => done(
            sdk.companies()
                .with_options(o)
                .refresh_product_data({
                    let mut r = ops::RefreshProductDataRequest::new(
                        ex.param::<String>("companyId"),
                        ex.param::<String>("productIdentifier"),
                    );
                    r.body = ex.body();
                    r
                })
                .await,
        ),
        "remove-product" => done(
            sdk.companies()
                .with_options(o)
                .remove_product(ops::RemoveProductRequest::new(
                    ex.param::<String>("companyId"),
                    ex.param::<String>("productIdentifier"),
                ))
                .await,
        ),
        "replace-company" => done(
            sdk.companies()
                .with_options(o)
                .replace({
                    let mut r = ops::ReplaceCompanyRequest::new(ex.param::<String>("companyId"));
                    r.body = ex.body();
                    r
                })
                .await,
        ),
        "set-company-syncSettings" => done(
            sdk.companies()
                .with_options(o)
                .set_company_sync_settings({
                    let mut r =
                        ops::SetCompanySyncSettingsRequest::new(ex.param::<String>("companyId"));
                    r.body = ex.body();
                    r
                })
                .await,
        ),
        "update-company" => done(
            sdk.companies()
                .with_options(o)
                .update({
                    let mut r = ops::UpdateCompanyRequest::new(ex.param::<String>("companyId"));
                    r.body = ex.body();
                    r
                })
                .await,
        ),
        // connection management
        "get-connection-management-access-token" => done(
            sdk.connection_management()
                .with_options(o)
                .get(ops::GetConnectionManagementAccessTokenRequest::new(
                    ex.param::<String>("companyId"),
                ))
                .await,
        ),
        // connections
        "create-connection" => done(
            sdk.connections()
                .with_options(o)
                .create({
                    let mut r = ops::CreateConnectionRequest::new(ex.param::<String>("companyId"));
                    r.body = ex.body();
                    r
                })
                .await,
        ),
        "delete-connection" => done(
            sdk.connections()
                .with_options(o)
                .delete(ops::DeleteConnectionRequest::new(
                    ex.param::<String>("companyId"),
                    ex.param::<String>("connectionId"),
                ))
                .await,
        ),
        "get-connection" => done(
            sdk.connections()
                .with_options(o)
                .get(ops::GetConnectionRequest::new(
                    ex.param::<String>("companyId"),
                    ex.param::<String>("connectionId"),
                ))
                .await,
        ),
        "list-connections" => done(
            sdk.connections()
                .with_options(o)
                .list({
                    let mut r = ops::ListConnectionsRequest::new(ex.param::<String>("companyId"));
                    r.order_by = ex.opt("orderBy");
                    r.page = ex.opt("page");
                    r.page_size = ex.opt("pageSize");
                    r.query = ex.opt("query");
                    r
                })
                .await,
        ),
        "unlink-connection" => done(
            sdk.connections()
                .with_options(o)
                .unlink({
                    let mut r = ops::UnlinkConnectionRequest::new(
                        ex.param::<String>("companyId"),
                        ex.param::<String>("connectionId"),
                    );
                    r.body = ex.body();
                    r
                })
                .await,
        ),
        "update-connection-authorization" => done(
            sdk.connections()
                .with_options(o)
                .update_authorization({
                    let mut r = ops::UpdateConnectionAuthorizationRequest::new(
                        ex.param::<String>("companyId"),
                        ex.param::<String>("connectionId"),
                    );
                    r.body = ex.body();
                    r
                })
                .await,
        ),
        // cors (connection management)
        "get-connection-management-cors-settings" => done(
            sdk.cors()
                .with_options(o)
                .get(ops::GetConnectionManagementCorsSettingsRequest::new())
                .await,
        ),
        "set-connection-management-cors-settings" => done(
            sdk.cors()
                .with_options(o)
                .set({
                    let mut r = ops::SetConnectionManagementCorsSettingsRequest::new();
                    r.body = ex.body();
                    r
                })
                .await,
        ),
        // custom data types
        "configure-custom-data-type" => done(
            sdk.custom_data_type()
                .with_options(o)
                .configure({
                    let mut r = ops::ConfigureCustomDataTypeRequest::new(
                        ex.param::<String>("customDataIdentifier"),
                        ex.param::<String>("platformKey"),
                    );
                    r.body = ex.body();
                    r
                })
                .await,
        ),
        "get-custom-data-type-configuration" => done(
            sdk.custom_data_type()
                .with_options(o)
                .get_configuration(ops::GetCustomDataTypeConfigurationRequest::new(
                    ex.param::<String>("customDataIdentifier"),
                    ex.param::<String>("platformKey"),
                ))
                .await,
        ),
        "list-custom-data-type-records" => done(
            sdk.custom_data_type()
                .with_options(o)
                .list({
                    let mut r = ops::ListCustomDataTypeRecordsRequest::new(
                        ex.param::<String>("companyId"),
                        ex.param::<String>("connectionId"),
                        ex.param::<String>("customDataIdentifier"),
                    );
                    r.page = ex.opt("page");
                    r.page_size = ex.opt("pageSize");
                    r
                })
                .await,
        ),
        "refresh-custom-data-type" => done(
            sdk.custom_data_type()
                .with_options(o)
                .refresh(ops::RefreshCustomDataTypeRequest::new(
                    ex.param::<String>("companyId"),
                    ex.param::<String>("connectionId"),
                    ex.param::<String>("customDataIdentifier"),
                ))
                .await,
        ),
        // integrations
        "get-integration" => done(
            sdk.integrations()
                .with_options(o)
                .get(ops::GetIntegrationRequest::new(
                    ex.param::<String>("platformKey"),
                ))
                .await,
        ),
        "get-integrations-branding" => done(
            sdk.integrations()
                .with_options(o)
                .get_branding(ops::GetIntegrationsBrandingRequest::new(
                    ex.param::<String>("platformKey"),
                ))
                .await,
        ),
        "list-integrations" => done(
            sdk.integrations()
                .with_options(o)
                .list({
                    let mut r = ops::ListIntegrationsRequest::new();
                    r.order_by = ex.opt("orderBy");
                    r.page = ex.opt("page");
                    r.page_size = ex.opt("pageSize");
                    r.query = ex.opt("query");
                    r
                })
                .await,
        ),
        // push data
        "get-create-update-model-options-by-data-type" => done(
            sdk.push_data()
                .with_options(o)
                .get_model_options(ops::GetCreateUpdateModelOptionsByDataTypeRequest::new(
                    ex.param::<String>("companyId"),
                    ex.param::<String>("connectionId"),
                    ex.param::<codat_platform::models::shared::DataTypes>("dataType"),
                ))
                .await,
        ),
        "get-push-operation" => done(
            sdk.push_data()
                .with_options(o)
                .get_operation(ops::GetPushOperationRequest::new(
                    ex.param::<String>("companyId"),
                    ex.param::<String>("pushOperationKey"),
                ))
                .await,
        ),
        "get-company-push-history" => done(
            sdk.push_data()
                .with_options(o)
                .list_operations({
                    let mut r =
                        ops::GetCompanyPushHistoryRequest::new(ex.param::<String>("companyId"));
                    r.order_by = ex.opt("orderBy");
                    r.page = ex.opt("page");
                    r.page_size = ex.opt("pageSize");
                    r.query = ex.opt("query");
                    r
                })
                .await,
        ),
        // read data
        "get-read-validation-results" => done(
            sdk.read_data()
                .with_options(o)
                .get_validation_results(ops::GetReadValidationResultsRequest::new(
                    ex.param::<String>("companyId"),
                    ex.param::<String>("datasetId"),
                ))
                .await,
        ),
        // refresh data
        "refresh-company-data" => done(
            sdk.refresh_data()
                .with_options(o)
                .all(ops::RefreshCompanyDataRequest::new(
                    ex.param::<String>("companyId"),
                ))
                .await,
        ),
        "refresh-data-type" => done(
            sdk.refresh_data()
                .with_options(o)
                .by_data_type({
                    let mut r = ops::RefreshDataTypeRequest::new(
                        ex.param::<String>("companyId"),
                        ex.param::<codat_platform::models::shared::DataTypes>("dataType"),
                    );
                    r.connection_id = ex.opt("connectionId");
                    r
                })
                .await,
        ),
        "get-company-data-status" => done(
            sdk.refresh_data()
                .with_options(o)
                .get(ops::GetCompanyDataStatusRequest::new(
                    ex.param::<String>("companyId"),
                ))
                .await,
        ),
        "get-pull-operation" => done(
            sdk.refresh_data()
                .with_options(o)
                .get_pull_operation(ops::GetPullOperationRequest::new(
                    ex.param::<String>("companyId"),
                    ex.param::<String>("datasetId"),
                ))
                .await,
        ),
        "list-pull-operations" => done(
            sdk.refresh_data()
                .with_options(o)
                .list_pull_operations({
                    let mut r =
                        ops::ListPullOperationsRequest::new(ex.param::<String>("companyId"));
                    r.order_by = ex.opt("orderBy");
                    r.page = ex.opt("page");
                    r.page_size = ex.opt("pageSize");
                    r.query = ex.opt("query");
                    r
                })
                .await,
        ),
        // settings
        "create-api-key" => done(
            sdk.settings()
                .with_options(o)
                .create_api_key({
                    let mut r = ops::CreateApiKeyRequest::new();
                    r.body = ex.body();
                    r
                })
                .await,
        ),
        "delete-api-key" => done(
            sdk.settings()
                .with_options(o)
                .delete_api_key(ops::DeleteApiKeyRequest::new(
                    ex.param::<String>("apiKeyId"),
                ))
                .await,
        ),
        "get-cors-settings" => done(
            sdk.settings()
                .with_options(o)
                .get(ops::GetCorsSettingsRequest::new())
                .await,
        ),
        "get-profile" => done(
            sdk.settings()
                .with_options(o)
                .get_profile(ops::GetProfileRequest::new())
                .await,
        ),
        "get-profile-syncSettings" => done(
            sdk.settings()
                .with_options(o)
                .get_sync_settings(ops::GetProfileSyncSettingsRequest::new())
                .await,
        ),
        "list-api-keys" => done(
            sdk.settings()
                .with_options(o)
                .list_api_keys(ops::ListApiKeysRequest::new())
                .await,
        ),
        "set-cors-settings" => done(
            sdk.settings()
                .with_options(o)
                .set({
                    let mut r = ops::SetCorsSettingsRequest::new();
                    r.body = ex.body();
                    r
                })
                .await,
        ),
        "update-profile" => done(
            sdk.settings()
                .with_options(o)
                .update_profile({
                    let mut r = ops::UpdateProfileRequest::new();
                    r.body = ex.body();
                    r
                })
                .await,
        ),
        "update-profile-syncSettings" => done(
            sdk.settings()
                .with_options(o)
                .update_sync_settings({
                    let mut r = ops::UpdateProfileSyncSettingsRequest::new();
                    r.body = ex.body();
                    r
                })
                .await,
        ),
        // supplemental data
        "configure-supplemental-data" => done(
            sdk.supplemental_data()
                .with_options(o)
                .configure({
                    let mut r = ops::ConfigureSupplementalDataRequest::new(
                        ex.param::<ops::ConfigureSupplementalDataRequestDataType>("dataType"),
                        ex.param::<String>("platformKey"),
                    );
                    r.body = ex.body();
                    r
                })
                .await,
        ),
        "get-supplemental-data-configuration" => done(
            sdk.supplemental_data()
                .with_options(o)
                .get_configuration(ops::GetSupplementalDataConfigurationRequest::new(
                    ex.param::<ops::GetSupplementalDataConfigurationRequestDataType>("dataType"),
                    ex.param::<String>("platformKey"),
                ))
                .await,
        ),
        // webhooks
        "create-webhook-consumer" => done(
            sdk.webhooks()
                .with_options(o)
                .create_consumer({
                    let mut r = ops::CreateWebhookConsumerRequest::new();
                    r.body = ex.body();
                    r
                })
                .await,
        ),
        "delete-webhook-consumer" => done(
            sdk.webhooks()
                .with_options(o)
                .delete_consumer(ops::DeleteWebhookConsumerRequest::new(
                    ex.param::<String>("webhookId"),
                ))
                .await,
        ),
        "list-webhook-consumers" => done(
            sdk.webhooks()
                .with_options(o)
                .list_consumers(ops::ListWebhookConsumersRequest::new())
                .await,
        ),
        other => Err(CallError {
            message: format!("calls.rs has no call for operation {other}: add one"),
            answer_breaks_spec: false,
            invalid_path_parameter: None,
        }),
    }
}
