//! Tri-state fields: absent, null, value.

use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Patch {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "codat_runtime::nullable"
    )]
    description: Option<Option<String>>,
}

#[test]
fn tri_state_round_trip() {
    let cases = [
        (Patch { description: None }, json!({})),
        (
            Patch {
                description: Some(None),
            },
            json!({"description": null}),
        ),
        (
            Patch {
                description: Some(Some("x".to_owned())),
            },
            json!({"description": "x"}),
        ),
    ];
    for (value, wire) in cases {
        assert_eq!(serde_json::to_value(&value).unwrap(), wire);
        assert_eq!(serde_json::from_value::<Patch>(wire).unwrap(), value);
    }
}
