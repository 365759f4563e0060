//! Values laid out in one buffer, for what a re-check compares with the document: the fields
//! a task's findings were kept under, and a paragraph's context.
//!
//! As a tree of values, a task's fields were a dozen allocations, and their strings pointed
//! into the text of whichever version of the document first had the task; comparing them with
//! the current document on every keystroke read all of that, cold, one pointer after another.
//! Flat, a comparison reads one short buffer in order. [`Reader`] compares the buffer with
//! what the values are made of, field by field, without building them.

use crate::lang::{Date, ObjectKind, Value};

/// Values one after another: a tag byte, then the value's bytes (a string or list with its
/// length first, an object with its kind and field count).
pub struct Flat(Box<[u8]>);

const NULL: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;
const NUMBER: u8 = 3;
const STR: u8 = 4;
const DATE: u8 = 5;
const LIST: u8 = 6;
const OBJECT: u8 = 7;

impl Flat {
    /// `values` laid out; `None` when one holds a regex, which no comparison would find
    /// the same.
    pub fn of(values: &[Value]) -> Option<Flat> {
        let mut out = Vec::new();
        for v in values {
            put(&mut out, v)?;
        }
        Some(Flat(out.into_boxed_slice()))
    }

    /// A reader at the first value.
    pub fn reader(&self) -> Reader<'_> {
        Reader(&self.0)
    }
}

fn put(out: &mut Vec<u8>, v: &Value) -> Option<()> {
    match v {
        Value::Null => out.push(NULL),
        Value::Bool(b) => out.push(if *b { TRUE } else { FALSE }),
        Value::Number(x) => {
            out.push(NUMBER);
            out.extend(x.to_bits().to_le_bytes());
        }
        Value::Str(s) => {
            out.push(STR);
            put_len(out, s.len());
            out.extend(s.as_str().as_bytes());
        }
        Value::Date(d) => {
            out.push(DATE);
            out.extend(date_bytes(*d));
        }
        Value::Regex(_) => return None,
        Value::List(items) => {
            out.push(LIST);
            put_len(out, items.len());
            for item in items.iter() {
                put(out, item)?;
            }
        }
        Value::Object(o) => {
            out.push(OBJECT);
            out.push(kind_byte(o.kind));
            put_len(out, o.values.len());
            for field in &o.values {
                put(out, field)?;
            }
        }
    }
    Some(())
}

fn put_len(out: &mut Vec<u8>, n: usize) {
    out.extend((n as u64).to_le_bytes());
}

fn date_bytes(d: Date) -> [u8; 12] {
    let mut b = [0; 12];
    b[..4].copy_from_slice(&d.year.to_le_bytes());
    b[4..8].copy_from_slice(&d.month.to_le_bytes());
    b[8..].copy_from_slice(&d.day.to_le_bytes());
    b
}

fn kind_byte(kind: ObjectKind) -> u8 {
    kind as u8
}

/// Reads a [`Flat`] in order, each call comparing the next value with what is given and
/// moving past it when they are the same. A `false` leaves the reader anywhere: a comparison
/// stops at its first difference.
pub struct Reader<'f>(&'f [u8]);

impl Reader<'_> {
    fn bytes(&mut self, expected: &[u8]) -> bool {
        match self.0.strip_prefix(expected) {
            Some(rest) => {
                self.0 = rest;
                true
            }
            None => false,
        }
    }

    fn tag(&mut self, tag: u8) -> bool {
        self.bytes(&[tag])
    }

    fn len(&mut self, n: usize) -> bool {
        self.bytes(&(n as u64).to_le_bytes())
    }

    pub fn null(&mut self) -> bool {
        self.tag(NULL)
    }

    pub fn bool(&mut self, b: bool) -> bool {
        self.tag(if b { TRUE } else { FALSE })
    }

    /// A number, the same to the bit.
    pub fn number(&mut self, x: f64) -> bool {
        self.tag(NUMBER) && self.bytes(&x.to_bits().to_le_bytes())
    }

    pub fn str(&mut self, s: &str) -> bool {
        self.tag(STR) && self.len(s.len()) && self.bytes(s.as_bytes())
    }

    /// A string, or null for none.
    pub fn str_or_null(&mut self, s: Option<&str>) -> bool {
        match s {
            Some(s) => self.str(s),
            None => self.null(),
        }
    }

    /// A number, or null for none.
    pub fn number_or_null(&mut self, x: Option<f64>) -> bool {
        match x {
            Some(x) => self.number(x),
            None => self.null(),
        }
    }

    /// A date, or null for none.
    pub fn date_or_null(&mut self, d: Option<Date>) -> bool {
        match d {
            Some(d) => self.tag(DATE) && self.bytes(&date_bytes(d)),
            None => self.null(),
        }
    }

    /// The start of a list of `n` items, which follow.
    pub fn list(&mut self, n: usize) -> bool {
        self.tag(LIST) && self.len(n)
    }

    /// The start of an object of `kind` with `n` fields, which follow.
    pub fn object(&mut self, kind: ObjectKind, n: usize) -> bool {
        self.tag(OBJECT) && self.tag(kind_byte(kind)) && self.len(n)
    }

    /// Whether every value has been read.
    pub fn is_done(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Object;
    use std::sync::Arc;

    fn text(s: &str) -> Value {
        Value::Str(crate::lang::Text::from(s))
    }

    fn unit(name: &str) -> Value {
        Value::Object(Arc::new(Object {
            kind: ObjectKind::Unit,
            values: vec![text(name), text("lead"), Value::Bool(true)],
        }))
    }

    /// What a task's kept fields look like: strings, a number, a null, a list of objects.
    fn fields() -> Vec<Value> {
        vec![
            text("加强工地扬尘管控"),
            Value::Number(12.0),
            Value::Null,
            Value::List(Arc::new(vec![unit("县住建局"), unit("县城管局")])),
            Value::Date(Date {
                year: 2025,
                month: 6,
                day: 30,
            }),
        ]
    }

    fn reads_as_fields(r: &mut Reader, units: [&str; 2], day: u32) -> bool {
        r.str("加强工地扬尘管控")
            && r.number(12.0)
            && r.str_or_null(None)
            && r.list(2)
            && units
                .iter()
                .all(|u| r.object(ObjectKind::Unit, 3) && r.str(u) && r.str("lead") && r.bool(true))
            && r.date_or_null(Some(Date {
                year: 2025,
                month: 6,
                day,
            }))
            && r.is_done()
    }

    #[test]
    fn a_reader_finds_the_values_laid_out_and_nothing_else() {
        let flat = Flat::of(&fields()).unwrap();
        assert!(reads_as_fields(
            &mut flat.reader(),
            ["县住建局", "县城管局"],
            30
        ));
        assert!(!reads_as_fields(
            &mut flat.reader(),
            ["县住建局", "县城管"],
            30
        ));
        assert!(!reads_as_fields(
            &mut flat.reader(),
            ["县住建局", "县城管局"],
            31
        ));
        // A string that only starts the same, or a number where a string was.
        let mut r = flat.reader();
        assert!(!r.str("加强工地"));
        let mut r = flat.reader();
        assert!(!r.number(12.0));
        // One value more or less is not the same.
        let mut more = fields();
        more.push(Value::Null);
        let flat = Flat::of(&more).unwrap();
        assert!(!reads_as_fields(
            &mut flat.reader(),
            ["县住建局", "县城管局"],
            30
        ));
    }
}
