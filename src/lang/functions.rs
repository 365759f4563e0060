//! The one table of functions: name, signature, Chinese documentation, example, implementation.

/// A function rules may call.
#[derive(Debug, Clone, Copy)]
pub struct Function {
    pub name: &'static str,
    pub signature: &'static str,
    pub doc: &'static str,
    pub example: &'static str,
}

pub fn table() -> &'static [Function] {
    &[]
}
