"""Profiles, rights and the static parts of a GLPI session / configuration (values taken from
recordings 08, 12 and 176)."""

import copy

READ, UPDATE, CREATE, DELETE, PURGE = 1, 2, 4, 8, 16

SUPER_ADMIN_RIGHTS = {
    "agent": 19, "appliance": 31, "backup": 1045, "bookmark_public": 23, "budget": 127,
    "cable_management": 31, "calendar": 23, "cartridge": 255, "certificate": 255, "change": 1151,
    "changevalidation": 1044, "cluster": 31, "computer": 255, "config": 3, "consumable": 255,
    "contact_enterprise": 255, "contract": 255, "dashboard": 23, "database": 31, "datacenter": 31,
    "device": 23, "devicesimcard_pinpuk": 3, "document": 255, "domain": 31, "dropdown": 23,
    "entity": 3327, "externalevent": 1055, "followup": 31767, "global_validation": 0,
    "group": 119, "infocom": 23, "internet": 159, "inventory": 3073, "itilcategory": 23,
    "itilfollowuptemplate": 23, "itiltemplate": 23, "knowbase": 15383, "knowbasecategory": 23,
    "license": 255, "line": 255, "lineoperator": 23, "link": 159, "location": 23,
    "locked_field": 6, "logs": 1, "monitor": 255, "networking": 255, "notification": 23,
    "password_update": 1, "pendingreason": 31, "peripheral": 255, "personalization": 3,
    "phone": 255, "planning": 3073, "printer": 255, "problem": 1151, "profile": 23,
    "project": 1151, "projecttask": 1121, "queuednotification": 31, "recurrentchange": 31,
    "refusedequipment": 19, "reminder_public": 159, "reports": 1, "reservation": 1055,
    "rssfeed_public": 159, "rule_asset": 1047, "rule_dictionnary_dropdown": 23,
    "rule_dictionnary_printer": 23, "rule_dictionnary_software": 23, "rule_import": 23,
    "rule_ldap": 23, "rule_location": 23, "rule_mailcollector": 23, "rule_softwarecategories": 23,
    "rule_ticket": 1047, "search_config": 3072, "show_group_hardware": 1, "slm": 23,
    "snmpcredential": 31, "software": 255, "solutiontemplate": 23, "state": 23, "statistic": 1,
    "task": 13329, "taskcategory": 23, "ticket": 261151, "ticketcost": 23, "ticketrecurrent": 23,
    "ticketvalidation": 15376, "transfer": 23, "typedoc": 23, "unmanaged": 27, "user": 7327,
}

# Profile attributes as shown in getActiveProfile, before the rights (recording 12).
SUPER_ADMIN_HEAD = {
    "id": 4, "name": "Super-Admin", "interface": "central", "is_default": 0,
    "helpdesk_hardware": 3,
    "helpdesk_item_type": ["Computer", "Monitor", "NetworkEquipment", "Peripheral", "Phone",
                           "Printer", "Software", "DCRoom", "Rack", "Enclosure", "Database"],
    "ticket_status": [], "date_mod": None, "comment": "", "problem_status": [],
    "create_ticket_on_login": 0, "tickettemplates_id": 0, "changetemplates_id": 0,
    "problemtemplates_id": 0, "change_status": None, "managed_domainrecordtypes": [-1],
    "date_creation": None,
}

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


def _read_only_rights():
    rights = {key: value & READ for key, value in SUPER_ADMIN_RIGHTS.items()}
    rights["password_update"] = 1
    rights["personalization"] = 3
    return rights


READ_ONLY_RIGHTS = _read_only_rights()

PROFILES = {
    # id: (name, interface, is_default, rights)
    1: ("Self-Service", "helpdesk", 1, SELF_SERVICE_RIGHTS),
    2: ("Observer", "central", 0, READ_ONLY_RIGHTS),
    3: ("Admin", "central", 0, SUPER_ADMIN_RIGHTS),
    4: ("Super-Admin", "central", 0, SUPER_ADMIN_RIGHTS),
    5: ("Hotliner", "central", 0, READ_ONLY_RIGHTS),
    6: ("Technician", "central", 0, SUPER_ADMIN_RIGHTS),
    7: ("Supervisor", "central", 0, SUPER_ADMIN_RIGHTS),
    8: ("Read-Only", "central", 0, READ_ONLY_RIGHTS),
}


