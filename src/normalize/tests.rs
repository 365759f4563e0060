//! The view's text and its map back to the original, on the awkward input drafts bring.

use super::*;

#[test]
fn appended_views_keep_their_map() {
    let first = "1.推進區(qū)域聯防聯控,(市環保局牽頭)";
    let second = "責任單位:縣應急管理局";
    let base2 = first.len() + 1;
    let original = format!("{first}\n{second}");
    let v1 = MatchView::new(first, 0);
    let v2 = MatchView::new(second, base2);
    let from = v1.text().find("推进").unwrap();
    let mut b = MatchViewBuilder::default();
    b.append(&v1, from);
    b.push_separator('\n', base2);
    b.append(&v2, 0);
    let joined = b.finish();
    assert_eq!(
        joined.text(),
        "推进区域联防联控，（市环保局牵头）\n责任单位：县应急管理局"
    );
    let at = |needle: &str| {
        let s = joined.text().find(needle).unwrap();
        let span = joined.to_original(s, s + needle.len());
        original[span.start..span.end].to_string()
    };
    assert_eq!(at("区域"), "區(qū)域");
    assert_eq!(at("市环保局"), "市環保局");
    assert_eq!(at("县应急管理局"), "縣應急管理局");
    assert_eq!(
        at("推进区域联防联控，（市环保局牵头）\n责任单位"),
        &original[2..original.find(":").unwrap()]
    );
}

/// Builds the view of `original` at `base` and checks its text.
fn view(original: &str, base: usize, expected: &str) -> MatchView {
    let v = MatchView::new(original, base);
    assert_eq!(v.text(), expected, "view of {original:?}");
    v
}

/// The original text behind the first occurrence of `needle` in the view.
fn behind<'a>(original: &'a str, base: usize, v: &MatchView, needle: &str) -> &'a str {
    let at = v
        .text()
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {:?}", v.text()));
    let span = v.to_original(at, at + needle.len());
    &original[span.start - base..span.end - base]
}

fn case(original: &str, expected_view: &str, needle: &str, expected_original: &str) {
    for base in [0, 1234] {
        let v = view(original, base, expected_view);
        assert_eq!(behind(original, base, &v, needle), expected_original);
    }
}

#[test]
fn pinyin_after_traditional_is_dropped() {
    case("區(qū)政府", "区政府", "区政府", "區(qū)政府");
    case("區(qū)政府", "区政府", "区", "區");
    case("區(qū)政府", "区政府", "政府", "政府");
}

#[test]
fn pinyin_run_of_a_mirror_site_sentence() {
    let original = "推進(jìn)社會獨(dú)立型洗選企業(yè)產(chǎn)業(yè)升級";
    let v = view(original, 0, "推进社会独立型洗选企业产业升级");
    assert_eq!(behind(original, 0, &v, "企业"), "企業");
    assert_eq!(behind(original, 0, &v, "业产"), "業(yè)產");
    assert_eq!(behind(original, 0, &v, "升级"), "升級");
}

#[test]
fn pinyin_after_simplified_is_dropped() {
    case("区(qū)政府", "区政府", "区政府", "区(qū)政府");
    case("开发（fā）区", "开发区", "发区", "发（fā）区");
    case("，区(qū)", "，区", "区", "区");
}

#[test]
fn pinyin_in_full_width_and_mixed_brackets() {
    case("專項（xiàng）整治", "专项整治", "专项", "專項");
    case("開發(fā)區(qū)管委會", "开发区管委会", "管委会", "管委會");
    case("管轄(xiá）範圍", "管辖范围", "管辖范围", "管轄(xiá）範圍");
    case("環(huán)境質(zhì)量", "环境质量", "环境", "環(huán)境");
    case("環(huán)境質(zhì)量", "环境质量", "境质量", "境質(zhì)量");
}

#[test]
fn pinyin_with_decomposed_tone_mark() {
    case("區(qu\u{304})政府", "区政府", "区政", "區(qu\u{304})政");
}

