"""Itemtype definitions: table, fields (in GLPI 10.0.12 column order, as seen in the recordings;
GLPI 11.0's changes in SCHEMA_CHANGES),
trash bin, tree structure, rights name, HATEOAS sub-resources."""

NOW = object()  # sentinel default: the current date

# --------------------------------------------------------------------------- HATEOAS children
DEVICE_LINKS = [
    "Item_DeviceMotherboard", "Item_DeviceFirmware", "Item_DeviceProcessor", "Item_DeviceMemory",
    "Item_DeviceHardDrive", "Item_DeviceNetworkCard", "Item_DeviceDrive", "Item_DeviceBattery",
    "Item_DeviceGraphicCard", "Item_DeviceSoundCard", "Item_DeviceControl", "Item_DevicePci",
    "Item_DeviceCase", "Item_DevicePowerSupply", "Item_DeviceGeneric", "Item_DeviceSimcard",
    "Item_DeviceSensor", "Item_DeviceCamera",
]
ASSET_LINKS = ["ReservationItem", "Document_Item", "Contract_Item", "Infocom", "Item_Ticket",
               "Item_Project", "NetworkPort"] + DEVICE_LINKS
MONITOR_LINKS = ["ReservationItem", "Document_Item", "Contract_Item", "Infocom", "Item_Ticket",
                 "Item_Project"] + [d for d in DEVICE_LINKS if d not in (
                     "Item_DeviceMemory", "Item_DevicePowerSupply", "Item_DeviceNetworkCard")]
SOFTWARE_LINKS = ["ReservationItem", "Document_Item", "Contract_Item", "Infocom", "Item_Ticket",
                  "Item_Project"]
TICKET_LINKS = ["Document_Item", "TicketTask", "TicketValidation", "TicketCost", "Problem_Ticket",
                "Change_Ticket", "Item_Ticket", "ITILSolution", "ITILFollowup", "Ticket_User",
                "Group_Ticket", "Supplier_Ticket"]
PROBLEM_LINKS = ["Document_Item", "ProblemTask", "ProblemCost", "Change_Problem", "Problem_Ticket",
                 "Item_Problem", "ITILSolution", "ITILFollowup", "Problem_User", "Group_Problem",
                 "Supplier_Problem"]
CHANGE_LINKS = ["Document_Item", "ChangeTask", "ChangeCost", "Itil_Project", "Change_Problem",
                "Change_Ticket", "Change_Item", "ITILSolution", "ITILFollowup", "Change_User",
                "Group_Change", "Supplier_Change"]
# GLPI 11 links an ITIL object to its peers too (after Change_Ticket / Problem_Ticket /
# Change_Ticket): itemtype -> (link after which it comes, new link)
HATEOAS_CHANGES = {"11.0": {"Ticket": ("Change_Ticket", "Ticket_Ticket"),
                            "Problem": ("Problem_Ticket", "Problem_Problem"),
                            "Change": ("Change_Ticket", "Change_Change")}}


class ItemtypeDef:
    def __init__(self, name, table, fields, *, typename=None, trash=False, tree_fk=None,
                 rightname="dropdown", hateoas=(), name_field="name", unicity=None,
                 template=False, asset=False, relation=False):
        self.name = name
        self.table = table
        self.fields = list(fields)
        self.field_names = [f for f, _unused in self.fields]
        self.defaults = dict(self.fields)
        self.typename = typename or name
        self.trash = trash                    # real trash bin (DELETE = put in trash)
        self.tree_fk = tree_fk                # parent foreign key for tree dropdowns
        self.rightname = rightname
        self.hateoas = list(hateoas)
        self.name_field = name_field
        self.unicity = unicity                # tuple of fields forming a unique key
        self.template = template
        self.asset = asset
        self.relation = relation
        self.has_entity = "entities_id" in self.defaults or name == "Entity"
        self.has_is_deleted = "is_deleted" in self.defaults
        self.int_fields = {f for f, d in self.fields
                           if isinstance(d, int) and not isinstance(d, bool) and f != "id"}

    @property
    def is_tree(self):
        return self.tree_fk is not None

    def with_fields(self, fields):
        """The same itemtype with another column list (another GLPI version's schema)."""
        copy = object.__new__(ItemtypeDef)
        copy.__dict__.update(self.__dict__)
        copy.fields = list(fields)
        copy.field_names = [f for f, _unused in copy.fields]
        copy.defaults = dict(copy.fields)
        copy.has_entity = "entities_id" in copy.defaults or copy.name == "Entity"
        copy.has_is_deleted = "is_deleted" in copy.defaults
        copy.int_fields = {f for f, d in copy.fields
                           if isinstance(d, int) and not isinstance(d, bool) and f != "id"}
        return copy

    def __repr__(self):
        return "<ItemtypeDef %s>" % self.name


def F(*names_and_defaults):
    return list(names_and_defaults)


DROPDOWN = F(("id", 0), ("name", None), ("comment", None), ("date_mod", NOW),
             ("date_creation", NOW))
MODEL = F(("id", 0), ("name", None), ("comment", None), ("product_number", None), ("weight", 0),
          ("required_units", 1), ("depth", 1), ("power_connections", 0),
          ("power_consumption", 0), ("is_half_rack", 0), ("picture_front", None),
          ("picture_rear", None), ("pictures", None), ("date_mod", NOW), ("date_creation", NOW))

COMPUTER = F(
    ("id", 0), ("entities_id", 0), ("name", None), ("serial", None), ("otherserial", None),
    ("contact", None), ("contact_num", None), ("users_id_tech", 0), ("groups_id_tech", 0),
    ("comment", None), ("date_mod", NOW), ("autoupdatesystems_id", 0), ("locations_id", 0),
    ("networks_id", 0), ("computermodels_id", 0), ("computertypes_id", 0), ("is_template", 0),
    ("template_name", None), ("manufacturers_id", 0), ("is_deleted", 0), ("is_dynamic", 0),
    ("users_id", 0), ("groups_id", 0), ("states_id", 0), ("ticket_tco", "0.0000"), ("uuid", None),
    ("date_creation", NOW), ("is_recursive", 0), ("last_inventory_update", None),
    ("last_boot", None))

NETWORKEQUIPMENT = F(
    ("id", 0), ("entities_id", 0), ("is_recursive", 0), ("name", None), ("ram", None),
    ("serial", None), ("otherserial", None), ("contact", None), ("contact_num", None),
    ("users_id_tech", 0), ("groups_id_tech", 0), ("date_mod", NOW), ("comment", None),
    ("locations_id", 0), ("networks_id", 0), ("networkequipmenttypes_id", 0),
    ("networkequipmentmodels_id", 0), ("manufacturers_id", 0), ("is_deleted", 0),
    ("is_template", 0), ("template_name", None), ("users_id", 0), ("groups_id", 0),
    ("states_id", 0), ("ticket_tco", "0.0000"), ("is_dynamic", 0), ("uuid", None),
    ("date_creation", NOW), ("autoupdatesystems_id", 0), ("sysdescr", None), ("cpu", 0),
    ("uptime", "0"), ("last_inventory_update", None), ("snmpcredentials_id", 0))

PRINTER = F(
    ("id", 0), ("entities_id", 0), ("is_recursive", 0), ("name", None), ("date_mod", NOW),
    ("contact", None), ("contact_num", None), ("users_id_tech", 0), ("groups_id_tech", 0),
    ("serial", None), ("otherserial", None), ("have_serial", 0), ("have_parallel", 0),
    ("have_usb", 0), ("have_wifi", 0), ("have_ethernet", 0), ("comment", None),
    ("memory_size", None), ("locations_id", 0), ("networks_id", 0), ("printertypes_id", 0),
    ("printermodels_id", 0), ("manufacturers_id", 0), ("is_global", 0), ("is_deleted", 0),
    ("is_template", 0), ("template_name", None), ("init_pages_counter", 0),
    ("last_pages_counter", 0), ("users_id", 0), ("groups_id", 0), ("states_id", 0),
    ("ticket_tco", "0.0000"), ("is_dynamic", 0), ("uuid", None), ("date_creation", NOW),
    ("sysdescr", None), ("last_inventory_update", None), ("snmpcredentials_id", 0),
    ("autoupdatesystems_id", 0))

