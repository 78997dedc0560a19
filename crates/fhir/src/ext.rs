//! casecourse's extensions: the parts of a course FHIR R4 has no element
//! for (times relative to the index event, negation of findings, origin in
//! the document, medication episodes...). A JSON object of our model is
//! written as one complex extension whose sub-extensions are named after its
//! keys, so nothing is lost and every value stays a typed FHIR primitive.

use serde_json::{Map, Number, Value};

use crate::mapping::BASE;
use crate::r4::Extension;

/// URL of one of our extensions (`fact`, `course`, `span`...).
pub fn url(name: &str) -> String {
    format!("{BASE}/StructureDefinition/{name}")
}

/// Marks an extension that holds a JSON array (its items are `item`s).
const LIST: &str = "list";
const ITEM: &str = "item";

/// Encodes a JSON value as an extension with `url`; `None` for null.
pub fn encode(url: &str, v: &Value) -> Option<Extension> {
    let mut e = Extension {
        url: url.to_string(),
        ..Extension::default()
    };
    match v {
        Value::Null => return None,
        Value::Bool(b) => e.value_boolean = Some(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) if !n.is_f64() => e.value_integer = Some(i),
            _ => e.value_decimal = Some(n.as_f64()?),
        },
        Value::String(s) => e.value_string = Some(s.clone()),
        Value::Array(items) => {
            e.extension.push(Extension {
                url: LIST.into(),
                value_boolean: Some(true),
                ..Extension::default()
            });
            e.extension
                .extend(items.iter().filter_map(|i| encode(ITEM, i)));
        }
        Value::Object(map) => {
            e.extension
                .extend(map.iter().filter_map(|(k, v)| encode(k, v)));
        }
    }
    Some(e)
}

/// Decodes an extension written by [`encode`] (any value type we write).
pub fn decode(e: &Extension) -> Value {
    if let Some(b) = e.value_boolean {
        return Value::Bool(b);
    }
    if let Some(i) = e.value_integer {
        return Value::Number(i.into());
    }
    if let Some(d) = e.value_decimal {
        return Number::from_f64(d)
            .map(Value::Number)
            .unwrap_or(Value::Null);
    }
    if let Some(s) = e.value_string.as_ref().or(e.value_code.as_ref()) {
        return Value::String(s.clone());
    }
    let is_list = e
        .extension
        .first()
        .is_some_and(|f| f.url == LIST && f.value_boolean == Some(true));
    if is_list {
        return Value::Array(e.extension.iter().skip(1).map(decode).collect());
    }
    let mut map = Map::new();
    for sub in &e.extension {
        map.insert(sub.url.clone(), decode(sub));
    }
    Value::Object(map)
}

/// The first of `exts` with our extension `name`.
pub fn find<'a>(exts: &'a [Extension], name: &str) -> Option<&'a Extension> {
    let u = url(name);
    exts.iter().find(|e| e.url == u)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_values_round_trip() {
        let v = serde_json::json!({
            "a": 1, "b": 2.5, "c": -7.0, "d": "x", "e": true,
            "f": [1, 2], "g": [], "h": {"i": [{"j": "k"}]}
        });
        let e = encode("u", &v).expect("object");
        assert_eq!(decode(&e), v);
    }
}
