"""Which brokers a demand's industry and region fall in the scope of."""

import pytest

from consumers.recipients import covers, in_scope


@pytest.mark.parametrize(
    ("scope", "region"),
    [
        (["呼和浩特市"], "呼市"),
        (["呼市"], "呼和浩特"),
        (["阿拉善"], "阿拉善盟"),
        (["鄂尔多斯市"], "达拉特旗"),  # a banner of the city
        (["内蒙古自治区"], "包头"),
        (["包头市", "乌海市"], "乌海"),
        (["某开发区"], "某开发区"),  # unknown to the gazetteer: the same spelling still counts
    ],
)
def test_a_region_scope_covers_other_spellings_and_the_places_inside(scope, region):
    assert covers(scope, region, places=True)


@pytest.mark.parametrize(
    ("scope", "region"),
    [
        (["包头市"], "呼和浩特"),
        (["达拉特旗"], "鄂尔多斯市"),  # the banner does not cover its whole city
        (["内蒙古"], "北京"),
        (["某开发区"], "另一开发区"),
        (["包头市"], None),
    ],
)
def test_a_region_scope_leaves_out_places_elsewhere(scope, region):
    assert not covers(scope, region, places=True)


def test_an_empty_scope_covers_everything_and_industries_match_exactly():
    brokers = [(1, [], []), (2, ["稀土新材料"], ["包头市"]), (3, ["新材料"], [])]
    assert in_scope(brokers, "稀土新材料", "昆都仑区") == [1, 2]
    assert in_scope(brokers, "稀土", "包头") == [1]
