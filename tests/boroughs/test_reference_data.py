"""The 33 authorities, their codes and tile-grid positions come from fixtures/authorities.yaml."""

import pytest
from django.db import IntegrityError

from boroughs.models import Authority, PeerGroup

pytestmark = pytest.mark.django_db

INNER = {
    "City of London",
    "Camden",
    "Hackney",
    "Hammersmith and Fulham",
    "Haringey",
    "Islington",
    "Kensington and Chelsea",
    "Lambeth",
    "Lewisham",
    "Newham",
    "Southwark",
    "Tower Hamlets",
    "Wandsworth",
    "Westminster",
}


def test_exactly_33_authorities_with_codes_e09000001_to_033():
    codes = sorted(Authority.objects.values_list("gss_code", flat=True))
    assert codes == [f"E09{n:06d}" for n in range(1, 34)]


def test_city_of_london_and_westminster_codes():
    assert Authority.objects.get(gss_code="E09000001").name == "City of London"
    assert Authority.objects.get(gss_code="E09000001").kind == Authority.Kind.CITY_CORPORATION
    assert Authority.objects.get(gss_code="E09000033").name == "Westminster"
    assert Authority.objects.filter(kind=Authority.Kind.LONDON_BOROUGH).count() == 32


def test_inner_and_outer_london_follow_the_ons_definition():
    inner = set(Authority.objects.filter(inner_outer="inner").values_list("name", flat=True))
    assert inner == INNER
    assert Authority.objects.filter(inner_outer="outer").count() == 19


def test_every_authority_has_its_own_grid_cell_inside_8_by_7():
    cells = list(Authority.objects.values_list("grid_column", "grid_row"))
    assert len(set(cells)) == 33
    assert all(0 <= column < 8 and 0 <= row < 7 for column, row in cells)
    assert Authority.objects.get(name="Enfield").grid_column == 4
    assert Authority.objects.get(name="Sutton").grid_row == 6


def test_slugs_are_the_documented_ones():
    slugs = set(Authority.objects.values_list("slug", flat=True))
    assert {"camden", "city-of-london", "hammersmith-and-fulham"} <= slugs


def test_database_refuses_a_second_authority_in_the_same_cell():
    with pytest.raises(IntegrityError):
        Authority.objects.create(
            gss_code="E09000099",
            name="Nowhere",
            slug="nowhere",
            abbreviation="NOW",
            kind="london_borough",
            inner_outer="outer",
            grid_column=4,
            grid_row=0,
        )


def test_inner_and_outer_peer_groups_are_shipped():
    assert PeerGroup.objects.get(slug="inner-london").authorities.count() == 14
    assert PeerGroup.objects.get(slug="outer-london").authorities.count() == 19
