"""Profiles, rights and the static parts of a GLPI session / configuration (values taken from
recordings 08, 12 and 176)."""

import copy
import json
import os

READ, UPDATE, CREATE, DELETE, PURGE = 1, 2, 4, 8, 16


def _session_data(version):
    """data/<version>/session.json: the Super-Admin profile of getActiveProfile (its head and
    its rights) and the session preferences of getFullSession, as recorded (recordings 12, 08)."""
    path = os.path.join(version.data_dir, "session.json")
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


# Recording 176: the Self-Service profile of the post-only user (without "entities").
SELF_SERVICE_PROFILE = {
    "id": 1,
    "name": "Self-Service",
    "interface": "helpdesk",
    "is_default": 1,
    "helpdesk_hardware": 1,
    "helpdesk_item_type": ["Computer", "Monitor", "NetworkEquipment", "Peripheral", "Phone",
                           "Printer", "Software", "DCRoom", "Rack", "Enclosure", "Database"],
    # no status change allowed: {from: {to: 0}}
    "ticket_status": {str(a): {str(b): 0 for b in range(1, 7) if b != a and (a, b) != (5, 6)}
                      for a in range(1, 7)},
    "create_ticket_on_login": 0,
    "tickettemplates_id": 0,
    "changetemplates_id": 0,
    "problemtemplates_id": 0,
    "followup": 5,
    "knowbase": 2048,
    "password_update": 1,
    "personalization": 3,
    "reminder_public": 1,
    "reservation": 1024,
    "rssfeed_public": 1,
    "show_group_hardware": 0,
    "task": 1,
    "ticket": 5,
    "ticketvalidation": 0,
    "managed_domainrecordtypes": [],
}

_NOT_RIGHTS = ("id", "is_default", "helpdesk_hardware", "create_ticket_on_login",
               "tickettemplates_id", "changetemplates_id", "problemtemplates_id")
SELF_SERVICE_RIGHTS = {k: v for k, v in SELF_SERVICE_PROFILE.items()
                       if isinstance(v, int) and k not in _NOT_RIGHTS}

# id: (name, interface, is_default, rights: "super" | "read" | "self-service")
PROFILES = {
    1: ("Self-Service", "helpdesk", 1, "self-service"),
    2: ("Observer", "central", 0, "read"),
    3: ("Admin", "central", 0, "super"),
    4: ("Super-Admin", "central", 0, "super"),
    5: ("Hotliner", "central", 0, "read"),
    6: ("Technician", "central", 0, "super"),
    7: ("Supervisor", "central", 0, "super"),
    8: ("Read-Only", "central", 0, "read"),
}


class VersionProfiles:
    """Profiles, rights and session preferences of one GLPI version."""

    def __init__(self, version):
        data = _session_data(version)
        self.head = data["profile_head"]
        self.super_admin_rights = data["super_admin_rights"]
        self.preferences = data["preferences"]
        self.session_tail_keys = data["session_tail_keys"]
        read_only = {key: value & READ for key, value in self.super_admin_rights.items()}
        read_only.update(password_update=1, personalization=3)
        self._rights = {"super": self.super_admin_rights, "read": read_only,
                        "self-service": SELF_SERVICE_RIGHTS}

    def rights(self, profile_id):
        return self._rights[PROFILES[profile_id][3]]

    def active_profile_payload(self, profile_id, entities):
        """The dict returned by getActiveProfile (and stored as glpiactiveprofile)."""
        if profile_id == 1:
            payload = copy.deepcopy(SELF_SERVICE_PROFILE)
            payload["entities"] = entities
            return payload
        name, interface, is_default, _rights = PROFILES[profile_id]
        payload = copy.deepcopy(self.head)
        payload.update({"id": profile_id, "name": name, "interface": interface,
                        "is_default": is_default})
        payload.update(self.rights(profile_id))
        payload["entities"] = entities
        return payload


_BY_VERSION = {}


def for_version(version):
    if version.key not in _BY_VERSION:
        _BY_VERSION[version.key] = VersionProfiles(version)
    return _BY_VERSION[version.key]


# GLPI default priority matrix: PRIORITY_MATRIX[urgency][impact]
PRIORITY_MATRIX = {
    1: {1: 1, 2: 1, 3: 2, 4: 2, 5: 2},
    2: {1: 1, 2: 2, 3: 2, 4: 3, 5: 3},
    3: {1: 2, 2: 2, 3: 3, 4: 4, 5: 4},
    4: {1: 2, 2: 3, 3: 4, 4: 4, 5: 5},
    5: {1: 2, 2: 3, 3: 4, 4: 5, 5: 5},
}

LANGUAGES = {
    "de_DE": ["Deutsch", "de_DE.mo", "de", "de", "german", 2],
    "en_GB": ["English", "en_GB.mo", "en-GB", "en", "english", 2],
    "en_US": ["English (US)", "en_US.mo", "en-GB", "en", "english", 2],
    "es_ES": ["Español (España)", "es_ES.mo", "es", "es", "spanish", 2],
    "fr_FR": ["Français", "fr_FR.mo", "fr", "fr", "french", 2],
    "it_IT": ["Italiano", "it_IT.mo", "it", "it", "italian", 2],
}


def glpi_config(version, base_url, api_url, config):
    """A (much shorter) getGlpiConfig payload."""
    cfg = {"app_name": "GLPI"} if version.config_has_app_name else {}
    cfg.update({
        "languages": copy.deepcopy(LANGUAGES),
        "version": version.full,
        "url_base": base_url,
        "url_base_api": api_url,
        "enable_api": int(config["api_enabled"]),
        "enable_api_login_credentials": int(config["login_credentials"]),
        "enable_api_login_external_token": int(config["login_external_token"]),
        "list_limit": 20,
        "list_limit_max": 50,
        "language": "en_GB",
        "use_notifications": int(config["notifications"]),
        "notifications_mailing": int(config["notifications"]),
        "priority_matrix": {str(u): {str(i): p for i, p in row.items()}
                            for u, row in PRIORITY_MATRIX.items()},
        "asset_types": ["Computer", "Monitor", "NetworkEquipment", "Peripheral", "Phone",
                        "Printer", "SoftwareLicense", "Certificate", "Unmanaged", "Appliance"],
        "networkport_types": ["Computer", "NetworkEquipment", "Peripheral", "Phone", "Printer",
                              "Enclosure", "PDU", "Cluster", "Unmanaged"],
        "directconnect_types": ["Monitor", "Peripheral", "Phone", "Printer"],
        "timezone": None,
        "maintenance_mode": 0,
        "use_rich_text": 1,
        "document_max_size": 2,
    })
    if not version.config_has_url_base_api:
        del cfg["url_base_api"]
    return cfg
