//! styles.xml: the numbering a paragraph style carries, through its `w:basedOn` chain.

use std::collections::HashMap;

use super::{DocxError, Xml, XmlEvent, attr, level_index, local, val};

/// Paragraph numbering that a style carries (`w:style/w:pPr/w:numPr`).
#[derive(Debug, Default, Clone)]
struct StyleDef {
    based_on: Option<String>,
    num_id: Option<String>,
    ilvl: Option<usize>,
}

#[derive(Debug, Default)]
pub(super) struct Styles {
    defs: HashMap<String, StyleDef>,
}

impl Styles {
    pub(super) fn parse(xml: &Xml) -> Result<Self, DocxError> {
        let mut defs = HashMap::new();
        let mut current: Option<(String, StyleDef)> = None;
        xml.walk(|ev| match ev {
            XmlEvent::Start(e) => match local(e.name().as_ref()) {
                "style" => current = attr(e, "styleId").map(|id| (id, StyleDef::default())),
                "basedOn" => {
                    if let Some((_, d)) = current.as_mut() {
                        d.based_on = val(e);
                    }
                }
                "numId" => {
                    if let Some((_, d)) = current.as_mut() {
                        d.num_id = val(e);
                    }
                }
                "ilvl" => {
                    if let Some((_, d)) = current.as_mut() {
                        d.ilvl = level_index(val(e));
                    }
                }
                _ => {}
            },
            XmlEvent::End("style") => {
                if let Some((id, d)) = current.take() {
                    defs.insert(id, d);
                }
            }
            _ => {}
        })?;
        Ok(Styles { defs })
    }

    /// The list and level a style numbers its paragraphs with, following `w:basedOn`.
    pub(super) fn numbering(&self, style: &str) -> Option<(String, Option<usize>)> {
        let mut id = style;
        // A style chain is short; the bound only guards against a cycle in a hostile file.
        for _ in 0..16 {
            let def = self.defs.get(id)?;
            if let Some(num) = &def.num_id {
                return Some((num.clone(), def.ilvl));
            }
            id = def.based_on.as_deref()?;
        }
        None
    }
}
