#!/usr/bin/env bash
# Build benchmarks: medians of whole-command timings (hyperfine) and peak RSS
# (/usr/bin/time -v) for the real site and synthetic sites of N codes.
# Needs: apt-get install hyperfine time. Usage: bash benches/run.sh [N...]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -q
bin=$PWD/target/release/statusdex
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { # hyperfine JSON -> median in ms
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.1f ms (min %.1f, max %.1f, %d runs)" % (r["median"]*1e3, r["min"]*1e3, r["max"]*1e3, len(r["times"])))' "$1"
}
peak_kib() {
  /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}'
}

measure() { # name root
  local name=$1 root=$2 out=$2/public
  echo "== $name: $("$bin" build --root "$root" --output "$out" 2>&1 | tail -1)"
  rm -rf "$out"
  hyperfine -N -w 2 -r 15 --prepare "rm -rf $out" --export-json "$work/fresh.json" \
    "$bin build --root $root --output $out" >/dev/null
  echo "fresh build:            $(median "$work/fresh.json")"
  "$bin" build --root "$root" --output "$out" 2>/dev/null
  hyperfine -N -w 2 -r 15 --export-json "$work/noop.json" \
    "$bin build --root $root --output $out" >/dev/null
  echo "rebuild, nothing changed: $(median "$work/noop.json")"
  # Each run renames one reason phrase, so its pages and their neighbours change.
  local record
  record=$(ls "$root"/content/sip/[0-9]*.yaml | tail -1)
  hyperfine -N -w 2 -r 15 --export-json "$work/edit.json" \
    --prepare "sed -i 's/^reason: \\(.*\\)\$/reason: \\1 x/' $record" \
    "$bin build --root $root --output $out" >/dev/null
  sed -i 's/^reason: \(.*\)$/reason: \1 x/' "$record"
  echo "rebuild after one edit:   $(median "$work/edit.json"); $("$bin" build --root "$root" --output "$out" 2>&1 | tail -1 | sed 's/ into .* in / in /')"
  echo "sitemap.xml: $(stat -c %s "$out/sitemap.xml") bytes"
  rm -rf "$out"
  echo "peak RSS, fresh build:  $(peak_kib "$bin" build --root "$root" --output "$out") KiB"
}

cp -r content templates static "$work/" 2>/dev/null
mkdir -p "$work/real" && mv "$work/content" "$work/templates" "$work/static" "$work/real/"
measure "real content" "$work/real"
for n in "${@:-6 30 75}"; do
  python3 benches/synthetic_site.py "$n" "$work/synth$n"
  measure "synthetic, $n codes" "$work/synth$n"
done