MONITOR = F(
    ("id", 0), ("entities_id", 0), ("name", None), ("date_mod", NOW), ("contact", None),
    ("contact_num", None), ("users_id_tech", 0), ("groups_id_tech", 0), ("comment", None),
    ("serial", None), ("otherserial", None), ("size", "0.00"), ("have_micro", 0),
    ("have_speaker", 0), ("have_subd", 0), ("have_bnc", 0), ("have_dvi", 0), ("have_pivot", 0),
    ("have_hdmi", 0), ("have_displayport", 0), ("locations_id", 0), ("monitortypes_id", 0),
    ("monitormodels_id", 0), ("manufacturers_id", 0), ("is_global", 0), ("is_deleted", 0),
    ("is_template", 0), ("template_name", None), ("users_id", 0), ("groups_id", 0),
    ("states_id", 0), ("ticket_tco", "0.0000"), ("is_dynamic", 0), ("autoupdatesystems_id", 0),
    ("uuid", None), ("date_creation", NOW), ("is_recursive", 0))

PHONE = F(
    ("id", 0), ("entities_id", 0), ("is_recursive", 0), ("name", None), ("date_mod", NOW),
    ("contact", None), ("contact_num", None), ("users_id_tech", 0), ("groups_id_tech", 0),
    ("comment", None), ("serial", None), ("otherserial", None), ("locations_id", 0),
    ("phonetypes_id", 0), ("phonemodels_id", 0), ("brand", None), ("phonepowersupplies_id", 0),
    ("number_line", None), ("have_headset", 0), ("have_hp", 0), ("manufacturers_id", 0),
    ("is_global", 0), ("is_deleted", 0), ("is_template", 0), ("template_name", None),
    ("users_id", 0), ("groups_id", 0), ("states_id", 0), ("ticket_tco", "0.0000"),
    ("is_dynamic", 0), ("autoupdatesystems_id", 0), ("uuid", None), ("date_creation", NOW),
    ("last_inventory_update", None))

PERIPHERAL = F(
    ("id", 0), ("entities_id", 0), ("is_recursive", 0), ("name", None), ("date_mod", NOW),
    ("contact", None), ("contact_num", None), ("users_id_tech", 0), ("groups_id_tech", 0),
    ("comment", None), ("serial", None), ("otherserial", None), ("locations_id", 0),
    ("peripheraltypes_id", 0), ("peripheralmodels_id", 0), ("brand", None),
    ("manufacturers_id", 0), ("is_global", 0), ("is_deleted", 0), ("is_template", 0),
    ("template_name", None), ("users_id", 0), ("groups_id", 0), ("states_id", 0),
    ("ticket_tco", "0.0000"), ("is_dynamic", 0), ("autoupdatesystems_id", 0), ("uuid", None),
    ("date_creation", NOW))

SOFTWARE = F(
    ("id", 0), ("entities_id", 0), ("is_recursive", 0), ("name", None), ("comment", None),
    ("locations_id", 0), ("users_id_tech", 0), ("groups_id_tech", 0), ("is_update", 0),
    ("softwares_id", 0), ("manufacturers_id", 0), ("is_deleted", 0), ("is_template", 0),
    ("template_name", None), ("date_mod", NOW), ("users_id", 0), ("groups_id", 0),
    ("ticket_tco", "0.0000"), ("is_helpdesk_visible", 1), ("softwarecategories_id", 0),
    ("is_valid", 1), ("date_creation", NOW), ("pictures", None))

SOFTWAREVERSION = F(
    ("id", 0), ("entities_id", 0), ("is_recursive", 0), ("softwares_id", 0), ("states_id", 0),
    ("name", None), ("arch", None), ("comment", None), ("operatingsystems_id", 0),
    ("date_mod", NOW), ("date_creation", NOW))

ITEM_SOFTWAREVERSION = F(
    ("id", 0), ("items_id", 0), ("itemtype", None), ("softwareversions_id", 0),
    ("is_deleted_item", 0), ("is_template_item", 0), ("entities_id", 0), ("is_deleted", 0),
    ("is_dynamic", 0), ("date_install", None))

LOCATION = F(
    ("id", 0), ("entities_id", 0), ("is_recursive", 0), ("name", None), ("locations_id", 0),
    ("completename", None), ("comment", None), ("level", 1), ("ancestors_cache", None),
    ("sons_cache", None), ("address", None), ("postcode", None), ("town", None),
    ("state", None), ("country", None), ("building", None), ("room", None), ("latitude", None),
    ("longitude", None), ("altitude", None), ("date_mod", NOW), ("date_creation", NOW))

STATE = F(
    ("id", 0), ("name", None), ("entities_id", 0), ("is_recursive", 0), ("comment", None),
    ("states_id", 0), ("completename", None), ("level", 1), ("ancestors_cache", None),
    ("sons_cache", None), ("is_visible_computer", 1), ("is_visible_monitor", 1),
    ("is_visible_networkequipment", 1), ("is_visible_peripheral", 1), ("is_visible_phone", 1),
    ("is_visible_printer", 1), ("is_visible_softwareversion", 1),
    ("is_visible_softwarelicense", 1), ("is_visible_line", 1), ("is_visible_certificate", 1),
    ("is_visible_rack", 1), ("is_visible_passivedcequipment", 1), ("is_visible_enclosure", 1),
    ("is_visible_pdu", 1), ("is_visible_cluster", 1), ("is_visible_contract", 1),
    ("is_visible_appliance", 1), ("is_visible_databaseinstance", 1), ("is_visible_cable", 1),
    ("is_visible_unmanaged", 1), ("date_mod", NOW), ("date_creation", NOW))

_ENTITY_SETTINGS = [
    "cartridges_alert_repeat", "consumables_alert_repeat", "use_licenses_alert",
    "send_licenses_alert_before_delay", "use_certificates_alert",
    "send_certificates_alert_before_delay", "certificates_alert_repeat_interval",
    "use_contracts_alert", "send_contracts_alert_before_delay", "use_infocoms_alert",
    "send_infocoms_alert_before_delay", "use_reservations_alert", "use_domains_alert",
    "send_domains_alert_close_expiries_delay", "send_domains_alert_expired_delay",
    "autoclose_delay", "autopurge_delay", "notclosed_delay", "calendars_strategy", "calendars_id",
    "auto_assign_mode", "tickettype", "max_closedate", "inquest_config", "inquest_rate",
    "inquest_delay", "inquest_URL", "autofill_warranty_date", "autofill_use_date",
    "autofill_buy_date", "autofill_delivery_date", "autofill_order_date",
    "tickettemplates_strategy", "tickettemplates_id", "changetemplates_strategy",
    "changetemplates_id", "problemtemplates_strategy", "problemtemplates_id",
    "entities_strategy_software", "entities_id_software", "default_contract_alert",
    "default_infocom_alert", "default_cartridges_alarm_threshold",
    "default_consumables_alarm_threshold", "delay_send_emails", "is_notif_enable_default",
    "inquest_duration", "date_mod", "date_creation", "autofill_decommission_date",
    "suppliers_as_private", "anonymize_support_agents", "display_users_initials",
    "contracts_strategy_default", "contracts_id_default", "enable_custom_css",
    "custom_css_code", "latitude", "longitude", "altitude", "transfers_strategy",
    "transfers_id", "agent_base_url"]

