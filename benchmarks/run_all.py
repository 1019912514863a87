"""Runs every benchmark in this folder, one process each, and stops at the first failure.

make benchmarks        # or: .venv/bin/python benchmarks/run_all.py [name ...]
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(names: list[str]) -> int:
    scripts = sorted(p for p in HERE.glob("*.py") if p.name not in {"run_all.py", "__init__.py"})
    if names:
        scripts = [p for p in scripts if p.stem in names]
    for script in scripts:
        print(f"\n=== {script.stem}", flush=True)
        result = subprocess.run([sys.executable, str(script)], cwd=HERE.parent)
        if result.returncode != 0:
            print(f"{script.stem} failed with exit code {result.returncode}", file=sys.stderr)
            return result.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
