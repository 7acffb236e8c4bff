from django.utils import translation

from portal import pdf
from tests.pdf_text import pdf_text

BLOCKS = [
    pdf.Heading("Résumé de la consultation"),
    pdf.Paragraph("L’instruction s’applique dès l’enregistrement – sans délai."),
    pdf.Bullets(["Circuit vert", "Circuit rouge"]),
    pdf.Table(["Section", "Commentaires"], [["Article 6 – Délais", 3], ["Article 7", 1]]),
]


def build(language, blocks=BLOCKS, **options):
    with translation.override(language):
        return pdf.build_pdf("Projet d’instruction-cadre", blocks, subtitle="Rapport", **options)


def test_a_pdf_is_a4_and_starts_with_the_pdf_signature():
    data = build("fr")

    assert data.startswith(b"%PDF-")
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in data


def test_french_accents_typographic_apostrophes_and_dashes_are_kept():
    text = pdf_text(build("fr"))

    assert "Projet d’instruction-cadre" in text
    assert "L’instruction s’applique dès l’enregistrement – sans délai." in text
    assert "Article 6 – Délais" in text


def test_uncompressed_output_holds_the_text_in_winansi():
    data = build("fr", invariant=True, compress=False)

    assert (
        "L’instruction s’applique dès".encode("cp1252")
        .replace(b"\x92", b"\\222")
        .replace(b"\xe8", b"\\350")
        in data
    )


def test_the_footer_has_the_portal_name_and_page_numbers_in_the_active_language(settings):
    many = [pdf.Paragraph("Une ligne de texte assez longue pour remplir la page.")] * 60

    french = pdf_text(build("fr", many))
    english = pdf_text(build("en", many))

    assert settings.SITE_NAME in french
    assert "Page 1 sur 2" in french and "Page 2 sur 2" in french
    assert "Page 1 of 2" in english


def test_table_headers_are_repeated_and_cells_are_written():
    rows = [[f"Section {n}", n] for n in range(120)]
    text = pdf_text(build("fr", [pdf.Table(["Section", "Commentaires"], rows, numeric=[1])]))

    assert text.count("Commentaires") >= 2  # the header row on each page
    assert "Section 119" in text


def test_characters_outside_winansi_become_their_plain_letter_instead_of_a_black_box():
    text = pdf_text(build("fr", [pdf.Paragraph("Kā ő ≥ 30")]))

    assert "Ka o ? 30" in text


def test_markup_paragraphs_take_escaped_user_text():
    markup = f"<b>{pdf.escape('Dupont & fils <SA>')}</b>"

    text = pdf_text(build("fr", [pdf.Paragraph(markup, markup=True)]))

    assert "Dupont & fils <SA>" in text.replace("\n", "")


def test_invariant_output_is_reproducible():
    assert build("fr", invariant=True) == build("fr", invariant=True)
