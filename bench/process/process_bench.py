#!/usr/bin/python3
"""Whole-process benchmarks of the tfinit command against python3 + numpy (issue 16), medians of alternated runs.

    bench/process/process_bench.py TFINIT cold-start [--repeats 7]
    bench/process/process_bench.py TFINIT npy [--repeats 5]
    bench/process/process_bench.py TFINIT shards [--repeats 3]

TFINIT is the command to run (the installed `tfinit`, or src/TfInit.Cli/bin/Release/net10.0/TfInit.Cli). Each figure
is the kernel's accounting of the finished child (wait4: user and system CPU, peak resident set), and wall time from
start to exit. A and B run in turn (A B A B ...), after one warm-up run each, so that drift in the machine's load hits
both; the load average is printed with the results. The shared machine this was written on is noisy: quote medians.

shards: glorot_uniform [131072, 16385] float32 (2,147,614,720 elements, past 2^31): one process writing the whole
tensor, against 4 processes started side by side writing --shard K/4 each (output to /dev/null, so the disk is not
measured). Then, once, the bytes: sha256 of each shard's data against sha256 of the same rows of one whole fill, both
read from a pipe, so nothing is stored.
"""
import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import time

PYTHON = "/usr/bin/python3"


def run(argv, stdout=subprocess.DEVNULL):
    """Runs argv to completion; returns (wall s, user s, sys s, peak MiB)."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    err = proc.stderr.read().decode()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{argv[0]} exited with {proc.returncode}: {err}")
    return wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss / 1024


def run_side_by_side(argvs):
    """Starts every argv at once; returns the total wall time and each one's (wall, user, sys, peak MiB)."""
    start = time.monotonic()
    procs = [subprocess.Popen(a, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for a in argvs]
    results = {}
    while len(results) < len(procs):
        pid, status, usage = os.wait4(-1, 0)
        index = next(i for i, p in enumerate(procs) if p.pid == pid)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"{argvs[index]} failed")
        results[index] = (time.monotonic() - start, usage.ru_utime, usage.ru_stime, usage.ru_maxrss / 1024)
    return time.monotonic() - start, [results[i] for i in range(len(procs))]


def median_row(name, runs):
    cols = list(zip(*runs))
    wall, user, sys_, peak = (statistics.median(c) for c in cols)
    return f"{name:<34} {wall:9.3f} {user:9.3f} {sys_:9.3f} {user + sys_:9.3f} {peak:9.1f}"


HEADER = f"{'command (median of runs)':<34} {'wall s':>9} {'user s':>9} {'sys s':>9} {'cpu s':>9} {'peak MiB':>9}"


def alternate(pairs, repeats):
    """pairs: [(name, argv)]; one warm-up each, then `repeats` rounds in turn. Returns {name: [runs]}."""
    for _, argv in pairs:
        run(argv)
    runs = {name: [] for name, _ in pairs}
    for _ in range(repeats):
        for name, argv in pairs:
            runs[name].append(run(argv))
    return runs


def load():
    return "load average %.1f %.1f %.1f" % os.getloadavg()


def report(title, runs, ratio=None):
    print(title)
    print(load())
    print(HEADER)
    for name, r in runs.items():
        print(median_row(name, r))
    if ratio:
        a, b = ratio
        cpu = [(x[1] + x[2]) / (y[1] + y[2]) for x, y in zip(runs[a], runs[b])]
        print(f"cpu ratio {a} / {b}, pair by pair: median {statistics.median(cpu):.3f} (min {min(cpu):.3f}, max {max(cpu):.3f})")
    print()


def cold_start(tfinit, repeats):
    # One BLAS thread for numpy: with OpenBLAS's default, its idle second thread spins on the other core and doubles python's
    # CPU (0.17-0.19 s instead of 0.09 s here), a cost the work does not need; Debian's reference BLAS has no threads at all.
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    numpy = ("import numpy as np; x = (np.random.default_rng(1).standard_normal((784, 256), dtype=np.float32)"
             " * np.float32((2 / 784) ** 0.5)); print(x.mean(), x.std(), x.min(), x.max())")
    runs = alternate([("tfinit init he_normal 784,256 stats", [tfinit, "init", "he_normal", "--shape", "784,256", "--seed", "1", "--format", "stats"]),
                      ("python3 numpy same", [PYTHON, "-c", numpy])], repeats)
    report("cold start: he_normal [784, 256] float32, statistics", runs, ("tfinit init he_normal 784,256 stats", "python3 numpy same"))


