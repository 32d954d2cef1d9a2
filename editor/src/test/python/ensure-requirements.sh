#!/usr/bin/env sh
# Installs the reference scripts' Python packages (pip --user) when they are missing: the editor's
# tests run gguf_logits.py (gguf-py + numpy). Run by Maven before the editor's tests (skip with
# -Dpython.skip=true). It never fails the build itself: a test that needs the packages says so.
cd "$(dirname "$0")" || exit 0
if ! command -v python3 >/dev/null 2>&1; then
  echo "editor tests: WARNING: no python3; the tests that check exported GGUF files with gguf-py will fail" >&2
  exit 0
fi
if python3 -c "import gguf, numpy, tokenizers" 2>/dev/null; then
  exit 0
fi
echo "editor tests: installing the Python packages of requirements.txt (pip --user)"
python3 -m pip install --user --quiet --disable-pip-version-check -r requirements.txt \
  || echo "editor tests: WARNING: pip could not install requirements.txt; the gguf-py checks will fail" >&2
exit 0
