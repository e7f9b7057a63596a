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
