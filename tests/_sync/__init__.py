# This file is generated from the async source tests/_async/__init__.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
