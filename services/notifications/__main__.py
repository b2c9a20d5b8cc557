import sys

from services.notifications.bootstrap import DEFINITION
from services.runtime.server import main

sys.exit(main(DEFINITION))
