//! The one reader of JSON merge-patch bodies (RFC 7386) with the `version`
//! they are based on (optimistic locking).

use serde_json::Value;

use crate::error::ApiError;

/// A merge-patch body split into its fields and the whole-number `version`
/// it is based on (422 when either is missing or malformed).
pub fn patch_and_version(body: Value) -> Result<(serde_json::Map<String, Value>, i32), ApiError> {
    let Value::Object(mut patch) = body else {
        return Err(ApiError::field("body", "type", "must be a JSON object"));
    };
    #[derive(serde::Deserialize)]
    struct Version(#[serde(deserialize_with = "crate::fields::whole_i32")] i32);
    let version = patch
        .remove("version")
        .and_then(|v| serde_json::from_value::<Version>(v).ok())
        .map(|v| v.0)
        .filter(|v| *v >= 1)
        .ok_or_else(|| {
            ApiError::field(
                "version",
                "required",
                "send the version you last read (a whole number from 1)",
            )
        })?;
    Ok((patch, version))
}

/// RFC 7386: `null` removes, objects merge, anything else replaces.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    t.insert(k.clone(), Value::Null);
                } else {
                    merge_patch(t.entry(k.clone()).or_insert(Value::Null), v);
                }
            }
        }
        (t, p) => *t = p.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_patches_follow_rfc_7386() {
        let mut t = serde_json::json!({"a": 1, "b": {"c": 2, "d": 3}, "e": [1]});
        merge_patch(
            &mut t,
            &serde_json::json!({"a": null, "b": {"c": 5}, "e": [2, 3], "f": "new"}),
        );
        assert_eq!(
            t,
            serde_json::json!({"a": null, "b": {"c": 5, "d": 3}, "e": [2, 3], "f": "new"})
        );
    }
}
