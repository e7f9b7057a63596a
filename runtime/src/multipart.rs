//! `multipart/form-data` request bodies (file uploads), encoded by hand so the SDK needs no
//! extra reqwest feature: one text or file part per form field.

use bytes::{BufMut, Bytes, BytesMut};

use super::Request;

/// One field of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text {
        name: String,
        value: String,
    },
    File {
        name: String,
        file_name: String,
        content_type: String,
        bytes: Bytes,
    },
}

/// A `multipart/form-data` body: the fields of an upload operation, in order.
///
/// ```ignore
/// let form = MultipartForm::new().file("file", "invoice.pdf", "application/pdf", bytes);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MultipartForm {
    parts: Vec<Part>,
}

impl MultipartForm {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text field.
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts.push(Part::Text {
            name: name.into(),
            value: value.into(),
        });
        self
    }

    /// Adds a file field with its file name and media type (e.g. `application/pdf`).
    pub fn file(
        mut self,
        name: impl Into<String>,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        bytes: impl Into<Bytes>,
    ) -> Self {
        self.parts.push(Part::File {
            name: name.into(),
            file_name: file_name.into(),
            content_type: content_type.into(),
            bytes: bytes.into(),
        });
        self
    }

    /// The encoded body for `boundary` (RFC 7578).
    pub fn encode(&self, boundary: &str) -> Bytes {
        let mut out = BytesMut::new();
        for part in &self.parts {
            out.put_slice(b"--");
            out.put_slice(boundary.as_bytes());
            out.put_slice(b"\r\n");
            match part {
                Part::Text { name, value } => {
                    let header = format!(
                        "Content-Disposition: form-data; name=\"{}\"\r\n\r\n",
                        quote(name)
                    );
                    out.put_slice(header.as_bytes());
                    out.put_slice(value.as_bytes());
                }
                Part::File {
                    name,
                    file_name,
                    content_type,
                    bytes,
                } => {
                    let header = format!(
                        "Content-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: {}\r\n\r\n",
                        quote(name),
                        quote(file_name),
                        header_text(content_type)
                    );
                    out.put_slice(header.as_bytes());
                    out.put_slice(bytes);
                }
            }
            out.put_slice(b"\r\n");
        }
        out.put_slice(b"--");
        out.put_slice(boundary.as_bytes());
        out.put_slice(b"--\r\n");
        out.freeze()
    }
}

/// Escapes a name for a quoted header parameter.
fn quote(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Keeps a caller's media type on its one header line: line breaks and other control
/// characters are percent-encoded, so a value cannot add part headers or end the part early.
fn header_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if c.is_control() && c != '\t' {
            for byte in c.to_string().bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

impl Request {
    /// Sets a `multipart/form-data` body with a random boundary.
    pub fn multipart_body(&mut self, form: &MultipartForm) -> &mut Self {
        let boundary: String = std::iter::repeat_with(fastrand::alphanumeric)
            .take(32)
            .collect();
        let boundary = format!("codat-{boundary}");
        let content_type = format!("multipart/form-data; boundary={boundary}");
        self.raw_body(&content_type, form.encode(&boundary))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_text_and_file_parts() {
        let form = MultipartForm::new().text("note", "hi").file(
            "file",
            "a \"b\".pdf",
            "application/pdf",
            &b"%PDF"[..],
        );
        let body = form.encode("XYZ");
        let expected = "--XYZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n\
            --XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a %22b%22.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n\
            --XYZ--\r\n";
        assert_eq!(std::str::from_utf8(&body).unwrap(), expected);
    }

    #[test]
    fn a_media_type_cannot_inject_part_headers() {
        let form = MultipartForm::new().file(
            "file",
            "a.txt",
            "text/plain\r\nX-Injected: 1\r\n\r\nbody",
            &b"x"[..],
        );
        let body = String::from_utf8(form.encode("XYZ").to_vec()).unwrap();
        assert!(
            body.contains(
                "Content-Type: text/plain%0D%0AX-Injected: 1%0D%0A%0D%0Abody\r\n\r\nx\r\n"
            ),
            "{body}"
        );
        assert!(!body.contains("\r\nX-Injected"), "{body}");
    }

    #[test]
    fn the_request_carries_the_boundary_in_its_content_type() {
        let mut request = Request::new(Method::POST, "upload", "/files");
        request.multipart_body(&MultipartForm::new().text("a", "b"));
        match &request.body {
            Some(super::super::request::Body::Bytes {
                content_type,
                bytes,
            }) => {
                let boundary = content_type
                    .strip_prefix("multipart/form-data; boundary=")
                    .expect("multipart content type");
                assert!(std::str::from_utf8(bytes)
                    .unwrap()
                    .ends_with(&format!("--{boundary}--\r\n")));
            }
            other => panic!("unexpected body {other:?}"),
        }
    }

    use reqwest::Method;
}