# values of a child entity as created by the API (recording 114b)
_CHILD_ENTITY_VALUES = {
    "calendars_id": 0, "max_closedate": NOW, "inquest_rate": 0, "inquest_delay": -10,
    "inquest_URL": None, "autopurge_delay": -10, "use_domains_alert": -2,
    "autofill_warranty_date": "-2", "autofill_use_date": "-2", "autofill_buy_date": "-2",
    "autofill_delivery_date": "-2", "autofill_order_date": "-2",
    "autofill_decommission_date": "-2", "tickettemplates_id": 0, "changetemplates_id": 0,
    "problemtemplates_id": 0, "entities_id_software": 0, "inquest_duration": 0,
    "date_mod": NOW, "date_creation": NOW, "contracts_id_default": 0, "custom_css_code": None,
    "latitude": None, "longitude": None, "altitude": None, "transfers_id": 0,
    "agent_base_url": None,
}

# values of the root entity (recording 114b)
ROOT_ENTITY_VALUES = {
    "cartridges_alert_repeat": 0, "consumables_alert_repeat": 0, "use_licenses_alert": 0,
    "send_licenses_alert_before_delay": 0, "use_certificates_alert": 0,
    "send_certificates_alert_before_delay": 0, "certificates_alert_repeat_interval": 0,
    "use_contracts_alert": 0, "send_contracts_alert_before_delay": 0, "use_infocoms_alert": 0,
    "send_infocoms_alert_before_delay": 0, "use_reservations_alert": 0, "use_domains_alert": -2,
    "send_domains_alert_close_expiries_delay": -2, "send_domains_alert_expired_delay": -2,
    "autoclose_delay": -10, "autopurge_delay": -10, "notclosed_delay": 0,
    "calendars_strategy": 0, "calendars_id": 0, "auto_assign_mode": -10, "tickettype": 1,
    "max_closedate": None, "inquest_config": 1, "inquest_rate": 0, "inquest_delay": 0,
    "inquest_URL": None, "autofill_warranty_date": "0", "autofill_use_date": "0",
    "autofill_buy_date": "0", "autofill_delivery_date": "0", "autofill_order_date": "0",
    "tickettemplates_strategy": 0, "tickettemplates_id": 1, "changetemplates_strategy": 0,
    "changetemplates_id": 1, "problemtemplates_strategy": 0, "problemtemplates_id": 1,
    "entities_strategy_software": -10, "entities_id_software": 0, "default_contract_alert": 0,
    "default_infocom_alert": 0, "default_cartridges_alarm_threshold": 10,
    "default_consumables_alarm_threshold": 10, "delay_send_emails": 0,
    "is_notif_enable_default": 1, "inquest_duration": 0, "date_mod": None, "date_creation": None,
    "autofill_decommission_date": "0", "suppliers_as_private": 0, "anonymize_support_agents": 0,
    "display_users_initials": 1, "contracts_strategy_default": 0, "contracts_id_default": 0,
    "enable_custom_css": 0, "custom_css_code": None, "latitude": None, "longitude": None,
    "altitude": None, "transfers_strategy": 0, "transfers_id": 0, "agent_base_url": None,
}

ENTITY = F(
    ("id", 0), ("name", None), ("entities_id", 0), ("completename", None), ("comment", None),
    ("level", 1), ("sons_cache", None), ("ancestors_cache", None),
    ("registration_number", None), ("address", None), ("postcode", None), ("town", None),
    ("state", None), ("country", None), ("website", None), ("phonenumber", None), ("fax", None),
    ("email", None), ("admin_email", None), ("admin_email_name", None), ("from_email", None),
    ("from_email_name", None), ("noreply_email", None), ("noreply_email_name", None),
    ("replyto_email", None), ("replyto_email_name", None), ("notification_subject_tag", None),
    ("ldap_dn", None), ("tag", None), ("authldaps_id", 0), ("mail_domain", None),
    ("entity_ldapfilter", None), ("mailing_signature", None),
    *[(f, _CHILD_ENTITY_VALUES.get(f, -2)) for f in _ENTITY_SETTINGS])

GROUP = F(
    ("id", 0), ("entities_id", 0), ("is_recursive", 0), ("name", None), ("comment", None),
    ("ldap_field", None), ("ldap_value", None), ("ldap_group_dn", None), ("date_mod", NOW),
    ("groups_id", 0), ("completename", None), ("level", 1), ("ancestors_cache", None),
    ("sons_cache", None), ("is_requester", 1), ("is_watcher", 1), ("is_assign", 1),
    ("is_task", 1), ("is_notify", 1), ("is_itemgroup", 1), ("is_usergroup", 1),
    ("is_manager", 1), ("date_creation", NOW))

USER = F(
    ("id", 0), ("name", None), ("password_last_update", None), ("phone", None),
    ("phone2", None), ("mobile", None), ("realname", None), ("firstname", None),
    ("locations_id", 0), ("language", None), ("use_mode", 0), ("list_limit", None),
    ("is_active", 1), ("comment", None), ("auths_id", 0), ("authtype", 1), ("last_login", None),
    ("date_mod", NOW), ("date_sync", None), ("is_deleted", 0), ("profiles_id", 0),
    ("entities_id", 0), ("usertitles_id", 0), ("usercategories_id", 0), ("date_format", None),
    ("number_format", None), ("names_format", None), ("csv_delimiter", None),
    ("is_ids_visible", None), ("use_flat_dropdowntree", None),
    ("use_flat_dropdowntree_on_search_result", None), ("show_jobs_at_login", None),
    ("priority_1", None), ("priority_2", None), ("priority_3", None), ("priority_4", None),
    ("priority_5", None), ("priority_6", None), ("followup_private", None),
    ("task_private", None), ("default_requesttypes_id", None), ("password_forget_token", None),
    ("password_forget_token_date", None), ("user_dn", None), ("user_dn_hash", None),
    ("registration_number", None), ("show_count_on_tabs", None), ("refresh_views", None),
    ("set_default_tech", None), ("personal_token_date", None), ("api_token_date", None),
    ("cookie_token_date", None), ("display_count_on_home", None),
    ("notification_to_myself", None), ("duedateok_color", None),
    ("duedatewarning_color", None), ("duedatecritical_color", None),
    ("duedatewarning_less", None), ("duedatecritical_less", None),
    ("duedatewarning_unit", None), ("duedatecritical_unit", None), ("display_options", None),
    ("is_deleted_ldap", 0), ("pdffont", None), ("picture", None), ("begin_date", None),
    ("end_date", None), ("keep_devices_when_purging_item", None),
    ("privatebookmarkorder", None), ("backcreated", None), ("task_state", None),
    ("palette", None), ("page_layout", None), ("fold_menu", None), ("fold_search", None),
    ("savedsearches_pinned", None), ("timeline_order", None), ("itil_layout", None),
    ("richtext_layout", None), ("set_default_requester", None), ("lock_autolock_mode", None),
    ("lock_directunlock_notification", None), ("date_creation", NOW),
    ("highcontrast_css", None), ("plannings", None), ("sync_field", None), ("groups_id", 0),
    ("users_id_supervisor", 0), ("timezone", None), ("default_dashboard_central", None),
    ("default_dashboard_assets", None), ("default_dashboard_helpdesk", None),
    ("default_dashboard_mini_ticket", None), ("default_central_tab", None), ("nickname", None),
    ("timeline_action_btn_layout", None), ("timeline_date_format", None))

PROFILE = F(
    ("id", 0), ("name", None), ("interface", "helpdesk"), ("is_default", 0),
    ("helpdesk_hardware", 0), ("helpdesk_item_type", None), ("ticket_status", None),
    ("date_mod", NOW), ("comment", None), ("problem_status", None),
    ("create_ticket_on_login", 0), ("tickettemplates_id", 0), ("changetemplates_id", 0),
    ("problemtemplates_id", 0), ("change_status", None), ("managed_domainrecordtypes", None),
    ("date_creation", NOW))

