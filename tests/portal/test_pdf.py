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


def test_the_font_is_embedded_and_no_standard_font_is_used_for_text():
    data = build("fr", invariant=True, compress=False)

    assert b"/FontFile2" in data and b"+DejaVuSans /" in data and b"+DejaVuSans-Bold /" in data
    # reportlab's initial font (Helvetica) is declared on every page but shows nothing.
    assert not any(line.startswith(b"/F1 ") and b"Tj" in line for line in data.splitlines())


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


def test_names_in_any_script_are_printed_as_written():
    names = ["Ольга Смирнова", "محمد", "Ñúñez", "Kā ő ≥ 30", "Ζωή"]
    blocks = [pdf.Paragraph(name) for name in names]
    blocks.append(pdf.Table(["Nom", "Organisation"], [["Ольга", "مؤسسة"]]))
    blocks.append(pdf.Paragraph(f"<b>{pdf.escape('Ñúñez & Ольга')}</b>", markup=True))

    text = pdf_text(build("fr", blocks))

    for name in [*names, "Ольга", "مؤسسة", "Ñúñez & Ольга"]:
        assert name in text
    assert "?" not in text  # no character replaced


def test_the_font_covers_the_names_it_promises():
    from reportlab.pdfbase.ttfonts import TTFont

    font = TTFont("Check", pdf.FONT_DIR / "DejaVuSans.ttf")
    covered = font.face.charToGlyph
    for char in "ÀÂÇÉÈÊËÎÏÔÙÛÜŸàâçéèêëîïôùûüÿœŒ’–«»€ОльгаمحمدÑúñez":
        assert ord(char) in covered, char
    assert (pdf.FONT_DIR / "LICENSE").exists()


def test_markup_paragraphs_take_escaped_user_text():
    markup = f"<b>{pdf.escape('Dupont & fils <SA>')}</b>"

    text = pdf_text(build("fr", [pdf.Paragraph(markup, markup=True)]))

    assert "Dupont & fils <SA>" in text.replace("\n", "")


def test_invariant_output_is_reproducible():
    assert build("fr", invariant=True) == build("fr", invariant=True)