#[test]
fn brackets_that_are_not_pinyin_stay() {
    case(
        "细颗粒物(PM2.5)浓度",
        "细颗粒物（PM2.5）浓度",
        "（PM2.5）",
        "(PM2.5)",
    );
    case(
        "挥发性有机物(VOCs)治理",
        "挥发性有机物（VOCs）治理",
        "VOCs",
        "VOCs",
    );
    case(
        "实施(I/M制度)",
        "实施（I/M制度）",
        "（I/M制度）",
        "(I/M制度)",
    );
    case(
        "开发区(管委会)负责",
        "开发区（管委会）负责",
        "（管委会）",
        "(管委会)",
    );
    case(
        "三年行动(2024—2026年)",
        "三年行动（2024—2026年）",
        "2024—2026",
        "2024—2026",
    );
    case("區(qu)政府", "区（qu）政府", "（qu）", "(qu)");
    case("市场(market)", "市场（market）", "market", "market");
    case("PM(ā)", "PM（ā）", "（ā）", "(ā)");
}

#[test]
fn annotation_only_right_after_the_han_char() {
    // The second bracket follows `)`, not a Han char, so it is ordinary text.
    case(
        "鄉鎮(zhèn)(街道)負(fù)責(zé)人",
        "乡镇（街道）负责人",
        "（街道）",
        "(街道)",
    );
    case("區 (qū)", "区（qū）", "（qū）", "(qū)");
}

#[test]
fn unfinished_annotations_at_the_end() {
    view("區(qū)", 0, "区");
    view("區(", 0, "区（");
    view("區(qū", 0, "区（qū");
    view("區（", 0, "区（");
    view("(", 0, "（");
    view("區(qū)(", 0, "区（");
    view("區(zhuāngzhuāng)", 0, "区（zhuāngzhuāng）");
}

#[test]
fn traditional_converts_char_for_char() {
    case(
        "市環保局牽頭，市經信委配合",
        "市环保局牵头，市经信委配合",
        "经信委",
        "經信委",
    );
    case(
        "確保年度環境空氣質量達標",
        "确保年度环境空气质量达标",
        "达标",
        "達標",
    );
    case(
        "各鄉鎮（街道）負責人",
        "各乡镇（街道）负责人",
        "负责人",
        "負責人",
    );
}

#[test]
fn phrases_decide_ambiguous_chars() {
    case("據瞭解，當前", "据了解，当前", "了解", "瞭解");
    case("保持路面乾淨", "保持路面干净", "干净", "乾淨");
    case("乾隆年間", "乾隆年间", "乾隆", "乾隆");
    case("不瞭(liǎo)解情況", "不了解情况", "了解", "瞭(liǎo)解");
    case("函覆市政府", "函复市政府", "函复", "函覆");
    case("計畫於年底完成", "计划于年底完成", "计划于", "計畫於");
}

/// The per-char table and the phrase redo must give exactly what OpenCC gives for the
/// whole run.
#[test]
fn fast_path_agrees_with_opencc() {
    let original = "為貫徹落實黨中央、國務院關於深入打好污染防治攻堅戰的決策部署，\
        據瞭解各鄉鎮覆蓋率仍然偏低，計畫於年底前完成乾淨整潔的目標，\
        嚴格執行環境影響評價製度，鍾樓區藉助數據平台彷彿一目瞭然，\
        沈陽市與鄰近縣區聯繫緊密，發揮畫龍點睛作用";
    let conv = CONVERTER.as_ref().expect("t2s loads");
    assert_eq!(fold(original), conv.convert(original));
    let v = MatchView::new(original, 0);
    assert_eq!(
        v.to_original(0, v.text().len()),
        Span::new(0, original.len())
    );
}

