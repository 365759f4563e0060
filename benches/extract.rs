//! Throughput of reading a plan and extracting its ledger (`extract`), and of that plus every
//! built-in rule of every pack (`check`), on generated plans of up to about 3 MB.
//! Run with `cargo bench --bench extract`; divan prints MB/s per input size.

use divan::counter::BytesCount;

fn main() {
    divan::main();
}

const UNITS: [&str; 6] = [
    "市生态环境局",
    "市发展改革委",
    "市工业和信息化局",
    "市住房和城乡建设局",
    "市交通运输局",
    "市市场监管局",
];
const DEADLINES: [&str; 6] = [
    "2025年6月底前，",
    "年底前，",
    "每季度",
    "",
    "尽快",
    "到2026年底，",
];

/// A plan with `sections` task sections of 10 groups × 8 tasks, in the shapes real plans use:
/// parentheticals, label lines, blanket statements, vague and missing deadlines.
fn plan(sections: usize) -> String {
    let mut s = String::from(
        "宁川市人民政府办公室关于印发《宁川市城乡环境综合整治工作方案》的通知\n宁政办发〔2025〕9号\n各县区人民政府，市政府各部门：\n现印发给你们，请认真贯彻落实。\n宁川市人民政府办公室\n2025年3月14日\n宁川市城乡环境综合整治工作方案\n一、总体要求\n坚持问题导向、系统治理，推动城乡环境持续改善。\n二、工作目标\n到2025年底，空气质量优良天数比率达到85%以上，生活垃圾无害化处理率保持100%。\n",
    );
    let mut n = 0;
    for sec in 0..sections {
        s.push_str(&format!("{}、重点任务\n", cn(sec + 3)));
        for g in 0..10 {
            s.push_str(&format!("（{}）推进第{}组重点工作\n", cn(g + 1), g + 1));
            for t in 0..8 {
                n += 1;
                let lead = UNITS[(n + t) % UNITS.len()];
                let support = UNITS[(n + 2) % UNITS.len()];
                let when = DEADLINES[n % DEADLINES.len()];
                match n % 4 {
                    0 => s.push_str(&format!(
                        "{n}.开展专项排查整治。对辖区内重点企业、重点区域开展全面排查，{when}完成问题整改，建立长效管理机制。（{lead}牵头，{support}配合，各县区人民政府负责落实）\n"
                    )),
                    1 => s.push_str(&format!(
                        "{n}.强化日常监管执法。严厉打击违法违规行为，{when}实现监管全覆盖。\n责任单位：{lead}、{support}\n完成时限：2025年12月底前\n"
                    )),
                    2 => s.push_str(&format!(
                        "{n}.完善基础设施建设。{lead}负责统筹推进，{when}完成年度建设任务。以下各项工作均需各县区人民政府落实，不再列出。\n"
                    )),
                    _ => s.push_str(&format!(
                        "{n}.加强宣传引导。充分利用广播电视、政务新媒体等渠道，广泛宣传政策措施，营造良好氛围。\n"
                    )),
                }
            }
        }
    }
    s.push_str("九、保障措施\n（一）严格督查考核。对工作推进不力的，由市政府约谈其主要负责人；情节严重的，依规依纪严肃问责。\n");
    s
}

fn cn(n: usize) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => D[n].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", D[n - 10]),
        _ => format!("{}十{}", D[n / 10], D[n % 10]),
    }
}

#[divan::bench(args = [1, 10, 40])]
fn extract(bencher: divan::Bencher, sections: usize) {
    let text = plan(sections);
    bencher.counter(BytesCount::of_str(&text)).bench(|| {
        let (doc, facts) = planlint::read_str("bench.txt", divan::black_box(&text));
        divan::black_box((doc.tasks.len(), facts.tasks.len()))
    });
}

/// All built-in packs (plan, format, punctuation, numbers, wording, hygiene) up to ~3 MB.
#[divan::bench(args = [1, 10, 40, 90])]
fn check(bencher: divan::Bencher, sections: usize) {
    let text = plan(sections);
    let rules = planlint::rules::load::builtin().expect("built-in packs load");
    let settings = planlint::engine::Settings::default();
    bencher.counter(BytesCount::of_str(&text)).bench(|| {
        let (doc, facts) = planlint::read_str("bench.txt", divan::black_box(&text));
        let found = planlint::engine::lint(&doc, &facts, &rules, &settings);
        divan::black_box(found.len())
    });
}
