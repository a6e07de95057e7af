"""Shape of the code in ``bot/``: wide signatures and large modules. Prints one JSON object.

    .venv/bin/python benchmarks/code_shape.py [--root bot] [--min-params 8] [--max-lines 600]

* wide: functions (sync or async, methods included) taking ``--min-params`` or more
  parameters, counting positional, keyword-only, ``*args`` and ``**kwargs`` but not
  ``self``/``cls``;
* large: modules longer than ``--max-lines`` lines;
* handler_params: how many handler signatures in ``bot/handlers`` name ``l10n`` and ``vault``.

Repeated code is measured by the separate ``duplicates`` command (see the README).
"""

from __future__ import annotations

import argparse
import ast
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parameter_names(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    args = function.args
    names = [a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]]
    if args.vararg is not None:
        names.append(args.vararg.arg)
    if args.kwarg is not None:
        names.append(args.kwarg.arg)
    if names and names[0] in ("self", "cls"):
        names = names[1:]
    return names


def functions(path: Path) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def measure(root: Path, min_params: int, max_lines: int) -> dict[str, object]:
    wide: list[str] = []
    large: dict[str, int] = {}
    l10n = vault = 0
    for path in sorted(root.rglob("*.py")):
        relative = str(path.relative_to(ROOT))
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > max_lines:
            large[relative] = lines
        for function in functions(path):
            names = parameter_names(function)
            if len(names) >= min_params:
                wide.append(f"{relative}:{function.lineno}:{function.name}")
            if "handlers" in path.parts:
                l10n += "l10n" in names
                vault += "vault" in names
    return {
        "root": str(root.relative_to(ROOT)),
        "min_params": min_params,
        "wide_functions": len(wide),
        "max_lines": max_lines,
        "large_modules": large,
        "handler_signatures_with_l10n": l10n,
        "handler_signatures_with_vault": vault,
        "wide": wide,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", default="bot")
    parser.add_argument("--min-params", type=int, default=8)
    parser.add_argument("--max-lines", type=int, default=600)
    options = parser.parse_args()
    result = measure(ROOT / options.root, options.min_params, options.max_lines)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