def profile_rights(profile_id):
    return PROFILES[profile_id][3]


def active_profile_payload(profile_id, entities):
    """The dict returned by getActiveProfile (and stored as glpiactiveprofile)."""
    if profile_id == 1:
        payload = copy.deepcopy(SELF_SERVICE_PROFILE)
        payload["entities"] = entities
        return payload
    name, interface, is_default, rights = PROFILES[profile_id]
    payload = copy.deepcopy(SUPER_ADMIN_HEAD)
    payload.update({"id": profile_id, "name": name, "interface": interface,
                    "is_default": is_default})
    payload.update(rights)
    payload["entities"] = entities
    return payload


# Session preferences (recording 08), from glpiis_ids_visible to glpipluralnumber.
SESSION_PREFERENCES = {
    "glpiis_ids_visible": "0", "glpifriendlyname": "glpi", "glpiname": "glpi",
    "glpirealname": None, "glpifirstname": None, "glpidefault_entity": 0, "glpiextauth": 1,
    "glpiauthtype": 1, "glpiroot": "", "glpi_plannings": [], "glpicrontimer": 1795333922,
    "glpi_tabs": [], "glpibackcreated": "0", "glpicsv_delimiter": ";", "glpidate_format": "0",
    "glpidefault_requesttypes_id": "1", "glpidisplay_count_on_home": "5",
    "glpiduedatecritical_color": "#ff0000", "glpiduedatecritical_less": "5",
    "glpiduedatecritical_unit": "%", "glpiduedateok_color": "#06ff00",
    "glpiduedatewarning_color": "#ffb800", "glpiduedatewarning_less": "20",
    "glpiduedatewarning_unit": "%", "glpifollowup_private": "0",
    "glpikeep_devices_when_purging_item": "0", "glpilanguage": "en_GB", "glpilist_limit": 20,
    "glpilock_autolock_mode": "1", "glpilock_directunlock_notification": "0",
    "glpinames_format": "0", "glpinotification_to_myself": "1", "glpinumber_format": "0",
    "glpipdffont": "dejavusans", "glpipriority_1": "#fff2f2", "glpipriority_2": "#ffe0e0",
    "glpipriority_3": "#ffcece", "glpipriority_4": "#ffbfbf", "glpipriority_5": "#ffadad",
    "glpipriority_6": "#ff5555", "glpirefresh_views": "0", "glpiset_default_tech": "1",
    "glpiset_default_requester": "1", "glpishow_count_on_tabs": "1",
    "glpishow_jobs_at_login": "0", "glpitask_private": "0", "glpitask_state": "1",
    "glpiuse_flat_dropdowntree": "0", "glpiuse_flat_dropdowntree_on_search_result": "1",
    "glpipalette": "auror", "glpipage_layout": "vertical", "glpihighcontrast_css": "0",
    "glpidefault_dashboard_central": "central", "glpidefault_dashboard_assets": "assets",
    "glpidefault_dashboard_helpdesk": "assistance",
    "glpidefault_dashboard_mini_ticket": "mini_tickets", "glpidefault_central_tab": "0",
    "glpifold_menu": "0", "glpifold_search": "0", "glpisavedsearches_pinned": "0",
    "glpirichtext_layout": "classic", "glpitimeline_order": "natural", "glpiitil_layout": "",
    "glpitimeline_action_btn_layout": "0", "glpitimeline_date_format": "0",
    "glpi_dropdowntranslations": [], "glpipluralnumber": 2,
}

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


def glpi_config(base_url, api_url, config):
    """A (much shorter) getGlpiConfig payload."""
    return {
        "languages": copy.deepcopy(LANGUAGES),
        "version": "10.0.12",
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
    }