#[test]
fn plan_sentences_end_to_end() {
    let original = "(三)嚴格揚(yáng)塵管控.市住建局牽頭,各縣(市、區(qū))人民政府負(fù)責(zé)落實(shí),２０２５年１０月底前完成.";
    let v = view(
        original,
        0,
        "（三）严格扬尘管控.市住建局牵头，各县（市、区）人民政府负责落实，2025年10月底前完成.",
    );
    assert_eq!(behind(original, 0, &v, "（三）"), "(三)");
    assert_eq!(behind(original, 0, &v, "扬尘管控"), "揚(yáng)塵管控");
    assert_eq!(
        behind(original, 0, &v, "各县（市、区）人民政府"),
        "各縣(市、區(qū))人民政府"
    );
    assert_eq!(behind(original, 0, &v, "负责落实"), "負(fù)責(zé)落實");
    assert_eq!(
        behind(original, 0, &v, "2025年10月底前"),
        "２０２５年１０月底前"
    );

    case(
        "责任单位: 市发展改革委、市工业和信息化局 (按职责分工负责)",
        "责任单位：市发展改革委、市工业和信息化局（按职责分工负责）",
        "（按职责分工负责）",
        "(按职责分工负责)",
    );
    case(
        "完成时限: 2024年12月31日前; 长期坚持.",
        "完成时限：2024年12月31日前；长期坚持.",
        "2024年12月31日前；",
        "2024年12月31日前;",
    );
    case(
        "對工作不力、進展緩慢的,嚴肅追究相關責任人責任.",
        "对工作不力、进展缓慢的，严肃追究相关责任人责任.",
        "严肃追究",
        "嚴肅追究",
    );
}

#[test]
fn simplified_text_is_left_alone() {
    let original = "怎么做、做什么，要显著提升卓著成效，干部于年底前完成";
    view(original, 0, original);
}

#[test]
fn han_run_continues_across_removed_space() {
    case("發 展和改革委員會", "发展和改革委员会", "发展", "發 展");
}

#[test]
fn ascii_punctuation_becomes_full_width() {
    case(
        "(市环保局牵头,市经信委配合)",
        "（市环保局牵头，市经信委配合）",
        "，",
        ",",
    );
    case(
        "(市环保局牵头,市经信委配合)",
        "（市环保局牵头，市经信委配合）",
        "（市环保局",
        "(市环保局",
    );
    case(
        "责任单位:市住建局;配合单位:各区",
        "责任单位：市住建局；配合单位：各区",
        "：市住建局；",
        ":市住建局;",
    );
    case("是否达标?必须达标!", "是否达标？必须达标！", "？", "?");
}

#[test]
fn digit_separators_stay_ascii() {
    case("投资1,000万元", "投资1,000万元", "1,000", "1,000");
    case("上午10:30召开", "上午10:30召开", "10:30", "10:30");
    case("2024年,2025年", "2024年，2025年", "，", ",");
    case("完成1, 2项", "完成1，2项", "1，2", "1, 2");
    case("时间:2025年", "时间：2025年", "：2", ":2");
    case("１,０００吨", "1,000吨", "1,000", "１,０００");
}

#[test]
fn urls_keep_their_colon() {
    view("详见http://www.mee.gov.cn", 0, "详见http://www.mee.gov.cn");
}

#[test]
fn full_width_letters_and_digits_fold() {
    case("２０２５年６月底前", "2025年6月底前", "2025", "２０２５");
    case("２０２５年６月底前", "2025年6月底前", "6月底前", "６月底前");
    case(
        "ＰＭ２．５浓度下降１０％",
        "PM2.5浓度下降10%",
        "PM2.5",
        "ＰＭ２．５",
    );
    case(
        "ＰＭ２．５浓度下降１０％",
        "PM2.5浓度下降10%",
        "10%",
        "１０％",
    );
    case("完成整改｡", "完成整改。", "。", "｡");
}

#[test]
fn other_punctuation_stays() {
    let original = "按照〔2024〕3号、[2023]5号和【重要】“三线一单”要求——";
    view(original, 0, original);
    view("1.加强领导", 0, "1.加强领导");
    view("提高1.5倍", 0, "提高1.5倍");
}

#[test]
fn spaces_next_to_cjk_are_removed() {
    case(
        "交通运输、 公安交警、 应急管理部门要",
        "交通运输、公安交警、应急管理部门要",
        "、公安",
        "、 公安",
    );
    case("市 生态环境局", "市生态环境局", "市生态", "市 生态");
    case("PM2.5 浓度", "PM2.5浓度", "5浓", "5 浓");
    case("细颗粒物 (PM2.5)", "细颗粒物（PM2.5）", "物（", "物 (");
    case("要求 \t\u{3000}落实", "要求落实", "求落", "求 \t\u{3000}落");
}

