//! The head of a document: its title (the plan's own title when a cover notice or a news item
//! carries a plan), the cover notice's title, the issuing organs (发文机关), 发文字号, 成文日期
//! and what kind of document it is.

mod issuer;
mod kind;
mod number;
mod title;

use std::sync::LazyLock;

use regex::Regex;

use super::DocKind;
use crate::input::{Block, BlockKind};
use crate::normalize::MatchView;
use crate::source::Span;
pub(crate) use number::is_date_line;
use title::TitleLines;

/// What the head of a document says.
#[derive(Debug, Clone, Default)]
pub struct Header {
    /// The title as written (lines of a title that wraps are joined), and where it is: the
    /// plan's own title when a cover notice carries a plan.
    pub title: Option<(String, Span)>,
    /// The title of the 通知 at the head (关于印发…的通知), lines joined, when there is one.
    pub notice_title: Option<(String, Span)>,
    /// 发文机关 as written: the organs before 关于 in the title, else the signature above the
    /// 成文日期.
    pub issuers: Vec<(String, Span)>,
    /// Block index of the plan's own title when it follows a cover notice.
    pub plan_title_block: Option<usize>,
    /// The first block of the body the title heads.
    pub body_start: usize,
    /// Where the 发文字号 is (both lines when it wraps).
    pub doc_number: Option<Span>,
    /// The 发文字号 as written, the lines of one that wraps joined.
    pub doc_number_text: Option<String>,
    /// 成文日期 and its ISO form.
    pub date: Option<(Span, String)>,
    pub kind: DocKind,
    pub has_cover: bool,
}

/// How far into a document its head may reach (cover notices are short).
const HEAD_BLOCKS: usize = 40;

static COVER_BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(现将|现予|现|特此)?(印发|转发)(给)?(你们|各单位|你单位)|现印发|现转发|印发你们|(内容|全文|原文)如下")
        .unwrap()
});

/// Reads the head of a document.
pub fn read(text: &str, blocks: &[Block], views: &[MatchView]) -> Header {
    let n = blocks.len().min(HEAD_BLOCKS);
    let head = |i: usize| views[i].text();
    let mut h = Header::default();

    let first = first_title(blocks, views, n);
    let first_text = first.map(|l| l.view_text(views)).unwrap_or_default();
    let cover_title =
        first.filter(|_| title::COVER_TITLE.is_match(&title::title_core(&first_text)));
    let is_notice = first.is_some_and(|_| title::title_core(&first_text).ends_with("通知"));
    let cover_body = (0..n).find(|&i| {
        let t = head(i);
        t.chars().count() > 12 && is_cover_body(t) && !title::is_title_like(t)
    });
    h.has_cover = cover_title.is_some() || cover_body.is_some();

    let after_head = cover_body
        .or(cover_title.map(|l| l.end))
        .map_or(0, |i| i + 1);
    if h.has_cover {
        let embedded = cover_title.and_then(|_| title::embedded_title(&first_text));
        h.plan_title_block = title::find_plan_title(blocks, views, after_head, embedded.as_deref());
    }
    if h.plan_title_block.is_none() && is_notice {
        h.plan_title_block = first.and_then(|l| title::attached_plan_title(views, l.end + 1));
    }

    let plan = h
        .plan_title_block
        .map(|i| title::title_lines(views, blocks, i));
    let title_lines = plan.or(first);
    if let Some(lines) = title_lines {
        h.title = Some(lines.original(text, blocks, views));
        h.body_start = lines.end + 1;
    } else if let Some(i) = headline(blocks, views, n) {
        // A headline with punctuation (news pages) still names the document.
        let span = blocks[i].span;
        h.title = Some((text[span.start..span.end].to_string(), span));
        h.body_start = i + 1;
    }
    if let Some(l) = first.filter(|_| is_notice) {
        h.notice_title = Some(l.original(text, blocks, views));
    }

    let zone = h.body_start.max(n.min(h.plan_title_block.unwrap_or(n)));
    let number =
        (0..zone.min(n).max(n.min(12))).find_map(|i| number::doc_number_at(text, blocks, views, i));
    h.doc_number = number.as_ref().map(|d| d.span);
    h.doc_number_text = number.map(|d| d.text);
    let date_block = (0..n)
        .find(|&i| number::date_line(&views[i]).is_some())
        .or_else(|| {
            (blocks.len().saturating_sub(12)..blocks.len())
                .rev()
                .find(|&i| number::date_line(&views[i]).is_some())
        });
    h.date = date_block.and_then(|i| number::date_line(&views[i]));

    let named = first
        .or(title_lines)
        .map(|l| issuer::from_title(views, l.start..=l.end))
        .unwrap_or_default();
    let issuers = if named.is_empty() {
        date_block.map_or_else(Vec::new, |d| issuer::from_signature(views, d))
    } else {
        named
    };
    h.issuers = issuers
        .into_iter()
        .map(|s| (text[s.start..s.end].to_string(), s))
        .collect();

    let title_view = title_lines.map(|l| l.view_text(views)).unwrap_or_default();
    let carried = kind::Carried {
        notice: is_notice,
        list_after_signature: h.has_cover
            && h.plan_title_block.is_none()
            && date_block
                .is_some_and(|d| cover_body.is_some_and(|c| c < d) && numbered_after(views, d)),
    };
    h.kind = kind::kind(&h, views, &title_view, carried);
    h
}

