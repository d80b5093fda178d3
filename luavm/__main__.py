"""`python -m luavm` is the `luavm` command."""
import sys

from luavm.cli import main

sys.exit(main())
