#!/usr/bin/env python3
"""Writes to stdout the bytes a client sends `planlint lsp` to measure re-checks: initialize
(debounce 0), a generated 200 KB plan (the one tests/lsp.rs's latency measurement builds),
then N one-character ranged edits in the middle of it — typed, deleted, typed… — each followed
by a hover, which makes the pending re-check run before its answer; then shutdown and exit.
With a FILE, its text is the plan instead, edited just after the first "，" past its middle:
real plans do not repeat their paragraphs as the generated one does.

    python3 tools/lsp-recheck-input.py N [FILE]
    python3 tools/lsp-recheck-input.py 0  > in0.bin
    python3 tools/lsp-recheck-input.py 10 > in10.bin
    valgrind --tool=callgrind target/release/planlint lsp < in10.bin > /dev/null
    # per re-check: (instructions with 10 - instructions with 0) / 10
"""
import json
import sys


def big_plan(size):
    out = "青川县2025年城乡环境整治工作方案\n一、工作目标\n到2025年底，农村生活垃圾收运处置体系覆盖率达到95%以上。\n"
    numerals = ["二", "三", "四", "五", "六", "七", "八", "九"]
    n = 0
    while len(out.encode()) < size:
        out += f"{numerals[n % 8]}、重点任务（第{n + 1}部分）\n"
        for i in range(1, 10):
            out += f"{i}. 完善第{n}片区垃圾收运体系。2025年6月底前完成12个乡镇转运站提标改造,建立长效管护机制。（县住房和城乡建设局牵头，各乡镇人民政府负责落实）\n"
            out += f"{i}0. 开展第{n}片区非正规垃圾堆放点排查整治。（县城管局牵头）\n"
        n += 1
    return out + "十、保障措施\n（一）严格督查问责。对工作推进不力的，由县政府约谈其主要负责人。\n"


def position(raw, at):
    """The LSP position (line, UTF-16 column) of byte `at` of the UTF-8 text `raw`."""
    before = raw[:at].decode()
    return before.count("\n"), len(before[before.rfind("\n") + 1:].encode("utf-16-le")) // 2


def generated_edit_position(plan):
    """Where the generated plan is edited: just before the half-width comma of a task line in
    the middle, as tests/lsp.rs does."""
    raw = plan.encode()
    return position(raw, raw.index("改造,".encode(), len(raw) // 2) + len("改造".encode()))


def send(message):
    body = json.dumps(message, ensure_ascii=False).encode()
    sys.stdout.buffer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)


def main():
    edits = int(sys.argv[1])
    if len(sys.argv) > 2:
        with open(sys.argv[2], encoding="utf-8") as f:
            plan = f.read()
        raw = plan.encode()
        line, column = position(raw, raw.index("，".encode(), len(raw) // 2) + len("，".encode()))
    else:
        plan = big_plan(200_000)
        line, column = generated_edit_position(plan)
    uri = "file:///tmp/planlint-latency/%E6%96%B9%E6%A1%88.txt"
    send({"jsonrpc": "2.0", "id": 0, "method": "initialize",
          "params": {"capabilities": {}, "initializationOptions": {"debounceMs": 0, "today": "2025-03-01"}}})
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
          "params": {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": plan}}})
    start = {"line": line, "character": column}
    for v in range(2, 2 + edits):
        if v % 2 == 0:
            change = {"range": {"start": start, "end": start}, "text": "的"}
        else:
            change = {"range": {"start": start, "end": {"line": line, "character": column + 1}}, "text": ""}
        send({"jsonrpc": "2.0", "method": "textDocument/didChange",
              "params": {"textDocument": {"uri": uri, "version": v}, "contentChanges": [change]}})
        send({"jsonrpc": "2.0", "id": v, "method": "textDocument/hover",
              "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}})
    send({"jsonrpc": "2.0", "id": 99999, "method": "shutdown", "params": None})
    send({"jsonrpc": "2.0", "method": "exit", "params": None})


if __name__ == "__main__":
    main()