TICKET = F(
    ("id", 0), ("entities_id", 0), ("name", None), ("date", NOW), ("closedate", None),
    ("solvedate", None), ("takeintoaccountdate", None), ("date_mod", NOW),
    ("users_id_lastupdater", 0), ("status", 1), ("users_id_recipient", 0),
    ("requesttypes_id", 1), ("content", None), ("urgency", 3), ("impact", 3), ("priority", 3),
    ("itilcategories_id", 0), ("type", 1), ("global_validation", 1), ("slas_id_ttr", 0),
    ("slas_id_tto", 0), ("slalevels_id_ttr", 0), ("time_to_resolve", None),
    ("time_to_own", None), ("begin_waiting_date", None), ("sla_waiting_duration", 0),
    ("ola_waiting_duration", 0), ("olas_id_tto", 0), ("olas_id_ttr", 0),
    ("olalevels_id_ttr", 0), ("ola_tto_begin_date", None), ("ola_ttr_begin_date", None),
    ("internal_time_to_resolve", None), ("internal_time_to_own", None),
    ("waiting_duration", 0), ("close_delay_stat", 0), ("solve_delay_stat", 0),
    ("takeintoaccount_delay_stat", 0), ("actiontime", 0), ("is_deleted", 0),
    ("locations_id", 0), ("validation_percent", 0), ("date_creation", NOW))

ITILFOLLOWUP = F(
    ("id", 0), ("itemtype", None), ("items_id", 0), ("date", NOW), ("users_id", 0),
    ("users_id_editor", 0), ("content", None), ("is_private", 0), ("requesttypes_id", 0),
    ("date_mod", NOW), ("date_creation", NOW), ("timeline_position", 1),
    ("sourceitems_id", 0), ("sourceof_items_id", 0))

ITEM_TICKET = F(("id", 0), ("itemtype", None), ("items_id", 0), ("tickets_id", 0))

DOCUMENT = F(
    ("id", 0), ("entities_id", 0), ("is_recursive", 0), ("name", None), ("filename", None),
    ("filepath", None), ("documentcategories_id", 0), ("mime", None), ("date_mod", NOW),
    ("comment", None), ("is_deleted", 0), ("link", None), ("users_id", 0), ("tickets_id", 0),
    ("sha1sum", None), ("is_blacklisted", 0), ("tag", None), ("date_creation", NOW))

DOCUMENT_ITEM = F(
    ("id", 0), ("documents_id", 0), ("items_id", 0), ("itemtype", None), ("entities_id", 0),
    ("is_recursive", 0), ("date_mod", NOW), ("users_id", 0), ("timeline_position", 0),
    ("date_creation", NOW), ("date", None))

NETWORKPORT = F(
    ("id", 0), ("items_id", 0), ("itemtype", None), ("entities_id", 0), ("is_recursive", 0),
    ("logical_number", 0), ("name", None), ("instantiation_type", None), ("mac", None),
    ("comment", None), ("is_deleted", 0), ("is_dynamic", 0), ("date_mod", NOW),
    ("date_creation", NOW), ("ifmtu", 0), ("ifspeed", 0), ("ifinternalstatus", None),
    ("ifconnectionstatus", 0), ("iflastchange", None), ("ifinbytes", 0), ("ifinerrors", 0),
    ("ifoutbytes", 0), ("ifouterrors", 0), ("ifstatus", None), ("ifdescr", None),
    ("ifalias", None), ("portduplex", None), ("trunk", 0), ("lastup", None))

NETWORKNAME = F(
    ("id", 0), ("entities_id", 0), ("items_id", 0), ("itemtype", None), ("name", None),
    ("comment", None), ("fqdns_id", 0), ("ipnetworks_id", 0), ("is_deleted", 0),
    ("is_dynamic", 0), ("date_mod", NOW), ("date_creation", NOW))

FQDN = F(
    ("id", 0), ("entities_id", 0), ("is_recursive", 0), ("name", None), ("fqdn", None),
    ("comment", None), ("date_mod", NOW), ("date_creation", NOW))

IPADDRESS = F(
    ("id", 0), ("entities_id", 0), ("items_id", 0), ("itemtype", None), ("version", 0),
    ("name", None), ("binary_0", 0), ("binary_1", 0), ("binary_2", 0), ("binary_3", 0),
    ("is_deleted", 0), ("is_dynamic", 0), ("mainitems_id", 0), ("mainitemtype", None))

ITEM_DISK = F(
    ("id", 0), ("entities_id", 0), ("itemtype", None), ("items_id", 0), ("name", None),
    ("device", None), ("mountpoint", None), ("filesystems_id", 0), ("totalsize", 0),
    ("freesize", 0), ("is_deleted", 0), ("is_dynamic", 0), ("encryption_status", 0),
    ("encryption_tool", None), ("encryption_algorithm", None), ("encryption_type", None),
    ("date_mod", NOW), ("date_creation", NOW))

ITEM_OPERATINGSYSTEM = F(
    ("id", 0), ("items_id", 0), ("itemtype", None), ("operatingsystems_id", 0),
    ("operatingsystemversions_id", 0), ("operatingsystemservicepacks_id", 0),
    ("operatingsystemarchitectures_id", 0), ("operatingsystemkernelversions_id", 0),
    ("license_number", None), ("licenseid", None), ("operatingsystemeditions_id", 0),
    ("date_mod", NOW), ("date_creation", NOW), ("is_deleted", 0), ("is_dynamic", 0),
    ("entities_id", 0), ("is_recursive", 0), ("company", None), ("owner", None),
    ("hostid", None), ("install_date", None))

COMPUTER_ITEM = F(("id", 0), ("items_id", 0), ("computers_id", 0), ("itemtype", None),
                  ("is_deleted", 0), ("is_dynamic", 0))

TEMPLATE = F(("id", 0), ("name", None), ("entities_id", 0), ("is_recursive", 0),
             ("comment", None))
REQUESTTYPE = F(("id", 0), ("name", None), ("is_helpdesk_default", 0),
                ("is_followup_default", 0), ("is_mail_default", 0),
                ("is_mailfollowup_default", 0), ("is_active", 1), ("is_ticketheader", 1),
                ("is_itilfollowup", 1), ("comment", None), ("date_mod", None),
                ("date_creation", None))

LOG = F(("id", 0), ("itemtype", None), ("items_id", 0), ("itemtype_link", ""),
        ("linked_action", 0), ("user_name", None), ("date_mod", NOW), ("id_search_option", 0),
        ("old_value", ""), ("new_value", ""))

CONTRACT = F(
    ("id", 0), ("entities_id", 0), ("is_recursive", 0), ("name", None), ("num", None),
    ("contracttypes_id", 0), ("begin_date", None), ("duration", 0), ("notice", 0),
    ("periodicity", 0), ("billing", 0), ("comment", None), ("accounting_number", None),
    ("is_deleted", 0), ("week_begin_hour", "00:00:00"), ("week_end_hour", "00:00:00"),
    ("saturday_begin_hour", "00:00:00"), ("saturday_end_hour", "00:00:00"),
    ("use_saturday", 0), ("sunday_begin_hour", "00:00:00"), ("sunday_end_hour", "00:00:00"),
    ("use_sunday", 0), ("max_links_allowed", 0), ("alert", 0), ("renewal", 0),
    ("template_name", None), ("is_template", 0), ("states_id", 0), ("date_mod", NOW),
    ("date_creation", NOW))

CONTRACT_ITEM = F(("id", 0), ("contracts_id", 0), ("items_id", 0), ("itemtype", None))

INFOCOM = F(
    ("id", 0), ("items_id", 0), ("itemtype", None), ("entities_id", 0), ("is_recursive", 0),
    ("buy_date", None), ("use_date", None), ("warranty_duration", 0), ("warranty_info", None),
    ("suppliers_id", 0), ("order_number", None), ("delivery_number", None),
    ("immo_number", None), ("value", "0.0000"), ("warranty_value", "0.0000"), ("sink_time", 0),
    ("sink_type", 0), ("sink_coeff", 0), ("comment", None), ("bill", None), ("budgets_id", 0),
    ("alert", 0), ("order_date", None), ("delivery_date", None), ("inventory_date", None),
    ("warranty_date", None), ("date_mod", NOW), ("date_creation", NOW),
    ("decommission_date", None), ("businesscriticities_id", 0))

