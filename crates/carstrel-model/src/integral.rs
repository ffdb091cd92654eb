//! Integers as JSON Schema and JavaScript read them: `12657.0` is the integer 12657. A
//! client generated from the OpenAPI document (or written in JavaScript) may send one, so
//! integer fields of request bodies take it, as NestJS's `@IsInt()` does.

use serde::de::{self, Deserializer, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// `deserialize_with` for an `Option<integer>` field (`null` is `None`).
pub fn option<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i64> + TryFrom<u64>,
{
    deserializer.deserialize_option(OptionVisitor(PhantomData))
}

struct OptionVisitor<T>(PhantomData<T>);

impl<'de, T: TryFrom<i64> + TryFrom<u64>> Visitor<'de> for OptionVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an integer or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(IntegerVisitor(PhantomData)).map(Some)
    }
}

struct IntegerVisitor<T>(PhantomData<T>);

impl<T: TryFrom<i64> + TryFrom<u64>> Visitor<'_> for IntegerVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an integer in range")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        T::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        T::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        // 2^63 is the first float past i64::MAX; every float below it (down to -2^63)
        // with no fraction is exactly an i64.
        const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;
        if v.fract() == 0.0 && (-TWO_POW_63..TWO_POW_63).contains(&v) {
            self.visit_i64(v as i64)
        } else {
            Err(E::invalid_type(de::Unexpected::Float(v), &self))
        }
    }
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Body {
        #[serde(default, deserialize_with = "super::option")]
        n: Option<u32>,
    }

    #[test]
    fn integral_floats_are_integers() {
        let read = |json: &str| serde_json::from_str::<Body>(json).map(|b| b.n).ok();
        assert_eq!(read(r#"{"n": 12}"#), Some(Some(12)));
        assert_eq!(read(r#"{"n": 12.0}"#), Some(Some(12)));
        assert_eq!(read(r#"{"n": 1.2e1}"#), Some(Some(12)));
        assert_eq!(read(r#"{"n": null}"#), Some(None));
        assert_eq!(read(r#"{}"#), Some(None));
        assert_eq!(read(r#"{"n": 12.5}"#), None);
        assert_eq!(read(r#"{"n": -1}"#), None);
        assert_eq!(read(r#"{"n": 5e9}"#), None);
        assert_eq!(read(r#"{"n": "12"}"#), None);
    }
}
