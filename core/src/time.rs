//! Times are stored in UTC as fixed-width RFC 3339 text with milliseconds,
//! so text order is time order; the UI shows them in local time.

use chrono::{DateTime, Local, NaiveDate, SecondsFormat, Utc};
use rusqlite::Row;

/// The person's today: this machine's local date. Every "today" the app
/// shows or checks a date against comes from here, never from a UTC date
/// (in Japan the UTC date is yesterday until 09:00).
pub fn today() -> NaiveDate {
    Local::now().date_naive()
}

pub(crate) fn to_db(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(crate) fn from_db(row: &Row, idx: usize) -> rusqlite::Result<DateTime<Utc>> {
    let text: String = row.get(idx)?;
    DateTime::parse_from_rfc3339(&text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e)))
}
