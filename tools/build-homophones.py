#!/usr/bin/env python3
"""Builds src/rules/altered/homophone-chars.txt, the sound-alike table of the altered-set-phrase
rule (PL505): the commonest characters grouped by their main reading, tone included.

Usage: python3 tools/build-homophones.py PATH/TO/jieba-rs-X/src/data/dict.txt
Needs pypinyin (MIT licence; `pip install pypinyin`), used here only: planlint reads the
generated table. Character frequency is the summed jieba frequency of the words holding the
character.
"""

import collections
import re
import sys
from pathlib import Path

from pypinyin import Style, pinyin

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "rules" / "altered" / "homophone-chars.txt"
HAN = re.compile(r"^[\u4e00-\u9fff]$")
# The commonest characters only: rare homophones are not what an input method offers first.
TOP = 3000
# Characters whose alternation is a matter of usage, not a slip (的/地/得, 他/她/它, 作/做, 象/像,
# 订/定, 须/需, 其/齐 are left to the usage rules or are both right in many phrases).
LEFT_OUT = set("的地得他她它作做象像订定")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    freq = collections.Counter()
    for line in Path(sys.argv[1]).read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3:
            for c in parts[0]:
                if HAN.match(c):
                    freq[c] += int(parts[1])
    common = [c for c, _ in freq.most_common(TOP) if c not in LEFT_OUT]
    groups = collections.defaultdict(list)
    for c in common:
        reading = pinyin(c, style=Style.TONE3, heteronym=False, neutral_tone_with_five=True)[0][0]
        if re.match(r"^[a-z]+[1-5]$", reading):
            groups[reading].append(c)
    lines = [
        "# 音近字（同音同调）：每行一个读音和读这个音的常用字，用于疑似被改写的固定表述规则（PL505）。",
        "# 由 tools/build-homophones.py 生成：jieba 词典（jieba-rs 自带，MIT 许可）中最常用的 %d 个汉字，" % TOP,
        "# 按 pypinyin（MIT 许可，https://github.com/mozillazg/python-pinyin）给出的主要读音分组；",
        "# 的/地/得、他/她/它、作/做、象/像、订/定 的互换多是用法问题，不收。",
    ]
    for reading in sorted(groups):
        if len(groups[reading]) >= 2:
            lines.append(reading + " " + "".join(groups[reading]))
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("%d groups" % sum(1 for g in groups.values() if len(g) >= 2))


if __name__ == "__main__":
    main()
