//! The head of a document: its title (the plan's own title when a cover notice comes first),
//! 发文字号, 成文日期 and what kind of document it is.

use std::sync::LazyLock;

use regex::Regex;

use super::DocKind;
use crate::input::{Block, BlockKind};
use crate::normalize::MatchView;
use crate::source::Span;

/// What the head of a document says.
#[derive(Debug, Clone, Default)]
pub struct Header {
    /// The title as written (lines of a title that wraps are joined), and where it is.
    pub title: Option<(String, Span)>,
    /// Block index of the plan's own title when it follows a cover notice.
    pub plan_title_block: Option<usize>,
    /// The first block of the body the title heads.
    pub body_start: usize,
    pub doc_number: Option<Span>,
    /// 成文日期 and its ISO form.
    pub date: Option<(Span, String)>,
    pub kind: DocKind,
    pub has_cover: bool,
}

/// How far into a document its head may reach (cover notices are short).
const HEAD_BLOCKS: usize = 40;

static DOC_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\p{Han}A-Za-z]{1,16}[〔\[【［（]\s*\d{0,4}\s*[〕\]】］）]\s*第?\s*\d{1,5}\s*号")
        .unwrap()
});
static DATE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^（?(\d{4})年(\d{1,2})月(\d{1,2})日）?$").unwrap());
static CN_DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日$")
        .unwrap()
});
/// What a title ends with: its 文种, or the verbs of a news headline.
static TITLE_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(通知|方案|计划|要点|意见|办法|规划|纲要|细则|规定|清单|措施|安排|决定|报告|讲话|发言|致辞|纪要|通报|函|批复|请示|公告|通告|总结|汇报|召开|举行|部署会)$")
        .unwrap()
});
static PLAN_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(方案|计划|要点|意见|办法|规划|纲要|细则|清单|措施|安排)$").unwrap()
});
/// A year range or note after a title: （2024—2026年）, (试行), 〔2025〕.
static TITLE_TAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(（[^（）]{1,16}）|〔\d{4}〕)$").unwrap());
static FILE_EXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\.(docx?|pdf|wps|txt)$").unwrap());
static COVER_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(印发|转发|颁发|下发)(.+?)的?通知》?$").unwrap());
static COVER_BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(现将|现予|现|特此)?(印发|转发)(给)?(你们|各单位|你单位)|现印发|现转发|印发你们")
        .unwrap()
});
static NEWS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"本报讯|记者|会议(召开|指出|强调|要求|认为|听取|传达)|召开.{0,20}会议|会议.{0,30}召开",
    )
    .unwrap()
});
static SPEECH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"讲话|致辞|发言|同志们").unwrap());
static WEB_JUNK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(上传人|文档编号|第\d+页|返回|下载|资源描述|当前位置|首页|来源：|发布时间|浏览次数|字号)").unwrap()
});

