#!/usr/bin/env bash
# Install the Debian packages a part of the portal needs, or say exactly what is missing.
#   scripts/system-packages.sh pdf       fonts for the PDF bulletins (required)
#   scripts/system-packages.sh browser   Chromium for the browser journeys (optional locally)
# As root it installs what is missing (apt-get); otherwise it prints the command to run.
# Exit 1 when a required group is missing and cannot be installed.
set -uo pipefail

group="${1:-}"
case "$group" in
  pdf)
    packages=(fonts-noto-cjk fonts-noto-cjk-extra fonts-arphic-gkai00mp fontconfig poppler-utils
              libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
    required=1 ;;
  browser)
    packages=(chromium chromium-driver)
    required="${REQUIRE_BROWSER:-0}" ;;
  *) echo "usage: $0 pdf|browser" >&2; exit 2 ;;
esac

missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done

fandol_dir=/usr/local/share/fonts/fandol
need_fandol=0
if [ "$group" = pdf ] && ! ls "$fandol_dir"/FandolFang-Regular.otf >/dev/null 2>&1; then
  need_fandol=1
fi

if [ ${#missing[@]} -eq 0 ] && [ "$need_fandol" -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "system packages for '$group' are missing: ${missing[*]:-} $([ $need_fandol = 1 ] && echo FandolFang)"
  echo "  install them as root: sudo make setup   (or: sudo $0 $group)"
  [ "$required" = 1 ] && exit 1 || exit 0
fi

export DEBIAN_FRONTEND=noninteractive
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing system packages for '$group': ${missing[*]}"
  apt-get update -qq >/dev/null || { echo "error: apt-get update failed"; exit 1; }
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { echo "error: apt-get install ${missing[*]} failed"; exit 1; }
fi

if [ "$need_fandol" -eq 1 ]; then
  # FandolFang (仿宋 substitute, GPL with font exception) ships only inside TeX Live's
  # Chinese package: download that .deb and unpack just the fonts.
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && apt-get download -qq texlive-lang-chinese >/dev/null 2>&1) \
    || { apt-get update -qq >/dev/null; (cd "$work" && apt-get download -qq texlive-lang-chinese >/dev/null); } \
    || { echo "error: could not download texlive-lang-chinese for FandolFang"; exit 1; }
  dpkg-deb -x "$work"/texlive-lang-chinese_*.deb "$work/unpacked"
  mkdir -p "$fandol_dir"
  find "$work/unpacked" -name 'Fandol*.otf' -exec cp {} "$fandol_dir"/ \;
  ls "$fandol_dir"/FandolFang-Regular.otf >/dev/null 2>&1 \
    || { echo "error: FandolFang-Regular.otf not found in texlive-lang-chinese"; exit 1; }
  fc-cache -f "$fandol_dir" >/dev/null
  echo "installed FandolFang into $fandol_dir"
fi
exit 0