#[test]
fn spaces_between_latin_collapse() {
    case("VOCs  and\tNOx", "VOCs and NOx", "s a", "s  a");
    case("ISO\u{A0}14001认证", "ISO 14001认证", " ", "\u{A0}");
    view("   ", 0, " ");
    view("\u{200B}", 0, "");
}

#[test]
fn indentation_and_zero_width_chars() {
    case(
        "\u{3000}\u{3000}一、总体要求",
        "一、总体要求",
        "一、",
        "一、",
    );
    case(
        "\u{FEFF}关于印发方案的通知",
        "关于印发方案的通知",
        "关于",
        "关于",
    );
    case("生态\u{200B}环境", "生态环境", "态环", "态\u{200B}环");
    case("abc\u{200B}def", "abcdef", "cd", "c\u{200B}d");
}

#[test]
fn line_breaks() {
    case(
        "一、总体要求\r\n二、重点任务",
        "一、总体要求\n二、重点任务",
        "求\n二",
        "求\r\n二",
    );
    view("第一行\r第二行", 0, "第一行\n第二行");
    view("落实到位。  \n  （一）", 0, "落实到位。\n（一）");
    view("a \r\n b", 0, "a \n b");
}

#[test]
fn emoji_combining_marks_and_astral_han() {
    view("达标👍 ", 0, "达标👍 ");
    view("e\u{301} 環", 0, "e\u{301}环");
    case("𠀀區域", "𠀀区域", "𠀀区", "𠀀區");
    view("👨\u{200D}👩", 0, "👨\u{200D}👩");
}

#[test]
fn empty_input() {
    let v = view("", 5, "");
    assert!(v.is_empty());
    assert_eq!(v.to_original(0, 0), Span::new(5, 5));
    assert_eq!(v.to_original(3, 9), Span::new(5, 5));
    let b = MatchViewBuilder::default();
    assert!(b.finish().is_empty());
    assert_eq!(fold(""), "");
}

#[test]
fn out_of_range_and_inner_offsets_do_not_panic() {
    let original = "區(qū)政府";
    let v = view(original, 0, "区政府");
    let all = Span::new(0, original.len());
    assert_eq!(v.to_original(0, 100), all);
    assert_eq!(v.to_original(1, 8), all);
    assert_eq!(v.to_original(100, 200), Span::new(all.end, all.end));
    // An empty or reversed range is the empty span where its start char begins.
    assert_eq!(v.to_original(6, 3), Span::new(11, 11));
    assert_eq!(v.to_original(3, 3), Span::new(8, 8));
}

#[test]
fn separators_join_pieces() {
    let doc = "（一）淘汰落後產能。\n市工信局牽頭";
    let second = doc.find('市').unwrap();
    let mut b = MatchViewBuilder::default();
    b.push(&doc[..second - 1], 0);
    b.push_separator('\n', second - 1);
    b.push(&doc[second..], second);
    let v = b.finish();
    assert_eq!(v.text(), "（一）淘汰落后产能。\n市工信局牵头");
    let nl = v.text().find('\n').unwrap();
    assert_eq!(v.to_original(nl, nl + 1), Span::new(second - 1, second - 1));
    let at = v.text().find("产能。\n市工信").unwrap();
    let span = v.to_original(at, at + "产能。\n市工信".len());
    assert_eq!(&doc[span.start..span.end], "產能。\n市工信");
    let at = v.text().find("牵头").unwrap();
    let span = v.to_original(at, at + "牵头".len());
    assert_eq!(&doc[span.start..span.end], "牽頭");
}

#[test]
fn separator_decides_following_space() {
    let mut b = MatchViewBuilder::default();
    b.push("完成", 0);
    b.push_separator('\n', 6);
    b.push("  1. 目标", 7);
    assert_eq!(b.finish().text(), "完成\n 1.目标");
}

#[test]
fn fold_standalone_strings() {
    assert_eq!(fold("市環境保護局"), "市环境保护局");
    assert_eq!(fold("區(qū)縣(市)"), "区县（市）");
    assert_eq!(fold("Ｉ／Ｍ制度"), "I／M制度");
    assert_eq!(fold(" 应急管理局 "), "应急管理局");
}

