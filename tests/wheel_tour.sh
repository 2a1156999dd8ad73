#!/usr/bin/env bash
# Build the wheel, install it into a fresh venv where no compiler can run,
# and run the smoke tour (tests/wheel_tour.py) against the installed wheel,
# for the oldest and the newest supported Python found on this machine.
#
#   tests/wheel_tour.sh                    # what `make wheel-test` and .ci/run do
#   WHEEL_PYTHONS="python3.12" tests/wheel_tour.sh
#
# "No compiler": the tour's PATH holds only the venv and a folder with `sh`
# (checked: no cc, gcc, g++, c++ or clang on it), CC and CXX are /bin/false,
# and pip may install nothing but wheels (--only-binary=:all:), so nothing
# can be built from source. Packages come from the package index and pip's
# cache, like any install.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

work=$(mktemp -d "${TMPDIR:-/tmp}/leakhelp-wheel.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Pythons 3.11 to 3.13 on PATH or in pyenv; keep the oldest and the newest.
find_pythons() {
    local found=() v candidate root
    root=$(pyenv root 2>/dev/null || true)
    for v in 3.11 3.12 3.13; do
        for candidate in "python$v" ${root:+"$root"/versions/"$v".*/bin/python"$v"}; do
            if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import venv' 2>/dev/null; then
                found+=("$(command -v "$candidate")")
                break
            fi
        done
    done
    if [ ${#found[@]} -eq 0 ]; then echo "no Python 3.11-3.13 found" >&2; exit 1; fi
    if [ ${#found[@]} -eq 1 ]; then echo "${found[0]}"; else echo "${found[0]}" "${found[-1]}"; fi
}
read -r -a pythons <<< "${WHEEL_PYTHONS:-$(find_pythons)}"

echo "wheel-test: building the wheel"
python3 -m pip wheel --quiet --quiet --no-deps --wheel-dir "$work/dist" .
wheel=$(ls "$work"/dist/leakhelp-*-py3-none-any.whl)
echo "wheel-test: built $(basename "$wheel")"

mkdir "$work/bin"
ln -s "$(command -v sh)" "$work/bin/sh"

for python in "${pythons[@]}"; do
    version=$("$python" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')
    venv="$work/venv-$version"
    "$python" -m venv "$venv"
    nocompiler() { env PATH="$venv/bin:$work/bin" CC=/bin/false CXX=/bin/false "$@"; }
    nocompiler sh -c 'for c in cc gcc g++ c++ clang; do if command -v "$c"; then exit 1; fi; done' \
        || { echo "wheel-test: a compiler is still on PATH" >&2; exit 1; }
    echo "wheel-test: Python $version, installing the wheel (wheels only, no compiler)"
    nocompiler "$venv/bin/python" -m pip install --quiet --quiet --only-binary=:all: "$wheel"
    (cd "$work" && nocompiler "$venv/bin/python" "$ROOT/tests/wheel_tour.py" \
        --photos "$ROOT/examples/photos" --vectors "$ROOT/tests/data/pdq")
    echo "wheel-test: Python $version passed"
done
