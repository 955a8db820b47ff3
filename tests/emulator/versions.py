"""What differs between the emulated GLPI versions, in one place.

Each supported version is a GlpiVersion object (a "profile"): the emulator asks it how to behave
instead of testing version numbers. GLPI 10.0 is the reference (recordings of 10.0.12); GLPI 11.0
follows the recordings of 11.0.2 (see tests/conformance/recordings-11.0.2/INDEX.md, "Key findings").

    from emulator.versions import get_version
    glpi = get_version("11.0")        # also "11", "11.0.2"; None -> $GLPI_EMULATOR_VERSION or 10.0
"""

import os

DEFAULT_VERSION = "10.0"
ENV_VARIABLE = "GLPI_EMULATOR_VERSION"


class GlpiVersion:
    """Behaviour switches of one GLPI version (attributes documented where they are defined)."""

    def __init__(self, key, full, **switches):
        self.key = key                   # "10.0": data directory name, --glpi-version value
        self.full = full                 # "10.0.12": getGlpiConfig version, pages
        for name, value in switches.items():
            if not hasattr(type(self), name):
                raise TypeError("unknown version switch %r" % name)
            setattr(self, name, value)

    # ---- URLs -------------------------------------------------------------------------------
    # Path of the API in the URLs GLPI writes (HATEOAS links, location/link headers, error docs).
    link_path = "/apirest.php"
    # Paths the legacy API answers on (besides /api, the emulator's rewrite of /apirest.php).
    api_paths = ("/apirest.php", "/api")
    # getGlpiConfig has url_base_api, and app_name (first).
    config_has_url_base_api = True
    config_has_app_name = False

    # ---- text encoding ----------------------------------------------------------------------
    # Input text is HTML-encoded before being stored (Glpi\Toolbox\Sanitizer), and the
    # X-GLPI-Sanitized-Content header decides whether it is decoded on output.
    sanitize_input = True
    # Legacy-encoded text is decoded when read from the database (DBmysql::decodeFetchResult).
    decode_legacy_on_read = False
    # The "Item successfully added: <name>" message is HTML-escaped, and names a ticket with
    # its id ("title (12)").
    escape_add_message = False
    ticket_added_name_with_id = True
    # A problem's or change's link to an item is announced with the item's name (10: "Problem
    # item - ID 1", as any relation).
    itil_items_named_by_item = False
    # Linking a ticket, problem or change to an item requires the item to exist (11: the right
    # to update the ITIL object is enough, a missing computer is linked).
    itil_item_links_check_item = True
    # Tree completenames are shown with "&#62;" by expand_dropdowns (raw " > " when False), and
    # with this separator in search results' HTML (giveItems).
    encoded_tree_names = True
    html_tree_separator = " &#62; "

    # ---- items ------------------------------------------------------------------------------
    # Asset groups (groups_id, groups_id_tech) are lists kept in glpi_groups_items, shown as
    # arrays at the end of single items and absent from lists.
    groups_as_lists = False
    # GET /<Itemtype>/0 lists the items (11: 404 ERROR_ITEM_NOT_FOUND).
    zero_id_is_list = True
    # Itemtypes are matched case-insensitively (/computer/1 works).
    case_insensitive_itemtypes = True
    # getItems searchText on a field the itemtype does not have (even "all"): "crash" (the SQL
    # fails and PHP dies: 200, empty) or "error" (400 ERROR_FIELD_NOT_FOUND).
    searchtext_unknown_field = "crash"
    # with_connections=true fails with an HTML 500 page (SQL on missing columns).
    with_connections_broken = False
    # with_tickets rows end with entityname and entityID (11: only catname).
    linked_tickets_with_entity = True
    # with_networkports lists every port type, empty ones too, with networkports_id_opposite.
    networkports_all_types = False
    # getItems: a huge range end returns every row (10: [] as the limit overflows).
    huge_range_returns_all = False
    # POST [] (a JSON list as the whole body) is refused with ERROR_BAD_ARRAY.
    empty_list_body_is_bad_array = False
    # An array given for a column makes PHP die (TypeError): 200 with an empty body (11: the
    # database refuses it, "Incorrect integer value: 'Array'...").
    array_values_crash = False
    # SQL errors in add/update messages carry the whole query.
    sql_errors_with_query = False
    # Unexpected errors (search SQL errors...) come back as GLPI's HTML error page.
    html_unexpected_errors = False

    # ---- search -----------------------------------------------------------------------------
    # The "sort" echo of search results: "string" (["1"]) or "int" ([0] by default, [N]).
    sort_echo = "string"
    # Column a search without "sort" is sorted by (None: by id).
    default_search_sort = 1
    # rawdata execution_time is a float (a string in 10).
    float_execution_time = False

    # ---- massive actions (their lists are data: data/<version>/massive_actions.json) -------
    # Links in massive action messages: "plain" (10) or "tooltip" (11).
    massive_link_style = "plain"
    # MassiveAction:amend_comment checks the right to update each item (10 amends anyway).
    amend_comment_checks_rights = False

    # ---- files and pages --------------------------------------------------------------------
    # Streamed answers (downloads, pictures): "10" or "11" header style (HTTP/1.0, no Expires,
    # "Content-Disposition:  ...", Cache-Control: must-revalidate, private).
    stream_style = "10"
    # Unit of upload_result.filesize ("o" in 10, "B" in 11) and deleteUrl base.
    upload_size_unit = "o"
    upload_delete_on_index = False
    # PHP starts the session (and sends "Pragma: no-cache") when the API is initialised, after
    # the parameters are read (10), or only when a session token is given or opened (11).
    session_starts_at_init = True

    # ---- sessions ---------------------------------------------------------------------------
    # glpiparententities of the root entity is [0] (10: []), and its string form unquoted.
    root_entity_is_own_parent = False
    quoted_parent_entities = True

    # ---- logs -------------------------------------------------------------------------------
    # A dropdown change is logged with the old and new ids too (old_id, new_id columns).
    log_dropdown_ids = False

    # ---- helpers ----------------------------------------------------------------------------
    @property
    def data_dir(self):
        return os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", self.key)

    def sort_value(self, sort_param):
        """The "sort" member of search results for the sort parameter given (None: default)."""
        if self.sort_echo == "int":
            return [0 if sort_param is None else sort_param]
        return ["1" if sort_param is None else sort_param]

    def __repr__(self):
        return "<GlpiVersion %s>" % self.full