/// A seeded linear congruential generator: `next(n)` is below `n`, the same on every run.
fn lcg(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize % n
    }
}

/// Deterministic pseudo-random plans built from awkward pieces: every view range must map
/// to a well-formed original span, and start offsets must never go backwards.
#[test]
fn random_inputs_map_to_valid_spans() {
    const PIECES: &[&str] = &[
        "區", "(", "qū", ")", "（", "）", " ", "\u{3000}", "\u{200B}", "\r", "\n", ",", ":", "1",
        "a", "瞭", "解", "乾", "淨", "é", "\u{301}", "👍", "２", "政府", "、", "𠀀", "xiàng",
        "\u{A0}", "\t", "。", "//",
    ];
    let mut next = lcg(0x9E37_79B9_7F4A_7C15);
    for _ in 0..400 {
        let len = next(14);
        let original: String = (0..len).map(|_| PIECES[next(PIECES.len())]).collect();
        let base = next(50);
        let v = MatchView::new(&original, base);
        let bounds: Vec<usize> = (0..=v.text().len())
            .filter(|&i| v.text().is_char_boundary(i))
            .collect();
        let mut last_start = base;
        for &s in &bounds {
            for &e in &bounds {
                let span = v.to_original(s, e);
                assert!(span.start <= span.end, "{original:?} {s}..{e}");
                assert!(span.start >= base && span.end <= base + original.len());
                assert!(original.is_char_boundary(span.start - base));
                assert!(original.is_char_boundary(span.end - base));
            }
            let start = v.to_original(s, s).start;
            assert!(start >= last_start, "{original:?} at {s}");
            last_start = start;
        }
    }
}

/// `a` and `b` have the same text and map every range of it to the same original span.
fn assert_maps_alike(a: &MatchView, b: &MatchView, original: &str) {
    assert_eq!(a.text(), b.text(), "{original:?}");
    for s in 0..=a.text().len() {
        for e in s..=a.text().len() {
            assert_eq!(a.to_original(s, e), b.to_original(s, e), "{original:?}");
        }
    }
}

/// The language server keeps each paragraph's view built at offset 0 and moves it to where the
/// paragraph now starts: the moved view must map every range exactly as a fresh one does.
#[test]
fn a_rebased_view_maps_as_a_fresh_one() {
    const PIECES: &[&str] = &[
        "區", "(", "qū", ")", "（", " ", "\u{3000}", "\r", "\n", ",", ":", "1", "瞭", "解", "２",
        "政府", "𠀀", "。", "發", "展",
    ];
    let mut next = lcg(0x2545_F491_4F6C_DD1D);
    for _ in 0..300 {
        let original: String = (0..next(12)).map(|_| PIECES[next(PIECES.len())]).collect();
        let base = next(1000);
        let fresh = MatchView::new(&original, base);
        let moved = MatchView::new(&original, 0).rebased(base);
        assert_maps_alike(&fresh, &moved, &original);
    }
}

/// The language server tells a block that reads as written by its view kept at offset 0
/// (`reads_as`) and takes the block's stretch of the document as its view (`of_original`)
/// instead of moving the kept one: that must be the view a fresh fold and `sharing` give.
#[test]
fn a_kept_view_that_reads_as_written_is_the_shared_fresh_one() {
    const PIECES: &[&str] = &[
        "区", "政府", "工作", "。", "（", "）", "区", "县", "(", "qū", ")", " ", ",", "1", "２",
        "發", "𠀀",
    ];
    let mut next = lcg(0x9E37_79B9_7F4A_7C15);
    let mut itself = 0;
    for _ in 0..400 {
        let original: String = (0..1 + next(10))
            .map(|_| PIECES[next(PIECES.len())])
            .collect();
        let before = "前文。".repeat(next(4));
        let source: Arc<str> = Arc::from(format!("{before}{original}后文").as_str());
        let base = before.len();
        let fresh = MatchView::new(&original, base).sharing(&source, base);
        let kept = MatchView::new(&original, 0);
        // A block whose view drops a trailing space is shared up to it; only the whole
        // block is taken as itself.
        if !kept.reads_as(&original, 0) {
            continue;
        }
        assert_eq!(fresh.original_start(), Some(base), "{original:?}");
        itself += 1;
        let taken = MatchView::of_original(&source, base..base + original.len());
        assert_maps_alike(&fresh, &taken, &original);
    }
    assert!(itself > 50, "{itself} read as written");
}

