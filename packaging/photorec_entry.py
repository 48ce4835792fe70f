"""Entry script of the frozen (PyInstaller) photorec: the same ``photorec.cli:main``."""

import multiprocessing
import sys

from photorec.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
