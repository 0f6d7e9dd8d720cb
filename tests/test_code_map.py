"""docs/code-map.md names real places: every `path.py:name` it gives exists, so the map
cannot silently go out of date when code moves."""

import re

import pytest

from tests.paths import PROJECT_ROOT

MAP = (PROJECT_ROOT / "docs" / "code-map.md").read_text()
PLACES = sorted(set(re.findall(r"`(\w+/[\w/]+\.py)(?::([\w.]+))?`", MAP)))
FILES = sorted(set(re.findall(r"`((?:templates|static|tests|docs)/[\w/.-]+)`", MAP)))


def test_the_map_names_places():
    assert len(PLACES) > 40


@pytest.mark.parametrize(("path", "name"), PLACES)
def test_every_module_and_name_in_the_map_exists(path, name):
    source = (PROJECT_ROOT / path).read_text()
    if name:
        for part in name.split("."):
            assert re.search(rf"^\s*(def|class) {part}\b|^\s*{part}\b.*=", source, re.M), (
                f"{path} has no {part}"
            )


@pytest.mark.parametrize("path", FILES)
def test_every_file_in_the_map_exists(path):
    assert (PROJECT_ROOT / path).exists(), path
