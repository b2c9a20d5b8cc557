import sys

from services.recommendations.bootstrap import DEFINITION
from services.runtime.server import main

sys.exit(main(DEFINITION))
