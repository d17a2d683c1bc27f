#!/usr/bin/python3
"""Compares the check lines a C# notebook printed (its saved outputs) with those its Python original prints.

    /usr/bin/python3 notebooks/compare.py notebooks/02_xavier.ipynb notebooks/python/02_xavier.py

Check lines are "= label: numbers" (equal to the last bit: the NumPy stream promises it) and "~ label: numbers"
(agree within RTOL relative, ATOL absolute: float sums and matrix products are not ordered alike in numpy and
.NET). Both sides must print the same labels in the same order; a missing or extra line fails.
"""

import math
import os
import subprocess
import sys

import nbformat

RTOL = 1e-6
ATOL = 1e-12


def check_lines(text):
    out = []
    for line in text.splitlines():
        if line.startswith(("= ", "~ ")) and ": " in line:
            label, _, numbers = line[2:].rpartition(": ")
            out.append((line[0], label, [float(v) for v in numbers.split()]))
    return out


def notebook_text(path):
    nb = nbformat.read(path, as_version=4)
    parts = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for o in cell.get("outputs", []):
            if o.get("output_type") == "error":
                sys.exit(f"{path}: a cell has an error output: {o.get('ename')}: {o.get('evalue')}")
            if o.get("output_type") == "stream" and o.get("name") == "stdout":
                parts.append(o["text"])
    return "".join(parts)


def main():
    notebook, script = sys.argv[1], sys.argv[2]
    ours = check_lines(notebook_text(notebook))
    run = subprocess.run([sys.executable, os.path.basename(script)], cwd=os.path.dirname(os.path.abspath(script)),
                         capture_output=True, text=True, check=True)
    theirs = check_lines(run.stdout)
    failures = []
    if not theirs:
        failures.append("the Python original printed no check lines")
    for i in range(max(len(ours), len(theirs))):
        if i >= len(ours):
            failures.append(f"missing in the notebook: {theirs[i][0]} {theirs[i][1]}")
            continue
        if i >= len(theirs):
            failures.append(f"not in the Python original: {ours[i][0]} {ours[i][1]}")
            continue
        (k1, l1, v1), (k2, l2, v2) = ours[i], theirs[i]
        if (k1, l1) != (k2, l2) or len(v1) != len(v2):
            failures.append(f"line {i + 1}: notebook '{k1} {l1}' ({len(v1)} numbers), Python '{k2} {l2}' ({len(v2)} numbers)")
            continue
        for a, b in zip(v1, v2):
            ok = a == b if k1 == "=" else math.isclose(a, b, rel_tol=RTOL, abs_tol=ATOL)
            if not ok:
                failures.append(f"{k1} {l1}: notebook {a!r}, Python {b!r}")
    name = os.path.basename(notebook)
    exact = sum(len(v) for k, _, v in ours if k == "=")
    near = sum(len(v) for k, _, v in ours if k == "~")
    if failures:
        print(f"FAIL {name} vs {os.path.basename(script)}:", *failures[:20], sep="\n  ", file=sys.stderr)
        sys.exit(1)
    print(f"ok   {name}: {len(ours)} lines match {os.path.basename(script)} ({exact} numbers exact, {near} within rtol {RTOL:g})")


if __name__ == "__main__":
    main()
