#!/usr/bin/env python3
"""Builds the data of the altered-set-phrase rule (PL505):

  rules/lexicons/set-phrases.txt       standard 公文 terms and set phrases
  src/rules/altered/dictionary-words.txt  words of four or more characters ("is this a word?")

Usage: python3 tools/build-set-phrases.py PATH/TO/jieba-rs-X/src/data/dict.txt

jieba's dict.txt is read from the jieba-rs crate (MIT licence; `cargo fetch` a scratch
project that depends on jieba-rs and look under ~/.cargo/registry/src/). The output is
deterministic: the same inputs give the same files.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEX = ROOT / "rules" / "lexicons"
HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]+$")

# Set phrases are at least this long: a two- or three-character form one word off is usually
# another real word.
MIN_PHRASE = 4
MAX_PHRASE = 16

# jieba parts of speech kept as set phrases: idioms (i), fixed expressions (l), nouns (n),
# verbs (v, vn), other proper nouns (nz), abbreviations (j). Person, place and organisation
# names (nr, ns, nt, nrt), numerals (m) and times (t) are not set phrases.
PHRASE_POS = {"i", "l", "n", "v", "vn", "nz", "j"}
# Minimum jieba frequency for a word to become a set phrase on frequency alone.
PHRASE_FREQ = 30
# Minimum jieba frequency for the "is a word" dictionary (frequency 1-2 entries are noise).
WORD_FREQ = 3
# Two-character words are in the dictionary too, to tell whether a changed character makes a word
# with its neighbour (制订 in 制订方案 is no slip for 制定); only the commoner ones.
PAIR_FREQ = 10

# Collocation grid: 公文 adverbs and verbs that combine into fixed formulas (切实做到,
# 进行核查, 比较扎实). Drawn from the accountability and safeguard wording the domain notes
# quote (../shared/domain/plans-and-standards.md) and the clean fixture plans.
ADVERBS = "切实 认真 严格 坚决 积极 扎实 全面 深入 大力 加快 着力 持续 不断 及时 有效 统筹 主动 进一步".split()
VERBS = (
    "加强 推进 推动 落实 履行 做到 做好 抓好 开展 执行 提高 增强 解决 维护 保障 改进 转变 "
    "发挥 负起 防范 整改 核查 检查 督查 排查 部署 实施 完善 建立 健全 贯彻 强化 压实 优化 "
    "提升 减少 控制 治理 整治 监管 管控 查处 处理 组织 协调 配合 保护 改善 加大 抓实 担起"
).split()
DOING = (
    "核查 检查 督查 排查 整改 调研 评估 考核 研究 部署 处理 整治 通报 约谈 审查 清理 监测 "
    "指导 培训 宣传 督导 验收 摸底 梳理 分析 调度 总结 复核 抽查 巡查 督办 问责 追责"
).split()
PAIRS = {
    "督促": "检查 指导 落实 解决 整改 企业 各地 责任主体 有关部门 履职".split(),
    "比较": "扎实 明显 突出 薄弱 滞后 完善 健全 困难 集中 普遍".split(),
    "明确": "职责 责任 任务 分工 目标 要求 时限 标准 职责任务 责任人 工作重点 责任分工".split(),
    "保持": "高压态势 良好势头 好的势头 定力 稳定 常态".split(),
    "结束": "巡视 督查 检查 整改 督察".split(),
    "心存": "幻想 侥幸".split(),
    "加强": "领导 监管 督导 协调 配合 宣传 管理 监督 指导 组织领导".split(),
    "严格": "要求 标准 考核 问责 执法 监管 管理 程序 把关".split(),
    "具体": "任务 措施 要求 举措 工作 目标 行动 办法".split(),
}


def read_terms(path):
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        out.append(line)
    return out


def key_value(entry):
    if "=>" in entry:
        k, v = entry.split("=>", 1)
        return k.strip(), v.strip()
    return entry, None


def han_runs(text):
    return re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff]+", text)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    jieba = []
    for line in Path(sys.argv[1]).read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3 and HAN.match(parts[0]):
            jieba.append((parts[0], int(parts[1]), parts[2]))

    # Every phrase once, with the first source that gave it.
    phrases = {}
    synonym_only = set()

    def add(p, source):
        if HAN.match(p) and MIN_PHRASE <= len(p) <= MAX_PHRASE and p not in phrases:
            phrases[p] = source

    # Standard terms and the right forms of misused terms: one- and two-character slips in them
    # are PL504's and PL501's, so only word swaps are looked for here ("=> 同义").
    for t in read_terms(LEX / "standard-terms.txt"):
        k, _ = key_value(t)
        add(k, "standard-terms")
        synonym_only.add(k)
    for t in read_terms(LEX / "misused-terms.txt"):
        _, v = key_value(t)
        if v:
            add(v, "misused-terms")
    # Wrong forms other rules report (布署 is PL501's, 急待解决 PL502's): an altered form that
    # holds one is left to them ("=> 另报").
    elsewhere = set()
    for name in ("misused-terms.txt", "usage-notes.txt"):
        for t in read_terms(LEX / name):
            k, _ = key_value(t)
            if HAN.match(k):
                elsewhere.add(k)

    section = "core"
    for line in (ROOT / "tools" / "set-phrases" / "core.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("## "):
            section = "core: " + line[3:]
        elif line and not line.startswith("#"):
            add(line, section)

    for a in ADVERBS:
        for v in VERBS:
            add(a + v, "grid: adverb + verb")
    for d in DOING:
        add("进行" + d, "grid: 进行 + verb")
    for head, tails in PAIRS.items():
        for t in tails:
            add(head + t, "grid: " + head + " + …")

    # jieba words attested in the domain notes and the clean texts of this repository.
    attested = ""
    domain = ROOT.parent.parent / "shared" / "domain"
    for p in sorted(domain.glob("*.md")) + sorted(domain.glob("*.csv")):
        attested += p.read_text(encoding="utf-8") + "\n"
    for p in sorted((ROOT / "tests" / "fixtures").glob("*.txt")) + [ROOT / "examples" / "sample-plan.txt"]:
        attested += p.read_text(encoding="utf-8") + "\n"
    runs = "\n".join(han_runs(attested))
    for w, f, pos in jieba:
        if len(w) >= MIN_PHRASE and f >= WORD_FREQ and pos in PHRASE_POS and w in runs:
            add(w, "jieba, attested in the domain notes or clean texts")

    for w, f, pos in jieba:
        if f >= PHRASE_FREQ and pos in PHRASE_POS:
            add(w, "jieba, frequency >= %d" % PHRASE_FREQ)

    by_source = {}
    for p, s in phrases.items():
        by_source.setdefault(s, []).append(p)
    header = [
        "# 固定表述（疑似被改写的固定表述规则 PL505 的词表）：正文中出现某条提法的“改写形”——其中一个词换成",
        "# src/rules/altered/phrase-synonyms.txt 中的改写词，或一两个字换成同目录 confusable-chars.txt 中的形近字、",
        "# 音近字、同目录 homophone-chars.txt 中的同音字——且改写形不是词典（同目录 dictionary-words.txt）中的词时报告。",
        "# “提法 => 同义”只查换词（一两个字的误写由 PL504 报告）；“误写 => 另报”是其他规则报告的误写，含有它的改写形不报告。",
        "# 本文件由 tools/build-set-phrases.py 生成，不要手改；补充提法请改 tools/set-phrases/core.txt 后重新生成，",
        "# 或在 planlint.yaml 的 lexicons: 中补充到 set-phrases。各段来源见段首注释：",
        "#   standard-terms / misused-terms：本目录的两份词表（来源见各自文件头）；",
        "#   core：tools/set-phrases/core.txt 中人工整理的公文固定表述（分段注明出处）；",
        "#   grid：公文常用副词、动词的固定搭配（切实做到、进行核查、督促检查），词表见生成脚本；",
        "#   jieba：jieba-rs 自带词典 dict.txt（MIT 许可，https://github.com/messense/jieba-rs）中四字以上的",
        "#          成语、习用语、名词和动词，或在 ../shared/domain/ 与本仓库的干净样例中出现过的词。",
        "# 共 %d 条。" % len(phrases),
    ]
    out = header[:]
    out.append("# --- 其他规则报告的误写（misused-terms、usage-notes）：含有它们的改写形不在这里重复报告")
    for k in sorted(elsewhere):
        out.append(k + " => 另报")
    for s in sorted(by_source, key=lambda s: (not s.startswith(("standard", "misused")), not s.startswith("core"), s)):
        out.append("# --- " + s)
        for p in sorted(by_source[s]):
            out.append(p + (" => 同义" if p in synonym_only else ""))
    (LEX / "set-phrases.txt").write_text("\n".join(out) + "\n", encoding="utf-8")

    words = sorted(
        {w for w, f, _ in jieba if (len(w) >= MIN_PHRASE and f >= WORD_FREQ) or (len(w) == 2 and f >= PAIR_FREQ)}
    )
    whead = [
        "# 词典：用来判断一个疑似改写形本身是不是词（是词就不报告），以及改动的字是否与相邻的字组成词。",
        "# 由 tools/build-set-phrases.py 从 jieba-rs 自带词典 dict.txt 生成：只留汉字组成、四字以上且词频不低于 %d、" % WORD_FREQ,
        "# 或两字且词频不低于 %d 的词条。" % PAIR_FREQ,
        "# jieba-rs: Copyright (c) 2019 messense, MIT License, https://github.com/messense/jieba-rs ；",
        "# 词典来自 jieba（Python 版，MIT License，https://github.com/fxsjy/jieba）。按码位排序，一行一词。",
    ]
    (ROOT / "src" / "rules" / "altered" / "dictionary-words.txt").write_text("\n".join(whead + words) + "\n", encoding="utf-8")
    print("set phrases: %d, dictionary words: %d" % (len(phrases), len(words)))
    for s in sorted(by_source):
        print("  %6d  %s" % (len(by_source[s]), s))


if __name__ == "__main__":
    main()
