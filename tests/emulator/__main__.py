"""Run the emulator in the foreground:

    PYTHONPATH=tests python -m emulator --port 0 --sample-data --url-file /tmp/glpi.url
    PYTHONPATH=tests python -m emulator --glpi-version 11.0
"""

import argparse
import signal
import sys
import threading

from . import GlpiEmulator
from .versions import ENV_VARIABLE, VERSIONS


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m emulator",
                                     description="GLPI REST API emulator")
    parser.add_argument("--glpi-version", choices=sorted(VERSIONS),
                        help="GLPI version to emulate (default: $%s, else 10.0)" % ENV_VARIABLE)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--sample-data", action="store_true", help="load the demo data")
    parser.add_argument("--bulk-computers", type=int, default=0)
    parser.add_argument("--bulk-network-equipment", type=int, default=0)
    parser.add_argument("--url-file", help="also write the API URL to this file")
    parser.add_argument("--require-app-token", action="store_true")
    parser.add_argument("--tls-cert", help="serve HTTPS with this certificate (PEM)")
    parser.add_argument("--tls-key", help="private key of --tls-cert (PEM)")
    args = parser.parse_args(argv)

    tls = (args.tls_cert, args.tls_key) if args.tls_cert else None
    emu = GlpiEmulator(require_app_token=args.require_app_token, tls=tls, host=args.host,
                       port=args.port, version=args.glpi_version)
    if args.sample_data:
        emu.load_sample_data()
    if args.bulk_computers or args.bulk_network_equipment:
        emu.add_bulk_assets(computers=args.bulk_computers,
                            network_equipment=args.bulk_network_equipment)
    emu.start()

    stop = threading.Event()

    def _stop(signum, frame):
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    if args.url_file:
        with open(args.url_file, "w") as fh:
            fh.write(emu.api_url + "\n")
    print(emu.api_url, flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        emu.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
