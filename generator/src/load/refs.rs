//! Rule 1: every `$ref` becomes `#/components/<kind>/<Name>` and points at an existing entry.
//!
//! A reference to anywhere else (`#/components/schemas/X/definitions/Y`, a property of another
//! schema, a parameter inside a path) is either *hoisted* (a schema that will become a named
//! type moves into `components/schemas`, and both the reference and the schema's old place
//! point at it) or *inlined* (anything else is replaced by a copy of its target). A target's own
//! references are fixed before it is copied or compared, so names come out in document order and
//! deep-equal schemas are recognised.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::context::Ctx;
use super::names::candidates;
use super::pointer::{component_ref, get, get_mut, parse_ref, step, to_pointer};
use super::walk::{classify, ref_sites, Obj, Pos};
use crate::error::GenError;

/// Marks a schema that was moved into `components/schemas`; the value is its original pointer.
pub const HOISTED_FROM: &str = "x-codat-hoisted-from";

/// How many times the whole document is swept before giving up (each sweep fixes every
/// reference it sees; a second sweep only picks up references inside copies).
const MAX_SWEEPS: usize = 32;
/// How many `$ref`s a single lookup may follow.
const MAX_HOPS: usize = 64;

/// Rewrites every Reference Object in `doc` into the `#/components/<kind>/<Name>` form.
pub(crate) fn resolve_all(doc: &mut Value, ctx: &mut Ctx) -> Result<(), GenError> {
    let mut resolver = Resolver {
        copy_budget: node_count(doc, usize::MAX)
            .saturating_mul(COPY_FACTOR)
            .saturating_add(COPY_ALLOWANCE),
        ..Resolver::default()
    };
    for _ in 0..MAX_SWEEPS {
        let mut changed = false;
        for site in ref_sites(doc, &[], Pos::Root) {
            changed |= resolver.fix_site(doc, ctx, &site.path, site.kind, &mut Vec::new())?;
        }
        if !changed {
            return Ok(());
        }
    }
    Err(ctx.invalid(
        &[],
        format!("references still change after {MAX_SWEEPS} passes; is there a reference cycle?"),
    ))
}

#[derive(Default)]
struct Resolver {
    /// Hoisted targets (by their location when hoisted) and their schema names.
    hoisted: HashMap<Vec<String>, String>,
    /// How many more nodes inlining may copy: references to references, each used twice,
    /// would otherwise double the document at every step (a "billion laughs").
    copy_budget: usize,
}

/// Inlining may copy this many times the document's own nodes, plus [`COPY_ALLOWANCE`].
const COPY_FACTOR: usize = 8;
const COPY_ALLOWANCE: usize = 100_000;

