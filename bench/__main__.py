"""`python -m bench [NAME] [options]`: one registered benchmark, or (no NAME) the whole suite."""

from __future__ import annotations

import importlib
import sys

from . import BENCHMARKS


def main(argv: list[str]) -> int:
    if argv and argv[0] in ("-h", "--help"):
        print("usage: python -m bench [NAME] [options]   (no NAME: the whole suite, "
              "`--quick` for a smoke run)\n\nbenchmarks: " + ", ".join(BENCHMARKS))
        return 0
    if argv and not argv[0].startswith("-"):
        name, rest = argv[0], argv[1:]
        if name not in BENCHMARKS:
            print(f"unknown benchmark {name!r}; choose one of: {', '.join(BENCHMARKS)}",
                  file=sys.stderr)
            return 2
        return importlib.import_module(BENCHMARKS[name]).main(rest)
    return importlib.import_module(BENCHMARKS["all"]).main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