NOTEPAD = F(("id", 0), ("itemtype", None), ("items_id", 0), ("date_creation", NOW),
            ("date_mod", NOW), ("users_id", 0), ("users_id_lastupdater", 0), ("content", None),
            ("picture", None))

DEVICEPROCESSOR = F(
    ("id", 0), ("designation", None), ("frequency", 0), ("comment", None),
    ("manufacturers_id", 0), ("frequency_default", 0), ("nbcores_default", None),
    ("nbthreads_default", None), ("entities_id", 0), ("is_recursive", 0),
    ("deviceprocessormodels_id", None), ("date_mod", NOW), ("date_creation", NOW))

ITEM_DEVICEPROCESSOR = F(
    ("id", 0), ("items_id", 0), ("itemtype", None), ("deviceprocessors_id", 0),
    ("frequency", 0), ("serial", None), ("is_deleted", 0), ("is_dynamic", 0), ("nbcores", None),
    ("nbthreads", None), ("entities_id", 0), ("is_recursive", 0), ("busID", None),
    ("otherserial", None), ("locations_id", 0), ("states_id", 0))


_ITIL_HEAD = (("id", 0), ("name", None), ("entities_id", 0), ("is_recursive", 0),
              ("is_deleted", 0), ("status", 1), ("content", None), ("date_mod", NOW), ("date", NOW),
              ("solvedate", None), ("closedate", None), ("time_to_resolve", None),
              ("users_id_recipient", 0), ("users_id_lastupdater", 0), ("urgency", 3),
              ("impact", 3), ("priority", 3), ("itilcategories_id", 0), ("impactcontent", None))
_ITIL_TAIL = (("actiontime", 0), ("begin_waiting_date", None), ("waiting_duration", 0),
              ("close_delay_stat", 0), ("solve_delay_stat", 0), ("date_creation", NOW))
PROBLEM = F(*_ITIL_HEAD, ("causecontent", None), ("symptomcontent", None), *_ITIL_TAIL,
            ("locations_id", 0))
CHANGE = F(*_ITIL_HEAD, ("controlistcontent", None), ("rolloutplancontent", None),
           ("backoutplancontent", None), ("checklistcontent", None), ("global_validation", 1),
           ("validation_percent", 0), *_ITIL_TAIL, ("locations_id", 0))
ITEM_PROBLEM = F(("id", 0), ("problems_id", 0), ("itemtype", None), ("items_id", 0))
CHANGE_ITEM = F(("id", 0), ("changes_id", 0), ("itemtype", None), ("items_id", 0))
SUPPLIER = F(
    ("id", 0), ("entities_id", 0), ("is_recursive", 0), ("name", None), ("suppliertypes_id", 0),
    ("registration_number", None), ("address", None), ("postcode", None), ("town", None),
    ("state", None), ("country", None), ("website", None), ("phonenumber", None),
    ("comment", None), ("is_deleted", 0), ("fax", None), ("email", None), ("date_mod", NOW),
    ("date_creation", NOW), ("is_active", 0), ("pictures", None))


def _actor_fields(itil_fk, actor_fk, notification):
    """An ITIL object's actor link (CommonITILActor): users and suppliers have notification
    settings (use_notification defaults to 1 for tickets, 0 for problems and changes)."""
    fields = [("id", 0), (itil_fk, 0), (actor_fk, 0), ("type", 1)]
    if notification is not None:
        fields += [("use_notification", notification), ("alternative_email", None)]
    return F(*fields)


def _task_fields(itil_fk):
    if itil_fk == "tickets_id":
        return F(("id", 0), ("uuid", None), ("tickets_id", 0), ("taskcategories_id", 0),
                 ("date", None), ("users_id", 0), ("users_id_editor", 0), ("content", None),
                 ("is_private", 0), ("actiontime", 0), ("begin", None), ("end", None),
                 ("state", 1), ("users_id_tech", 0), ("groups_id_tech", 0), ("date_mod", NOW),
                 ("date_creation", NOW), ("tasktemplates_id", 0), ("timeline_position", 0),
                 ("sourceitems_id", 0), ("sourceof_items_id", 0))
    head = [("id", 0), ("uuid", None), (itil_fk, 0), ("taskcategories_id", 0)]
    dates = [("date", None), ("begin", None), ("end", None), ("users_id", 0),
             ("users_id_editor", 0), ("users_id_tech", 0), ("groups_id_tech", 0),
             ("content", None), ("actiontime", 0)]
    if itil_fk == "problems_id":
        body = dates + [("state", 0)]
    else:
        body = [("state", 0)] + dates
    return F(*head, *body, ("date_mod", NOW), ("date_creation", NOW), ("tasktemplates_id", 0),
             ("timeline_position", 0), ("is_private", 0))


TICKET_USER = _actor_fields("tickets_id", "users_id", 1)
GROUP_TICKET = _actor_fields("tickets_id", "groups_id", None)
SUPPLIER_TICKET = _actor_fields("tickets_id", "suppliers_id", 1)
PROBLEM_USER = _actor_fields("problems_id", "users_id", 0)
GROUP_PROBLEM = _actor_fields("problems_id", "groups_id", None)
PROBLEM_SUPPLIER = _actor_fields("problems_id", "suppliers_id", 0)
CHANGE_USER = _actor_fields("changes_id", "users_id", 0)
CHANGE_GROUP = _actor_fields("changes_id", "groups_id", None)
CHANGE_SUPPLIER = _actor_fields("changes_id", "suppliers_id", 0)
TICKETTASK = _task_fields("tickets_id")
PROBLEMTASK = _task_fields("problems_id")
CHANGETASK = _task_fields("changes_id")
ITILSOLUTION = F(
    ("id", 0), ("itemtype", None), ("items_id", 0), ("solutiontypes_id", 0),
    ("solutiontype_name", None), ("content", None), ("date_creation", NOW), ("date_mod", NOW),
    ("date_approval", None), ("users_id", 0), ("user_name", None), ("users_id_editor", 0),
    ("users_id_approval", 0), ("user_name_approval", None), ("status", 1),
    ("itilfollowups_id", None))
TICKETVALIDATION = F(
    ("id", 0), ("entities_id", 0), ("users_id", 0), ("tickets_id", 0), ("users_id_validate", 0),
    ("comment_submission", None), ("comment_validation", None), ("status", 2),
    ("submission_date", None), ("validation_date", None), ("timeline_position", 0))
CHANGEVALIDATION = F(
    ("id", 0), ("entities_id", 0), ("is_recursive", 0), ("users_id", 0), ("changes_id", 0),
    ("users_id_validate", 0), ("comment_submission", None), ("comment_validation", None),
    ("status", 2), ("submission_date", None), ("validation_date", None),
    ("timeline_position", 0))

# ITIL dropdowns: categories of tickets/problems/changes (a tree), solution types, task
# categories (a tree); columns as in the real databases (recordings 192-192u)
ITILCATEGORY = F(
    ("id", 0), ("entities_id", 0), ("is_recursive", 0), ("itilcategories_id", 0), ("name", None),
    ("completename", None), ("comment", None), ("level", 1), ("knowbaseitemcategories_id", 0),
    ("users_id", 0), ("groups_id", 0), ("code", ""), ("ancestors_cache", None),
    ("sons_cache", None), ("is_helpdeskvisible", 1), ("tickettemplates_id_incident", 0),
    ("tickettemplates_id_demand", 0), ("changetemplates_id", 0), ("problemtemplates_id", 0),
    ("is_incident", 1), ("is_request", 1), ("is_problem", 1), ("is_change", 1),
    ("date_mod", NOW), ("date_creation", NOW))
SOLUTIONTYPE = F(("id", 0), ("name", None), ("comment", None), ("entities_id", 0),
                 ("is_recursive", 1), ("date_mod", NOW), ("date_creation", NOW))
TASKCATEGORY = F(
    ("id", 0), ("entities_id", 0), ("is_recursive", 0), ("taskcategories_id", 0), ("name", None),
    ("completename", None), ("comment", None), ("level", 1), ("ancestors_cache", None),
    ("sons_cache", None), ("is_active", 1), ("is_helpdeskvisible", 1), ("date_mod", NOW),
    ("date_creation", NOW), ("knowbaseitemcategories_id", 0))

