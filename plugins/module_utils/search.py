# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.itsm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Reading GLPI search results: cells, multi-valued cells, completenames."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

# GLPI's search engine joins multi-valued cells with these when rawdata is asked; the API splits
# them, but a cell can still carry them when GLPI's own split missed one.
_RAW_SEPARATORS = re.compile(r"\$#\$|\$\$##\$\$")


def cell_values(cell):
    """A multi-valued search cell as a list: GLPI sends a JSON array, a plain string when there
    is one value, or null when there is none (recordings 104, 104d)."""
    if cell is None or cell == "":
        return []
    values = cell if isinstance(cell, list) else [cell]
    result = []
    for value in values:
        if isinstance(value, str):
            result.extend(part for part in _RAW_SEPARATORS.split(value) if part)
        elif value is not None:
            result.append(value)
    return result


def tree_path(completename):
    """``Root entity > Paris > Building A`` as ``['Root entity', 'Paris', 'Building A']``.

    Search cells carry a raw ``>``; other answers may carry it HTML-encoded (``&#62;``).
    """
    if not completename:
        return []
    text = str(completename).replace("&#62;", ">").replace("&gt;", ">")
    return [part.strip() for part in text.split(" > ") if part.strip()]