/// Every block's view lives as long as its document, with a segment for every few chars: a
/// segment must stay three words, its optional end folded into a sentinel, and a view that
/// needs one segment must not hold room for more.
#[test]
fn a_segment_is_three_words() {
    assert_eq!(
        std::mem::size_of::<super::Segment>(),
        3 * std::mem::size_of::<usize>()
    );
    let plain = MatchView::new("推进工作。", 7);
    assert_eq!(plain.segments.capacity(), 1, "{:?}", plain.segments);
}

/// A view that reads as its original shares the document's text instead of a copy; it must
/// answer as its own copy would, alone, rebased and appended to another view, and a view that
/// folds anything must keep its own text.
#[test]
fn a_view_that_is_its_original_shares_it_and_maps_the_same() {
    const PIECES: &[&str] = &[
        "推进",
        "工作",
        "。",
        "（一）",
        "区",
        "政府",
        "2025",
        "年",
        "區",
        "(",
        "qū",
        ")",
        " ",
        ",",
        "１",
        "\u{3000}",
        "《方案》",
    ];
    let mut next = lcg(0x9E37_79B9_7F4A_7C15);
    let mut shared_seen = 0;
    let mut tails_seen = 0;
    for _ in 0..400 {
        let before: String = (0..next(4)).map(|_| PIECES[next(PIECES.len())]).collect();
        let original: String = (0..next(8)).map(|_| PIECES[next(PIECES.len())]).collect();
        let source: std::sync::Arc<str> = format!("{before}{original}").into();
        let base = before.len();
        let own = MatchView::new(&original, base);
        let view = own.clone().sharing(&source, base);
        let shared = matches!(view.text, super::ViewText::Original { .. });
        // A view that only drops trailing spaces is a prefix of its original, and shares it.
        if !original.is_empty() && own.text() == original {
            assert!(shared, "{original:?}");
        }
        if shared {
            assert!(original.starts_with(own.text()), "{original:?}");
        }
        shared_seen += usize::from(shared);
        assert_eq!(view.text(), own.text());
        for s in 0..=own.text().len() {
            for e in s..=own.text().len() {
                assert_eq!(
                    view.to_original(s, e),
                    own.to_original(s, e),
                    "{original:?}"
                );
            }
        }
        let (moved, moved_own) = (view.rebased(3), own.rebased(3));
        assert_eq!(moved.text(), moved_own.text());
        let n = moved.text().len();
        assert_eq!(moved.to_original(0, n), moved_own.to_original(0, n));
        let from = next(own.text().len() + 1);
        let joined = |v: &MatchView| {
            let mut b = MatchViewBuilder::default();
            b.push("前文", 0);
            b.push_separator('\n', 6);
            b.append(v, from);
            b.finish()
        };
        let (a, b) = (joined(&view), joined(&own));
        assert_eq!(a.text(), b.text());
        for s in 0..=a.text().len() {
            assert_eq!(
                a.to_original(s, a.text().len()),
                b.to_original(s, b.text().len())
            );
        }
        // Its tail from `from`, taken without copying, reads and maps as the appended one.
        let alone = |v: &MatchView| {
            let mut b = MatchViewBuilder::default();
            b.append(v, from);
            b.finish()
        };
        match view.original_from(from) {
            Some(tail) => {
                let appended = alone(&own);
                assert_eq!(tail.text(), appended.text(), "{original:?} from {from}");
                let n = tail.text().len();
                for s in 0..=n {
                    for e in s..=n {
                        assert_eq!(tail.to_original(s, e), appended.to_original(s, e));
                    }
                }
                tails_seen += 1;
            }
            None => assert!(
                !shared || from >= view.text().len(),
                "{original:?} from {from}"
            ),
        }
    }
    assert!(shared_seen > 20, "{shared_seen}");
    assert!(tails_seen > 20, "{tails_seen}");
}
