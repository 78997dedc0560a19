//! Parquet output: flat facts with a leading `doc_id` column, typed columns
//! (numbers as Float64, `negated` as Boolean, spans as UInt64), one row
//! group per batch chunk, no compression codec compiled in.

use std::fs::File;
use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Float64Builder, StringBuilder, UInt64Builder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use casecourse_model::{FLAT_COLUMNS, FlatFact, Value, flat_rows};
use parquet::arrow::ArrowWriter;

use super::sink::{Payload, Sink};

/// Columns stored as Float64.
const FLOAT_COLUMNS: [&str; 12] = [
    "dose",
    "duration_days",
    "flow",
    "fio2",
    "week",
    "week_before",
    "week_after",
    "onset_week",
    "start_week",
    "end_week",
    "week_between_start",
    "week_between_end",
];

fn data_type(column: &str) -> DataType {
    match column {
        "negated" => DataType::Boolean,
        "span_start" | "span_end" => DataType::UInt64,
        c if FLOAT_COLUMNS.contains(&c) || c == "value_number" => DataType::Float64,
        _ => DataType::Utf8,
    }
}

/// Column names: `doc_id`, the flat columns with `week_between` split in
/// two, and `value_number` beside `value` for numeric values.
fn columns() -> Vec<&'static str> {
    let mut v = vec!["doc_id"];
    for c in FLAT_COLUMNS {
        match c {
            "week_between" => v.extend(["week_between_start", "week_between_end"]),
            "value" => v.extend(["value", "value_number"]),
            _ => v.push(c),
        }
    }
    v
}

fn float(row: &FlatFact, c: &str) -> Option<f64> {
    match c {
        "value_number" => row.value.as_ref().and_then(Value::as_number),
        "week_between_start" => row.week_between.map(|w| w[0]),
        "week_between_end" => row.week_between.map(|w| w[1]),
        "dose" => row.dose,
        "duration_days" => row.duration_days,
        "flow" => row.flow,
        "fio2" => row.fio2,
        "week" => row.week,
        "week_before" => row.week_before,
        "week_after" => row.week_after,
        "onset_week" => row.onset_week,
        "start_week" => row.start_week,
        "end_week" => row.end_week,
        _ => None,
    }
}

/// Writes flat facts to a Parquet file.
pub struct ParquetSink {
    writer: ArrowWriter<File>,
    schema: SchemaRef,
    rows: Vec<(String, FlatFact)>,
}

impl ParquetSink {
    /// Creates the file.
    pub fn new(file: File) -> std::io::Result<ParquetSink> {
        let fields: Vec<Field> = columns()
            .into_iter()
            .map(|c| {
                Field::new(
                    c,
                    data_type(c),
                    c != "doc_id" && c != "id" && c != "kind" && c != "name" && c != "negated",
                )
            })
            .collect();
        let schema = Arc::new(Schema::new(fields));
        let writer =
            ArrowWriter::try_new(file, schema.clone(), None).map_err(std::io::Error::other)?;
        Ok(ParquetSink {
            writer,
            schema,
            rows: Vec::new(),
        })
    }

    fn batch(&self) -> std::io::Result<RecordBatch> {
        let arrays: Vec<ArrayRef> = columns().into_iter().map(|c| self.array(c)).collect();
        RecordBatch::try_new(self.schema.clone(), arrays).map_err(std::io::Error::other)
    }

    fn array(&self, c: &str) -> ArrayRef {
        let rows = &self.rows;
        match data_type(c) {
            DataType::Boolean => {
                let mut b = BooleanBuilder::with_capacity(rows.len());
                rows.iter().for_each(|(_, r)| b.append_value(r.negated));
                Arc::new(b.finish())
            }
            DataType::UInt64 => {
                let mut b = UInt64Builder::with_capacity(rows.len());
                for (_, r) in rows {
                    let v = if c == "span_start" {
                        r.span_start
                    } else {
                        r.span_end
                    };
                    b.append_option(v.map(|x| x as u64));
                }
                Arc::new(b.finish())
            }
            DataType::Float64 => {
                let mut b = Float64Builder::with_capacity(rows.len());
                rows.iter().for_each(|(_, r)| b.append_option(float(r, c)));
                Arc::new(b.finish())
            }
            _ => {
                let mut b = StringBuilder::new();
                for (id, r) in rows {
                    let v = if c == "doc_id" {
                        id.clone()
                    } else {
                        r.column(c)
                    };
                    let required = matches!(c, "doc_id" | "id" | "kind" | "name");
                    if v.is_empty() && !required {
                        b.append_null();
                    } else {
                        b.append_value(v);
                    }
                }
                Arc::new(b.finish())
            }
        }
    }
}

impl Sink for ParquetSink {
    fn write(&mut self, id: &str, payload: Payload) -> std::io::Result<()> {
        match payload {
            Payload::Course(course) => {
                self.rows
                    .extend(flat_rows(&course).into_iter().map(|r| (id.to_string(), r)));
                Ok(())
            }
            Payload::Bytes(_) => Err(std::io::Error::other("the Parquet sink needs courses")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let batch = self.batch()?;
        self.rows.clear();
        self.writer.write(&batch).map_err(std::io::Error::other)?;
        self.writer.flush().map_err(std::io::Error::other)
    }

    fn finish(mut self: Box<Self>) -> std::io::Result<()> {
        self.flush()?;
        self.writer
            .close()
            .map(|_| ())
            .map_err(std::io::Error::other)
    }
}
