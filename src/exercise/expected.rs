//! Turning a TOML `expect` value into the JavaScript value it stands for.

use crate::value::{JsValueSnapshot, ObjectSnapshot, Slot};

/// The JS value a TOML value stands for: integers and floats are numbers, tables are plain
/// objects, arrays are arrays, an offset date-time is a `Date`.
pub fn expected_from_toml(value: &toml::Value) -> Result<JsValueSnapshot, String> {
    Ok(match value {
        toml::Value::String(s) => JsValueSnapshot::String(s.clone()),
        toml::Value::Integer(i) => {
            const SAFE: i64 = (1 << 53) - 1;
            if !(-SAFE..=SAFE).contains(i) {
                return Err(format!("{i} is beyond what a JS number holds exactly; use expect_js with a BigInt"));
            }
            JsValueSnapshot::Number(*i as f64)
        }
        toml::Value::Float(f) => JsValueSnapshot::Number(*f),
        toml::Value::Boolean(b) => JsValueSnapshot::Bool(*b),
        toml::Value::Datetime(dt) => JsValueSnapshot::Date(
            datetime_ms(dt)
                .ok_or_else(|| format!("{dt} has no date or no time zone; use expect_js = \"new Date('...')\""))?,
        ),
        toml::Value::Array(items) => JsValueSnapshot::Array(
            items.iter().map(|v| expected_from_toml(v).map(Slot::Value)).collect::<Result<_, _>>()?,
        ),
        toml::Value::Table(table) => JsValueSnapshot::Object(ObjectSnapshot {
            class: None,
            null_prototype: false,
            properties: table
                .iter()
                .map(|(k, v)| Ok((k.clone(), Slot::Value(expected_from_toml(v)?))))
                .collect::<Result<_, String>>()?,
        }),
    })
}

fn datetime_ms(dt: &toml::value::Datetime) -> Option<f64> {
    let date = dt.date?;
    let time = dt.time?;
    let offset_min = match dt.offset? {
        toml::value::Offset::Z => 0,
        toml::value::Offset::Custom { minutes } => i64::from(minutes),
    };
    let (y, m, d) = (i64::from(date.year), i64::from(date.month), i64::from(date.day));
    // Days from civil (Howard Hinnant).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = i64::from(time.hour) * 3600 + i64::from(time.minute) * 60 + i64::from(time.second.unwrap_or(0));
    let ms =
        days * 86_400_000 + secs * 1000 + i64::from(time.nanosecond.unwrap_or(0) / 1_000_000) - offset_min * 60_000;
    Some(ms as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(expr: &str) -> Result<JsValueSnapshot, String> {
        let table: toml::Table = toml::from_str(&format!("v = {expr}")).unwrap();
        expected_from_toml(&table["v"])
    }

    #[test]
    fn toml_values_become_js_values() {
        assert_eq!(parse("1").unwrap(), JsValueSnapshot::Number(1.0));
        assert_eq!(crate::value::inspect(&parse("[1, 'a', { b = true }]").unwrap()), "[ 1, 'a', { b: true } ]");
        assert_eq!(parse("1970-01-02T00:00:00Z").unwrap(), JsValueSnapshot::Date(86_400_000.0));
        assert_eq!(parse("2000-03-01T01:00:00+01:00").unwrap(), JsValueSnapshot::Date(951_868_800_000.0));
        assert!(parse("1979-05-27").is_err());
        assert!(parse("9007199254740993").is_err());
    }
}
