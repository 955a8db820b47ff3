"""pytest plugin: Ansible's collection loader, installed before any conftest is imported.

The Makefile loads it with `-p pytest_collection_loader`. It serves ``ansible_collections.*``
from the folders in ANSIBLE_COLLECTIONS_PATH the way Ansible does (meta/runtime.yml included),
so a conftest may import the collection at its top and pytest-ansible can still run the
collection's modules in the same process. Imported as a plain namespace package instead, the
collection has no metadata and Ansible cannot load its modules.
"""

import os

from ansible.utils.collection_loader._collection_finder import _AnsibleCollectionFinder

_AnsibleCollectionFinder(paths=os.environ['ANSIBLE_COLLECTIONS_PATH'].split(os.pathsep))._install()
