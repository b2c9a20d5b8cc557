import sys

from services.runtime.server import main
from services.search.bootstrap import DEFINITION

sys.exit(main(DEFINITION))
