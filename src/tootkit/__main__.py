"""``python -m tootkit``: the same as the ``tootkit`` command."""

from __future__ import annotations

from tootkit.cli import main

raise SystemExit(main())
