//! Which lines make a title: what a title ends with, the lines of a title that wraps, the
//! portal and 主送 lines that are never part of one, and the plan's own title after a cover.

use std::sync::LazyLock;

use regex::Regex;

use crate::unfiltered::{Unfiltered, unfiltered};

use super::number::is_doc_number;
use crate::input::{Block, BlockKind};
use crate::normalize::MatchView;
use crate::source::Span;

/// How far a plan's own title may lie after the line that hands it over.
const PLAN_TITLE_REACH: usize = 40;

// The end patterns run on one title line at a time: cheaper without a prefilter (see
// `crate::unfiltered`).
/// What a title ends with: its 文种, or the verbs of a news headline.
const TITLE_END_PATTERN: &str = r"(通知|方案|计划|要点|意见|办法|规划|纲要|细则|规定|清单|措施|安排|分解|分工|实事|实事项目|工作任务|重点任务|决定|报告|讲话|发言|致辞|纪要|通报|函|批复|请示|公告|通告|总结|汇报|召开|举行|部署会)$";
static TITLE_END: LazyLock<Unfiltered> = LazyLock::new(|| unfiltered(TITLE_END_PATTERN));
/// The 文种 of a document that assigns work item by item.
const PLAN_END_PATTERN: &str = r"(方案|计划|要点|意见|办法|规划|纲要|细则|清单|措施|安排|分解|分工|实事|实事项目|工作任务|重点任务)$";
pub(super) static PLAN_END: LazyLock<Unfiltered> = LazyLock::new(|| unfiltered(PLAN_END_PATTERN));
/// A year range or note after a title: （2024—2026年）, (试行), 〔2025〕.
const TITLE_TAIL_PATTERN: &str = r"(（[^（）]{1,16}）|〔[0-9]{4}〕)$";
static TITLE_TAIL: LazyLock<Unfiltered> = LazyLock::new(|| unfiltered(TITLE_TAIL_PATTERN));
static FILE_EXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\.(docx?|pdf|wps|txt)$").unwrap());
pub(super) static COVER_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(印发|转发|颁发|下发)(.+?)的?通知》?$").unwrap());
/// Web-page residue and the metadata table a government portal prints above a document.
static WEB_JUNK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(上传人|文档编号|第[0-9]+页|返回|下载|资源描述|当前位置|首页|来源：|发布时间|浏览次数|字号|【?大\s*中\s*小】?$|打印|关闭|分享到|（此件|此件公开|(索引号|主题分类|主题词|体裁分类|组配分类|服务对象|发文机关|发布机构|发布单位|成文日期|发布日期|生效日期|有效性|文号|标题|名称|信息来源|作者|编辑|责任编辑|阅读次数|点击数|公开方式|公开范围|公开时限)：)")
        .unwrap()
});
/// A 版头 or masthead line above a title: 某市人民政府文件, 某某日报.
static MASTHEAD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(文件|日报|晚报|报|网|在线|新闻|客户端|公报)$").unwrap());
static ATTACHMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^附件\s*[0-9一二三四五六七八九十]{0,3}[：:]?$").unwrap());
/// How a title starts: 关于, an organ or place name, a year, 全市.
static TITLE_OPENING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(关于|中共|全[国省市县区]|[0-9]{4}年|\p{Han}{1,10}?[省市县区州旗盟镇乡])")
        .unwrap()
});
static HEADLINE_VERB: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(印发|出台|发布|公布|转发|制定|下发)了?$").unwrap());
/// A 主送 line: 各区县人民政府，市府各部门：
static RECIPIENTS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^各.*：$|：$").unwrap());

/// The lines `start..=end` of a title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct TitleLines {
    pub start: usize,
    pub end: usize,
}

impl TitleLines {
    /// The title's view text, lines joined.
    pub fn view_text(self, views: &[MatchView]) -> String {
        (self.start..=self.end).map(|i| views[i].text()).collect()
    }

    /// The title as written, lines joined, and the span from its first to its last line.
    pub fn original(self, text: &str, blocks: &[Block], views: &[MatchView]) -> (String, Span) {
        let spans: Vec<Span> = (self.start..=self.end)
            .map(|i| title_span(text, &blocks[i], &views[i]))
            .collect();
        let joined = spans.iter().map(|s| &text[s.start..s.end]).collect();
        let span = spans[0].cover(spans[spans.len() - 1]);
        (joined, span)
    }
}