GLPI_10 = GlpiVersion("10.0", "10.0.12", array_values_crash=True)

GLPI_11 = GlpiVersion(
    "11.0", "11.0.2",
    link_path="/api.php/v1",
    api_paths=("/apirest.php", "/api.php/v1", "/api"),
    config_has_url_base_api=False,
    config_has_app_name=True,
    sanitize_input=False,
    decode_legacy_on_read=True,
    escape_add_message=True,
    ticket_added_name_with_id=False,
    itil_items_named_by_item=True,
    itil_item_links_check_item=False,
    encoded_tree_names=False,
    html_tree_separator=" &gt; ",
    groups_as_lists=True,
    case_insensitive_itemtypes=False,
    zero_id_is_list=False,
    searchtext_unknown_field="error",
    with_connections_broken=True,
    networkports_all_types=True,
    linked_tickets_with_entity=False,
    huge_range_returns_all=True,
    empty_list_body_is_bad_array=True,
    sql_errors_with_query=True,
    html_unexpected_errors=True,
    sort_echo="int",
    default_search_sort=None,
    float_execution_time=True,
    massive_link_style="tooltip",
    amend_comment_checks_rights=True,
    stream_style="11",
    upload_size_unit="B",
    upload_delete_on_index=True,
    session_starts_at_init=False,
    log_dropdown_ids=True,
    root_entity_is_own_parent=True,
    quoted_parent_entities=False,
)

VERSIONS = {v.key: v for v in (GLPI_10, GLPI_11)}


def get_version(name=None):
    """The GlpiVersion for "10.0", "10", "10.0.12", "11.0"...; None reads $GLPI_EMULATOR_VERSION
    (default 10.0). A GlpiVersion is returned as is."""
    if isinstance(name, GlpiVersion):
        return name
    if name is None or str(name).strip() == "":
        name = os.environ.get(ENV_VARIABLE) or DEFAULT_VERSION
    text = str(name).strip()
    for version in VERSIONS.values():
        if text in (version.key, version.key.split(".")[0], version.full):
            return version
    raise ValueError("unsupported GLPI version %r (expected one of %s)"
                     % (name, ", ".join(sorted(VERSIONS))))
