"""CreditDesk: an offline credit-decision desktop tool for loan officers."""

import os as _os

__version__ = "0.1.0"
APP_NAME = "CreditDesk"

# Offline guarantee: Evidently's usage telemetry honours DO_NOT_TRACK. Setting it
# here means every entry point (GUI, CLI, monitoring script, frozen app, tests)
# has it before Evidently can be imported.
_os.environ["DO_NOT_TRACK"] = "1"
