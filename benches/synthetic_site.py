#!/usr/bin/env python3
"""Make a synthetic site of N codes from the real one, for build benchmarks.

Each synthetic record is a copy of a real record (cycling through them) with a
new code in the same class, so pages are as large as real pages and pair count
grows as N*(N-1)/2 per locale. The output folder must not exist yet.

    python3 benches/synthetic_site.py 75 /tmp/synth
    cargo run --release -- build --root /tmp/synth
"""
import pathlib
import re
import shutil
import sys


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    count, dest = int(sys.argv[1]), pathlib.Path(sys.argv[2])
    repo = pathlib.Path(__file__).resolve().parent.parent
    if dest.exists():
        sys.exit(f"{dest} exists; give a new folder")
    for part in ("templates", "static"):
        shutil.copytree(repo / part, dest / part)
    (dest / "content" / "sip").mkdir(parents=True)
    shutil.copytree(repo / "content" / "i18n", dest / "content" / "i18n")
    shutil.copy(repo / "content" / "site.yaml", dest / "content" / "site.yaml")
    shutil.copy(repo / "content" / "sip" / "family.yaml", dest / "content" / "sip" / "family.yaml")

    records = sorted((repo / "content" / "sip").glob("[0-9]*.yaml"))
    by_class: dict[int, list[pathlib.Path]] = {}
    for record in records:
        by_class.setdefault(int(record.stem) // 100, []).append(record)
    classes = sorted(by_class)
    if count > 100 * len(classes):
        sys.exit(f"at most {100 * len(classes)} codes fit in {len(classes)} classes")
    # Codes are dealt to the classes in turn, so no class runs out before all
    # do; each class's codes are copies of its own real records, in turn.
    used: set[int] = set()
    per_class = {c: 0 for c in classes}
    turn = 0
    for _ in range(count):
        while per_class[classes[turn % len(classes)]] >= 100:
            turn += 1
        cls = classes[turn % len(classes)]
        turn += 1
        sources = by_class[cls]
        source = sources[per_class[cls] % len(sources)]
        per_class[cls] += 1
        base = int(source.stem)
        code = base
        while code in used:
            code = cls * 100 + (code + 1) % 100
        used.add(code)
        text = source.read_text(encoding="utf-8")
        text = re.sub(r"^code: \d+$", f"code: {code}", text, count=1, flags=re.M)
        # The example's status line names the code.
        text = re.sub(rf"^(  \S+/\S+) {base} ", rf"\g<1> {code} ", text, count=1, flags=re.M)
        # The call flow shows the code in its own steps.
        text = re.sub(rf'msg: "{base} ', f'msg: "{code} ', text)
        # Links to other codes may point at codes the synthetic set lacks.
        text = re.sub(r"\[\[(\d+)\]\]", r"\1", text)
        # Related codes may not exist in the synthetic set.
        text = re.sub(r"^related: \[.*\]$", "related: []", text, count=1, flags=re.M)
        (dest / "content" / "sip" / f"{code}.yaml").write_text(text, encoding="utf-8")

if __name__ == "__main__":
    main()
