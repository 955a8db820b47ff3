"""Small helpers shared by the emulator modules (PHP-like parsing, sanitizing, JSON)."""

import datetime
import json
import random
import re
import string
import time
from urllib.parse import unquote_plus

# --------------------------------------------------------------------------- time


def now_str():
    """GLPI datetime format (the recorded server runs in UTC)."""
    return datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M:%S")


def http_date(glpi_date=None):
    """'YYYY-MM-DD HH:MM:SS' -> 'Sun, 22 Nov 2026 07:52:16 GMT' (Last-Modified format)."""
    if glpi_date:
        try:
            dt = datetime.datetime.strptime(glpi_date, "%Y-%m-%d %H:%M:%S")
        except ValueError:
            dt = datetime.datetime.utcnow()
    else:
        dt = datetime.datetime.utcnow()
    return dt.strftime("%a, %d %b %Y %H:%M:%S GMT")


# --------------------------------------------------------------------------- tokens

_TOKEN_CHARS = string.ascii_lowercase + string.digits
_rand = random.SystemRandom()


def gen_token(length=26):
    """Session tokens look like PHP session ids: 26 lowercase alphanumerics."""
    return "".join(_rand.choice(_TOKEN_CHARS) for _unused in range(length))


def uniqid_more():
    """PHP uniqid('', true): 14 hex chars, a dot, 8 digits."""
    t = time.time()
    return "%08x%05x.%08d" % (int(t), int((t - int(t)) * 1000000), _rand.randint(0, 99999999))


# --------------------------------------------------------------------------- JSON


def json_dumps(obj, pretty=False):
    """json_encode(..., JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES)."""
    if pretty:
        return json.dumps(obj, ensure_ascii=False, indent=4)
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


# --------------------------------------------------------------------------- PHP semantics


def php_truthy(value):
    """PHP boolean conversion."""
    if value is None or value is False:
        return False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value != 0
    if isinstance(value, str):
        return value not in ("", "0")
    if isinstance(value, (list, dict)):
        return len(value) > 0
    return bool(value)


def php_intval(value, default=0):
    """PHP intval(): leading digits of a string, bools, floats."""
    if value is None:
        return 0
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    if isinstance(value, str):
        m = re.match(r"\s*([+-]?\d+)", value)
        return int(m.group(1)) if m else 0
    return default


def is_numeric(value):
    """PHP is_numeric() for strings and numbers."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    if isinstance(value, str):
        return re.fullmatch(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", value) is not None
    return False


def php_list(value):
    """A PHP array given as list or as dict with (numeric) keys -> python list of values."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return list(value.values())
    return [value]


def _set_php_key(target, keys, value):
    cur = target
    for i, key in enumerate(keys):
        last = i == len(keys) - 1
        if key == "":
            ints = [int(k) for k in cur.keys() if re.fullmatch(r"-?\d+", str(k))]
            key = str(max(ints) + 1) if ints else "0"
        if last:
            cur[key] = value
        else:
            nxt = cur.get(key)
            if not isinstance(nxt, dict):
                nxt = {}
                cur[key] = nxt
            cur = nxt


def php_parse_str(qs):
    """PHP parse_str(): 'a[b][0]=1&c=2' -> {'a': {'b': {'0': '1'}}, 'c': '2'} (ordered)."""
    result = {}
    if not qs:
        return result
    for part in qs.split("&"):
        if not part:
            continue
        if "=" in part:
            raw_key, raw_value = part.split("=", 1)
        else:
            raw_key, raw_value = part, ""
        key = unquote_plus(raw_key)
        value = unquote_plus(raw_value)
        if not key:
            continue
        m = re.match(r"^([^\[]+)((?:\[[^\]]*\])*)", key)
        if not m:
            continue
        base = m.group(1).replace(".", "_").replace(" ", "_")
        rest = m.group(2)
        subkeys = re.findall(r"\[([^\]]*)\]", rest) if rest else []
        _set_php_key(result, [base] + subkeys, value)
    return result


# --------------------------------------------------------------------------- sanitizing
# GLPI 10 stores '<', '>' and '&' as '&#60;', '&#62;', '&#38;' (Glpi\Toolbox\Sanitizer).

CHARS_MAPPING = [("&", "&#38;"), ("<", "&#60;"), (">", "&#62;")]
_SPECIAL_RE = re.compile(r"(<|>|(&(?!#?[a-z0-9]+;)))", re.I)
_SANITIZED_RE = re.compile(
    r"(&#38;|&#60;|&#62;|&lt;|&gt;|&amp;|&quot;|&apos;|&#039;|&#x27;|&#x2F;|&#x22;)"
)


def is_html_encoded(value):
    return _SPECIAL_RE.search(value) is None and _SANITIZED_RE.search(value) is not None


def encode_html(value):
    """Sanitizer::encodeHtmlSpecialChars: pre-encoded values are kept as they are."""
    if not isinstance(value, str) or is_html_encoded(value):
        return value
    for raw, enc in CHARS_MAPPING:
        value = value.replace(raw, enc)
    return value


def decode_html(value):
    """Sanitizer::decodeHtmlSpecialChars: only values that look encoded are decoded."""
    if not isinstance(value, str) or not is_html_encoded(value):
        return value
    for raw, enc in reversed(CHARS_MAPPING):
        value = value.replace(enc, raw)
    for legacy, raw in (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")):
        value = value.replace(legacy, raw)
    return value


def sanitize_input(value):
    """Sanitizer::sanitize on a whole input structure."""
    if isinstance(value, str):
        return encode_html(value)
    if isinstance(value, dict):
        return {k: sanitize_input(v) for k, v in value.items()}
    if isinstance(value, list):
        return [sanitize_input(v) for v in value]
    return value


def unsanitize_search_value(value):
    """Search values are unsanitized before being compared with the stored (encoded) data."""
    if not isinstance(value, str):
        return value
    for raw, enc in reversed(CHARS_MAPPING):
        value = value.replace(enc, raw)
    return value


def strip_tags(value):
    return re.sub(r"<[^>]*>", "", value or "")


# --------------------------------------------------------------------------- GLPI 11 reads
# GLPI 11 stores text as given, but decodes text that GLPI 10 (or 9.5) had encoded whenever it
# reads it from the database (Glpi\Toolbox\SanitizedStringsDecoder).

_DECODE_10 = (("&#60;", "<"), ("&#62;", ">"), ("&#38;", "&"))
_DECODE_95 = (("&lt;", "<"), ("&gt;", ">"))
_ENCODED_10_RE = re.compile(r"&#60;|&#62;|&#38;")
_ENCODED_95_RE = re.compile(r"&lt;|&gt;")
_IMG_QUOT_RE = re.compile(r"&lt;img\s+(alt|src|width)=&quot;")


def decode_fetched(value, key=None):
    """DBmysql::decodeFetchResult() for one column (completenames chunk by chunk)."""
    if not isinstance(value, str):
        return value
    if key == "completename":
        return ">".join(decode_fetched(chunk) for chunk in value.split(">"))
    mapping = ()
    if _SPECIAL_RE.search(value) is None and _ENCODED_10_RE.search(value):
        mapping = _DECODE_10
    elif "<" not in value and ">" not in value and _ENCODED_95_RE.search(value):
        mapping = _DECODE_95
        if _IMG_QUOT_RE.search(value):
            mapping += (("&quot;", '"'),)
    for encoded, raw in mapping:
        value = value.replace(encoded, raw)
    return value


def decode_fetched_row(row):
    """decode_fetched() on every top-level string of a row."""
    return {k: decode_fetched(v, k) for k, v in row.items()}
