//! Operation `callbacks` (requests the API makes to the client's server) have no place in a
//! client SDK: each is left out with a warning naming it, never silently.

use openapiv3::ReferenceOr;

use crate::error::Warning;
use crate::load::pointer::to_pointer;
use crate::load::LoadedSpec;

/// One warning per callback of every operation, in document order.
pub(crate) fn callback_warnings(spec: &LoadedSpec) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for (path, item) in spec.openapi.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, operation) in item.iter() {
            for name in operation.callbacks.keys() {
                warnings.push(Warning {
                    pointer: to_pointer(&[
                        "paths",
                        path.as_str(),
                        method,
                        "callbacks",
                        name.as_str(),
                    ]),
                    message: "a callback is a request the API sends to your server, which a \
                              client does not make; it is left out of the SDK"
                        .to_owned(),
                });
            }
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_callback_is_named_in_a_warning() {
        let spec = crate::load::load_str(
            std::path::Path::new("t.yaml"),
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /streams:\n    post:\n      operationId: subscribe\n      responses: {'201': {description: ok}}\n      callbacks:\n        onData:\n          '{$request.query.url}/data':\n            post:\n              responses: {'202': {description: ok}}\n",
        )
        .expect("loads");
        let (_, warnings) = crate::ir::lower(&spec).expect("lowers");
        let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(pointers, ["/paths/~1streams/post/callbacks/onData"]);
    }
}
