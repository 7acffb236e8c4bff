from forums import codes


def test_new_codes_use_only_the_unambiguous_alphabet():
    code = codes.new_code()

    assert len(code) == 8
    assert set(code) <= set(codes.ALPHABET)
    assert not set(code) & set("ILOU")


def test_typed_codes_are_normalised():
    assert codes.normalise(" k7m2-9qxd ") == "K7M29QXD"
    assert codes.normalise("K7M2 9QXO") == "K7M29QX0"
    assert codes.normalise("I7M2-9QXL") == "17M29QX1"


def test_text_that_cannot_be_a_code_normalises_to_nothing():
    assert codes.normalise("") == ""
    assert codes.normalise("ABC") == ""
    assert codes.normalise("K7M2-9QX!@") == ""


def test_the_qr_code_is_svg_without_an_image_library():
    svg = codes.qr_svg("K7M29QXD")

    assert svg.startswith("<svg") and "<path" in svg