def npy(tfinit, repeats):
    out = "/tmp/process-bench-%d" % os.getpid()
    numpy = f"import numpy as np; np.save('{out}-numpy.npy', np.random.default_rng(1).standard_normal(16384 * 4096, dtype=np.float32).reshape(16384, 4096))"
    try:
        runs = alternate([("tfinit he_normal 16384,4096 npy", [tfinit, "init", "he_normal", "--shape", "16384,4096", "--seed", "1", "-o", f"{out}-tfinit.npy"]),
                          ("tfinit he_normal 16384,4096 stats", [tfinit, "init", "he_normal", "--shape", "16384,4096", "--seed", "1", "--format", "stats"]),
                          ("numpy standard_normal f32 + save", [PYTHON, "-c", numpy])], repeats)
    finally:
        for suffix in ("-numpy.npy", "-tfinit.npy"):
            if os.path.exists(out + suffix):
                os.remove(out + suffix)
    report("whole tensor: he_normal [16384, 4096] float32 (268 MB) to .npy and stats, vs numpy", runs,
           ("tfinit he_normal 16384,4096 npy", "numpy standard_normal f32 + save"))


SHAPE = (131072, 16385)


def shard_rows(n):
    rows, extra = divmod(SHAPE[0], n)
    return [rows + (1 if k < extra else 0) for k in range(n)]


def npy_data_hashes(stream, row_counts):
    """sha256 of consecutive row ranges of the float32 data of one .npy read from stream."""
    head = stream.read(10)
    header_len = int.from_bytes(head[8:10], "little")
    stream.read(header_len)
    hashes = []
    for rows in row_counts:
        h, left = hashlib.sha256(), rows * SHAPE[1] * 4
        while left:
            chunk = stream.read(min(left, 1 << 24))
            if not chunk:
                sys.exit("short .npy")
            h.update(chunk)
            left -= len(chunk)
        hashes.append(h.hexdigest())
    if stream.read(1):
        sys.exit("trailing bytes")
    return hashes


def piped_hashes(argv, row_counts):
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE)
    hashes = npy_data_hashes(proc.stdout, row_counts)
    if proc.wait() != 0:
        sys.exit(f"{argv} failed")
    return hashes


def shards(tfinit, repeats):
    shape = ",".join(map(str, SHAPE))
    base = [tfinit, "init", "glorot_uniform", "--shape", shape, "--seed", "1"]
    whole, parallel = [], []
    for i in range(repeats + 1):
        w = run(base + ["-o", "/dev/null"])
        total, per = run_side_by_side([base + ["--shard", f"{k}/4", "-o", "/dev/null"] for k in range(4)])
        if i > 0:   # the first round warms the page cache and the disk's copy of the tool
            whole.append(w)
            parallel.append((total, per))
    print(f"block fill of glorot_uniform {SHAPE} float32 ({SHAPE[0] * SHAPE[1]:,} elements, 8.6 GB), -o /dev/null")
    print(load())
    print(HEADER)
    print(median_row("one process, whole tensor", whole))
    for k in range(4):
        print(median_row(f"shard {k}/4 (4 processes side by side)", [p[1][k] for p in parallel]))
    totals = [p[0] for p in parallel]
    cpu = [sum(r[1] + r[2] for r in p[1]) for p in parallel]
    print(f"4 shards side by side: total wall median {statistics.median(totals):.3f} s, summed cpu median {statistics.median(cpu):.3f} s")
    print(f"whole / 4-shard wall, pair by pair: median {statistics.median(w[0] / t for w, t in zip(whole, totals)):.3f}")

    rows = shard_rows(4)
    whole_hashes = piped_hashes(base + ["-o", "-"], rows)
    equal = True
    for k in range(4):
        part = piped_hashes(base + ["--shard", f"{k}/4", "-o", "-"], [rows[k]])[0]
        equal &= part == whole_hashes[k]
        print(f"shard {k}/4: {rows[k]} rows, sha256 {part[:16]}..., whole fill's rows: {whole_hashes[k][:16]}... {'equal' if part == whole_hashes[k] else 'DIFFERENT'}")
    print("the 4 shards concatenate to the whole fill's bytes" if equal else "MISMATCH")
    print()
    if not equal:
        sys.exit(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tfinit")
    parser.add_argument("case", choices=["cold-start", "npy", "shards"])
    parser.add_argument("--repeats", type=int, default=None)
    args = parser.parse_args()
    cases = {"cold-start": (cold_start, 7), "npy": (npy, 5), "shards": (shards, 3)}
    function, repeats = cases[args.case]
    function(args.tfinit, args.repeats or repeats)


if __name__ == "__main__":
    main()