/// The title part of a block's view: without a trailing file extension, year range, or the
/// 《》 around a title quoted whole.
pub(super) fn title_core(t: &str) -> String {
    let t = FILE_EXT.replace(t.trim(), "");
    let mut t = t.trim_end_matches('。').to_string();
    // 《…的通知》 is a title in book marks, and 某省印发《…方案》 a headline naming a plan;
    // 关于印发2024年《政府工作报告》 is a title cut where it wraps, and must not read as a
    // complete 报告.
    if t.starts_with('《') && t.ends_with('》') {
        t = t['《'.len_utf8()..t.len() - '》'.len_utf8()].to_string();
    } else if names_a_document(&t) {
        t.truncate(t.len() - '》'.len_utf8());
    }
    while let Some(m) = TITLE_TAIL.find(&t) {
        t.truncate(m.start());
    }
    t
}

/// A headline that ends naming a document it reports: 四川省印发《…实施方案》.
fn names_a_document(t: &str) -> bool {
    t.ends_with('》')
        && !t.contains("关于")
        && t.rfind('《')
            .is_some_and(|open| HEADLINE_VERB.is_match(&t[..open]))
}

pub(super) fn is_junk(t: &str) -> bool {
    !t.chars().any(super::is_han) || WEB_JUNK.is_match(t)
}

