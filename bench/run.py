#!/usr/bin/env python3
"""Run every benchmark, one after another, in this environment.

python bench/run.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

for script, args in [
    ("decode.py", []),
    ("walk.py", []),
    ("html_text.py", []),
    ("html_hostile.py", []),
    ("fanout.py", []),
    ("testing_fake.py", []),
    ("harvest.py", []),
    ("memory.py", ["1000000"]),
]:
    print(f"\n=== {script}", flush=True)
    subprocess.run([sys.executable, str(HERE / script), *args], check=True)
