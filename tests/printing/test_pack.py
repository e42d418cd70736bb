"""The training pack: the session list, its cap, the share token, and what may be shown."""

import pytest

from printing import pack as packs
from printing.pack import CAP, Pack, decode, encode, resolve, resolve_token


class Session(dict):
    modified = False


@pytest.mark.django_db  # a pack that holds anything keeps a server copy (printing.SavedPack)
def test_add_remove_move_and_clear_keep_an_ordered_list_of_distinct_ids():
    session = Session()
    pack = Pack(session)
    outcome = pack.add([5, 3, 5, 9])
    assert (outcome.added, outcome.already, outcome.refused) == (3, 1, 0)
    assert session[packs.SESSION_KEY] == [5, 3, 9] and session.modified
    assert Pack(session).ids == [5, 3, 9]
    assert pack.move(9, -1) and pack.ids == [5, 9, 3]
    assert pack.move(5, -1) is False  # already first
    assert pack.move(5, CAP) and pack.ids == [9, 3, 5]
    assert pack.move(42, 1) is False
    assert pack.remove(3) and pack.ids == [9, 5]
    assert pack.remove(3) is False
    pack.clear()
    assert Pack(session).ids == []


@pytest.mark.django_db
def test_a_pack_is_capped_with_a_clear_message():
    pack = Pack(Session())
    pack.add(range(1, CAP + 1))
    outcome = pack.add([CAP + 1, CAP + 2])
    assert len(pack) == CAP
    assert outcome.refused == 2
    assert outcome.message(len(pack)) == (
        f"Your pack is full: it can hold {CAP} items, so 2 items were not added. Remove some to make room. "
        f"It now holds {CAP} items."
    )


def test_a_tampered_session_is_cleaned():
    session = Session({packs.SESSION_KEY: ["7", "x", -1, 7, None, 8]})
    assert Pack(session).ids == [7, 8]
    assert Pack(Session({packs.SESSION_KEY: "not a list"})).ids == []


def test_share_tokens_round_trip_and_never_raise():
    ids = [1, 35, 36, 1295, 46656, 987654321]
    token = encode(ids)
    assert token == "1-z-10-zz-1000-gc0uy9"
    assert decode(token) == (ids, 0)
    assert decode("") == ([], 0)
    assert decode("1-%%-zz--Z") == ([1, 1295, 35], 1)  # upper case read as lower case
    assert decode("x" * 100_000)[1] == 1  # one unreadable part, however long
    assert decode("1-" * 10_000)[0] == [1] * (packs.MAX_TOKEN_LENGTH // 2)


@pytest.mark.django_db
def test_resolve_keeps_order_and_skips_unknown_and_unpublished_ids_with_a_notice(library):
    draft, withdrawn, in_draft_document = library.hidden
    wanted = [library.good.pk, draft.pk, 999_999, library.key_learning.pk, withdrawn.pk, in_draft_document.pk]
    resolved = resolve(wanted)
    assert resolved.items == [library.good, library.key_learning]
    assert resolved.notices == [
        "4 items in this pack are no longer published or could not be found, so they were left out."
    ]

    from_link = resolve_token(encode([library.key_learning.pk]) + "-!!")
    assert from_link.items == [library.key_learning]
    assert from_link.notices == [
        "1 item in this pack is no longer published or could not be found, so it was left out."
    ]


@pytest.mark.django_db
def test_resolve_caps_a_long_link(library, monkeypatch):
    monkeypatch.setattr(packs, "CAP", 2)
    resolved = resolve([library.good.pk, library.key_learning.pk, library.national.pk])
    assert resolved.items == [library.good, library.key_learning]
    assert resolved.notices == ["A pack holds at most 2 items, so the last item was left out."]
