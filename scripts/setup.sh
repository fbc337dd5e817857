#!/usr/bin/env bash
# Install everything briefgen needs on a Debian machine: system libraries and fonts (apt),
# then a virtual environment in .venv with the pinned Python packages. Safe to run again:
# it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# Pango lays out text for WeasyPrint; libharfbuzz-subset0 lets it subset fonts quickly;
# the Noto fonts set every script the templates name (fonts-noto-core: Noto Serif and Sans
# for Latin, Greek and Cyrillic, Noto Naskh and Kufi Arabic; fonts-noto-cjk: Noto Serif and
# Sans CJK for Chinese), DejaVu Sans Mono sets hashes, addresses and code; poppler-utils and
# qpdf inspect PDFs in the tests, pandoc checks that the citation records work with citeproc, and a Java runtime runs the
# W3C Nu HTML checker on every HTML page in the tests; chromium is the real browser the
# catalogue's search is tested in (driven by Playwright, whose own browser download is not used).
SYSTEM_PACKAGES=(
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
  fonts-noto-core fonts-noto-cjk fonts-dejavu-core
  poppler-utils qpdf pandoc
  openjdk-17-jre-headless
  chromium
)
command -v npm >/dev/null || SYSTEM_PACKAGES+=(npm)

missing=()
for pkg in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "setup: briefgen needs Python 3.11 or newer ($python is $("$python" --version 2>&1))" >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv

# Reinstall Python packages only when the project's requirements change.
stamp=.venv/.briefgen-requirements
wanted=$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "setup: installing Python packages into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -e ".[test,dask,docs]"
  echo "$wanted" > "$stamp"
fi

# The W3C Nu HTML checker (vnu.jar) for the tests, from npm's vnu-jar, kept inside .venv.
vnu=.venv/vnu/node_modules/vnu-jar/build/dist/vnu.jar
if [ ! -f "$vnu" ]; then
  echo "setup: installing the Nu HTML checker (npm vnu-jar) into .venv/vnu"
  npm install --prefix .venv/vnu --no-save --no-audit --no-fund --ignore-scripts \
    vnu-jar@26.9.27 >/dev/null
fi

# axe-core, the accessibility engine the catalogue's browser test runs, from npm, in .venv.
axe=.venv/axe/node_modules/axe-core/axe.min.js
if [ ! -f "$axe" ]; then
  echo "setup: installing axe-core (npm) into .venv/axe"
  npm install --prefix .venv/axe --no-save --no-audit --no-fund --ignore-scripts \
    axe-core@4.14.1 >/dev/null
fi
