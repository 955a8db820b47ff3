"""GLPI 10.0.12 REST API emulator for the glpi.itsm collection tests.

    from emulator import GlpiEmulator
    with GlpiEmulator() as emu:
        emu.load_sample_data()
        ...  # talk to emu.api_url

See server.py (HTTP, faults, request log), api.py / items.py / massive.py (apirest.php logic),
store.py (data), search.py (search engine), sample_data.py.
"""

from .server import GlpiEmulator, RecordedRequest
from .store import APP_TOKEN, Store, StoreError

__all__ = ["GlpiEmulator", "RecordedRequest", "Store", "StoreError", "APP_TOKEN"]
