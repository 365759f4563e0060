#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seed inputs made from the repository's own plans, rule
# packs and configs (tests/fixtures, examples, rules, fuzz/seeds), and with the saved crash
# inputs of tests/fixtures/fuzz/<target>/. Corpora are not committed: run this first.
#
#   fuzz/seed.sh            # every target
#   fuzz/seed.sh docx pack  # only these
#
# Needs python3 (with PyYAML for the pack and expression seeds) and iconv.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(expression pack config text docx pipeline)

python3 - "${targets[@]}" <<'PY'
import glob, hashlib, os, subprocess, sys
from xml.sax.saxutils import escape

SEP = b"\0"  # PART_SEPARATOR in fuzz/src/lib.rs
plans = sorted(glob.glob("tests/fixtures/**/*.txt", recursive=True)
               + glob.glob("tests/fixtures/**/*.md", recursive=True)
               + ["examples/sample-plan.txt"])
plans = [p for p in plans if "/fuzz/" not in p]
packs = sorted(glob.glob("rules/*.yaml"))

def put(target, data):
    d = f"fuzz/corpus/{target}"
    os.makedirs(d, exist_ok=True)
    with open(f"{d}/{hashlib.sha1(data).hexdigest()}", "wb") as f:
        f.write(data)

def read(p):
    with open(p, "rb") as f:
        return f.read()

def encoded(text, charset):
    return subprocess.run(["iconv", "-f", "UTF-8", "-t", charset], input=text,
                          capture_output=True, check=True).stdout

def seed_pipeline():
    for p in plans:
        put("pipeline", (b"\1" if p.endswith(".md") else b"\0") + read(p))

def seed_text():
    for p in plans:
        data = read(p)
        put("text", data)
        put("text", b"\xef\xbb\xbf" + data)
        put("text", encoded(data, "GB18030"))
        put("text", b"\xff\xfe" + encoded(data, "UTF-16LE"))
        put("text", encoded(data, "UTF-16BE"))

def paragraph(line):
    return f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>'

def seed_docx():
    numbering = read("fuzz/seeds/docx/numbering.xml")
    styles = read("fuzz/seeds/docx/styles.xml")
    put("docx", read("fuzz/seeds/docx/document.xml") + SEP + numbering + SEP + styles)
    for p in plans:
        lines = read(p).decode("utf-8-sig").splitlines()
        body = "".join(paragraph(l) for l in lines)
        doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
               f'<w:body>{body}<w:sectPr/></w:body></w:document>').encode()
        put("docx", doc)
        put("docx", doc + SEP + numbering + SEP + styles)

def rules_of(pack):
    import yaml
    with open(pack, encoding="utf-8") as f:
        return yaml.safe_load(f).get("rules", [])

def seed_pack():
    import yaml
    for pack in packs:
        put("pack", read(pack))
        for rule in rules_of(pack):
            one = {"pack": "fuzz", "rules": [rule]}
            put("pack", yaml.safe_dump(one, allow_unicode=True, sort_keys=False).encode())

SCOPES = ["document", "section", "task", "paragraph", "sentence", "match"]

def seed_expression():
    for pack in packs:
        for rule in rules_of(pack):
            scope = bytes([SCOPES.index(rule.get("scope", "document"))])
            for key in ("when", "match"):
                if isinstance(rule.get(key), str):
                    put("expression", scope + rule[key].encode())

def seed_config():
    for p in sorted(glob.glob("fuzz/seeds/config/*")):
        put("config", read(p))
    # What `planlint init` writes.
    src = read("src/config.rs").decode()
    start = src.index('pub const TEMPLATE: &str = r#"') + len('pub const TEMPLATE: &str = r#"')
    put("config", src[start:src.index('"#;', start)].encode())

def seed_regressions(target):
    for p in sorted(glob.glob(f"tests/fixtures/fuzz/{target}/*")):
        put(target, read(p))

for t in sys.argv[1:]:
    globals()[f"seed_{t}"]()
    seed_regressions(t)
    print(f"fuzz/corpus/{t}: {len(os.listdir(f'fuzz/corpus/{t}'))} inputs")
PY
