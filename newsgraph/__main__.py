"""`python -m newsgraph` runs the CLI (same as the `newsgraph` command)."""

from newsgraph.cli import app

if __name__ == "__main__":
    app()