/// Reads the head of a document.
pub fn read(text: &str, blocks: &[Block], views: &[MatchView]) -> Header {
    let n = blocks.len().min(HEAD_BLOCKS);
    let head = |i: usize| views[i].text();
    let mut h = Header::default();

    let first_title = (0..n)
        .filter(|&i| !is_junk(head(i)))
        .take(4)
        .find(|&i| is_title_like(head(i)) && blocks[i].kind != BlockKind::TableRow);
    let first_start = first_title.map(|i| wrapped_start(views, i).unwrap_or(i));
    let cover_text = |i: usize| {
        let start = first_start.unwrap_or(i);
        (start..=i).map(&head).collect::<String>()
    };
    let cover_title = first_title.filter(|&i| COVER_TITLE.is_match(&title_core(&cover_text(i))));
    let cover_body = (0..n).find(|&i| {
        let t = head(i);
        t.chars().count() > 12 && COVER_BODY.is_match(t) && !is_title_like(t)
    });
    h.has_cover = cover_title.is_some() || cover_body.is_some();

    if h.has_cover {
        let embedded = cover_title.and_then(|i| embedded_title(&cover_text(i)));
        let after = cover_body.or(cover_title).map_or(0, |i| i + 1);
        h.plan_title_block = find_plan_title(blocks, views, after, embedded.as_deref());
    }

    let title_block = h.plan_title_block.or(first_title);
    if let Some(i) = title_block {
        let (mut title, mut span) = join_title(text, blocks, views, i);
        if h.plan_title_block.is_none()
            && let Some(start) = first_start.filter(|&s| s < i)
        {
            let first = views[start].to_original(0, views[start].text().len());
            title = format!("{}{title}", &text[first.start..first.end]);
            span = first.cover(span);
        }
        h.title = Some((title, span));
        let lines = h.title.as_ref().map_or(1, |(_, s)| {
            blocks[i..]
                .iter()
                .take_while(|b| b.span.end <= s.end)
                .count()
        });
        h.body_start = i + lines.max(1);
    } else if let Some(i) = (0..n).find(|&i| !is_junk(head(i))) {
        // A headline with punctuation (news pages) still names the document.
        let t = head(i);
        if t.chars().count() <= 80 && !t.ends_with('。') && blocks[i].kind != BlockKind::TableRow {
            let span = blocks[i].span;
            h.title = Some((text[span.start..span.end].to_string(), span));
        }
    }

    let zone = h.body_start.max(n.min(h.plan_title_block.unwrap_or(n)));
    h.doc_number = (0..zone.min(n).max(n.min(12))).find_map(|i| {
        DOC_NUMBER
            .find(head(i))
            .map(|m| views[i].to_original(m.start(), m.end()))
    });
    h.date = (0..n).find_map(|i| date_line(&views[i])).or_else(|| {
        (blocks.len().saturating_sub(12)..blocks.len())
            .rev()
            .find_map(|i| date_line(&views[i]))
    });
    h.kind = kind(&h, blocks, views, title_block, cover_title);
    h
}

fn kind(
    h: &Header,
    blocks: &[Block],
    views: &[MatchView],
    title_block: Option<usize>,
    cover_title: Option<usize>,
) -> DocKind {
    let title = title_block
        .map(|i| title_core(views[i].text()))
        .unwrap_or_default();
    let opening: String = views
        .iter()
        .take(blocks.len().min(8))
        .map(|v| v.text())
        .collect::<Vec<_>>()
        .join("\n");
    if SPEECH.is_match(&title) {
        return DocKind::Speech;
    }
    if h.plan_title_block.is_some() {
        return if title.ends_with("意见") {
            DocKind::Opinion
        } else {
            DocKind::Plan
        };
    }
    if h.has_cover || cover_title.is_some() || title.ends_with("通知") {
        return DocKind::Notice;
    }
    if title.ends_with("意见") {
        return DocKind::Opinion;
    }
    if PLAN_END.is_match(&title) {
        return DocKind::Plan;
    }
    if title.ends_with("召开") || title.ends_with("举行") || NEWS.is_match(&opening) {
        return DocKind::Report;
    }
    if SPEECH.is_match(&opening) {
        return DocKind::Speech;
    }
    if title.ends_with("报告") || title.ends_with("纪要") || title.ends_with("通报") {
        return DocKind::Report;
    }
    DocKind::Other
}

/// The title part of a block's view: without a trailing file extension, year range or 》.
fn title_core(t: &str) -> String {
    let t = FILE_EXT.replace(t.trim(), "");
    let mut t = t.trim_end_matches(['》', '。']).to_string();
    while let Some(m) = TITLE_TAIL.find(&t) {
        t.truncate(m.start());
    }
    t.trim_start_matches('《').to_string()
}

fn is_junk(t: &str) -> bool {
    !t.chars().any(is_han) || WEB_JUNK.is_match(t)
}

pub(crate) fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{20000}'..='\u{2ffff}')
}

fn is_title_like(t: &str) -> bool {
    let len = t.chars().count();
    if !(4..=110).contains(&len) || super::marker::find(t).is_some() {
        return false;
    }
    // A title with a stray final 。 is still the title (and the format pack reports the 。);
    // a sentence has other punctuation before its end.
    if t.trim_end().ends_with('。') && t.contains(['，', '；', '：', '、']) {
        return false;
    }
    let core = title_core(t);
    if core.ends_with(['。', '：', '，', '；']) || core.contains('。') {
        return false;
    }
    TITLE_END.is_match(&core)
}

