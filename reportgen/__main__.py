"""Run the command line with ``python -m reportgen``."""
from reportgen.cli import run

run()