# GLPI 11: an asset's groups (type 1) and groups in charge (type 2)
GROUP_ITEM = F(("id", 0), ("groups_id", 0), ("itemtype", None), ("items_id", 0), ("type", 1))


def _defs():
    d = [
        ItemtypeDef("Computer", "glpi_computers", COMPUTER, trash=True, rightname="computer",
                    hateoas=ASSET_LINKS, template=True, asset=True),
        ItemtypeDef("NetworkEquipment", "glpi_networkequipments", NETWORKEQUIPMENT, trash=True,
                    rightname="networking", hateoas=ASSET_LINKS, template=True, asset=True,
                    typename="Network device"),
        ItemtypeDef("Printer", "glpi_printers", PRINTER, trash=True, rightname="printer",
                    hateoas=ASSET_LINKS, template=True, asset=True),
        ItemtypeDef("Monitor", "glpi_monitors", MONITOR, trash=True, rightname="monitor",
                    hateoas=MONITOR_LINKS, template=True, asset=True),
        ItemtypeDef("Phone", "glpi_phones", PHONE, trash=True, rightname="phone",
                    hateoas=ASSET_LINKS, template=True, asset=True),
        ItemtypeDef("Peripheral", "glpi_peripherals", PERIPHERAL, trash=True,
                    rightname="peripheral", hateoas=ASSET_LINKS, template=True, asset=True,
                    typename="Device"),
        ItemtypeDef("Software", "glpi_softwares", SOFTWARE, trash=True, rightname="software",
                    hateoas=SOFTWARE_LINKS, template=True),
        ItemtypeDef("SoftwareVersion", "glpi_softwareversions", SOFTWAREVERSION,
                    rightname="software", typename="Version"),
        ItemtypeDef("Item_SoftwareVersion", "glpi_items_softwareversions", ITEM_SOFTWAREVERSION,
                    rightname="software", typename="Installation", relation=True),
        ItemtypeDef("Location", "glpi_locations", LOCATION, tree_fk="locations_id",
                    rightname="location", hateoas=["Document_Item"],
                    unicity=("entities_id", "locations_id", "name")),
        ItemtypeDef("State", "glpi_states", STATE, tree_fk="states_id", rightname="state",
                    typename="Status", unicity=("states_id", "name")),
        ItemtypeDef("Entity", "glpi_entities", ENTITY, tree_fk="entities_id", rightname="entity",
                    hateoas=["Document_Item"], unicity=("entities_id", "name")),
        ItemtypeDef("Manufacturer", "glpi_manufacturers", DROPDOWN),
        ItemtypeDef("ComputerModel", "glpi_computermodels", MODEL, typename="Computer model"),
        ItemtypeDef("ComputerType", "glpi_computertypes", DROPDOWN, typename="Computer type"),
        ItemtypeDef("NetworkEquipmentModel", "glpi_networkequipmentmodels", MODEL,
                    typename="Networking equipment model"),
        ItemtypeDef("NetworkEquipmentType", "glpi_networkequipmenttypes", DROPDOWN,
                    typename="Networking equipment type"),
        ItemtypeDef("PrinterModel", "glpi_printermodels", DROPDOWN, typename="Printer model"),
        ItemtypeDef("PrinterType", "glpi_printertypes", DROPDOWN, typename="Printer type"),
        ItemtypeDef("MonitorModel", "glpi_monitormodels", MODEL, typename="Monitor model"),
        ItemtypeDef("MonitorType", "glpi_monitortypes", DROPDOWN, typename="Monitor type"),
        ItemtypeDef("PhoneModel", "glpi_phonemodels", DROPDOWN, typename="Phone model"),
        ItemtypeDef("PhoneType", "glpi_phonetypes", DROPDOWN, typename="Phone type"),
        ItemtypeDef("PeripheralModel", "glpi_peripheralmodels", MODEL,
                    typename="Peripheral model"),
        ItemtypeDef("PeripheralType", "glpi_peripheraltypes", DROPDOWN,
                    typename="Peripheral type"),
        ItemtypeDef("OperatingSystem", "glpi_operatingsystems", DROPDOWN,
                    typename="Operating system"),
        ItemtypeDef("OperatingSystemVersion", "glpi_operatingsystemversions", DROPDOWN,
                    typename="Version of the operating system"),
        ItemtypeDef("OperatingSystemArchitecture", "glpi_operatingsystemarchitectures",
                    DROPDOWN, typename="Operating system architecture"),
        ItemtypeDef("Item_OperatingSystem", "glpi_items_operatingsystems", ITEM_OPERATINGSYSTEM,
                    rightname="computer", typename="Item operating system", relation=True),
        ItemtypeDef("Group", "glpi_groups", GROUP, tree_fk="groups_id", rightname="group"),
        ItemtypeDef("User", "glpi_users", USER, trash=True, rightname="user",
                    hateoas=["Document_Item"]),
        ItemtypeDef("Profile", "glpi_profiles", PROFILE, rightname="profile"),
        ItemtypeDef("Ticket", "glpi_tickets", TICKET, trash=True, rightname="ticket",
                    hateoas=TICKET_LINKS),
        ItemtypeDef("ITILFollowup", "glpi_itilfollowups", ITILFOLLOWUP, rightname="followup",
                    typename="Followup", relation=True, hateoas=["Document_Item"]),
        ItemtypeDef("Item_Ticket", "glpi_items_tickets", ITEM_TICKET, rightname="ticket",
                    typename="Ticket item", relation=True),
        ItemtypeDef("Document", "glpi_documents", DOCUMENT, trash=True, rightname="document",
                    hateoas=["Document_Item"]),
        ItemtypeDef("Document_Item", "glpi_documents_items", DOCUMENT_ITEM,
                    rightname="document", typename="Document item", relation=True),
        ItemtypeDef("NetworkPort", "glpi_networkports", NETWORKPORT, rightname="networking",
                    typename="Network port", relation=True),
        ItemtypeDef("NetworkName", "glpi_networknames", NETWORKNAME, rightname="networking",
                    typename="Network name", relation=True),
        ItemtypeDef("FQDN", "glpi_fqdns", FQDN, rightname="internet", typename="Internet domain"),
        ItemtypeDef("IPAddress", "glpi_ipaddresses", IPADDRESS, rightname="networking",
                    typename="IP address", relation=True),
        ItemtypeDef("Item_Disk", "glpi_items_disks", ITEM_DISK, rightname="computer",
                    typename="Volume", relation=True),
        ItemtypeDef("Computer_Item", "glpi_computers_items", COMPUTER_ITEM, rightname="computer",
                    typename="General", relation=True),
        ItemtypeDef("Log", "glpi_logs", LOG, rightname="logs", typename="Historical"),
        ItemtypeDef("TicketTemplate", "glpi_tickettemplates", TEMPLATE, rightname="itiltemplate",
                    typename="Ticket template"),
        ItemtypeDef("ChangeTemplate", "glpi_changetemplates", TEMPLATE,
                    rightname="itiltemplate", typename="Change template"),
        ItemtypeDef("ProblemTemplate", "glpi_problemtemplates", TEMPLATE,
                    rightname="itiltemplate", typename="Problem template"),
        ItemtypeDef("RequestType", "glpi_requesttypes", REQUESTTYPE, typename="Request source"),
        ItemtypeDef("Contract", "glpi_contracts", CONTRACT, trash=True, rightname="contract",
                    hateoas=["Document_Item", "Contract_Item"], template=True),
        ItemtypeDef("Contract_Item", "glpi_contracts_items", CONTRACT_ITEM,
                    rightname="contract", typename="Contract item", relation=True),
        ItemtypeDef("Infocom", "glpi_infocoms", INFOCOM, rightname="infocom",
                    typename="Financial and administrative information", relation=True),
        ItemtypeDef("Notepad", "glpi_notepads", NOTEPAD, rightname="computer", typename="Note",
                    relation=True),
        ItemtypeDef("DeviceProcessor", "glpi_deviceprocessors", DEVICEPROCESSOR,
                    rightname="device", typename="Processor", name_field="designation"),
        ItemtypeDef("Item_DeviceProcessor", "glpi_items_deviceprocessors", ITEM_DEVICEPROCESSOR,
                    rightname="computer", typename="Processor item", relation=True),
        ItemtypeDef("Problem", "glpi_problems", PROBLEM, trash=True, rightname="problem",
                    hateoas=PROBLEM_LINKS),
        ItemtypeDef("Change", "glpi_changes", CHANGE, trash=True, rightname="change",
                    hateoas=CHANGE_LINKS),
        ItemtypeDef("Item_Problem", "glpi_items_problems", ITEM_PROBLEM, rightname="problem",
                    typename="Problem item", relation=True),
        ItemtypeDef("Change_Item", "glpi_changes_items", CHANGE_ITEM, rightname="change",
                    typename="Change item", relation=True),
        ItemtypeDef("Group_Item", "glpi_groups_items", GROUP_ITEM, rightname="group",
                    typename="Group item", relation=True),
        ItemtypeDef("Supplier", "glpi_suppliers", SUPPLIER, trash=True,
                    rightname="contact_enterprise", hateoas=["Document_Item"]),
        ItemtypeDef("Ticket_User", "glpi_tickets_users", TICKET_USER, rightname="ticket",
                    typename="Ticket User", relation=True),
        ItemtypeDef("Group_Ticket", "glpi_groups_tickets", GROUP_TICKET, rightname="ticket",
                    typename="Ticket Group", relation=True),
        ItemtypeDef("Supplier_Ticket", "glpi_suppliers_tickets", SUPPLIER_TICKET,
                    rightname="ticket", typename="Ticket Supplier", relation=True),
        ItemtypeDef("Problem_User", "glpi_problems_users", PROBLEM_USER, rightname="problem",
                    typename="Problem User", relation=True),
        ItemtypeDef("Group_Problem", "glpi_groups_problems", GROUP_PROBLEM, rightname="problem",
                    typename="Problem Group", relation=True),
        ItemtypeDef("Problem_Supplier", "glpi_problems_suppliers", PROBLEM_SUPPLIER,
                    rightname="problem", typename="Problem Supplier", relation=True),
        ItemtypeDef("Change_User", "glpi_changes_users", CHANGE_USER, rightname="change",
                    typename="Change User", relation=True),
        ItemtypeDef("Change_Group", "glpi_changes_groups", CHANGE_GROUP, rightname="change",
                    typename="Change Group", relation=True),
        ItemtypeDef("Change_Supplier", "glpi_changes_suppliers", CHANGE_SUPPLIER,
                    rightname="change", typename="Change Supplier", relation=True),
        ItemtypeDef("TicketTask", "glpi_tickettasks", TICKETTASK, rightname="ticket",
                    typename="Ticket task", relation=True, hateoas=["Document_Item"]),
        ItemtypeDef("ProblemTask", "glpi_problemtasks", PROBLEMTASK, rightname="problem",
                    typename="Problem task", relation=True, hateoas=["Document_Item"]),
        ItemtypeDef("ChangeTask", "glpi_changetasks", CHANGETASK, rightname="change",
                    typename="Change task", relation=True, hateoas=["Document_Item"]),
        ItemtypeDef("ITILSolution", "glpi_itilsolutions", ITILSOLUTION, rightname="ticket",
                    typename="Solution", relation=True, hateoas=["Document_Item"]),
        ItemtypeDef("TicketValidation", "glpi_ticketvalidations", TICKETVALIDATION,
                    rightname="ticket", typename="Ticket approval", relation=True),
        ItemtypeDef("ChangeValidation", "glpi_changevalidations", CHANGEVALIDATION,
                    rightname="change", typename="Change approval", relation=True),
        ItemtypeDef("ITILCategory", "glpi_itilcategories", ITILCATEGORY,
                    tree_fk="itilcategories_id", rightname="itilcategory",
                    typename="ITIL category"),
        ItemtypeDef("SolutionType", "glpi_solutiontypes", SOLUTIONTYPE,
                    typename="Solution type"),
        ItemtypeDef("TaskCategory", "glpi_taskcategories", TASKCATEGORY,
                    tree_fk="taskcategories_id", rightname="taskcategory",
                    typename="Task category"),
    ]
    return {x.name: x for x in d}


