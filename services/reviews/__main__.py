import sys

from services.reviews.bootstrap import DEFINITION
from services.runtime.server import main

sys.exit(main(DEFINITION))
