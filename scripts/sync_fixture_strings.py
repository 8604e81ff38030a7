#!/usr/bin/env python3
"""Copies the real string tables' shared sections (locale, ui, patterns) into
the mini fixture's tables, keeping the fixture's own `families:` block and
whatever follows it. Run after editing ui or patterns in content/i18n/.

usage: python3 scripts/sync_fixture_strings.py
"""
import pathlib
import sys

repo = pathlib.Path(__file__).resolve().parent.parent
for locale in ("en", "ru", "zh"):
    real = (repo / "content/i18n" / f"{locale}.yaml").read_text(encoding="utf-8")
    path = repo / "tests/fixtures/mini/content/i18n" / f"{locale}.yaml"
    fixture = path.read_text(encoding="utf-8")
    marker = "\nfamilies:\n"
    if marker not in real or marker not in fixture:
        sys.exit(f"{locale}: no top-level `families:` key to split at")
    head = real[: real.index(marker) + 1]
    tail = fixture[fixture.index(marker) + 1 :]
    path.write_text(head + tail, encoding="utf-8")
    print(f"synced {path.relative_to(repo)}")