ITEMTYPES = _defs()     # every itemtype the emulator knows, with GLPI 10.0's columns
TABLE_TO_ITEMTYPE = {d.table: d.name for d in ITEMTYPES.values()}

_ASSET_GROUPS = ("groups_id_tech", "groups_id")
_STATE_VISIBILITIES_11 = (
    "computer", "monitor", "networkequipment", "peripheral", "phone", "printer",
    "softwarelicense", "certificate", "enclosure", "pdu", "line", "rack", "softwareversion",
    "cluster", "contract", "appliance", "databaseinstance", "cable", "unmanaged",
    "passivedcequipment") + tuple("item_device" + d for d in (
        "motherboard", "firmware", "processor", "memory", "harddrive", "networkcard", "drive",
        "battery", "graphiccard", "soundcard", "control", "pci", "case", "powersupply",
        "generic", "simcard", "sensor", "camera"))
_USER_11 = {"set_default_tech": [("set_followup_tech", None), ("set_solution_tech", None)],
            "task_state": [("planned_task_state", None)],
            "nickname": [("substitution_end_date", None), ("substitution_start_date", None),
                         ("toast_location", None)],
            # (2fa and password_history, after timeline_date_format and 2fa_unenforced, are
            # undisclosed fields: never shown)
            "timeline_date_format": [("2fa_unenforced", 0),
                                     ("is_notif_enable_default", None),
                                     ("show_search_form", None),
                                     ("search_pagination_on_top", None)]}
_ENTITY_11 = {
    "mailing_signature": [("url_base", None)],
    "inquest_URL": [("inquest_max_rate", -2), ("inquest_default_rate", -2),
                    ("inquest_mandatory_comment", -2), ("max_closedate_change", None),
                    ("inquest_config_change", -2), ("inquest_rate_change", -2),
                    ("inquest_delay_change", -2), ("inquest_URL_change", None),
                    ("inquest_max_rate_change", -2), ("inquest_default_rate_change", -2),
                    ("inquest_mandatory_comment_change", -2)],
    "inquest_duration": [("inquest_duration_change", -2)],
    "agent_base_url": [("approval_reminder_repeat_interval", -2),
                       ("2fa_enforcement_strategy", -2), ("is_contact_autoupdate", -2),
                       ("is_user_autoupdate", -2), ("is_group_autoupdate", -2),
                       ("is_location_autoupdate", -2), ("state_autoupdate_mode", -2),
                       ("is_contact_autoclean", -2), ("is_user_autoclean", -2),
                       ("is_group_autoclean", -2), ("is_location_autoclean", -2),
                       ("state_autoclean_mode", -2), ("show_tickets_properties_on_helpdesk", -2),
                       ("custom_helpdesk_home_scene_left", None),
                       ("custom_helpdesk_home_scene_right", None),
                       ("custom_helpdesk_home_title", None),
                       ("enable_helpdesk_home_search_bar", -2),
                       ("enable_helpdesk_service_catalog", -2),
                       ("expand_service_catalog", -2)]}

# GLPI 11: approval steps and targets (a user or a group) of validations
_VALIDATION_11 = {"id": [("itils_validationsteps_id", 0)],
                  "users_id_validate": [("itilvalidationtemplates_id", 0),
                                        ("itemtype_target", None), ("items_id_target", 0)],
                  "timeline_position": [("last_reminder_date", None)]}

