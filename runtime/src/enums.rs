//! Support for generated forward-compatible string enums.

/// Implemented by generated string enums (`enum DataType { Accounts, ...,
/// Unknown(String) }`): the wire value of each variant.
///
/// Every `StringEnum` is also a [`QueryParam`](super::QueryParam), so enum
/// values can be passed as query and header parameters.
pub trait StringEnum {
    /// The value as sent on the wire, e.g. `"accounts"`.
    fn as_str(&self) -> &str;
}
