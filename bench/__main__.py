"""`python -m bench [NAME [options]]`: run one registered benchmark, or all of them."""

from __future__ import annotations

import importlib
import sys

from . import BENCHMARKS


def main(argv: list[str]) -> int:
    if argv and argv[0] in ("-h", "--help"):
        print("usage: python -m bench [NAME [options]]\n\nbenchmarks: " + ", ".join(BENCHMARKS))
        return 0
    if argv:
        name, rest = argv[0], argv[1:]
        if name not in BENCHMARKS:
            print(f"unknown benchmark {name!r}; choose one of: {', '.join(BENCHMARKS)}",
                  file=sys.stderr)
            return 2
        return importlib.import_module(BENCHMARKS[name]).main(rest)
    status = 0
    for name, module in BENCHMARKS.items():
        print(f"== {name}", flush=True)
        status = importlib.import_module(module).main([]) or status
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