# Column changes of GLPI 11.0's schema (install/mysql/glpi-empty.sql) for the stored itemtypes:
# itemtype -> (columns removed, {column: [(column added after it, default)]}). Itemtypes a
# version does not have are listed under None.
SCHEMA_CHANGES = {
    "10.0": {None: ("Group_Item",)},
    "11.0": {
        "Computer": (_ASSET_GROUPS, {}), "NetworkEquipment": (_ASSET_GROUPS, {}),
        "Printer": (_ASSET_GROUPS, {}), "Monitor": (_ASSET_GROUPS, {}),
        "Phone": (_ASSET_GROUPS, {}), "Peripheral": (_ASSET_GROUPS, {}),
        "Software": (_ASSET_GROUPS, {}),
        "Location": ((), {"name": [("code", None), ("alias", None)]}),
        # GLPI 11 keeps a state's visibilities in glpi_dropdownvisibilities and shows them
        # after its columns (0 for a state made through the API)
        "State": ([f for f, _unused in STATE if f.startswith("is_visible_")],
                  {"sons_cache": [("is_helpdesk_visible", 1)],
                   "date_creation": [("is_visible_" + t, 0) for t in _STATE_VISIBILITIES_11]}),
        "Group": ((), {"name": [("code", None)],
                       "date_creation": [("recursive_membership", 0), ("2fa_enforced", 0)]}),
        "Profile": ((), {"helpdesk_item_type": [("use_mentions", 1)],
                         "date_creation": [("2fa_enforced", 0), ("last_rights_update", None)]}),
        "User": (("display_options", "fold_search"), _USER_11),
        "Entity": ((), _ENTITY_11),
        "Ticket": (("validation_percent",), {"date_creation": [("tickettemplates_id", 0),
                                                               ("externalid", None)]}),
        "Log": ((), {"new_value": [("old_id", None), ("new_id", None)]}),
        "TicketTemplate": ((), {"comment": [("allowed_statuses", "[1,10,2,3,4,5,6]")]}),
        "ChangeTemplate": ((), {"comment": [("allowed_statuses",
                                             "[1,9,10,7,4,11,12,5,8,6,14,13]")]}),
        "ProblemTemplate": ((), {"comment": [("allowed_statuses", "[1,7,2,3,4,5,8,6]")]}),
        "Notepad": ((), {"content": [("visible_from_ticket", 0)]}),
        "Problem": ((), {"date_creation": [("problemtemplates_id", 0)]}),
        "Change": (("validation_percent",), {"date_creation": [("changetemplates_id", 0)]}),
        "TicketValidation": ((), _VALIDATION_11),
        "ChangeValidation": ((), _VALIDATION_11),
        # GLPI 11: a solution type says for which ITIL objects it is offered
        "SolutionType": ((), {"is_recursive": [("is_incident", 1), ("is_request", 1),
                                               ("is_problem", 1), ("is_change", 1)]}),
    },
}


# Names of itemtypes that changed (GLPI 11 serves Computer_Item with Asset_PeripheralAsset).
TYPENAME_CHANGES = {"11.0": {"Computer_Item": "Connection"}}


def _patched(fields, removed, added):
    out = []
    for field, default in fields:
        if field in removed:
            continue
        out.append((field, default))
        out.extend(added.get(field, ()))
    return out


class Itemtypes(dict):
    """The itemtypes of one GLPI version: {name: ItemtypeDef with that version's columns}."""

    def __init__(self, version_key, case_insensitive=True):
        changes = SCHEMA_CHANGES.get(version_key, {})
        absent = changes.get(None, ())
        super().__init__()
        for name, d in ITEMTYPES.items():
            if name in absent:
                continue
            if name in changes:
                removed, added = changes[name]
                d = d.with_fields(_patched(d.fields, set(removed), added))
            typename = TYPENAME_CHANGES.get(version_key, {}).get(name)
            if typename:
                d = d.with_fields(d.fields)
                d.typename = typename
            links = HATEOAS_CHANGES.get(version_key, {}).get(name)
            if links:
                d = d.with_fields(d.fields)
                after, link = links
                d.hateoas = list(d.hateoas)
                d.hateoas.insert(d.hateoas.index(after) + 1, link)
            self[name] = d
        self.case_insensitive = case_insensitive
        self._lower = {k.lower(): k for k in self}

    def resolve(self, name):
        """The itemtype named (GLPI 10 matches class names case-insensitively, 11 does not)."""
        if not isinstance(name, str):
            return None
        if name in self:
            return name
        return self._lower.get(name.lower()) if self.case_insensitive else None


_REGISTRIES = {}


def registry(version):
    """Itemtypes of a GlpiVersion (built once)."""
    if version.key not in _REGISTRIES:
        _REGISTRIES[version.key] = Itemtypes(version.key, version.case_insensitive_itemtypes)
    return _REGISTRIES[version.key]


ASSET_TYPES = ["Computer", "Monitor", "NetworkEquipment", "Peripheral", "Phone", "Printer"]
DIRECTCONNECT_TYPES = ["Monitor", "Peripheral", "Phone", "Printer"]
NETWORKPORT_TYPES = ["NetworkPortEthernet", "NetworkPortWifi", "NetworkPortAggregate",
                     "NetworkPortAlias", "NetworkPortDialup", "NetworkPortLocal",
                     "NetworkPortFiberchannel"]

# Foreign keys whose target is not stored by the emulator but still produces HATEOAS links.
EXTRA_FK_ITEMTYPES = {
    "autoupdatesystems": "AutoUpdateSystem",
    "networks": "Network", "fqdns": "FQDN", "knowbaseitemcategories": "KnowbaseItemCategory",
    "ipnetworks": "IPNetwork", "suppliers": "Supplier", "budgets": "Budget",
    "documentcategories": "DocumentCategory", "softwarecategories": "SoftwareCategory",
    "usertitles": "UserTitle", "usercategories": "UserCategory", "auths": "AuthLDAP",
    "filesystems": "Filesystem", "contracttypes": "ContractType",
    "snmpcredentials": "SNMPCredential", "operatingsystemservicepacks":
    "OperatingSystemServicePack", "operatingsystemkernelversions":
    "OperatingSystemKernelVersion", "operatingsystemeditions": "OperatingSystemEdition",
    "phonepowersupplies": "PhonePowerSupply", "businesscriticities": "BusinessCriticity",
    "calendars": "Calendar", "transfers": "Transfer",
    "deviceprocessormodels": "DeviceProcessorModel", "slas": "SLA", "olas": "OLA",
    "slalevels": "SlaLevel", "olalevels": "OlaLevel", "authldaps": "AuthLDAP",
    "items_devicenetworkcards": "Item_DeviceNetworkCard",
    "tasktemplates": "TaskTemplate", "suppliertypes": "SupplierType",
    "itils_validationsteps": "ITIL_ValidationStep",
    "itilvalidationtemplates": "ITILValidationTemplate",
}


def is_foreign_key_field(key):
    """isForeignKeyField(): ends with '_id' or contains '_id_'."""
    if not isinstance(key, str) or key == "id":
        return False
    return key.endswith("_id") or "_id_" in key


def itemtype_for_fk(fk):
    """'users_id_tech' -> 'User', 'locations_id' -> 'Location'; None when unknown."""
    if not is_foreign_key_field(fk):
        return None
    base = fk.split("_id")[0]
    table = "glpi_" + base
    if table in TABLE_TO_ITEMTYPE:
        return TABLE_TO_ITEMTYPE[table]
    return EXTRA_FK_ITEMTYPES.get(base)


def fk_for_itemtype(itemtype):
    """getForeignKeyFieldForItemType(): 'Computer' -> 'computers_id'."""
    d = ITEMTYPES.get(itemtype)
    if d:
        return d.table[len("glpi_"):] + "_id"
    return itemtype.lower() + "s_id"


def resolve_itemtype(name):
    """Case-insensitive lookup among every itemtype the emulator knows (for stored values
    such as an "itemtype" column; requests go through Itemtypes.resolve)."""
    if not isinstance(name, str):
        return None
    if name in ITEMTYPES:
        return name
    return _ALL_LOWER.get(name.lower())


_ALL_LOWER = {k.lower(): k for k in ITEMTYPES}
