import csv
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from stakeholders import spreadsheet
from stakeholders.models import (
    CONTACT_FIELDS,
    ORGANIZATION_FIELDS,
    Contact,
    Organization,
    OrganizationImport,
)
from tests.factories import ContactFactory, OfficerFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "Name",
    "Acronym",
    "Category",
    "Sectors",
    "Region",
    "Country",
    "E-mail",
    "Tax or registry number",
    "Contact name",
    "Contact e-mail",
    "Contact consents to be contacted",
]
GOOD = [
    [
        "Chambre de Commerce et d'Industrie du Mali",
        "CCIM",
        "chamber",
        "trade; services",
        "District of Bamako",
        "ML",
        "info@ccim.ml",
        "MA.BKO.1906.C.0001",
        "Mamadou Traoré",
        "sg@ccim.ml",
        "oui",
    ],
    [
        "Port Autonome de Dakar",
        "PAD",
        "Transporteur / logistique",
        "",
        "",
        "Sénégal",
        "",
        "",
        "",
        "",
        "",
    ],
    [
        "Chambre de Commerce et d'Industrie du Mali",
        "",
        "",
        "",
        "",
        "",
        "",
        "MA.BKO.1906.C.0001",
        "Aïssata Diallo",
        "a.diallo@ccim.ml",
        "no",
    ],
]
BAD = [
    ["Société Fantôme", "", "spaceships", "", "", "ML", "", "", "", "", ""],
    ["Banque Erronée", "", "bank", "", "", "ML", "pas-une-adresse", "", "", "", ""],
    ["Autre Société", "", "trader", "", "", "ML", "", "MA.BKO.1906.C.0001", "", "", ""],
    ["Coopérative Inconnue", "", "trader", "", "Tombouctou-Nord", "ML", "", "", "", "", ""],
    ["", "XYZ", "trader", "", "", "ML", "", "", "", "", ""],
    ["Transit Sans Contact", "", "broker", "", "", "ML", "", "", "", "x@y.ml", ""],
    ["Étranger Mal Placé", "", "donor", "", "Kayes", "FR", "", "", "", "", ""],
    ["Secteur Inconnu", "", "trader", "aerospace", "", "ML", "", "", "", "", ""],
]


def csv_file(rows, header=HEADER, name="registre.csv", delimiter=",", encoding="utf-8"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding), "text/csv")


def xlsx_file(sheets, name="registre.xlsx"):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def officer(client):
    user = OfficerFactory()
    client.force_login(user)
    return user


def upload(client, upload_file):
    response = client.post(reverse("stakeholders:import"), {"file": upload_file})
    assert response.status_code == 302, response.content.decode()[:3000]
    return OrganizationImport.objects.latest("pk")


def run(client, batch):
    return client.post(reverse("stakeholders:import_run", args=[batch.pk]))


def test_the_preview_reports_each_bad_row_and_writes_nothing(client, officer):
    batch = upload(client, csv_file(GOOD + BAD))

    page = client.get(reverse("stakeholders:import_preview", args=[batch.pk])).content.decode()

    assert Organization.objects.count() == 0
    assert Contact.objects.count() == 0
    assert "11 lignes lues" in page
    assert "3 peuvent être importées" in page and "8 seront rejetées" in page
    for message in [
        "Catégorie inconnue «\u00a0spaceships\u00a0»",
        "Saisissez une adresse de courriel valide.",
        "Numéro fiscal en double MA.BKO.1906.C.0001\u00a0: la ligne 2",
        "Région inconnue «\u00a0Tombouctou-Nord\u00a0»",
        "Le nom de l’organisation manque.",
        "Un contact doit avoir un nom.",
        "Une région du Mali ne s’applique qu’aux organisations établies au Mali.",
        "Secteur inconnu\u00a0: aerospace.",
    ]:
        assert message in page.replace("&#x27;", "’").replace("&laquo;", "«"), message
    assert "Même nouvelle organisation que la ligne 2" in page


