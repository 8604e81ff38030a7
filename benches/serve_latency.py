#!/usr/bin/env python3
"""Edit-to-reload latency of `statusdex serve` on the real content.

Copies the site into a temporary folder, starts the release binary's
`serve` on a free port, opens the live-reload event stream as a page does,
then N times toggles one word of one record's English description and times
from the file's write to the arrival of the page's reload event. Prints each
time, the median, and what the last rebuild rendered and wrote.

usage: python3 benches/serve_latency.py [N=10] [record=content/sip/302.yaml]
(after `cargo build --release`)
"""
import pathlib
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

repo = pathlib.Path(__file__).resolve().parent.parent
runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
record_rel = sys.argv[2] if len(sys.argv) > 2 else "content/sip/302.yaml"
binary = repo / "target/release/statusdex"
if not binary.exists():
    sys.exit("build first: cargo build --release")

with tempfile.TemporaryDirectory() as tmp:
    site = pathlib.Path(tmp) / "site"
    for part in ("content", "templates", "static"):
        shutil.copytree(repo / part, site / part)
    log = open(pathlib.Path(tmp) / "serve.log", "w+")
    server = subprocess.Popen(
        [str(binary), "serve", "--port", "0"], cwd=site,
        stdout=subprocess.PIPE, stderr=log, text=True)
    url = server.stdout.readline().strip().split(" ", 1)[1]
    host, port = url.removeprefix("http://").rstrip("/").split(":")
    events = socket.create_connection((host, int(port)))
    events.sendall(b"GET /__statusdex/events HTTP/1.1\r\nHost: x\r\n\r\n")
    stream = events.makefile("rb")

    def next_event():
        while True:
            line = stream.readline()
            if not line:
                sys.exit("the event stream ended")
            if line.startswith(b"data: "):
                return line[6:].decode()

    record = site / record_rel
    text = record.read_text(encoding="utf-8")
    marker = "\n    description: |\n      "
    at = text.index(marker) + len(marker)
    times = []
    for i in range(runs):
        word = "Really, " if i % 2 == 0 else ""
        edited = text[:at] + word + text[at:]
        started = time.perf_counter()
        record.write_text(edited, encoding="utf-8")
        event = next_event()
        elapsed = (time.perf_counter() - started) * 1000
        if '"kind":"built"' not in event:
            sys.exit(f"unexpected event: {event[:200]}")
        times.append(elapsed)
        print(f"run {i + 1}: {elapsed:.0f} ms")
        time.sleep(0.3)
    server.send_signal(signal.SIGINT)
    server.wait(timeout=10)
    log.seek(0)
    built = [l for l in log.read().splitlines() if l.startswith("built in")]
    print(f"median of {runs}: {statistics.median(times):.0f} ms "
          f"(min {min(times):.0f}, max {max(times):.0f})")
    print("last rebuild:", built[-1] if built else "?")
    print("exit status after SIGINT:", server.returncode)