/// The title at the top: the first line among the first four that are not portal residue which
/// reads as a title, with the lines above it that it wraps from and a year range below it.
fn first_title(blocks: &[Block], views: &[MatchView], n: usize) -> Option<TitleLines> {
    let end = (0..n)
        .filter(|&i| !title::is_junk(views[i].text()))
        .take(4)
        .find(|&i| {
            title::is_title_like(views[i].text()) && blocks[i].kind != BlockKind::TableRow
        })?;
    let start = title::wrapped_start(views, blocks, end);
    Some(title::with_tail(views, blocks, TitleLines { start, end }))
}

/// A news headline with punctuation standing first: not portal residue, a 主送 line, a
/// 发文字号 or a date.
fn headline(blocks: &[Block], views: &[MatchView], n: usize) -> Option<usize> {
    let i = (0..n).find(|&i| !title::is_junk(views[i].text()))?;
    let t = views[i].text();
    let plain = t.chars().count() <= 80
        && !t.ends_with('。')
        && blocks[i].kind != BlockKind::TableRow
        && !title::is_recipients(t)
        && !is_date_line(t)
        && !number::is_doc_number(t)
        && !title::is_attachment_line(t);
    plain.then_some(i)
}

/// Does a numbered item come first after block `d` (a list handed over without a title of its
/// own after the cover's signature and date)?
fn numbered_after(views: &[MatchView], d: usize) -> bool {
    views[d + 1..]
        .iter()
        .map(|v| v.text())
        .find(|t| !title::is_junk(t))
        .is_some_and(|t| super::marker::find(t).is_some())
}

/// The line of a cover notice (or a news item) that hands the plan over: 现将…印发给你们,
/// 现印发给你们, 内容如下, 全文如下.
fn is_cover_body(t: &str) -> bool {
    COVER_BODY.is_match(t)
}

/// `span` without the whitespace (indentation, line end) around its text.
fn trimmed(text: &str, span: Span) -> Span {
    let s = &text[span.start..span.end];
    let start = span.start + (s.len() - s.trim_start().len());
    Span::new(start, start + s.trim().len())
}

pub(crate) fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{20000}'..='\u{2ffff}')
}

/// Builds this module's patterns now instead of at their first use: see
/// [`crate::engine::warm_up_reading`].
pub(super) fn warm_up() {
    title::warm_up();
    number::warm_up();
    issuer::warm_up();
    kind::warm_up();
    LazyLock::force(&COVER_BODY);
}

#[cfg(test)]
mod tests;
