"""HSDS ids stay the standard UUID 5 of the basket and key, so published ids never change."""

from __future__ import annotations

import uuid

from koszyk.open_data.hsds import uuid5_text


def test_hsds_ids_are_the_standard_uuid5_of_their_names():
    for name in ["koszyk:przykladowo:usluga:diagnoza", "koszyk:gmina-ąę:partner:żółć", "", "x" * 500]:
        assert uuid5_text(name) == str(uuid.uuid5(uuid.NAMESPACE_URL, name))
