import sys

from services.identity.bootstrap import DEFINITION
from services.runtime.server import main

sys.exit(main(DEFINITION))