def test_importing_a_mixed_file_writes_the_good_rows_and_reports_the_bad_ones(client, officer):
    batch = upload(client, csv_file(GOOD + BAD))

    run(client, batch)

    batch.refresh_from_db()
    assert batch.is_imported and batch.imported_by == officer
    assert sorted(Organization.objects.values_list("name", flat=True)) == [
        "Chambre de Commerce et d'Industrie du Mali",
        "Port Autonome de Dakar",
    ]
    ccim = Organization.objects.get(acronym="CCIM")
    assert ccim.category == "chamber" and ccim.region == "bamako" and not ccim.verified
    assert sorted(s.code for s in ccim.sectors.all()) == ["services", "trade"]
    assert sorted(c.name for c in ccim.contacts.all()) == ["Aïssata Diallo", "Mamadou Traoré"]
    assert ccim.contacts.get(name="Mamadou Traoré").consent
    assert not ccim.contacts.get(name="Aïssata Diallo").consent
    dakar = Organization.objects.get(acronym="PAD")
    assert (dakar.category, dakar.country.code, dakar.region) == ("transport", "SN", "")
    assert (batch.created_count, batch.updated_count, batch.contacts_count) == (2, 0, 2)
    assert [item["row"] for item in batch.rejected] == [str(n) for n in range(5, 13)]
    assert ccim.history.first().history_user == officer


def test_the_report_lists_every_rejected_row_with_why_and_its_cells(client, officer):
    batch = upload(client, csv_file(GOOD + BAD))
    run(client, batch)

    response = client.get(reverse("stakeholders:import_report", args=[batch.pk]))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Ligne", "Motif du rejet"] and rows[0][2:] == HEADER
    assert len(rows) == 1 + len(BAD)
    fantome = next(r for r in rows if r[2] == "Société Fantôme")
    assert fantome[0] == "5" and "spaceships" in fantome[1]
    assert response["Content-Disposition"].startswith('attachment; filename="registre-rejected')


def test_re_importing_the_same_file_creates_no_duplicates(client, officer):
    run(client, upload(client, csv_file(GOOD)))
    second = upload(client, csv_file(GOOD))

    page = client.get(reverse("stakeholders:import_preview", args=[second.pk])).content.decode()
    run(client, second)

    assert "Met à jour «\u00a0Chambre de Commerce" in page.replace("&#x27;", "'")
    assert Organization.objects.count() == 2
    assert Contact.objects.count() == 2
    second.refresh_from_db()
    assert (second.created_count, second.updated_count) == (0, 2)


def test_rows_match_by_registry_number_else_by_normalised_name(client, officer):
    by_number = OrganizationFactory(name="Ancien nom", registry_number="MA.BKO.42")
    by_name = OrganizationFactory(name="Conseil Malien des Chargeurs", registry_number="")
    ContactFactory(organization=by_name, name="Ousmane Touré", email="dg@cmc.ml")
    rows = [
        ["Nouveau nom", "", "", "", "", "", "", "MA.BKO.42", "", "", ""],
        [
            "CONSEIL MALIEN DES CHARGEURS",
            "CMC",
            "",
            "",
            "",
            "",
            "",
            "MA.BKO.77",
            "Ousmane TOURE",
            "DG@cmc.ml",
            "",
        ],
    ]

    run(client, upload(client, csv_file(rows)))

    assert Organization.objects.count() == 2
    by_number.refresh_from_db()
    by_name.refresh_from_db()
    assert by_number.name == "Nouveau nom"
    assert by_name.acronym == "CMC" and by_name.registry_number == "MA.BKO.77"
    assert by_name.name == "CONSEIL MALIEN DES CHARGEURS"
    assert by_name.contacts.count() == 1


def test_a_name_already_registered_under_another_number_is_rejected(client, officer):
    OrganizationFactory(name="Grands Moulins du Mali", registry_number="MA.KKR.1")
    rows = [["Grands Moulins du Mali", "", "trader", "", "", "", "", "MA.KKR.2", "", "", ""]]

    batch = upload(client, csv_file(rows))
    run(client, batch)

    batch.refresh_from_db()
    assert Organization.objects.count() == 1
    assert "MA.KKR.1" in batch.rejected[0]["errors"][0]


def test_empty_cells_keep_what_the_registry_knows(client, officer):
    known = OrganizationFactory(name="BDM", phone="+223 20 22 20 22", registry_number="R1")

    run(client, upload(client, csv_file([["BDM", "", "", "", "", "", "", "R1", "", "", ""]])))

    known.refresh_from_db()
    assert known.phone == "+223 20 22 20 22"
    assert known.category == "trader"