pub(super) fn is_title_like(t: &str) -> bool {
    let len = t.chars().count();
    if !(4..=110).contains(&len) || super::super::marker::find(t).is_some() {
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
    // 贯彻落实《…规划 goes on on the next line.
    TITLE_END.is_match(&core) && !open_book_marks(t)
}

pub(super) fn ends_like_title(t: &str) -> bool {
    TITLE_END.is_match(&title_core(t))
}

pub(super) fn is_plan_title(t: &str) -> bool {
    is_title_like(t) && PLAN_END.is_match(&title_core(t))
}

/// A short line that may be one line of a title wrapped over several.
fn is_title_start(t: &str) -> bool {
    let len = t.chars().count();
    (2..=40).contains(&len)
        && !t.contains(['。', '，', '；', '：'])
        && super::super::marker::find(t).is_none()
        && !super::is_date_line(t)
        && !is_doc_number(t)
        && !is_junk(t)
        && !ATTACHMENT.is_match(t)
}

/// A 主送 line or a heading that introduces a list: never a title.
pub(super) fn is_recipients(t: &str) -> bool {
    RECIPIENTS.is_match(t.trim_end())
}

pub(super) fn is_attachment_line(t: &str) -> bool {
    ATTACHMENT.is_match(t.trim())
}

pub(super) fn looks_like_signature(t: &str) -> bool {
    t.ends_with("政府") || t.ends_with("办公室") || t.ends_with("委员会") || t.ends_with('局')
}

/// Open 《 in `t` not yet closed: the title goes on on the next line.
fn open_book_marks(t: &str) -> bool {
    t.matches('《').count() > t.matches('》').count()
}

/// Does `prev` read as the line before `here` in one title that wraps?
fn wraps_into(prev: &str, here: &str) -> bool {
    if !is_title_start(prev) || MASTHEAD.is_match(prev) || is_title_like(prev) {
        return false;
    }
    if here.starts_with("关于") {
        // The issuing organ above 关于…; a portal's column name (政府信息公开) is not one.
        return super::issuer::is_organ(prev);
    }
    if super::issuer::is_organ(prev) {
        // An organ above a title without 关于 is a 版头 or a signature, not its first words.
        return false;
    }
    if prev.contains("关于") || open_book_marks(prev) || here.starts_with(['》', '）']) {
        return true;
    }
    // A plan title broken in two (宁川市推进新型城镇化 / 高质量发展实施方案): both halves
    // short, the first opening as titles do (a place, a year, 全市…), neither a signature nor
    // a portal's column name (工作动态).
    !here.contains("关于")
        && TITLE_OPENING.is_match(prev)
        && here.chars().count() <= 30
        && prev.chars().count() <= 30
        && !looks_like_signature(prev)
}

/// The first line of the title whose last line is `end`: up to two lines above it when the
/// title wraps (organ / 关于印发… / …的通知).
pub(super) fn wrapped_start(views: &[MatchView], blocks: &[Block], end: usize) -> usize {
    let mut start = end;
    while end - start < 2
        && start > 0
        && blocks[start - 1].kind != BlockKind::TableRow
        && wraps_into(views[start - 1].text(), views[start].text())
    {
        start -= 1;
    }
    start
}

/// The lines of the title that starts at `start`: a title broken before its 文种 goes on
/// on the next line, and a year range may stand on a line of its own.
pub(super) fn title_lines(views: &[MatchView], blocks: &[Block], start: usize) -> TitleLines {
    let mut end = start;
    let row = |i: usize| blocks[i].kind == BlockKind::TableRow;
    while end - start < 2
        && !ends_like_title(&TitleLines { start, end }.view_text(views))
        && let Some(next) = views.get(end + 1).map(|v| v.text())
        && !row(end + 1)
        && (is_title_like(next) || is_title_start(next))
        && next.chars().count() <= 40
    {
        end += 1;
    }
    if !ends_like_title(&TitleLines { start, end }.view_text(views)) {
        // What follows does not finish the title: keep the first line only.
        end = start;
    }
    with_tail(views, blocks, TitleLines { start, end })
}

/// The title's lines with a year range standing on the line after them.
pub(super) fn with_tail(views: &[MatchView], blocks: &[Block], lines: TitleLines) -> TitleLines {
    let TitleLines { start, mut end } = lines;
    let row = |i: usize| blocks[i].kind == BlockKind::TableRow;
    if let Some(next) = views.get(end + 1).map(|v| v.text())
        && !row(end + 1)
        && TITLE_TAIL.find(next).is_some_and(|m| m.start() == 0)
    {
        end += 1;
    }
    TitleLines { start, end }
}

/// The title a cover notice names: 关于印发《X》的通知 → X.
pub(super) fn embedded_title(t: &str) -> Option<String> {
    let core = FILE_EXT.replace(t.trim(), "").to_string();
    let core = title_core(&core);
    let c = COVER_TITLE.captures(&core)?;
    let inner = c.get(2)?.as_str();
    let inner = inner.trim_start_matches('《').trim_end_matches('》');
    Some(inner.to_string())
}

fn squash(t: &str) -> String {
    t.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The plan's own title after a cover notice: the title the cover names (on one line or two),
/// else the first line that reads as a plan title before the plan's first numbered heading.
pub(super) fn find_plan_title(
    blocks: &[Block],
    views: &[MatchView],
    after: usize,
    embedded: Option<&str>,
) -> Option<usize> {
    let core = |i: usize| squash(&title_core(views[i].text()));
    if let Some(want) = embedded
        .map(|w| squash(&title_core(w)))
        .filter(|w| w.chars().count() >= 4)
    {
        let found = (after..blocks.len()).find(|&i| {
            let got = core(i);
            got == want
                || (got.chars().count() >= 4
                    && want.starts_with(&got)
                    && i + 1 < blocks.len()
                    && format!("{got}{}", core(i + 1)) == want)
                || (got.len() > want.len() / 2
                    && want.ends_with(&got)
                    && is_title_like(views[i].text()))
        });
        if found.is_some() {
            return found;
        }
    }
    for i in after..blocks.len().min(after + PLAN_TITLE_REACH) {
        let t = views[i].text();
        if super::super::marker::find(t).is_some() {
            return None;
        }
        if is_plan_title(t) {
            return Some(i);
        }
        if is_title_start(t)
            && !is_title_like(t)
            && let Some(next) = views.get(i + 1)
            && is_plan_title(next.text())
            && next.text().chars().count() <= 30
            && !looks_like_signature(t)
        {
            return Some(i);
        }
    }
    None
}

/// A plan handed over as an attachment of a notice: a line 附件1 (or 附件) followed by a plan
/// title.
pub(super) fn attached_plan_title(views: &[MatchView], after: usize) -> Option<usize> {
    (after..views.len()).find_map(|i| {
        if !is_attachment_line(views[i].text()) {
            return None;
        }
        (i + 1..views.len().min(i + 3)).find(|&k| is_plan_title(views[k].text()))
    })
}

/// A title block's original text without a trailing file extension (web residue); to the end
/// of the block otherwise, so that pinyin after its last char (印發(fā)) stays.
fn title_span(text: &str, block: &Block, view: &MatchView) -> Span {
    let t = view.text();
    match FILE_EXT.find(t) {
        Some(m) => view.to_original(0, m.start()),
        None => super::trimmed(text, block.span),
    }
}

/// Builds this module's patterns now instead of at their first use: see
/// [`crate::engine::warm_up_reading`].
pub(super) fn warm_up() {
    LazyLock::force(&TITLE_END);
    LazyLock::force(&PLAN_END);
    LazyLock::force(&TITLE_TAIL);
    LazyLock::force(&FILE_EXT);
    LazyLock::force(&COVER_TITLE);
    LazyLock::force(&WEB_JUNK);
    LazyLock::force(&MASTHEAD);
    LazyLock::force(&ATTACHMENT);
    LazyLock::force(&TITLE_OPENING);
    LazyLock::force(&HEADLINE_VERB);
    LazyLock::force(&RECIPIENTS);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unfiltered_patterns_match_as_regex_did() {
        for (pattern, re) in [
            (TITLE_END_PATTERN, &*TITLE_END),
            (PLAN_END_PATTERN, &*PLAN_END),
            (TITLE_TAIL_PATTERN, &*TITLE_TAIL),
        ] {
            crate::unfiltered::assert_same_as_regex(pattern, re);
        }
    }
}
