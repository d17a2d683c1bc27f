#!/usr/bin/env bash
# Executes every tutorial notebook headless and checks its numbers against the Python original.
#
#   notebooks/run.sh                 pack, execute notebooks/*.ipynb in place (outputs saved), compare
#   notebooks/run.sh 02_xavier       only the notebooks whose name contains 02_xavier
#   NOTEBOOKS_SKIP_PACK=1 ...        reuse artifacts/packages as they are
#
# Route: the Microsoft.dotnet-interactive tool (local tool manifest dotnet-tools.json) as a Jupyter kernel named
# .net-csharp, registered in the user's Jupyter data folder, driven by Debian's jupyter-nbconvert / python3-nbclient.
# A cell may run 30 minutes (notebook 07 trains six networks: about 80 s on an idle 2-core machine, ten times that
# on a loaded one). A failing cell fails the run (nbconvert exits non-zero and leaves the notebook unchanged); so does any
# difference from the Python original's printed numbers (notebooks/compare.py).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT=1

filter=${1:-}
py=/usr/bin/python3
for module in nbclient nbconvert jupyter_client numpy; do
  if ! $py -c "import $module" 2>/dev/null; then
    echo "notebooks/run.sh: $py cannot import $module (apt-get install jupyter-nbconvert python3-nbclient jupyter-client python3-numpy)" >&2
    exit 1
  fi
done

# 1. The packages the notebooks load: each notebook's first cell (notebooks/setup.csx) packs them when they are missing
# or older than the sources; packing here first keeps that out of the timings. NuGet never re-extracts a version it has
# cached: drop our own packages of this version from the cache so the notebooks load what was just packed.
version=$(dotnet msbuild src/TfInit/TfInit.csproj -getProperty:Version)
if [ -z "${NOTEBOOKS_SKIP_PACK:-}" ]; then
  dotnet pack TfInit.sln -c Release -o artifacts/packages -v quiet
fi
cache=${NUGET_PACKAGES:-$HOME/.nuget/packages}
rm -rf "${cache:?}"/tfinit*/"$version"

# 2. The kernel: the Microsoft.dotnet-interactive tool of dotnet-tools.json, registered for Jupyter as .net-csharp in
# the user's Jupyter data folder, so that `jupyter nbconvert --execute` and Jupyter itself find it afterwards too. It
# restores the tool when it starts (the kernel's working folder is the notebook's, inside this repository). A
# .net-csharp kernel that is not ours (`dotnet interactive jupyter install`) is left as it is.
dotnet tool restore >/dev/null
kernel_dir="$($py -m jupyter --data-dir)/kernels/.net-csharp"
if [ ! -f "$kernel_dir/kernel.json" ] || grep -q '"tfinit"' "$kernel_dir/kernel.json"; then
  mkdir -p "$kernel_dir"
  cat > "$kernel_dir/kernel.json.tmp" <<'JSON'
{
  "argv": ["bash", "-c", "dotnet tool restore >&2 && exec dotnet tool run dotnet-interactive -- jupyter --default-kernel csharp \"$0\" --http-port-range 2048-3000", "{connection_file}"],
  "display_name": ".NET (C#)",
  "language": "C#",
  "metadata": {"tfinit": "written by notebooks/run.sh"}
}
JSON
  mv "$kernel_dir/kernel.json.tmp" "$kernel_dir/kernel.json"
fi
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# 3. Execute and compare.
start=$(date +%s)
status=0
for nb in notebooks/[0-9]*.ipynb; do
  name=$(basename "$nb" .ipynb)
  [[ -n "$filter" && "$name" != *"$filter"* ]] && continue
  t0=$(date +%s)
  if ! (cd notebooks && "$py" -m nbconvert --to notebook --execute --inplace \
          --ExecutePreprocessor.timeout=1800 --ExecutePreprocessor.kernel_name=.net-csharp \
          "$name.ipynb" >"$logs/$name.log" 2>&1); then
    echo "FAIL $name: a cell failed" >&2
    grep -v -E '^(info|warn): |^      ' "$logs/$name.log" | tail -40 >&2
    status=1
    continue
  fi
  echo "executed $name in $(( $(date +%s) - t0 )) s"
  if [ -f "notebooks/python/$name.py" ]; then
    "$py" notebooks/compare.py "$nb" "notebooks/python/$name.py" || status=1
  fi
done
echo "notebooks: $(( $(date +%s) - start )) s"
exit $status
