"""What every resource's conditional GET test checks: an unchanged answer is a 304, and a
change to what it shows gives it a new ETag and the changed data."""


def assert_change_renews_the_etag(client, address, change, *, shows):
    """`change()` alters what `address` answers; `shows(body)` is true of the answer after."""
    first = client.get(address)
    assert first.status_code == 200, first.content
    etag = first["ETag"]
    assert client.get(address, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert not shows(first.json())

    change()

    again = client.get(address, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert again["ETag"] != etag
    assert shows(again.json())
