//! One call of the generated SDK per operation of the Platform spec, by operation id, with
//! parameters and body from [`Examples`]. Request structs are written out field by field, so a
//! parameter the generator adds later fails to compile here until it gets an example value.

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
                .add_product(ops::AddProductRequest {
                    company_id: ex.param("companyId"),
                    product_identifier: ex.param("productIdentifier"),
                })
                .await,
        ),
        "create-company" => done(
            sdk.companies()
                .with_options(o)
                .create(ops::CreateCompanyRequest {
                    company_request_body: ex.body(),
                })
                .await,
        ),
        "delete-company" => done(
            sdk.companies()
                .with_options(o)
                .delete(ops::DeleteCompanyRequest {
                    company_id: ex.param("companyId"),
                })
                .await,
        ),
        "get-company" => done(
            sdk.companies()
                .with_options(o)
                .get(ops::GetCompanyRequest {
                    company_id: ex.param("companyId"),
                })
                .await,
        ),
        "get-company-access-token" => done(
            sdk.companies()
                .with_options(o)
                .get_access_token(ops::GetCompanyAccessTokenRequest {
                    company_id: ex.param("companyId"),
                })
                .await,
        ),
        "get-company-syncSettings" => done(
            sdk.companies()
                .with_options(o)
                .get_company_sync_settings(ops::GetCompanySyncSettingsRequest {
                    company_id: ex.param("companyId"),
                })
                .await,
        ),
        "list-companies" => done(
            sdk.companies()
                .with_options(o)
                .list(ops::ListCompaniesRequest {
                    order_by: ex.opt("orderBy"),
                    page: ex.opt("page"),
                    page_size: ex.opt("pageSize"),
                    query: ex.opt("query"),
                    tags: ex.opt("tags"),
                })
                .await,
        ),
        "refresh-product-data" => done(
            sdk.companies()
                .with_options(o)
                .refresh_product_data(ops::RefreshProductDataRequest {
                    company_id: ex.param("companyId"),
                    product_identifier: ex.param("productIdentifier"),
                    request_body: ex.body(),
                })
                .await,
        ),
        "remove-product" => done(
            sdk.companies()
                .with_options(o)
                .remove_product(ops::RemoveProductRequest {
                    company_id: ex.param("companyId"),
                    product_identifier: ex.param("productIdentifier"),
                })
                .await,
        ),
        "replace-company" => done(
            sdk.companies()
                .with_options(o)
                .replace(ops::ReplaceCompanyRequest {
                    company_id: ex.param("companyId"),
                    company_request_body: ex.body(),
                })
                .await,
        ),
        "set-company-syncSettings" => done(
            sdk.companies()
                .with_options(o)
                .set_company_sync_settings(ops::SetCompanySyncSettingsRequest {
                    company_id: ex.param("companyId"),
                    request_body: ex.body(),
                })
                .await,
        ),
        "update-company" => done(
            sdk.companies()
                .with_options(o)
                .update(ops::UpdateCompanyRequest {
                    company_id: ex.param("companyId"),
                    company_update_request: ex.body(),
                })
                .await,
        ),
        // connection management
        "get-connection-management-access-token" => done(
            sdk.connection_management()
                .with_options(o)
                .get(ops::GetConnectionManagementAccessTokenRequest {
                    company_id: ex.param("companyId"),
                })
                .await,
        ),
        // connections
        "create-connection" => done(
            sdk.connections()
                .with_options(o)
                .create(ops::CreateConnectionRequest {
                    company_id: ex.param("companyId"),
                    request_body: ex.body(),
                })
                .await,
        ),
        "delete-connection" => done(
            sdk.connections()
                .with_options(o)
                .delete(ops::DeleteConnectionRequest {
                    company_id: ex.param("companyId"),
                    connection_id: ex.param("connectionId"),
                })
                .await,
        ),
        "get-connection" => done(
            sdk.connections()
                .with_options(o)
                .get(ops::GetConnectionRequest {
                    company_id: ex.param("companyId"),
                    connection_id: ex.param("connectionId"),
                })
                .await,
        ),
        "list-connections" => done(
            sdk.connections()
                .with_options(o)
                .list(ops::ListConnectionsRequest {
                    company_id: ex.param("companyId"),
                    order_by: ex.opt("orderBy"),
                    page: ex.opt("page"),
                    page_size: ex.opt("pageSize"),
                    query: ex.opt("query"),
                })
                .await,
        ),
        "unlink-connection" => done(
            sdk.connections()
                .with_options(o)
                .unlink(ops::UnlinkConnectionRequest {
                    company_id: ex.param("companyId"),
                    connection_id: ex.param("connectionId"),
                    update_connection_status: ex.body(),
                })
                .await,
        ),
        "update-connection-authorization" => done(
            sdk.connections()
                .with_options(o)
                .update_authorization(ops::UpdateConnectionAuthorizationRequest {
                    company_id: ex.param("companyId"),
                    connection_id: ex.param("connectionId"),
                    request_body: ex.body(),
                })
                .await,
        ),
        // cors (connection management)
        "get-connection-management-cors-settings" => done(sdk.cors().with_options(o).get().await),
        "set-connection-management-cors-settings" => done(
            sdk.cors()
                .with_options(o)
                .set(ops::SetConnectionManagementCorsSettingsRequest {
                    connection_management_allowed_origins: ex.body(),
                })
                .await,
        ),
        // custom data types
        "configure-custom-data-type" => done(
            sdk.custom_data_type()
                .with_options(o)
                .configure(ops::ConfigureCustomDataTypeRequest {
                    custom_data_identifier: ex.param("customDataIdentifier"),
                    custom_data_type_configuration: ex.body(),
                    platform_key: ex.param("platformKey"),
                })
                .await,
        ),
        "get-custom-data-type-configuration" => done(
            sdk.custom_data_type()
                .with_options(o)
                .get_configuration(ops::GetCustomDataTypeConfigurationRequest {
                    custom_data_identifier: ex.param("customDataIdentifier"),
                    platform_key: ex.param("platformKey"),
                })
                .await,
        ),
        "list-custom-data-type-records" => done(
            sdk.custom_data_type()
                .with_options(o)
                .list(ops::ListCustomDataTypeRecordsRequest {
                    company_id: ex.param("companyId"),
                    connection_id: ex.param("connectionId"),
                    custom_data_identifier: ex.param("customDataIdentifier"),
                    page: ex.opt("page"),
                    page_size: ex.opt("pageSize"),
                })
                .await,
        ),
        "refresh-custom-data-type" => done(
            sdk.custom_data_type()
                .with_options(o)
                .refresh(ops::RefreshCustomDataTypeRequest {
                    company_id: ex.param("companyId"),
                    connection_id: ex.param("connectionId"),
                    custom_data_identifier: ex.param("customDataIdentifier"),
                })
                .await,
        ),
        // integrations
        "get-integration" => done(
            sdk.integrations()
                .with_options(o)
                .get(ops::GetIntegrationRequest {
                    platform_key: ex.param("platformKey"),
                })
                .await,
        ),
        "get-integrations-branding" => done(
            sdk.integrations()
                .with_options(o)
                .get_branding(ops::GetIntegrationsBrandingRequest {
                    platform_key: ex.param("platformKey"),
                })
                .await,
        ),
        "list-integrations" => done(
            sdk.integrations()
                .with_options(o)
                .list(ops::ListIntegrationsRequest {
                    order_by: ex.opt("orderBy"),
                    page: ex.opt("page"),
                    page_size: ex.opt("pageSize"),
                    query: ex.opt("query"),
                })
                .await,
        ),
        // push data
        "get-create-update-model-options-by-data-type" => done(
            sdk.push_data()
                .with_options(o)
                .get_model_options(ops::GetCreateUpdateModelOptionsByDataTypeRequest {
                    company_id: ex.param("companyId"),
                    connection_id: ex.param("connectionId"),
                    data_type: ex.param("dataType"),
                })
                .await,
        ),
        "get-push-operation" => done(
            sdk.push_data()
                .with_options(o)
                .get_operation(ops::GetPushOperationRequest {
                    company_id: ex.param("companyId"),
                    push_operation_key: ex.param("pushOperationKey"),
                })
                .await,
        ),
        "get-company-push-history" => done(
            sdk.push_data()
                .with_options(o)
                .list_operations(ops::GetCompanyPushHistoryRequest {
                    company_id: ex.param("companyId"),
                    order_by: ex.opt("orderBy"),
                    page: ex.opt("page"),
                    page_size: ex.opt("pageSize"),
                    query: ex.opt("query"),
                })
                .await,
        ),
        // read data
        "get-read-validation-results" => done(
            sdk.read_data()
                .with_options(o)
                .get_validation_results(ops::GetReadValidationResultsRequest {
                    company_id: ex.param("companyId"),
                    dataset_id: ex.param("datasetId"),
                })
                .await,
        ),
        // refresh data
        "refresh-company-data" => done(
            sdk.refresh_data()
                .with_options(o)
                .all(ops::RefreshCompanyDataRequest {
                    company_id: ex.param("companyId"),
                })
                .await,
        ),
        "refresh-data-type" => done(
            sdk.refresh_data()
                .with_options(o)
                .by_data_type(ops::RefreshDataTypeRequest {
                    company_id: ex.param("companyId"),
                    connection_id: ex.opt("connectionId"),
                    data_type: ex.param("dataType"),
                })
                .await,
        ),
        "get-company-data-status" => done(
            sdk.refresh_data()
                .with_options(o)
                .get(ops::GetCompanyDataStatusRequest {
                    company_id: ex.param("companyId"),
                })
                .await,
        ),
        "get-pull-operation" => done(
            sdk.refresh_data()
                .with_options(o)
                .get_pull_operation(ops::GetPullOperationRequest {
                    company_id: ex.param("companyId"),
                    dataset_id: ex.param("datasetId"),
                })
                .await,
        ),
        "list-pull-operations" => done(
            sdk.refresh_data()
                .with_options(o)
                .list_pull_operations(ops::ListPullOperationsRequest {
                    company_id: ex.param("companyId"),
                    order_by: ex.opt("orderBy"),
                    page: ex.opt("page"),
                    page_size: ex.opt("pageSize"),
                    query: ex.opt("query"),
                })
                .await,
        ),
        // settings
        "create-api-key" => done(
            sdk.settings()
                .with_options(o)
                .create_api_key(ops::CreateApiKeyRequest {
                    create_api_key: ex.body(),
                })
                .await,
        ),
        "delete-api-key" => done(
            sdk.settings()
                .with_options(o)
                .delete_api_key(ops::DeleteApiKeyRequest {
                    api_key_id: ex.param("apiKeyId"),
                })
                .await,
        ),
        "get-cors-settings" => done(sdk.settings().with_options(o).get().await),
        "get-profile" => done(sdk.settings().with_options(o).get_profile().await),
        "get-profile-syncSettings" => {
            done(sdk.settings().with_options(o).get_sync_settings().await)
        }
        "list-api-keys" => done(sdk.settings().with_options(o).list_api_keys().await),
        "set-cors-settings" => done(
            sdk.settings()
                .with_options(o)
                .set(ops::SetCorsSettingsRequest {
                    connection_management_allowed_origins: ex.body(),
                })
                .await,
        ),
        "update-profile" => done(
            sdk.settings()
                .with_options(o)
                .update_profile(ops::UpdateProfileRequest { profile: ex.body() })
                .await,
        ),
        "update-profile-syncSettings" => done(
            sdk.settings()
                .with_options(o)
                .update_sync_settings(ops::UpdateProfileSyncSettingsRequest {
                    request_body: ex.body(),
                })
                .await,
        ),
        // supplemental data
        "configure-supplemental-data" => done(
            sdk.supplemental_data()
                .with_options(o)
                .configure(ops::ConfigureSupplementalDataRequest {
                    data_type: ex.param("dataType"),
                    platform_key: ex.param("platformKey"),
                    supplemental_data_configuration: ex.body(),
                })
                .await,
        ),
        "get-supplemental-data-configuration" => done(
            sdk.supplemental_data()
                .with_options(o)
                .get_configuration(ops::GetSupplementalDataConfigurationRequest {
                    data_type: ex.param("dataType"),
                    platform_key: ex.param("platformKey"),
                })
                .await,
        ),
        // webhooks
        "create-webhook-consumer" => done(
            sdk.webhooks()
                .with_options(o)
                .create_consumer(ops::CreateWebhookConsumerRequest {
                    webhook_consumer_prototype: ex.body(),
                })
                .await,
        ),
        "delete-webhook-consumer" => done(
            sdk.webhooks()
                .with_options(o)
                .delete_consumer(ops::DeleteWebhookConsumerRequest {
                    webhook_id: ex.param("webhookId"),
                })
                .await,
        ),
        "list-webhook-consumers" => done(sdk.webhooks().with_options(o).list_consumers().await),
        other => Err(CallError {
            message: format!("calls.rs has no call for operation {other}: add one"),
            answer_breaks_spec: false,
            invalid_path_parameter: None,
        }),
    }
}
