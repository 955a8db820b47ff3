# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.itsm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# The window of a list (module_utils/reading.py: LIST_WINDOW_SPEC and list_window).

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    DOCUMENTATION = r"""
options:
  range:
    description:
      - Read only this window of the list, as GLPI's C(start-end) (V(0-49) is the first 50 rows). Both are
        whole numbers, counted from 0, with start <= end.
      - Excludes O(limit) and O(offset).
    type: str
  limit:
    description:
      - Read at most this many rows of the list (at least 1), starting at O(offset).
      - Excludes O(range).
    type: int
  offset:
    description:
      - Skip this many rows of the list (0 or more). Without O(limit), read from there to the end.
      - Excludes O(range).
    type: int
"""
