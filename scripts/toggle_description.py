#!/usr/bin/env python3
"""Toggles one word in a record's English description, so each benchmark run
of `scripts/bench` rebuilds after a real one-record edit."""
import pathlib
import sys

path = pathlib.Path(sys.argv[1])
text = path.read_text(encoding="utf-8")
marker = "  en:\n    name:"
if marker not in text:
    sys.exit(f"{path}: no English prose block")
head, tail = text.split("\n    description: |\n", 1)
first, rest = tail.split("\n", 1)
first = first[: -len(" (edited)")] if first.endswith(" (edited)") else first + " (edited)"
path.write_text(f"{head}\n    description: |\n{first}\n{rest}", encoding="utf-8")