def test_an_xlsx_workbook_with_french_headers_and_a_contacts_sheet_is_imported(client, officer):
    organisations = (
        "Organisations",
        ["Nom", "Sigle", "Catégorie", "Région", "Numéro fiscal ou RCCM", "Téléphone"],
        [
            [
                "Banque de Développement du Mali",
                "BDM",
                "Banque / assurance",
                "District de Bamako",
                1968003,
                22320202020,
            ]
        ],
    )
    contacts = (
        "Contacts",
        ["Nom", "Numéro fiscal ou RCCM", "Nom du contact", "Fonction du contact"],
        [["Banque de Développement du Mali", 1968003, "Hawa Keïta", "Responsable"]],
    )

    batch = upload(client, xlsx_file([organisations, contacts]))
    run(client, batch)

    bdm = Organization.objects.get()
    assert (bdm.acronym, bdm.category, bdm.region) == ("BDM", "bank", "bamako")
    assert bdm.registry_number == "1968003" and bdm.phone == "22320202020"
    assert bdm.contacts.get().position == "Responsable"
    batch.refresh_from_db()
    assert batch.rejected == []


def test_a_csv_from_a_french_spreadsheet_program_is_read(client, officer):
    upload_file = csv_file(
        [["Société Générale Mali", "bank", "Ségou"]],
        header=["Nom", "Catégorie", "Région"],
        delimiter=";",
        encoding="cp1252",
    )

    run(client, upload(client, upload_file))

    assert Organization.objects.get().region == "segou"


def test_an_exported_registry_imports_again_without_duplicates(client, officer):
    ccim = OrganizationFactory(
        name="CCIM", registry_number="R-1", sectors=["trade"], phone="+223 20 22 50 36"
    )
    ContactFactory(organization=ccim, name="Mamadou Traoré", email="sg@ccim.ml")
    OrganizationFactory(name="Port Autonome de Dakar", region="", country="SN")
    exported = client.get(reverse("stakeholders:export") + "?format=xlsx")

    batch = upload(client, SimpleUploadedFile("export.xlsx", exported.content))
    run(client, batch)

    batch.refresh_from_db()
    assert batch.rejected == []
    assert Organization.objects.count() == 2 and Contact.objects.count() == 1
    ccim.refresh_from_db()
    assert ccim.phone == "+223 20 22 50 36"


def test_the_spreadsheet_has_a_column_for_every_field_people_edit():
    # Export writes them and import reads them, in the order of the forms.
    assert [c.key for c in spreadsheet.ORGANIZATION_COLUMNS] == list(ORGANIZATION_FIELDS)
    assert [c.key for c in spreadsheet.CONTACT_COLUMNS] == [f"contact_{f}" for f in CONTACT_FIELDS]


def test_an_unreadable_file_is_refused_before_anything_is_kept(client, officer):
    response = client.post(
        reverse("stakeholders:import"),
        {"file": SimpleUploadedFile("registre.xlsx", b"PK\x03\x04 not really a workbook")},
    )

    assert response.status_code == 200
    assert "Le fichier XLSX ne peut pas être lu" in response.content.decode()
    assert not OrganizationImport.objects.exists()


def test_a_file_without_a_name_column_is_refused(client, officer):
    response = client.post(
        reverse("stakeholders:import"), {"file": csv_file([["x"]], header=["Sigle"])}
    )

    assert "Aucune colonne de noms" in response.content.decode().replace("&#x27;", "’")
    assert not OrganizationImport.objects.exists()


def test_an_import_runs_only_once(client, officer):
    batch = upload(client, csv_file(GOOD))
    run(client, batch)

    response = client.post(reverse("stakeholders:import_run", args=[batch.pk]), follow=True)

    assert "Ce fichier a déjà été importé." in response.content.decode()
    assert Organization.objects.count() == 2


def refusal(client, upload_file):
    response = client.post(reverse("stakeholders:import"), {"file": upload_file})
    assert response.status_code == 200
    assert not OrganizationImport.objects.exists()
    return response.content.decode().replace("&#x27;", "’")