/// A short line that may start a title wrapped over two lines.
fn is_title_start(t: &str) -> bool {
    let len = t.chars().count();
    (2..=40).contains(&len)
        && !t.contains(['。', '，', '；', '：'])
        && super::marker::find(t).is_none()
        && !is_date_line(t)
        && !DOC_NUMBER.is_match(t)
}

/// Block `i - 1` when it is the first line of a title that wraps before block `i`: an
/// issuing organ above 关于…, or a line ending in 关于印发.
fn wrapped_start(views: &[MatchView], i: usize) -> Option<usize> {
    let prev = views.get(i.checked_sub(1)?)?.text();
    let here = views[i].text();
    let joins = here.starts_with("关于")
        || prev.ends_with("关于印发")
        || prev.ends_with("关于转发")
        || prev.ends_with("关于");
    (joins && is_title_start(prev) && !is_junk(prev)).then_some(i - 1)
}

fn embedded_title(t: &str) -> Option<String> {
    let core = FILE_EXT.replace(t.trim(), "").to_string();
    let c = COVER_TITLE.captures(&core)?;
    let inner = c.get(2)?.as_str();
    let inner = inner.trim_start_matches('《').trim_end_matches('》');
    Some(inner.to_string())
}

fn squash(t: &str) -> String {
    t.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The plan's own title after a cover notice: the title the cover names, else the first line
/// that reads as a plan title before the plan's first numbered heading.
fn find_plan_title(
    blocks: &[Block],
    views: &[MatchView],
    after: usize,
    embedded: Option<&str>,
) -> Option<usize> {
    if let Some(want) = embedded.map(squash).filter(|w| w.chars().count() >= 4) {
        let found = (after..blocks.len()).find(|&i| {
            let got = squash(&title_core(views[i].text()));
            got == want
                || (got.len() > want.len() / 2
                    && want.ends_with(&got)
                    && is_title_like(views[i].text()))
        });
        if found.is_some() {
            return found;
        }
    }
    for i in after..blocks.len().min(after + HEAD_BLOCKS) {
        let t = views[i].text();
        if super::marker::find(t).is_some() {
            return None;
        }
        if is_title_like(t) && PLAN_END.is_match(&title_core(t)) {
            return Some(i);
        }
        if is_title_start(t)
            && let Some(next) = views.get(i + 1)
            && is_title_like(next.text())
            && PLAN_END.is_match(&title_core(next.text()))
            && !TITLE_TAIL.is_match(next.text())
            && next.text().chars().count() <= 30
            && !looks_like_signature(t)
        {
            return Some(i);
        }
    }
    None
}

fn looks_like_signature(t: &str) -> bool {
    t.ends_with("政府") || t.ends_with("办公室") || t.ends_with("委员会") || t.ends_with('局')
}

/// The title at block `i`, joined with the next line when the title wraps or a year range
/// stands on its own line.
fn join_title(text: &str, blocks: &[Block], views: &[MatchView], i: usize) -> (String, Span) {
    let orig = |k: usize| title_span(&views[k]);
    let mut span = orig(i);
    let mut parts = vec![span];
    let here = views[i].text();
    if let Some(next) = views.get(i + 1).map(|v| v.text()) {
        let wraps = !TITLE_END.is_match(&title_core(here))
            && is_title_like(next)
            && next.chars().count() <= 40;
        let tail =
            TITLE_TAIL.is_match(next) && TITLE_TAIL.find(next).is_some_and(|m| m.start() == 0);
        if (wraps || tail) && blocks[i + 1].kind != BlockKind::TableRow {
            let s = orig(i + 1);
            parts.push(s);
            span = span.cover(s);
        }
    }
    (parts.iter().map(|s| &text[s.start..s.end]).collect(), span)
}

/// A title block's original text without a trailing file extension (web residue).
fn title_span(view: &MatchView) -> Span {
    let t = view.text();
    let end = FILE_EXT.find(t).map_or(t.len(), |m| m.start());
    view.to_original(0, end)
}

/// Is this view a 成文日期 line (2025年3月14日, 二〇二五年三月十四日)?
pub(crate) fn is_date_line(t: &str) -> bool {
    DATE_LINE.is_match(t) || CN_DATE_LINE.is_match(t)
}

fn date_line(view: &MatchView) -> Option<(Span, String)> {
    let t = view.text();
    let whole = view.to_original(0, t.len());
    if let Some(c) = DATE_LINE.captures(t) {
        let (y, m, d): (i32, u32, u32) =
            (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
        return valid(y, m, d).then(|| (whole, format!("{y:04}-{m:02}-{d:02}")));
    }
    if let Some(c) = CN_DATE_LINE.captures(t) {
        let y: String = c[1]
            .chars()
            .map(|ch| match ch {
                '〇' | '○' | '零' => '0',
                other => char::from_digit(
                    super::marker::chinese_number(&other.to_string()).unwrap_or(0),
                    10,
                )
                .unwrap_or('0'),
            })
            .collect();
        let y: i32 = y.parse().ok()?;
        let m = super::marker::chinese_number(&c[2])?;
        let d = super::marker::chinese_number(&c[3])?;
        return valid(y, m, d).then(|| (whole, format!("{y:04}-{m:02}-{d:02}")));
    }
    None
}

fn valid(y: i32, m: u32, d: u32) -> bool {
    (1949..=2200).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)
}

#[cfg(test)]
mod tests {
    use crate::input::{Format, read_str};
    use crate::outline::{DocKind, build};

    fn head(text: &str) -> (Option<String>, DocKind, Option<String>, Option<String>) {
        let doc = build(read_str("a.txt", text, Format::Text));
        let h = &doc.header;
        (
            h.title.as_ref().map(|(t, _)| t.clone()),
            h.kind,
            h.doc_number.map(|s| doc.text(s).to_string()),
            h.date.as_ref().map(|(_, d)| d.clone()),
        )
    }

    #[test]
    fn cover_title_wrapped_after_guanyu_yinfa_and_a_chinese_numeral_date() {
        let (title, kind, number, date) = head(
            "青川县人民政府关于印发\n青川县水污染防治工作方案的通知\n青府发[2016]31号\n各乡镇人民政府：\n现将《青川县水污染防治工作方案》印发给你们，请认真贯彻执行。\n青川县人民政府\n二〇一六年五月十日\n青川县水污染防治工作方案\n一、总体要求\n",
        );
        assert_eq!(title.as_deref(), Some("青川县水污染防治工作方案"));
        assert_eq!(kind, DocKind::Plan);
        assert_eq!(number.as_deref(), Some("青府发[2016]31号"));
        assert_eq!(date.as_deref(), Some("2016-05-10"));
    }

    #[test]
    fn issuing_organ_above_the_title_of_a_notice() {
        let (title, kind, _, _) = head(
            "青川县人民政府办公室\n关于做好2025年春节期间安全生产工作的通知\n各乡镇人民政府：\n为做好春节期间安全生产工作，现就有关事项通知如下：\n一、高度重视。各乡镇要压实责任。\n",
        );
        assert_eq!(
            title.as_deref(),
            Some("青川县人民政府办公室关于做好2025年春节期间安全生产工作的通知")
        );
        assert_eq!(kind, DocKind::Notice);
    }

    #[test]
    fn opinion_work_points_attachment_and_speech() {
        assert_eq!(head("关于进一步加强安全生产工作的实施意见\n为进一步加强安全生产工作，提出如下意见。\n一、总体要求\n").1, DocKind::Opinion);
        assert_eq!(
            head("青川县2024年政府工作要点\n2024年是关键一年。\n一、着力稳增长\n").1,
            DocKind::Plan
        );
        let (title, kind, _, _) = head(
            "附件\n青川县重点任务分工方案\n（2024—2026年）\n为贯彻落实有关部署，制定本方案。\n一、工作目标\n",
        );
        assert_eq!(
            title.as_deref(),
            Some("青川县重点任务分工方案（2024—2026年）")
        );
        assert_eq!(kind, DocKind::Plan);
        assert_eq!(
            head("在全县安全生产工作会议上的讲话\n同志们：\n今天召开全县安全生产工作会议。\n").1,
            DocKind::Speech
        );
    }
}
