//! Our FHIR R4 types: the resources and datatypes casecourse reads and
//! writes, generated at build time from `data/fhir/r4-subset.json` (derived
//! from the R4 StructureDefinitions; see its `meta`). Elements whose type is
//! outside that subset are kept as raw JSON, so nothing a hospital sends in
//! them is lost.

use serde::Serialize;

/// A FHIR resource type: its JSON carries `resourceType`.
pub trait Resource: Serialize {
    /// The `resourceType` value.
    const TYPE: &'static str;
}

/// The resource as JSON with its `resourceType`.
pub fn resource_json<R: Resource>(r: &R) -> serde_json::Value {
    let mut v = serde_json::to_value(r).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.insert("resourceType".into(), R::TYPE.into());
    }
    v
}

include!(concat!(env!("OUT_DIR"), "/r4.rs"));