def test_a_workbook_is_read_as_one_whatever_its_name(client, officer):
    sheet = ("Feuille", ["Nom", "Catégorie"], [["Banque Atlantique", "bank"]])
    workbook = xlsx_file([sheet], name="registre.csv")

    batch = upload(client, workbook)

    assert batch.file_format == "xlsx"
    run(client, batch)
    assert Organization.objects.get().name == "Banque Atlantique"


def test_a_csv_file_is_read_as_one_whatever_its_name(client, officer):
    batch = upload(client, csv_file(GOOD, name="registre.xlsx"))

    assert batch.file_format == "csv"


def test_a_pdf_named_like_a_csv_file_is_refused(client, officer):
    pdf = SimpleUploadedFile("registre.csv", b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n")

    assert "Envoyez un fichier CSV ou XLSX." in refusal(client, pdf)


def test_a_word_document_named_like_a_workbook_is_refused(client, officer):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<document/>")

    docx = SimpleUploadedFile("registre.xlsx", buffer.getvalue())

    assert "Envoyez un fichier CSV ou XLSX." in refusal(client, docx)


def test_an_old_excel_file_is_told_apart_by_its_content(client, officer):
    xls = SimpleUploadedFile("registre.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)

    assert "l’ancien format Excel (.xls)" in refusal(client, xls)


def test_a_binary_file_named_like_a_csv_file_is_refused(client, officer):
    binary = SimpleUploadedFile("registre.csv", b"Nom,Cat\x00\x01\x02\xff" * 20)

    assert "Envoyez un fichier CSV ou XLSX." in refusal(client, binary)


# --- Workbooks that expand far beyond their size (zip bombs) ------------------------------

SHEET = "xl/worksheets/sheet1.xml"
MB = 1024 * 1024
TOO_MUCH_INSIDE = "Ce fichier cache beaucoup plus de données que sa taille ne le laisse paraître"


def rebuilt_workbook(replace):
    """A valid workbook (a name column, one good row) whose parts are copied into a new ZIP,
    `replace(archive, info, data)` writing each one (or something else in its place)."""
    source = io.BytesIO(
        xlsx_file([("Feuille", ["Nom", "Catégorie"], [["Banque Atlantique", "bank"]])]).read()
    )
    target = io.BytesIO()
    with (
        zipfile.ZipFile(source) as original,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for info in original.infolist():
            replace(archive, info, original.read(info))
    return target.getvalue()


def sheet_bomb(megabytes=100):
    """The sheet's XML made of `megabytes` of the same row over and over: some 100 KB once
    compressed, as the workbooks that held a worker for minutes."""

    def replace(archive, info, data):
        if info.filename != SHEET:
            archive.writestr(info, data)
            return
        # The rows of the real sheet (its header first), then the same row over and over;
        # without the sheet's declared dimension, which would tell a reader where to stop.
        head, _, tail = re.sub(r"<dimension [^>]*/>", "", data.decode()).partition("</sheetData>")
        row = '<row><c t="inlineStr"><is><t>Entreprise fantôme SARL</t></is></c></row>'.encode()
        block = row * (MB // len(row))
        with archive.open(SHEET, "w", force_zip64=True) as part:
            part.write(head.encode())
            for _ in range(megabytes):
                part.write(block)
            part.write(f"</sheetData>{tail}".encode())

    return rebuilt_workbook(replace)


def declared_bomb():
    """A workbook whose sheet says it expands to 8 GB (its central directory says so; its data
    is small): refused by what it declares, before anything is decompressed."""

    def replace(archive, info, data):
        archive.writestr(info, data)
        if info.filename == SHEET:
            archive.filelist[-1].file_size = 8 * 1024 * MB

    return rebuilt_workbook(replace)


def test_a_workbook_that_expands_far_beyond_its_size_is_refused_unread(client, officer):
    bomb = sheet_bomb()
    assert len(bomb) < 1 * MB

    message = refusal(client, SimpleUploadedFile("registre.xlsx", bomb))

    assert TOO_MUCH_INSIDE in message


def test_a_workbook_that_declares_a_huge_size_is_refused_unread(client, officer):
    message = refusal(client, SimpleUploadedFile("registre.xlsx", declared_bomb()))

    assert TOO_MUCH_INSIDE in message


def test_a_workbook_with_more_rows_than_allowed_is_refused_at_the_limit(client, officer):
    rows = [[f"Entreprise {n}", "trader"] for n in range(5001)]

    message = refusal(client, xlsx_file([("Feuille", ["Nom", "Catégorie"], rows)]))

    assert "Le fichier compte plus de 5000 lignes" in message


def test_a_workbook_of_5000_rows_is_read(client, officer):
    rows = [[f"Entreprise {n}", "trader"] for n in range(5000)]

    batch = upload(client, xlsx_file([("Feuille", ["Nom", "Catégorie"], rows)]))

    assert batch.file_format == "xlsx"


def test_a_sheet_without_a_name_column_is_not_read_at_all(client, officer):
    notes = [[f"note {n}"] for n in range(6000)]
    sheets = [
        ("Notes", ["Remarque"], notes),
        ("Registre", ["Nom", "Catégorie"], [["Banque Atlantique", "bank"]]),
    ]

    batch = upload(client, xlsx_file(sheets))

    run(client, batch)
    assert Organization.objects.get().name == "Banque Atlantique"


def test_cells_far_to_the_right_do_not_make_every_row_that_wide(client, officer):
    """A cell in the last column (XFD) once made openpyxl pad every row to 16,384 cells."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nom", "Catégorie"])
    for n in range(3000):
        sheet.append([f"Entreprise {n}", "trader"])
    sheet["XFD1"] = "loin"
    buffer = io.BytesIO()
    workbook.save(buffer)

    batch = upload(client, SimpleUploadedFile("registre.xlsx", buffer.getvalue()))

    assert batch.file_format == "xlsx"


# --- Every error of a row at once ---------------------------------------------------------


NBSP = "\u00a0"


def fr(errors):
    """French errors with their non-breaking spaces as plain ones, to compare them."""
    return [error.replace(NBSP, " ") for error in errors]


def preview_errors(client, batch):
    response = client.get(reverse("stakeholders:import_preview", args=[batch.pk]))
    return [list(row.errors) for row in response.context["page"].object_list]


def test_a_row_with_two_errors_shows_both_with_their_column_and_value(client, officer):
    # A bad e-mail and no category for a new organisation: once, only the e-mail was told,
    # and the category only after a second upload.
    rows = [["Banque Double", "", "", "", "", "ML", "pas-une-adresse", "", "", "", ""]]

    batch = upload(client, csv_file(rows))

    [errors] = preview_errors(client, batch)
    assert fr(errors) == (
        [
            "E-mail « pas-une-adresse » : Saisissez une adresse de courriel valide.",
            "Category (vide) : une nouvelle organisation doit avoir une catégorie.",
        ]
    )


def test_a_row_with_three_errors_shows_all_three_on_the_page_and_in_the_report(client, officer):
    # A bad e-mail, a contact's e-mail without the contact's name, no category: once, the
    # category was told only after the other two were fixed.
    rows = [["Transit Triple", "", "", "", "", "ML", "nulle-part", "", "", "sg@triple.ml", ""]]
    batch = upload(client, csv_file(rows))

    errors = preview_errors(client, batch)
    page = client.get(reverse("stakeholders:import_preview", args=[batch.pk])).content.decode()
    run(client, batch)

    assert fr(errors[0]) == (
        [
            "E-mail « nulle-part » : Saisissez une adresse de courriel valide.",
            "Contact name (vide) : Un contact doit avoir un nom.",
            "Category (vide) : une nouvelle organisation doit avoir une catégorie.",
        ]
    )
    for error in errors[0]:
        assert f"<li>{error}</li>" in page
    batch.refresh_from_db()
    assert batch.rejected[0]["errors"] == errors[0]
    assert not Organization.objects.exists()


def test_errors_name_the_column_as_the_file_writes_it(client, officer):
    header = ["Nom", "Catégorie", "Courriel", "Région"]
    rows = [["Coopérative Trois Fautes", "fusées", "@", "Tombouctou-Nord"]]

    batch = upload(client, csv_file(rows, header=header))

    [errors] = preview_errors(client, batch)
    assert [error.split(" : ")[0] for error in fr(errors)] == [
        "Catégorie « fusées »",
        "Région « Tombouctou-Nord »",
        "Courriel « @ »",
    ]
    assert "Catégorie inconnue « fusées »" in errors[0].replace(NBSP, " ")
