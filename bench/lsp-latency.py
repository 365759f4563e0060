#!/usr/bin/env python3
"""Change -> publishDiagnostics latency of `planlint lsp` builds, side by side.

Each build is run as a server on the generated 200 KB plan of tests/lsp.rs's latency test
(debounce 0); then, 40 times, one character is typed or deleted in the middle of it, 20 ms
after the last diagnostics arrived as a drafter's next keystroke would, and the time from
sending the didChange to having read the whole publishDiagnostics for that version is taken.
The builds take turns, ROUNDS times (default 3), so that a noisy neighbour hits them alike.
Unlike the Rust latency test, this client does not parse the megabyte of JSON it receives,
so the next edit does not wait on that.

    bench/lsp-latency.py target/release/planlint OTHER_BUILD...
"""
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "recheck_input", os.path.join(HERE, "..", "tools", "lsp-recheck-input.py"))
recheck_input = importlib.util.module_from_spec(spec)
spec.loader.exec_module(recheck_input)


class Server:
    def __init__(self, binary):
        self.proc = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def send(self, message):
        body = json.dumps(message, ensure_ascii=False).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def frame(self):
        """The next message's body and when it had been read whole."""
        length = None
        while True:
            line = self.proc.stdout.readline()
            if line in (b"\r\n", b""):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        if length is None:
            raise SystemExit("the server stopped")
        body = self.proc.stdout.read(length)
        return time.perf_counter(), body

    def published(self, version):
        """When the diagnostics of `version` had been read."""
        tail = b'"version":%d}' % version
        while True:
            at, body = self.frame()
            if b"publishDiagnostics" in body[:120] and body.rstrip(b"}").endswith(tail.rstrip(b"}")):
                return at


def session(binary, edits=40, pause=0.02):
    plan = recheck_input.big_plan(200_000)
    line, column = recheck_input.generated_edit_position(plan)
    uri = "file:///tmp/planlint-latency/plan.txt"
    s = Server(binary)
    s.send({"jsonrpc": "2.0", "id": 0, "method": "initialize",
            "params": {"capabilities": {},
                       "initializationOptions": {"debounceMs": 0, "today": "2025-03-01"}}})
    s.frame()
    s.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": uri, "languageId": "plaintext",
                                        "version": 1, "text": plan}}})
    s.published(1)
    start = {"line": line, "character": column}
    times = []
    for v in range(2, 2 + edits):
        time.sleep(pause)
        if v % 2 == 0:
            change = {"range": {"start": start, "end": start}, "text": "的"}
        else:
            end = {"line": line, "character": column + 1}
            change = {"range": {"start": start, "end": end}, "text": ""}
        sent = time.perf_counter()
        s.send({"jsonrpc": "2.0", "method": "textDocument/didChange",
                "params": {"textDocument": {"uri": uri, "version": v},
                           "contentChanges": [change]}})
        times.append((s.published(v) - sent) * 1000)
    s.send({"jsonrpc": "2.0", "id": 9, "method": "shutdown", "params": None})
    s.send({"jsonrpc": "2.0", "method": "exit", "params": None})
    s.proc.wait()
    return times


def main():
    builds = sys.argv[1:]
    if not builds:
        raise SystemExit(__doc__)
    rounds = int(os.environ.get("ROUNDS", "3"))
    with open("/proc/loadavg") as f:
        print("load", " ".join(f.read().split()[:3]))
    times = {b: [] for b in builds}
    for _ in range(rounds):
        for b in builds:
            times[b] += session(b)
    for b in builds:
        t = sorted(times[b])
        print(f"{b}: median {statistics.median(t):.2f} ms, quartiles {t[len(t) // 4]:.2f}"
              f"–{t[3 * len(t) // 4]:.2f} ms, min {t[0]:.2f} ms ({len(t)} edits)")


if __name__ == "__main__":
    main()