/// The number of nodes in `value`, counting no further than `limit`; without recursion.
fn node_count(value: &Value, limit: usize) -> usize {
    let mut count = 0;
    let mut stack = vec![value];
    while let Some(node) = stack.pop() {
        count += 1;
        if count >= limit {
            return count;
        }
        match node {
            Value::Object(map) => stack.extend(map.values()),
            Value::Array(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    count
}

impl Resolver {
    /// Takes the size of `target` from the copy budget before it is inlined at `site`.
    fn charge_copy(&mut self, ctx: &Ctx, site: &[String], target: &Value) -> Result<(), GenError> {
        let size = node_count(target, self.copy_budget.saturating_add(1));
        if size > self.copy_budget {
            return Err(ctx.invalid(
                site,
                "copying the targets of references here would make the document many times \
                 its size (references to references, each used several times)",
            ));
        }
        self.copy_budget -= size;
        Ok(())
    }
}

impl Resolver {
    /// Fixes the Reference Object at `site`, if there still is one. `stack` holds the targets
    /// whose own references are being fixed, to detect cycles. Returns whether it changed
    /// anything.
    fn fix_site(
        &mut self,
        doc: &mut Value,
        ctx: &mut Ctx,
        site: &[String],
        kind: Option<Obj>,
        stack: &mut Vec<Vec<String>>,
    ) -> Result<bool, GenError> {
        let Some((reference, siblings)) = read_site(doc, ctx, site)? else {
            return Ok(false);
        };
        if stack.len() > MAX_HOPS {
            return Err(ctx.invalid(
                site,
                format!("`$ref: {reference}` leads through more than {MAX_HOPS} references"),
            ));
        }
        let tokens = parse_ref(&reference).ok_or_else(|| {
            ctx.invalid(
                site,
                format!(
                    "cannot resolve `$ref: {reference}`: only local references (`#/...`) are \
                     supported"
                ),
            )
        })?;
        if let Some((section, _)) = standard_section(&tokens) {
            return self.fix_standard(
                doc, ctx, site, kind, &reference, &tokens, section, siblings, stack,
            );
        }

        let unresolvable = |ctx: &Ctx| {
            ctx.invalid(
                site,
                format!("cannot resolve `$ref: {reference}`: no such node"),
            )
        };
        let canon = follow(doc, &tokens, 0).ok_or_else(|| unresolvable(ctx))?;
        if self.shortcut(doc, site, &canon) {
            return Ok(true);
        }
        let kind = match (kind, target_kind(doc, &canon)) {
            (_, Err(what)) => {
                return Err(ctx.invalid(
                    site,
                    format!("`$ref: {reference}` points at {what}, not at a single object"),
                ))
            }
            (Some(expected), Ok(Some(found))) if expected != found => {
                return Err(ctx.invalid(
                    site,
                    format!(
                        "`$ref: {reference}` stands for a {} but points at a {}",
                        expected.noun(),
                        found.noun()
                    ),
                ))
            }
            (Some(kind), _) | (None, Ok(Some(kind))) => Some(kind),
            (None, Ok(None)) => None,
        };

        if stack.iter().any(|entry| entry.starts_with(&canon)) {
            // The target contains a reference back to itself (or to something around it).
            let is_type = get(doc, &canon).is_some_and(is_named_type);
            if kind == Some(Obj::Schema) && is_type {
                let name = self.hoist(doc, ctx, &canon, None)?;
                set_ref(doc, site, &component_ref("schemas", &name));
                return Ok(true);
            }
            let chain: Vec<String> = stack.iter().map(|t| ctx.original_pointer(t)).collect();
            return Err(ctx.invalid(
                site,
                format!(
                    "`$ref: {reference}` is part of a reference cycle ({} -> {})",
                    chain.join(" -> "),
                    ctx.original_pointer(&canon)
                ),
            ));
        }

        if let Some(kind) = kind {
            stack.push(canon.clone());
            let result = self.fix_inner(doc, ctx, &canon, kind, stack);
            stack.pop();
            result?;
        }
        // Fixing the target may have moved it (or the site itself).
        if read_site(doc, ctx, site)?.map(|(r, _)| r).as_deref() != Some(reference.as_str()) {
            return Ok(true);
        }
        let canon = follow(doc, &tokens, 0).ok_or_else(|| unresolvable(ctx))?;
        if self.shortcut(doc, site, &canon) {
            return Ok(true);
        }
        let target = get(doc, &canon).cloned().ok_or_else(|| unresolvable(ctx))?;
        if kind == Some(Obj::Schema) && is_named_type(&target) {
            let name = self.hoist(doc, ctx, &canon, Some(stack))?;
            set_ref(doc, site, &component_ref("schemas", &name));
        } else {
            self.charge_copy(ctx, site, &target)?;
            inline(doc, ctx, site, &canon, target, siblings);
        }
        Ok(true)
    }

    /// A reference already in the `#/components/<section>/<Name>` form: check it, and inline
    /// it where `openapiv3` cannot keep it as a reference.
    #[allow(clippy::too_many_arguments)]
    fn fix_standard(
        &mut self,
        doc: &mut Value,
        ctx: &mut Ctx,
        site: &[String],
        kind: Option<Obj>,
        reference: &str,
        tokens: &[String],
        section: &str,
        siblings: Map<String, Value>,
        stack: &mut Vec<Vec<String>>,
    ) -> Result<bool, GenError> {
        if get(doc, tokens).is_none() {
            return Err(ctx.invalid(
                site,
                format!("cannot resolve `$ref: {reference}`: no such component"),
            ));
        };
        let kind = match (kind, Obj::from_section(section)) {
            (Some(expected), _) if expected.section() != Some(section) => {
                return Err(ctx.invalid(
                    site,
                    format!(
                        "`$ref: {reference}` stands for a {}, so it must point into \
                         `#/components/{}`",
                        expected.noun(),
                        expected.section().unwrap_or("?")
                    ),
                ))
            }
            (Some(kind), _) | (None, Some(kind)) => kind,
            (None, None) => return Ok(false),
        };
        // A component that is only a reference to another (`P: {$ref: Q}`): point at the end of
        // the chain, which later stages read as one step. Schemas are followed by the lowering.
        if kind != Obj::Schema {
            let end = alias_end(doc, ctx, site, reference, tokens, section)?;
            if end.as_slice() != tokens {
                set_ref(doc, site, &component_ref(section, &end[2]));
                return Ok(true);
            }
        }
        // openapiv3 has no `components/pathItems`, and operation callbacks cannot be references;
        // non-schema references cannot carry `summary`/`description` overrides.
        let must_inline = matches!(kind, Obj::PathItem | Obj::Callback)
            || (kind != Obj::Schema && !siblings.is_empty());
        if !must_inline {
            return Ok(false);
        }
        if site.starts_with(tokens) || stack.iter().any(|e| e.starts_with(tokens)) {
            return Err(ctx.invalid(
                site,
                format!("`$ref: {reference}` is part of a reference cycle"),
            ));
        }
        stack.push(tokens.to_vec());
        let result = self.fix_inner(doc, ctx, tokens, kind, stack);
        stack.pop();
        result?;
        let target = get(doc, tokens)
            .cloned()
            .ok_or_else(|| ctx.invalid(site, format!("cannot resolve `$ref: {reference}`")))?;
        self.charge_copy(ctx, site, &target)?;
        inline(doc, ctx, site, tokens, target, siblings);
        Ok(true)
    }

    /// When `canon` is a component, or was hoisted already, points the site at it.
    fn shortcut(&self, doc: &mut Value, site: &[String], canon: &[String]) -> bool {
        if let Some((section, name)) = standard_section(canon) {
            set_ref(doc, site, &component_ref(section, name));
            return true;
        }
        if let Some(name) = self.hoisted.get(canon) {
            set_ref(doc, site, &component_ref("schemas", name));
            return true;
        }
        false
    }

    /// Fixes every reference inside the subtree at `at`, which holds a `kind`.
    fn fix_inner(
        &mut self,
        doc: &mut Value,
        ctx: &mut Ctx,
        at: &[String],
        kind: Obj,
        stack: &mut Vec<Vec<String>>,
    ) -> Result<(), GenError> {
        let Some(node) = get(doc, at) else {
            return Ok(());
        };
        for site in ref_sites(node, at, Pos::Item(kind)) {
            if site.path.as_slice() != at {
                self.fix_site(doc, ctx, &site.path, site.kind, stack)?;
            }
        }
        Ok(())
    }

    /// Moves the schema at `canon` into `components/schemas` (or finds a deep-equal one there)
    /// and returns its name. Its old place, when it is a schema position, becomes a `$ref` too.
    /// With a `stack`, existing candidates have their own references fixed before comparing.
    fn hoist(
        &mut self,
        doc: &mut Value,
        ctx: &mut Ctx,
        canon: &[String],
        mut stack: Option<&mut Vec<Vec<String>>>,
    ) -> Result<String, GenError> {
        if let Some(name) = self.hoisted.get(canon) {
            return Ok(name.clone());
        }
        let target = get(doc, canon)
            .cloned()
            .ok_or_else(|| ctx.invalid(canon, "cannot hoist a schema that is not there"))?;
        let original = ctx.original_tokens(canon);
        // The names are made lazily: the iterator owns its strings, not `ctx`.
        let names = candidates(&ctx.original, &original, &target).take(10_000);
        let mut chosen = None;
        for name in names {
            let location = vec!["components".to_owned(), "schemas".to_owned(), name.clone()];
            if get(doc, &location).is_none() {
                let mut hoisted = target.clone();
                if let Value::Object(map) = &mut hoisted {
                    map.insert(
                        HOISTED_FROM.to_owned(),
                        Value::String(to_pointer(&original)),
                    );
                }
                schemas_mut(doc)
                    .ok_or_else(|| {
                        ctx.invalid(
                            &["components".to_owned()],
                            "`components` must be an object with an object `schemas`",
                        )
                    })?
                    .insert(name.clone(), hoisted);
                ctx.record_move(&location, canon);
                chosen = Some(name);
                break;
            }
            if let Some(stack) = stack.as_deref_mut() {
                if !canon.starts_with(&location) && !stack.iter().any(|e| e.starts_with(&location))
                {
                    stack.push(location.clone());
                    let result = self.fix_inner(doc, ctx, &location, Obj::Schema, stack);
                    stack.pop();
                    result?;
                    if let Some(name) = self.hoisted.get(canon) {
                        // Fixing the candidate hoisted this very target.
                        return Ok(name.clone());
                    }
                }
            }
            if get(doc, &location).is_some_and(|existing| same_schema(existing, &target)) {
                chosen = Some(name);
                break;
            }
        }
        let name = chosen.ok_or_else(|| ctx.invalid(canon, "no free name to hoist this schema"))?;
        self.hoisted.insert(canon.to_vec(), name.clone());
        if classify(doc, canon) == Some(Pos::Item(Obj::Schema)) {
            if let Some(node) = get_mut(doc, canon) {
                *node = ref_object(&component_ref("schemas", &name));
            }
        }
        Ok(name)
    }
}

/// A Reference Object: its `$ref` string and the keys beside it.
type RefObject = (String, Map<String, Value>);

/// The Reference Object at `site`, or `None` if there is none there (any more).
fn read_site(doc: &Value, ctx: &Ctx, site: &[String]) -> Result<Option<RefObject>, GenError> {
    let Some(Value::Object(map)) = get(doc, site) else {
        return Ok(None);
    };
    let Some(reference) = map.get("$ref") else {
        return Ok(None);
    };
    let Some(reference) = reference.as_str() else {
        let mut at = site.to_vec();
        at.push("$ref".to_owned());
        return Err(ctx.invalid(&at, "`$ref` must be a string"));
    };
    let siblings = map
        .iter()
        .filter(|(k, _)| k.as_str() != "$ref")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Ok(Some((reference.to_owned(), siblings)))
}

/// Where a chain of components that are bare references into `section` ends, from `tokens`;
/// an error naming the chain if it comes back on itself or runs past [`MAX_HOPS`].
fn alias_end(
    doc: &Value,
    ctx: &Ctx,
    site: &[String],
    reference: &str,
    tokens: &[String],
    section: &str,
) -> Result<Vec<String>, GenError> {
    let mut chain = vec![tokens.to_vec()];
    loop {
        let Some(last) = chain.last() else {
            return Ok(tokens.to_vec());
        };
        let next = match get(doc, last) {
            Some(Value::Object(map)) if map.len() == 1 => map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(parse_ref)
                .filter(|t| standard_section(t).is_some_and(|(s, _)| s == section)),
            _ => None,
        };
        let Some(next) = next else {
            return Ok(last.clone());
        };
        if chain.contains(&next) || chain.len() > MAX_HOPS {
            let names: Vec<String> = chain
                .iter()
                .chain(std::iter::once(&next))
                .map(|t| t[2].clone())
                .collect();
            return Err(ctx.invalid(
                site,
                format!(
                    "`$ref: {reference}` is part of a reference cycle ({})",
                    names.join(" -> ")
                ),
            ));
        }
        chain.push(next);
    }
}

/// `Some((section, name))` for `["components", section, name]` in a known section.
fn standard_section(tokens: &[String]) -> Option<(&str, &str)> {
    match tokens {
        [components, section, name] if components == "components" => {
            Obj::from_section(section).map(|_| (section.as_str(), name.as_str()))
        }
        _ => None,
    }
}

/// Where `tokens` lead, following any `$ref` met on the way (and at the end, while the target
/// is a bare reference). `None` when the path does not exist or references loop.
pub(crate) fn follow(doc: &Value, tokens: &[String], hops: usize) -> Option<Vec<String>> {
    if hops > MAX_HOPS {
        return None;
    }
    let mut at: Vec<String> = Vec::with_capacity(tokens.len());
    let mut node = doc;
    for token in tokens {
        match step(node, token) {
            Some(next) => {
                at.push(token.clone());
                node = next;
            }
            None => {
                let target = parse_ref(node.get("$ref")?.as_str()?)?;
                at = follow(doc, &target, hops + 1)?;
                node = get(doc, &at)?;
                let next = step(node, token)?;
                at.push(token.clone());
                node = next;
            }
        }
    }
    match node {
        Value::Object(map) if map.len() == 1 => match map.get("$ref").and_then(Value::as_str) {
            Some(reference) => follow(doc, &parse_ref(reference)?, hops + 1),
            None => Some(at),
        },
        _ => Some(at),
    }
}

/// What the target of a reference is, judged by where it sits: `Ok(None)` where the
/// document's structure does not say, `Err` for a collection (a map or list of objects).
fn target_kind(doc: &Value, canon: &[String]) -> Result<Option<Obj>, &'static str> {
    match classify(doc, canon) {
        Some(Pos::Item(obj)) => Ok(Some(obj)),
        Some(Pos::SchemaOther) => Ok(Some(Obj::Schema)),
        Some(Pos::Other | Pos::Data) | None => Ok(None),
        Some(Pos::Map(_) | Pos::List(_)) => Err("a map or list"),
        Some(Pos::Root | Pos::Components | Pos::Paths | Pos::Responses) => {
            Err("a section of the document")
        }
    }
}

/// A schema that will become a named type: an object with properties, an enum, a composite.
fn is_named_type(schema: &Value) -> bool {
    let Value::Object(map) = schema else {
        return false;
    };
    if map.contains_key("$ref") {
        return false;
    }
    let has_properties = map
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty());
    has_properties
        || ["enum", "const", "allOf", "oneOf", "anyOf"]
            .iter()
            .any(|k| map.contains_key(*k))
}

/// Deep equality, ignoring the hoisting mark on `existing`.
fn same_schema(existing: &Value, target: &Value) -> bool {
    match (existing, target) {
        (Value::Object(a), Value::Object(b)) => {
            let a_len = a.len() - usize::from(a.contains_key(HOISTED_FROM));
            a_len == b.len()
                && b.iter()
                    .all(|(k, v)| k != HOISTED_FROM && a.get(k) == Some(v))
        }
        _ => existing == target,
    }
}

fn schemas_mut(doc: &mut Value) -> Option<&mut Map<String, Value>> {
    let root = doc.as_object_mut()?;
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()?;
    components
        .entry("schemas")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
}

fn ref_object(reference: &str) -> Value {
    let mut map = Map::new();
    map.insert("$ref".to_owned(), Value::String(reference.to_owned()));
    Value::Object(map)
}

/// Points the Reference Object at `site` at `reference`, keeping its siblings in place.
fn set_ref(doc: &mut Value, site: &[String], reference: &str) {
    if let Some(Value::Object(map)) = get_mut(doc, site) {
        map.insert("$ref".to_owned(), Value::String(reference.to_owned()));
    }
}

/// Replaces the Reference Object at `site` by a copy of `target`, with the reference's siblings
/// overriding the target's keys.
fn inline(
    doc: &mut Value,
    ctx: &mut Ctx,
    site: &[String],
    canon: &[String],
    target: Value,
    siblings: Map<String, Value>,
) {
    let mut copy = target;
    if let Value::Object(map) = &mut copy {
        map.shift_remove(HOISTED_FROM);
        for (key, value) in siblings {
            map.insert(key, value);
        }
    }
    if let Some(node) = get_mut(doc, site) {
        *node = copy;
        ctx.record_move(site, canon);
    }
}
