"""GLPI REST API emulator (GLPI 10.0 or 11.0) for the glpi.itsm collection tests.

    from emulator import GlpiEmulator
    with GlpiEmulator() as emu:              # or GlpiEmulator(version="11.0")
        emu.load_sample_data()
        ...  # talk to emu.api_url

See versions.py (what differs between GLPI versions), server.py (HTTP, faults, request log),
api.py / items.py / massive.py (apirest.php logic), store.py (data), searchoptions.py and
search.py (GLPI's search options and the search engine), sample_data.py.
"""

from .server import GlpiEmulator, RecordedRequest
from .store import APP_TOKEN, Store, StoreError
from .versions import ENV_VARIABLE, VERSIONS, GlpiVersion, get_version

__all__ = ["GlpiEmulator", "RecordedRequest", "Store", "StoreError", "APP_TOKEN", "GlpiVersion",
           "get_version", "VERSIONS", "ENV_VARIABLE"]
