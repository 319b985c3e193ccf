from conftest import MINIMAL


def test_the_minimal_set_is_clean(problems):
    # every other test breaks this file in one place: it must start with no finding at all
    assert problems(MINIMAL) == []
