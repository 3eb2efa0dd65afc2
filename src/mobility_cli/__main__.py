"""``python -m mobility_cli``."""

from mobility_cli.cli import main

main()
