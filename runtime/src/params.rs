//! Encoding of path, query and header parameter values.

use std::fmt::Display;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::enums::StringEnum;

/// Everything except RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`).
pub(crate) const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes a value so that it stays exactly one path segment.
///
/// Every byte outside the RFC 3986 unreserved set is encoded, so `"a/b c?d"`
/// becomes `"a%2Fb%20c%3Fd"`.
pub fn encode_path_segment(value: &(impl Display + ?Sized)) -> String {
    encode_unreserved(&value.to_string())
}

/// Why a path parameter value was refused: a value that would change which
/// path the request goes to instead of filling one segment.
///
/// After [`encode_path_segment`] only unreserved characters are left, so `/`,
/// `?`, `#`, `%` and `\` cannot act on the path; what is left are the values
/// URL resolution treats specially: the empty segment (`/companies//x` or
/// `/companies/`) and the dot segments `.` and `..`, which the `url` crate
/// removes like a browser would (it removes `%2e%2e` too, so encoding them
/// would not help).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PathValueError {
    /// The value is the empty string.
    #[error("the value is empty")]
    Empty,
    /// The value is `.`, which URL resolution removes.
    #[error("the value is \".\", a dot segment")]
    Dot,
    /// The value is `..`, which URL resolution turns into the parent path.
    #[error("the value is \"..\", a dot segment")]
    DotDot,
}

/// Checks that `value`, once encoded, is exactly one path segment.
pub(crate) fn check_path_value(value: &str) -> Result<(), PathValueError> {
    match value {
        "" => Err(PathValueError::Empty),
        "." => Err(PathValueError::Dot),
        ".." => Err(PathValueError::DotDot),
        _ => Ok(()),
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub(crate) fn encode_unreserved(value: &str) -> String {
    utf8_percent_encode(value, NOT_UNRESERVED).to_string()
}

/// A value usable as a query or header parameter.
///
/// A value renders to zero or more strings: `None` renders nothing (the
/// parameter is omitted), a `Vec` renders one string per element (a query
/// parameter is repeated, form style with `explode=true`; a header joins them
/// with commas), scalars render one string.
pub trait QueryParam {
    /// Appends the rendered form of this value to `out`.
    fn push_values(&self, out: &mut Vec<String>);
}

macro_rules! display_param {
    ($($ty:ty),* $(,)?) => {
        $(
            impl QueryParam for $ty {
                fn push_values(&self, out: &mut Vec<String>) {
                    out.push(self.to_string());
                }
            }
        )*
    };
}

display_param!(str, String, bool, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

impl QueryParam for &str {
    fn push_values(&self, out: &mut Vec<String>) {
        out.push((*self).to_owned());
    }
}

impl<T: QueryParam> QueryParam for Option<T> {
    fn push_values(&self, out: &mut Vec<String>) {
        if let Some(value) = self {
            value.push_values(out);
        }
    }
}

impl<T: QueryParam> QueryParam for Vec<T> {
    fn push_values(&self, out: &mut Vec<String>) {
        for value in self {
            value.push_values(out);
        }
    }
}

impl<T: StringEnum> QueryParam for T {
    fn push_values(&self, out: &mut Vec<String>) {
        out.push(self.as_str().to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(value: &(impl QueryParam + ?Sized)) -> Vec<String> {
        let mut out = Vec::new();
        value.push_values(&mut out);
        out
    }

    #[test]
    fn path_segment_encodes_reserved_characters() {
        assert_eq!(encode_path_segment("a/b c?d"), "a%2Fb%20c%3Fd");
        assert_eq!(encode_path_segment("A-z_0.9~"), "A-z_0.9~");
        assert_eq!(encode_path_segment(&42), "42");
        assert_eq!(encode_path_segment("é#%"), "%C3%A9%23%25");
    }

    /// Whether `encoded` stays exactly one segment, in the middle and at the end of a path. An
    /// empty segment survives parsing but is none: `/a/` names the collection `a`, and servers
    /// and proxies merge `//`.
    fn stays_one_segment(encoded: &str) -> bool {
        !encoded.is_empty()
            && ["/a/{}/b", "/a/{}"].iter().all(|template| {
                let path = template.replace("{}", encoded);
                reqwest::Url::parse(&format!("http://h{path}")).is_ok_and(|url| url.path() == path)
            })
    }

    #[test]
    fn path_check_refuses_exactly_the_values_that_change_the_path() {
        // Every string of up to 3 characters the URL parser treats specially (dots, percent
        // escapes of dots, separators, full-width dot, NUL), plus longer escapes of dots: a value
        // is refused exactly when its encoded form would not survive parsing as one segment.
        let alphabet = [
            ".", "%", "2", "e", "E", "/", "\\", "?", "#", ";", " ", "a", "\0", "\u{ff0e}",
        ];
        let mut values = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..3 {
            last = last
                .iter()
                .flat_map(|prefix| alphabet.iter().map(move |c| format!("{prefix}{c}")))
                .collect();
            values.extend(last.iter().cloned());
        }
        values.extend(["%2e%2e", ".%2E", "%2E.", "..;", "...", "%252e%252e"].map(String::from));
        let mut refused = Vec::new();
        for value in &values {
            let encoded = encode_path_segment(value);
            let accepted = check_path_value(value).is_ok();
            assert_eq!(
                accepted,
                stays_one_segment(&encoded),
                "{value:?} as {encoded:?}"
            );
            if !accepted {
                refused.push(value.as_str());
            }
        }
        assert_eq!(refused, ["", ".", ".."]);
    }

    #[test]
    fn values_render() {
        assert_eq!(render("x"), ["x"]);
        assert_eq!(render(&"x"), ["x"]);
        assert_eq!(render(&true), ["true"]);
        assert_eq!(render(&1.5_f64), ["1.5"]);
        assert_eq!(render(&None::<i32>), Vec::<String>::new());
        assert_eq!(render(&Some(vec![1, 2])), ["1", "2"]);
    }
}
