//! Matching a webhook's `eventType` against the event names a spec declares, where a `{name}`
//! placeholder stands for one dot-free segment (`{dataType}.write.successful` matches
//! `invoices.write.successful`).

/// Whether `event_type` is an instance of the declared event name `pattern`.
pub fn event_matches(pattern: &str, event_type: &str) -> bool {
    let mut rest = event_type;
    let mut parts = pattern.split('{');
    // The text before the first placeholder must match exactly.
    let Some(head) = parts.next() else {
        return false;
    };
    let Some(after_head) = rest.strip_prefix(head) else {
        return false;
    };
    rest = after_head;
    for part in parts {
        let Some((_, literal)) = part.split_once('}') else {
            return false;
        };
        // The placeholder takes the shortest non-empty, dot-free run before `literal`.
        let value_len = if literal.is_empty() {
            rest.len()
        } else {
            match rest.find(literal) {
                Some(at) => at,
                None => return false,
            }
        };
        let value = &rest[..value_len];
        if value.is_empty() || value.contains('.') {
            return false;
        }
        rest = &rest[value_len + literal.len()..];
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::event_matches;

    #[test]
    fn literal_names_match_exactly() {
        assert!(event_matches("company.created", "company.created"));
        assert!(!event_matches("company.created", "company.created.x"));
        assert!(!event_matches("company.created", "company.deleted"));
    }

    #[test]
    fn placeholders_take_one_segment() {
        let pattern = "{dataType}.write.successful";
        assert!(event_matches(pattern, "invoices.write.successful"));
        assert!(event_matches(pattern, "{dataType}.write.successful"));
        assert!(!event_matches(pattern, "a.b.write.successful"));
        assert!(!event_matches(pattern, ".write.successful"));
        assert!(!event_matches(pattern, "invoices.write.unsuccessful"));
        assert!(event_matches("x.{id}", "x.42"));
        assert!(!event_matches("x.{id}", "x."));
    }
}
