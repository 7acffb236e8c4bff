"""Demo registry: about forty of Customs' partners in Mali and abroad, with contacts and
assessments spread over the four quadrants. Idempotent: what exists is left as it is.

Written through the services, as the officer agent@douane.gouv.ml, so that the change history
reads as it would in real use.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.utils import timezone

from demo.accounts import DEMO_PASSWORD
from portal.accounts.models import User
from stakeholders import membership, services
from stakeholders.models import Membership, Organization, Sector, domain_of, normalize_name

OFFICER_EMAIL = "agent@douane.gouv.ml"
REPRESENTATIVE_EMAIL = "representant@ccim.ml"
APPLICANT_EMAIL = "demande@ccim.ml"
# Administrators of the organisations that have no contact with an address in the demo.
ADMIN_NAMES = [
    ("Adama", "Berthé"),
    ("Mariam", "Coulibaly"),
    ("Sékou", "Diakité"),
    ("Fanta", "Doumbia"),
    ("Bakary", "Fofana"),
    ("Hawa", "Guindo"),
    ("Lassana", "Kanté"),
    ("Rokia", "Maïga"),
    ("Modibo", "Samaké"),
    ("Oumou", "Tangara"),
    ("Cheick", "Togola"),
    ("Djénéba", "Yattara"),
]

# name, acronym, category, sectors, region (Mali) or "", country, registry number, verified,
# website, description
ORGANIZATIONS = [
    (
        "Chambre de Commerce et d'Industrie du Mali",
        "CCIM",
        "chamber",
        ["trade", "services"],
        "bamako",
        "ML",
        "MA.BKO.1906.C.0001",
        True,
        "https://www.ccim.ml",
        "Représente les commerçants, industriels et prestataires de services du Mali auprès des "
        "pouvoirs publics ; gère des centres de formalités des entreprises.",
    ),
    (
        "Assemblée Permanente des Chambres d'Agriculture du Mali",
        "APCAM",
        "chamber",
        ["agriculture", "cotton"],
        "bamako",
        "ML",
        "",
        True,
        "",
        "Porte-voix des producteurs agricoles, éleveurs et pêcheurs.",
    ),
    (
        "Assemblée Permanente des Chambres de Métiers du Mali",
        "APCMM",
        "chamber",
        ["manufacturing", "services"],
        "bamako",
        "ML",
        "",
        True,
        "",
        "Fédère les artisans et chambres de métiers régionales.",
    ),
    (
        "Conseil National du Patronat du Mali",
        "CNPM",
        "employers",
        ["trade", "manufacturing"],
        "bamako",
        "ML",
        "MA.BKO.1980.C.0042",
        True,
        "https://www.cnpm.ml",
        "Organisation faîtière des employeurs du secteur privé malien.",
    ),
    (
        "Organisation Patronale des Industriels",
        "OPI",
        "employers",
        ["manufacturing", "food"],
        "bamako",
        "ML",
        "",
        True,
        "",
        "Défend les intérêts des industriels maliens, notamment face à la concurrence "
        "des importations.",
    ),
    (
        "Conseil Malien des Chargeurs",
        "CMC",
        "association",
        ["logistics", "trade"],
        "bamako",
        "ML",
        "",
        True,
        "",
        "Assiste les importateurs et exportateurs maliens dans l'acheminement de leurs "
        "marchandises par les corridors.",
    ),
    (
        "Ordre des Commissionnaires Agréés en Douane du Mali",
        "OCAD",
        "broker",
        ["logistics"],
        "bamako",
        "ML",
        "",
        True,
        "",
        "Regroupe les commissionnaires en douane agréés exerçant au Mali.",
    ),
    (
        "Transit Diallo et Frères SARL",
        "",
        "broker",
        ["logistics"],
        "kayes",
        "ML",
        "MA.KYS.2011.B.0315",
        True,
        "",
        "Commissionnaire agréé en douane aux bureaux de Kayes et de Diboli.",
    ),
    (
        "Sahel Transit Services",
        "STS",
        "broker",
        ["logistics"],
        "sikasso",
        "ML",
        "MA.SKS.2016.B.0127",
        False,
        "",
        "Transit et dédouanement au bureau frontière de Zégoua.",
    ),
    (
        "AGL Mali",
        "",
        "broker",
        ["logistics"],
        "bamako",
        "ML",
        "MA.BKO.1998.B.2210",
        True,
        "",
        "Logistique portuaire et corridors Dakar–Bamako et Abidjan–Bamako.",
    ),
    (
        "Compagnie Malienne pour le Développement des Textiles",
        "CMDT",
        "trader",
        ["cotton", "agriculture"],
        "bamako",
        "ML",
        "MA.BKO.1974.B.0007",
        True,
        "",
        "Premier exportateur de coton fibre du Mali.",
    ),
    (
        "Grands Moulins du Mali",
        "GMM",
        "trader",
        ["food", "manufacturing"],
        "koulikoro",
        "ML",
        "MA.KKR.1982.B.0019",
        True,
        "",
        "Minoterie ; importe du blé par les corridors.",
    ),
    (
        "Groupement Professionnel des Pétroliers",
        "GPP",
        "association",
        ["energy"],
        "bamako",
        "ML",
        "",
        True,
        "",
        "Importateurs et distributeurs de produits pétroliers.",
    ),
    (
        "Chambre des Mines du Mali",
        "CMM",
        "association",
        ["mining"],
        "bamako",
        "ML",
        "",
        True,
        "",
        "Représente les sociétés minières, premières exportatrices du pays (or).",
    ),
    (
        "Interprofession de la filière Mangue du Mali",
        "IFM",
        "association",
        ["agriculture", "food"],
        "sikasso",
        "ML",
        "",
        True,
        "",
        "Producteurs, exportateurs et transformateurs de mangues.",
    ),
    (
        "Association des Importateurs de Véhicules et Pièces Détachées du Mali",
        "AIVPD",
        "trader",
        ["vehicles", "trade"],
        "bamako",
        "ML",
        "",
        False,
        "",
        "Importateurs de véhicules d'occasion et de pièces détachées.",
    ),
    (
        "Syndicat National des Commerçants Détaillants du Mali",
        "SYNACODEM",
        "association",
        ["trade"],
        "bamako",
        "ML",
        "",
        True,
        "",
        "Commerçants détaillants des marchés du pays.",
    ),
    (
        "Réseau des Femmes Opératrices Économiques du Mali",
        "RFOEM",
        "association",
        ["trade", "food"],
        "segou",
        "ML",
        "",
        True,
        "",
        "Femmes chefs d'entreprise, actives dans le commerce transfrontalier.",
    ),
    (
        "Conseil Malien des Transporteurs Routiers",
        "CMTR",
        "transport",
        ["logistics"],
        "bamako",
        "ML",
        "",
        True,
        "",
        "Organisation faîtière des transporteurs routiers.",
    ),
    (
        "Union Nationale des Chauffeurs et Conducteurs Routiers du Mali",
        "UNCCRM",
        "transport",
        ["logistics"],
        "bamako",
        "ML",
        "",
        True,
        "",
        "Syndicat des chauffeurs routiers des corridors.",
    ),
    (
        "Syndicat National des Transporteurs de Marchandises du Mali",
        "SYNATRAM",
        "transport",
        ["logistics"],
        "mopti",
        "ML",
        "",
        False,
        "",
        "Transporteurs de marchandises du Centre.",
    ),
    (
        "Entrepôts Maliens au Sénégal",
        "EMASE",
        "transport",
        ["logistics"],
        "bamako",
        "ML",
        "",
        True,
        "",
        "Gère les entrepôts maliens au port de Dakar.",
    ),
    (
        "Banque de Développement du Mali",
        "BDM",
        "bank",
        ["finance"],
        "bamako",
        "ML",
        "MA.BKO.1968.B.0003",
        True,
        "https://www.bdm-sa.com",
        "Banque commerciale ; financement du commerce extérieur.",
    ),
    (
        "Banque Nationale de Développement Agricole",
        "BNDA",
        "bank",
        ["finance", "agriculture"],
        "bamako",
        "ML",
        "MA.BKO.1981.B.0011",
        True,
        "",
        "Banque du monde rural et agricole.",
    ),
    (
        "Ecobank Mali",
        "",
        "bank",
        ["finance"],
        "bamako",
        "ML",
        "MA.BKO.1998.B.1187",
        True,
        "",
        "Banque commerciale du groupe Ecobank.",
    ),
    (
        "Bank of Africa Mali",
        "BOA-Mali",
        "bank",
        ["finance"],
        "bamako",
        "ML",
        "MA.BKO.1982.B.0020",
        True,
        "",
        "Banque commerciale du groupe Bank of Africa.",
    ),
    (
        "Banque Malienne de Solidarité",
        "BMS-SA",
        "bank",
        ["finance"],
        "bamako",
        "ML",
        "MA.BKO.2002.B.1733",
        True,
        "",
        "Banque commerciale et de microfinance.",
    ),
    (
        "Association Professionnelle des Banques et Établissements Financiers du Mali",
        "APBEF",
        "bank",
        ["finance"],
        "bamako",
        "ML",
        "",
        True,
        "",
        "Regroupe les banques et établissements financiers du Mali.",
    ),
    (
        "Association des Sociétés d'Assurances du Mali",
        "ASAM",
        "bank",
        ["finance"],
        "bamako",
        "ML",
        "",
        True,
        "",
        "Assureurs, dont l'assurance des marchandises en transit.",
    ),
    (
        "Agence pour la Promotion des Investissements au Mali",
        "API-Mali",
        "agency",
        ["public", "services"],
        "bamako",
        "ML",
        "",
        True,
        "https://www.apimali.gov.ml",
        "Guichet unique de création d'entreprises et promotion des investissements.",
    ),
    (
        "Agence Nationale pour l'Emploi",
        "ANPE",
        "agency",
        ["public"],
        "bamako",
        "ML",
        "",
        True,
        "",
        "Service public de l'emploi.",
    ),
    (
        "Observatoire du Marché Agricole",
        "OMA",
        "agency",
        ["public", "agriculture"],
        "bamako",
        "ML",
        "",
        True,
        "",
        "Suit les prix et les flux des produits agricoles.",
    ),
    (
        "Agence pour la Promotion des Exportations du Mali",
        "APEX-Mali",
        "agency",
        ["public", "trade"],
        "bamako",
        "ML",
        "",
        True,
        "",
        "Accompagne les exportateurs.",
    ),
    (
        "Agence Malienne de Normalisation et de Promotion de la Qualité",
        "AMANORM",
        "agency",
        ["public"],
        "bamako",
        "ML",
        "",
        True,
        "",
        "Normes et contrôle de la qualité.",
    ),
    (
        "Union Économique et Monétaire Ouest Africaine",
        "UEMOA",
        "donor",
        ["public"],
        "",
        "BF",
        "",
        True,
        "https://www.uemoa.int",
        "Union douanière de huit États d'Afrique de l'Ouest ; tarif extérieur commun.",
    ),
    (
        "Communauté Économique des États de l'Afrique de l'Ouest",
        "CEDEAO",
        "donor",
        ["public"],
        "",
        "NG",
        "",
        True,
        "https://www.ecowas.int",
        "CEDEAO / ECOWAS : libre circulation des biens et schéma de libéralisation des échanges.",
    ),
    (
        "Port Autonome de Dakar",
        "PAD",
        "transport",
        ["logistics"],
        "",
        "SN",
        "",
        True,
        "https://www.portdakar.sn",
        "Premier port de transit des marchandises maliennes.",
    ),
    (
        "Port Autonome d'Abidjan",
        "PAA",
        "transport",
        ["logistics"],
        "",
        "CI",
        "",
        True,
        "https://www.portabidjan.ci",
        "Port de transit du corridor Abidjan–Bamako.",
    ),
    (
        "Banque mondiale",
        "",
        "donor",
        ["public", "finance"],
        "",
        "US",
        "",
        True,
        "https://www.banquemondiale.org",
        "Appuie la facilitation des échanges et les réformes douanières.",
    ),
    (
        "Organisation mondiale des douanes",
        "OMD",
        "donor",
        ["public"],
        "",
        "BE",
        "",
        True,
        "https://www.wcoomd.org",
        "OMD / WCO : normes et renforcement des capacités douanières.",
    ),
    (
        "Deutsche Gesellschaft für Internationale Zusammenarbeit – bureau du Mali",
        "GIZ",
        "donor",
        ["public"],
        "bamako",
        "ML",
        "",
        True,
        "",
        "Coopération allemande ; appui au dialogue public-privé.",
    ),
    (
        "Association des Consommateurs du Mali",
        "ASCOMA",
        "civil_society",
        ["services"],
        "bamako",
        "ML",
        "",
        True,
        "",
        "Défense des consommateurs.",
    ),
    (
        "Université des Sciences Sociales et de Gestion de Bamako",
        "USSGB",
        "academia",
        ["services"],
        "bamako",
        "ML",
        "",
        True,
        "",
        "Recherche en économie et gestion.",
    ),
    (
        "Coopérative des Exportateurs de Bétail de Nioro",
        "",
        "trader",
        ["agriculture"],
        "nioro",
        "ML",
        "",
        False,
        "",
        "Exportation de bétail sur pied vers le Sénégal.",
    ),
]

# acronym or name -> [(days ago, influence, interest, attitude, current, desired,
#                      key concerns, rationale)], oldest first: the last one is current.
ASSESSMENTS = {
    "CCIM": [
        (400, 4, 4, "neutral", 3, 5, "Délais de dédouanement", "Partenaire historique."),
        (
            60,
            5,
            5,
            "champion",
            4,
            5,
            "Délais de dédouanement ; coût du transit",
            "Co-préside le cadre de concertation.",
        ),
    ],
    "CNPM": [
        (
            90,
            5,
            5,
            "supportive",
            3,
            5,
            "Fiscalité de porte ; valeur en douane",
            "Voix du patronat dans les réformes.",
        )
    ],
    "OCAD": [
        (300, 4, 5, "opposed", 2, 4, "Informatisation", "Craintes sur le guichet unique."),
        (
            30,
            4,
            5,
            "sceptical",
            2,
            4,
            "Informatisation ; agréments",
            "Plus ouvert depuis les ateliers.",
        ),
    ],
    "CMDT": [(120, 4, 2, "supportive", 3, 4, "Exportations de coton", "Gros exportateur.")],
    "CMC": [(80, 3, 5, "supportive", 4, 4, "Corridors", "Déjà très impliqué.")],
    "GPP": [
        (
            150,
            4,
            4,
            "sceptical",
            2,
            4,
            "Produits pétroliers ; exonérations",
            "Enjeux de recettes importants.",
        )
    ],
    "CMM": [
        (200, 5, 2, "neutral", 2, 3, "Régimes miniers", "Influent, peu concerné au quotidien.")
    ],
    "AGL Mali": [(45, 3, 4, "supportive", 4, 4, "Transit portuaire", "Acteur logistique clé.")],
    "CMTR": [
        (
            100,
            4,
            5,
            "sceptical",
            2,
            4,
            "Escortes ; tracasseries routières",
            "Relais vers les transporteurs.",
        )
    ],
    "UNCCRM": [(110, 2, 4, "opposed", 1, 3, "Contrôles routiers", "Risque de grève.")],
    "BDM": [
        (
            140,
            3,
            2,
            "neutral",
            2,
            3,
            "Paiement électronique des droits",
            "Utile pour la dématérialisation.",
        )
    ],
    "BNDA": [(160, 2, 2, "neutral", 2, 2, "", "Peu exposée au commerce extérieur.")],
    "Ecobank Mali": [(130, 2, 3, "supportive", 3, 3, "Paiement des droits", "")],
    "BOA-Mali": [(170, 2, 2, "neutral", 2, 2, "", "")],
    "APBEF": [
        (90, 3, 2, "supportive", 3, 4, "Paiement électronique", "Interlocuteur des banques.")
    ],
    "API-Mali": [(70, 4, 3, "champion", 4, 5, "Climat des affaires", "Allié des réformes.")],
    "ANPE": [(210, 1, 1, "neutral", 1, 1, "", "Peu concernée.")],
    "OMA": [(220, 1, 2, "neutral", 1, 2, "Statistiques agricoles", "")],
    "APEX-Mali": [(75, 2, 4, "supportive", 3, 4, "Exportations", "")],
    "UEMOA": [(180, 5, 4, "supportive", 3, 4, "Tarif extérieur commun", "Cadre régional.")],
    "CEDEAO": [(190, 5, 3, "neutral", 2, 4, "Schéma de libéralisation", "")],
    "PAD": [(95, 4, 3, "supportive", 3, 4, "Transit Dakar–Bamako", "")],
    "PAA": [(95, 2, 3, "neutral", 2, 4, "Transit Abidjan–Bamako", "")],
    "Banque mondiale": [
        (250, 5, 3, "champion", 4, 4, "Facilitation des échanges", "Finance le guichet unique.")
    ],
    "OMD": [(260, 4, 2, "supportive", 3, 3, "Normes", "")],
    "GIZ": [(50, 3, 3, "champion", 4, 4, "Dialogue public-privé", "")],
    "ASCOMA": [(230, 2, 3, "sceptical", 1, 3, "Prix à la consommation", "")],
    "USSGB": [(240, 1, 2, "neutral", 1, 2, "", "")],
    "SYNACODEM": [
        (85, 3, 5, "opposed", 1, 4, "Valeurs de référence ; saisies", "Foyer de mécontentement.")
    ],
    "RFOEM": [
        (
            65,
            2,
            5,
            "supportive",
            2,
            4,
            "Commerce transfrontalier des femmes",
            "Groupe à mieux associer.",
        )
    ],
    "IFM": [(125, 2, 4, "supportive", 2, 4, "Exportation de mangues", "")],
    "GMM": [(135, 3, 2, "neutral", 2, 3, "Importation de blé", "")],
    "OPI": [(115, 3, 4, "sceptical", 2, 4, "Concurrence des importations ; fraude", "")],
    "EMASE": [(175, 2, 3, "neutral", 2, 3, "Entreposage à Dakar", "")],
    "AMANORM": [(185, 2, 1, "neutral", 2, 2, "Contrôle qualité à l'importation", "")],
}

# acronym or name -> [(name, position, e-mail, phone, language, consent)]
CONTACTS = {
    "CCIM": [
        ("Mamadou Traoré", "Secrétaire général", "sg@ccim.ml", "+223 20 22 50 36", "fr", True),
        (
            "Aïssata Diallo",
            "Chargée des relations avec l'administration",
            "a.diallo@ccim.ml",
            "+223 76 45 12 08",
            "fr",
            True,
        ),
    ],
    "CNPM": [
        ("Boubacar Cissé", "Directeur exécutif", "dg@cnpm.ml", "+223 20 21 63 11", "fr", True)
    ],
    "OCAD": [
        ("Seydou Coulibaly", "Président", "president@ocad.ml", "+223 66 12 34 56", "fr", True)
    ],
    "CMDT": [
        (
            "Kadiatou Sangaré",
            "Directrice commerciale",
            "k.sangare@cmdt.ml",
            "+223 20 22 24 74",
            "fr",
            False,
        )
    ],
    "CMC": [("Ousmane Touré", "Directeur général", "dg@cmc.ml", "", "fr", True)],
    "GPP": [("Abdoulaye Sow", "Secrétaire permanent", "gpp.mali@example.ml", "", "fr", True)],
    "CMTR": [("Souleymane Dembélé", "Secrétaire général", "", "+223 76 98 11 22", "fr", True)],
    "BDM": [("Hawa Keïta", "Responsable commerce extérieur", "h.keita@bdm-sa.com", "", "fr", True)],
    "Ecobank Mali": [
        ("Moussa Sylla", "Directeur des opérations", "msylla@ecobank.com", "", "fr", True)
    ],
    "API-Mali": [
        ("Mariam Konaté", "Directrice du guichet unique", "m.konate@apimali.gov.ml", "", "fr", True)
    ],
    "UEMOA": [
        (
            "Jean-Baptiste Ouédraogo",
            "Chargé des questions douanières",
            "jb.ouedraogo@uemoa.int",
            "+226 25 31 88 73",
            "fr",
            True,
        )
    ],
    "CEDEAO": [
        ("Ngozi Okafor", "Trade Facilitation Officer", "n.okafor@ecowas.int", "", "en", True)
    ],
    "Banque mondiale": [
        ("Sarah Miller", "Senior Trade Specialist", "smiller@worldbank.org", "", "en", True)
    ],
    "OMD": [
        ("Pierre Lambert", "Capacity Building Officer", "p.lambert@wcoomd.org", "", "fr", False)
    ],
    "GIZ": [
        (
            "Anna Becker",
            "Cheffe de projet dialogue public-privé",
            "anna.becker@giz.de",
            "",
            "fr",
            True,
        )
    ],
    "SYNACODEM": [("Djénéba Doumbia", "Présidente", "", "+223 79 01 02 03", "fr", True)],
    "RFOEM": [
        ("Fatoumata Maïga", "Coordinatrice", "rfoem@example.ml", "+223 65 43 21 09", "fr", True)
    ],
    "Sahel Transit Services": [
        ("Issa Sanogo", "Gérant", "contact@saheltransit.ml", "+223 70 11 22 33", "fr", True)
    ],
}


def _key(organization):
    return organization.acronym or organization.name


def seed(stdout):
    officer = User.objects.filter(email=OFFICER_EMAIL).first()
    if officer is None:
        stdout.write("stakeholders: the demo officer is missing; run demo.accounts first.")
        return
    sectors = {s.code: s for s in Sector.objects.all()}
    now = timezone.now()
    created = 0
    by_key = {}
    for (
        name,
        acronym,
        category,
        sector_codes,
        region,
        country,
        registry,
        verified,
        website,
        description,
    ) in ORGANIZATIONS:
        organization = Organization.objects.filter(name=name).first()
        if organization is None:
            organization = services.create_organization(
                acting_user=officer,
                sectors=[sectors[c] for c in sector_codes],
                name=name,
                acronym=acronym,
                category=category,
                region=region,
                country=country,
                registry_number=registry,
                website=website,
                description=description,
            )
            if verified:
                services.set_verified(organization, verified=True, acting_user=officer)
            created += 1
        by_key[_key(organization)] = organization
        by_key[organization.name] = organization

    for key, assessments in ASSESSMENTS.items():
        organization = by_key.get(key)
        if organization is None or organization.assessments.exists():
            continue
        for (
            days,
            influence,
            interest,
            attitude,
            current,
            desired,
            concerns,
            rationale,
        ) in assessments:
            services.record_assessment(
                organization,
                acting_user=officer,
                assessed_at=now - timedelta(days=days),
                influence=influence,
                interest=interest,
                attitude=attitude,
                current_engagement=current,
                desired_engagement=desired,
                key_concerns=concerns,
                rationale=rationale,
            )

    for key, contacts in CONTACTS.items():
        organization = by_key.get(key)
        if organization is None:
            continue
        for name, position, email, phone, language, consent in contacts:
            if organization.contacts.filter(name=name).exists():
                continue
            services.add_contact(
                organization,
                acting_user=officer,
                name=name,
                position=position,
                email=email,
                phone=phone,
                language=language,
                consent=consent,
            )

    representative = User.objects.filter(email=REPRESENTATIVE_EMAIL).first()
    if representative is not None:
        enrol(representative, by_key["CCIM"], officer, "Chargé de mission", consent=True)
    administrators = _administrators(by_key, officer)
    applicant = _pending_request(by_key["CCIM"])

    stdout.write(
        f"Stakeholders: {Organization.objects.count()} organisations ({created} new), "
        f"{administrators} with an administrator; {REPRESENTATIVE_EMAIL} administers CCIM, "
        f"where {applicant.email} (same password) asks to join."
    )


def enrol(user, organization, officer, position="", *, consent=False):
    """Make `user` an approved member of `organization`, as an officer who knows them would
    (the first member of an organisation becomes its administrator). Idempotent."""
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return membership.enrol(
        user, organization, acting_user=officer, position=position, consent=consent
    )


def _administrators(by_key, officer):
    """Every verified organisation of the registry gets its administrator on the portal."""
    verified = Organization.objects.filter(verified=True).order_by("pk")
    for organization in verified:
        give_administrator(organization, officer)
    return verified.count()


def give_administrator(organization, officer):
    """An administrator for `organization` if it has none: the person of its first contact
    with an address, or a named person at its own domain. Their accounts have no password
    (nobody signs in as them); the CCIM's is the demo representative. The other apps' demos
    call it for the verified organisations they add."""
    if Membership.objects.administrators().filter(organization=organization).exists():
        return
    contact = organization.contacts.exclude(email="").order_by("pk").first()
    if contact is not None:
        name, email, position = contact.name, contact.email, contact.position
    else:
        first, last = ADMIN_NAMES[organization.pk % len(ADMIN_NAMES)]
        name, position = f"{first} {last}", "Responsable des relations avec la Douane"
        email = f"{_ascii(first)}.{_ascii(last)}@{_domain(organization)}"
    user = User.objects.filter(email__iexact=email).first() or User.objects.create_user(
        email, None, full_name=name, kind=User.Kind.PRIVATE
    )
    enrol(user, organization, officer, position)


def _pending_request(organization):
    """One request waiting for CCIM's administrator (and the officers) to decide."""
    user = User.objects.filter(email=APPLICANT_EMAIL).first()
    if user is None:
        user = User.objects.create_user(
            APPLICANT_EMAIL, DEMO_PASSWORD, full_name="Awa Konaté", kind=User.Kind.PRIVATE
        )
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    if not Membership.objects.filter(user=user).exists():
        membership.request_membership(
            user, organization=organization, position="Assistante transit et dédouanement"
        )
    return user


def _ascii(text):
    return normalize_name(text).replace(" ", "-")


def _domain(organization):
    if organization.website:
        return domain_of(organization.website)
    return f"{_ascii(organization.acronym or organization.name)}.ml"
