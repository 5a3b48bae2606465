#!/usr/bin/env python3
"""Benchmark (not a test): how long from saving one report to `gongkai serve` serving the
rebuilt page, on a synthetic site.

    cargo build --release --bin gongkai --example gen_site
    python3 bench/serve-latency.py [--reports 10000] [--edits 20] [--bin target/release/gongkai]
                                   [--site DIR] [--interval SECONDS]

Generates the site with the gen_site example (skipped when --site names an existing one), starts
`gongkai serve --port 0`, waits for the first build, then 20 times: rewrites one report with a new
`licensing` figure (valid under every rule), and polls the report's page over one keep-alive
connection until the new figure is served. Prints each latency, then p50 and p95.

Without --interval each save waits until the previous one's whole rebuild is done (the pages
that list or sum the reports too) and 0.2 s more: a save on a quiet server. With --interval the
saves come that many seconds apart whatever the server is doing, as an editor's saves do (each
save's page is polled by a thread of its own, over its own kept-alive connection opened before
the save): then a save can arrive while the previous save's site-wide pages are being rebuilt.
"""

import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=10000)
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "target", "release", "gongkai"))
    ap.add_argument("--site", help="an existing site to edit (a copy is not made)")
    ap.add_argument("--interval", type=float,
                    help="seconds between saves, not waiting for the rebuilds (default: wait)")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="gongkai-serve-bench-")
    try:
        site = args.site
        if not site:
            site = os.path.join(tmp, "site")
            gen = os.path.join(os.path.dirname(args.bin), "examples", "gen_site")
            subprocess.run([gen, str(args.reports), site], check=True, stdout=subprocess.DEVNULL)
        run(args, site)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(args, site):
    proc = subprocess.Popen([args.bin, "serve", site, "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, bufsize=1)
    lines = []
    ready = threading.Event()

    def pump():
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("Serving "):
                ready.set()

    threading.Thread(target=pump, daemon=True).start()
    t0 = time.time()
    if not ready.wait(timeout=1800):
        proc.kill()
        sys.exit("serve did not start:\n" + "".join(lines[-20:]))
    print(f"first build and start: {time.time() - t0:.1f} s", flush=True)
    url = next(l for l in lines if l.startswith("Serving ")).split(" at ")[1].split()[0]
    host, port = re.match(r"http://([^:/]+):(\d+)/", url).groups()

    years = sorted(d for d in os.listdir(os.path.join(site, "content")) if d.isdigit())
    year = years[len(years) // 2]
    files = sorted(f for f in os.listdir(os.path.join(site, "content", year)) if f.endswith(".md"))
    step = max(1, len(files) // args.edits)
    picks = files[::step][: args.edits]

    edits = []
    for i, name in enumerate(picks):
        path = os.path.join(site, "content", year, name)
        text = open(path, encoding="utf-8").read()
        figure = 900000 + (os.getpid() * 97 + i * 7919) % 99991
        while f"licensing = {figure}\n" in text:
            figure += 1
        new = re.sub(r"(?m)^licensing\s*=\s*\d+", f"licensing = {figure}", text, count=1)
        edits.append((name, path, f"/{year}/{name[:-3]}/", new, str(figure).encode()))

    def save_and_wait(i, conn):
        """Save edit i, then poll its page until it shows the new figure; the latency in ms."""
        name, path, page, new, needle = edits[i]
        start = time.perf_counter()
        with open(path, "w", encoding="utf-8") as f:
            f.write(new)
        while True:
            conn.request("GET", page)
            body = conn.getresponse().read()
            if needle in body:
                return (time.perf_counter() - start) * 1000
            if time.perf_counter() - start > 60:
                sys.exit(f"{page} never showed {needle.decode()}")

    def connect():
        conn = http.client.HTTPConnection(host, int(port), timeout=60)
        conn.connect()
        return conn

    latencies = [None] * len(edits)
    try:
        if args.interval is None:
            for i in range(len(edits)):
                # Start from a quiet server: the previous rebuild (the pages listing the
                # report follow its own page) has finished.
                while sum(l.startswith("wrote ") for l in lines) < i + 1:
                    time.sleep(0.01)
                time.sleep(0.2)
                # A fresh connection per edit: on a large site the previous rebuild may
                # outlast the server's keep-alive timeout.
                latencies[i] = save_and_wait(i, connect())
                print(f"edit {i + 1:2}: {edits[i][0]}: {latencies[i]:.0f} ms", flush=True)
        else:
            # The first save on a quiet server, then one every `interval` seconds.
            while not any(l.startswith("wrote ") for l in lines):
                time.sleep(0.01)
            time.sleep(0.2)

            def one(i, conn):
                latencies[i] = save_and_wait(i, conn)
                print(f"edit {i + 1:2}: {edits[i][0]}: {latencies[i]:.0f} ms", flush=True)

            threads = []
            t0 = time.perf_counter()
            for i in range(len(edits)):
                conn = connect()
                time.sleep(max(0.0, t0 + i * args.interval - time.perf_counter()))
                t = threading.Thread(target=one, args=(i, conn))
                t.start()
                threads.append(t)
            for t in threads:
                t.join()
            if any(l is None for l in latencies):
                sys.exit("a save's page was never served")
        summary(args, latencies, lines)
    finally:
        proc.send_signal(2)
        # Ctrl-C cuts the rebuild short; removing a 100k-report dev build (4 GB, 317,000 files)
        # took more than 10 minutes on this VM's disk. The figures are printed before.
        proc.wait(timeout=3600)


def summary(args, latencies, lines):
    """Print p50 and p95 of the latencies, serve's own count and its last whole rebuilds."""
    latencies = sorted(latencies)
    p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
    pace = f"saves {args.interval} s apart" if args.interval is not None else "quiet server"
    print(f"{args.reports if not args.site else 'site'} reports, {len(latencies)} edits, {pace}: "
          f"p50 {statistics.median(latencies):.0f} ms, p95 {p95:.0f} ms, "
          f"min {latencies[0]:.0f} ms, max {latencies[-1]:.0f} ms", flush=True)
    ready = sorted(int(l.split(" ready ")[1].split()[0]) for l in lines if " ready " in l)
    if ready:
        print(f"serve's own count, from the first file event to the page written: "
              f"p50 {statistics.median(ready):.0f} ms, max {ready[-1]} ms", flush=True)
    rebuilds = [l.strip() for l in lines if l.startswith("wrote ")]
    print("whole rebuilds (last 5):", "; ".join(rebuilds[-5:]), flush=True)


if __name__ == "__main__":
    main()
