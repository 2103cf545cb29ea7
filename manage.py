#!/usr/bin/env python
"""Voorkant's management entry point; the code lives in src/."""

import os
import sys
from pathlib import Path


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voorkant.settings")
    # An unconfigured checkout (no SECRET_KEY) is a developer's machine: run management commands in DEBUG
    # there. A configured install keeps DEBUG off unless it says otherwise; the web server never does this.
    if not os.environ.get("SECRET_KEY"):
        os.environ.setdefault("DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
