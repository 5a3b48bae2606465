#!/usr/bin/env python3
"""Benchmark (not a test): 在线填报 on a large site. Issue 22's targets: open the form < 200 ms,
a keystroke -> findings < 50 ms, save -> page served < 100 ms, at 10,000 reports.

    cargo build --release --bin gongkai --example gen_site
    cargo run --release --example gen_site -- 10000 /tmp/site
    python3 bench/editor.py [--site /tmp/site] [--rounds 20] [--bin target/release/gongkai]

Starts `gongkai serve --port 0` on the site (edits one of its reports: use a scratch copy), reads
the editing link it prints, then for one report of the latest year, ROUNDS times: GET the form;
POST one changed cell to /__gongkai/editor/check (what a keystroke sends); POST it to
/__gongkai/editor/save, which answers once the rebuilt page is served, then GET the page. Prints
p50 and p95 of each.
"""

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--site", default="/tmp/site")
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "target", "release", "gongkai"))
    args = ap.parse_args()
    content = os.path.join(args.site, "content")
    year = max(d for d in os.listdir(content) if d.isdigit())
    slug = sorted(f for f in os.listdir(os.path.join(content, year)) if f.endswith(".md"))[0][:-3]

    proc = subprocess.Popen([args.bin, "serve", args.site, "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env={**os.environ, "LANG": "C"})
    link = None
    for line in proc.stdout:
        m = re.search(r"http://127\.0\.0\.1:(\d+)/\?token=([0-9a-f]+)", line)
        if m:
            link = m
            break
    if not link:
        sys.exit("serve printed no editing link")
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
    port, secret = int(link.group(1)), link.group(2)
    conn = http.client.HTTPConnection("127.0.0.1", port)
    host = f"127.0.0.1:{port}"
    cookie = f"gongkai_editor_{port}={secret}"
    post_headers = {"Host": host, "Origin": f"http://{host}", "X-Gongkai-Token": secret,
                    "Content-Type": "application/json"}
    times = {"open the form": [], "keystroke -> findings": [], "save -> page served": []}
    try:
        for i in range(args.rounds):
            t = time.perf_counter()
            conn.request("GET", f"/__gongkai/editor/report/{year}/{slug}", headers={"Host": host, "Cookie": cookie})
            r = conn.getresponse()
            form = r.read().decode()
            times["open the form"].append(time.perf_counter() - t)
            assert r.status == 200, form[:300]
            base = re.search(r'data-base="([0-9a-f]+|new)"', form).group(1)
            body = json.dumps({"year": int(year), "slug": slug, "base": base,
                               "cells": {"active.licensing": str(1000 + i)}})
            t = time.perf_counter()
            conn.request("POST", "/__gongkai/editor/check", body=body, headers=post_headers)
            r = conn.getresponse()
            r.read()
            times["keystroke -> findings"].append(time.perf_counter() - t)
            assert r.status == 200
            conn.close()
            t = time.perf_counter()
            conn.request("POST", "/__gongkai/editor/save", body=body, headers=post_headers)
            r = conn.getresponse()
            saved = json.loads(r.read())
            assert r.status == 200, saved
            conn.close()
            conn.request("GET", saved["url"], headers={"Host": host})
            page = conn.getresponse().read().decode()
            times["save -> page served"].append(time.perf_counter() - t)
            assert str(1000 + i) in page
    finally:
        proc.terminate()
        proc.wait()
    for what, ts in times.items():
        ts = sorted(ts)
        p95 = ts[min(len(ts) - 1, int(len(ts) * 0.95))]
        print(f"{what:24} p50 {statistics.median(ts) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
