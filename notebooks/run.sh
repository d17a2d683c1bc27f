#!/usr/bin/env bash
# Executes every tutorial notebook headless and checks its numbers against the Python original.
#
#   notebooks/run.sh                 pack, execute notebooks/*.ipynb in place (outputs saved), compare
#   notebooks/run.sh 02_xavier       only the notebooks whose name contains 02_xavier
#   NOTEBOOKS_SKIP_PACK=1 ...        reuse artifacts/packages as they are
#
# Route: the Microsoft.dotnet-interactive tool (local tool manifest dotnet-tools.json) as a Jupyter kernel named
# .net-csharp, registered in a temporary JUPYTER_PATH, driven by Debian's jupyter-nbconvert / python3-nbclient.
# A failing cell fails the run (nbconvert exits non-zero and leaves the notebook unchanged); so does any
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

# 1. The packages the notebooks load (#i local source + #r "nuget: TfInit, <version>").
version=$(dotnet msbuild src/TfInit/TfInit.csproj -getProperty:Version)
if [ -z "${NOTEBOOKS_SKIP_PACK:-}" ]; then
  dotnet pack TfInit.sln -c Release -o artifacts/packages -v quiet
fi
# NuGet never re-extracts a version it has cached: drop our own packages of this version from the cache so the
# notebooks load what was just packed, not an older pack with the same version number.
cache=${NUGET_PACKAGES:-$HOME/.nuget/packages}
for id in tfinit tfinit.keras tfinit.numsharp tfinit.experiments; do
  rm -rf "${cache:?}/$id/$version"
done

# 2. The kernel.
dotnet tool restore >/dev/null
jupyter_path=$(mktemp -d)
trap 'rm -rf "$jupyter_path"' EXIT
mkdir -p "$jupyter_path/kernels/.net-csharp"
cat > "$jupyter_path/kernels/.net-csharp/kernel.json" <<JSON
{
  "argv": ["dotnet", "tool", "run", "dotnet-interactive", "--", "jupyter", "--default-kernel", "csharp",
           "{connection_file}", "--http-port-range", "2048-3000"],
  "display_name": ".NET (C#)",
  "language": "C#"
}
JSON
export JUPYTER_PATH=$jupyter_path

# 3. Execute and compare.
start=$(date +%s)
status=0
for nb in notebooks/[0-9]*.ipynb; do
  name=$(basename "$nb" .ipynb)
  [[ -n "$filter" && "$name" != *"$filter"* ]] && continue
  t0=$(date +%s)
  if ! (cd notebooks && "$py" -m nbconvert --to notebook --execute --inplace \
          --ExecutePreprocessor.timeout=600 --ExecutePreprocessor.kernel_name=.net-csharp \
          "$name.ipynb" >"$jupyter_path/$name.log" 2>&1); then
    echo "FAIL $name: a cell failed" >&2
    grep -v -E '^(info|warn): |^      ' "$jupyter_path/$name.log" | tail -40 >&2
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
