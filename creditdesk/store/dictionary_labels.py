"""Labels of the shipped data dictionary: the hand-written part, as data.

French and English labels, units, ranges and reason-code sentences of the
Home Credit application fields, the derived features and the companion-table
columns the aggregates are built from; category levels in the pipeline's
encoding order (code i = level i), most frequent first, with their display
names. :mod:`creditdesk.store.dictionary_build` composes the dictionary.
"""

from __future__ import annotations

YEARS_AGO = -1 / 365.25  # DAYS_* before the application, shown as positive years
YEARS_AHEAD = 1 / 365.25
MONTHS_AGO = -1 / 12

_YEARS = {"display_unit_en": "years", "display_unit_fr": "ans"}
DAYS_UNIT = {"display_unit_en": "days", "display_unit_fr": "jours"}
_MED_EN = " (portfolio median {median})"
_MED_FR = " (médiane du portefeuille {median})"

# --------------------------------------------------------------------------- categories
# level in the data, English display, French display; most frequent first.
CATEGORIES: dict[str, list[tuple[str, str, str]]] = {
    "NAME_CONTRACT_TYPE": [
        ("Cash loans", "Cash loan", "Prêt en espèces"),
        ("Revolving loans", "Revolving credit", "Crédit renouvelable"),
    ],
    "CODE_GENDER": [
        ("F", "Female", "Femme"),
        ("M", "Male", "Homme"),
        ("XNA", "Not given", "Non renseigné"),
    ],
    "FLAG_OWN_CAR": [("N", "No", "Non"), ("Y", "Yes", "Oui")],
    "FLAG_OWN_REALTY": [("Y", "Yes", "Oui"), ("N", "No", "Non")],
    "NAME_TYPE_SUITE": [
        ("Unaccompanied", "Unaccompanied", "Seul(e)"),
        ("Family", "Family", "Famille"),
        ("Spouse, partner", "Spouse, partner", "Conjoint(e), partenaire"),
        ("Children", "Children", "Enfants"),
        ("Other_B", "Other (B)", "Autre (B)"),
        ("Other_A", "Other (A)", "Autre (A)"),
        ("Group of people", "Group of people", "Groupe de personnes"),
    ],
    "NAME_INCOME_TYPE": [
        ("Working", "Working", "Salarié(e)"),
        ("Commercial associate", "Commercial associate", "Associé(e) commercial(e)"),
        ("Pensioner", "Pensioner", "Retraité(e)"),
        ("State servant", "State servant", "Fonctionnaire"),
        ("Unemployed", "Unemployed", "Sans emploi"),
        ("Student", "Student", "Étudiant(e)"),
        ("Businessman", "Businessman", "Entrepreneur"),
        ("Maternity leave", "Maternity leave", "Congé maternité"),
    ],
    "NAME_EDUCATION_TYPE": [
        (
            "Secondary / secondary special",
            "Secondary / secondary special",
            "Secondaire / secondaire spécialisé",
        ),
        ("Higher education", "Higher education", "Enseignement supérieur"),
        ("Incomplete higher", "Incomplete higher education", "Supérieur non terminé"),
        ("Lower secondary", "Lower secondary", "Premier cycle du secondaire"),
        ("Academic degree", "Academic degree", "Titre universitaire"),
    ],
    "NAME_FAMILY_STATUS": [
        ("Married", "Married", "Marié(e)"),
        ("Single / not married", "Single / not married", "Célibataire"),
        ("Civil marriage", "Civil partnership", "Union civile"),
        ("Separated", "Separated", "Séparé(e)"),
        ("Widow", "Widowed", "Veuf / veuve"),
        ("Unknown", "Unknown", "Inconnu"),
    ],
    "NAME_HOUSING_TYPE": [
        ("House / apartment", "House / apartment", "Maison / appartement"),
        ("With parents", "With parents", "Chez les parents"),
        ("Municipal apartment", "Municipal apartment", "Logement municipal"),
        ("Rented apartment", "Rented apartment", "Appartement loué"),
        ("Office apartment", "Company apartment", "Logement de fonction"),
        ("Co-op apartment", "Co-op apartment", "Appartement en coopérative"),
    ],
    "OCCUPATION_TYPE": [
        ("Laborers", "Labourers", "Ouvriers"),
        ("Sales staff", "Sales staff", "Personnel de vente"),
        ("Core staff", "Core staff", "Personnel de base"),
        ("Managers", "Managers", "Cadres"),
        ("Drivers", "Drivers", "Chauffeurs"),
        ("High skill tech staff", "High-skill technical staff", "Techniciens hautement qualifiés"),
        ("Accountants", "Accountants", "Comptables"),
        ("Medicine staff", "Medical staff", "Personnel médical"),
        ("Security staff", "Security staff", "Agents de sécurité"),
        ("Cooking staff", "Cooking staff", "Cuisiniers"),
        ("Cleaning staff", "Cleaning staff", "Personnel d'entretien"),
        ("Private service staff", "Private service staff", "Personnel de service privé"),
        ("Low-skill Laborers", "Low-skill labourers", "Ouvriers peu qualifiés"),
        ("Waiters/barmen staff", "Waiters / bar staff", "Serveurs / barmans"),
        ("Secretaries", "Secretaries", "Secrétaires"),
        ("Realty agents", "Estate agents", "Agents immobiliers"),
        ("HR staff", "HR staff", "Ressources humaines"),
        ("IT staff", "IT staff", "Informaticiens"),
    ],
    "WEEKDAY_APPR_PROCESS_START": [
        ("TUESDAY", "Tuesday", "Mardi"),
        ("WEDNESDAY", "Wednesday", "Mercredi"),
        ("MONDAY", "Monday", "Lundi"),
        ("THURSDAY", "Thursday", "Jeudi"),
        ("FRIDAY", "Friday", "Vendredi"),
        ("SATURDAY", "Saturday", "Samedi"),
        ("SUNDAY", "Sunday", "Dimanche"),
    ],
    "FONDKAPREMONT_MODE": [
        ("reg oper account", "Regional operator account", "Compte d'opérateur régional"),
        (
            "reg oper spec account",
            "Regional operator special account",
            "Compte spécial d'opérateur régional",
        ),
        ("not specified", "Not specified", "Non précisé"),
        ("org spec account", "Organisation special account", "Compte spécial d'organisme"),
    ],
    "HOUSETYPE_MODE": [
        ("block of flats", "Block of flats", "Immeuble collectif"),
        ("specific housing", "Specific housing", "Logement spécifique"),
        ("terraced house", "Terraced house", "Maison mitoyenne"),
    ],
    "WALLSMATERIAL_MODE": [
        ("Panel", "Panel", "Panneaux"),
        ("Stone, brick", "Stone, brick", "Pierre, brique"),
        ("Block", "Block", "Blocs"),
        ("Wooden", "Wooden", "Bois"),
        ("Mixed", "Mixed", "Mixte"),
        ("Monolithic", "Monolithic", "Béton monolithique"),
        ("Others", "Others", "Autres"),
    ],
    "EMERGENCYSTATE_MODE": [("No", "No", "Non"), ("Yes", "Yes", "Oui")],
}

_ORGANIZATIONS = [
    "Business Entity Type 3",
    "XNA",
    "Self-employed",
    "Other",
    "Medicine",
    "Business Entity Type 2",
    "Government",
    "School",
    "Trade: type 7",
    "Kindergarten",
    "Construction",
    "Business Entity Type 1",
    "Transport: type 4",
    "Trade: type 3",
    "Industry: type 9",
    "Industry: type 3",
    "Security",
    "Housing",
    "Industry: type 11",
    "Military",
    "Bank",
    "Agriculture",
    "Police",
    "Transport: type 2",
    "Postal",
    "Security Ministries",
    "Trade: type 2",
    "Restaurant",
    "Services",
    "University",
    "Industry: type 7",
    "Transport: type 3",
    "Industry: type 1",
    "Hotel",
    "Electricity",
    "Industry: type 4",
    "Trade: type 6",
    "Industry: type 5",
    "Insurance",
    "Telecom",
    "Emergency",
    "Industry: type 2",
    "Advertising",
    "Realtor",
    "Culture",
    "Industry: type 12",
    "Trade: type 1",
    "Mobile",
    "Legal Services",
    "Cleaning",
    "Transport: type 1",
    "Industry: type 6",
    "Industry: type 10",
    "Religion",
    "Industry: type 13",
    "Trade: type 4",
    "Trade: type 5",
    "Industry: type 8",
]
_ORGANIZATION_FR = {
    "XNA": "Sans objet (sans emploi)",
    "Self-employed": "Indépendant",
    "Other": "Autre",
    "Medicine": "Médecine",
    "Government": "Administration publique",
    "School": "École",
    "Kindergarten": "Crèche, école maternelle",
    "Construction": "Construction",
    "Security": "Sécurité",
    "Housing": "Logement",
    "Military": "Armée",
    "Bank": "Banque",
    "Agriculture": "Agriculture",
    "Police": "Police",
    "Postal": "Poste",
    "Security Ministries": "Ministères de la sécurité",
    "Restaurant": "Restauration",
    "Services": "Services",
    "University": "Université",
    "Hotel": "Hôtellerie",
    "Electricity": "Électricité",
    "Insurance": "Assurance",
    "Telecom": "Télécommunications",
    "Emergency": "Services d'urgence",
    "Advertising": "Publicité",
    "Realtor": "Agence immobilière",
    "Culture": "Culture",
    "Mobile": "Téléphonie mobile",
    "Legal Services": "Services juridiques",
    "Cleaning": "Nettoyage",
    "Religion": "Religion",
}


def _organization_fr(level: str) -> str:
    if level.startswith("Business Entity Type "):
        return "Entreprise de type " + level.rsplit(" ", 1)[1]
    for en, fr in (("Industry", "Industrie"), ("Trade", "Commerce"), ("Transport", "Transport")):
        if level.startswith(en + ": type "):
            return f"{fr} : type {level.rsplit(' ', 1)[1]}"
    return _ORGANIZATION_FR[level]


def _organization_en(level: str) -> str:
    return "Not applicable (no employer)" if level == "XNA" else level


CATEGORIES["ORGANIZATION_TYPE"] = [
    (v, _organization_en(v), _organization_fr(v)) for v in _ORGANIZATIONS
]

# --------------------------------------------------------------------------- application fields
# name -> (label_en, label_fr, unit, extra FieldSpec keywords)
_MONEY_STEP = 2500.0
APPLICATION_FIELDS: dict[str, tuple[str, str, str, dict]] = {
    "SK_ID_CURR": ("Client ID", "Identifiant client", "id", {"dtype": "int"}),
    "TARGET": (
        "Defaulted (payment difficulties)",
        "En défaut (difficultés de paiement)",
        "flag",
        {
            "dtype": "bool",
            "min": 0,
            "max": 1,
            "description_en": "1 = the client had payment difficulties (defaulted); 0 = repaid on time. Not a refusal.",
            "description_fr": "1 = le client a eu des difficultés de paiement (défaut) ; 0 = remboursé à temps. Ce n'est pas un refus.",
        },
    ),
    "NAME_CONTRACT_TYPE": ("Contract type", "Type de contrat", "", {"editable": True}),
    "CODE_GENDER": ("Gender", "Sexe", "", {}),
    "FLAG_OWN_CAR": ("Owns a car", "Possède une voiture", "", {"editable": True}),
    "FLAG_OWN_REALTY": ("Owns a home", "Propriétaire de son logement", "", {"editable": True}),
    "CNT_CHILDREN": (
        "Number of children",
        "Nombre d'enfants",
        "count",
        {"dtype": "int", "min": 0, "max": 19, "editable": True, "step": 1},
    ),
    "AMT_INCOME_TOTAL": (
        "Income",
        "Revenu",
        "money",
        {
            "min": 10_000,
            "max": 5_000_000,
            "editable": True,
            "step": _MONEY_STEP,
            "description_en": "Yearly income of the client.",
            "description_fr": "Revenu annuel du client.",
            "describe_en": "Income is {value}" + _MED_EN,
            "describe_fr": "Le revenu est de {value}" + _MED_FR,
        },
    ),
    "AMT_CREDIT": (
        "Credit amount",
        "Montant du crédit",
        "money",
        {
            "min": 40_000,
            "max": 4_500_000,
            "editable": True,
            "step": 5000.0,
            "describe_en": "Credit amount is {value}" + _MED_EN,
            "describe_fr": "Le montant du crédit est de {value}" + _MED_FR,
        },
    ),
    "AMT_ANNUITY": (
        "Annuity",
        "Annuité",
        "money",
        {
            "min": 1_500,
            "max": 260_000,
            "editable": True,
            "step": 500.0,
            "description_en": "Yearly repayment of the loan asked for.",
            "description_fr": "Remboursement annuel du prêt demandé.",
            "describe_en": "Annuity is {value}" + _MED_EN,
            "describe_fr": "L'annuité est de {value}" + _MED_FR,
        },
    ),
    "AMT_GOODS_PRICE": (
        "Goods price",
        "Prix du bien",
        "money",
        {
            "min": 40_000,
            "max": 4_500_000,
            "editable": True,
            "step": 5000.0,
            "description_en": "Price of the goods the loan pays for.",
            "description_fr": "Prix du bien financé par le prêt.",
            "describe_en": "Goods price is {value}" + _MED_EN,
            "describe_fr": "Le prix du bien est de {value}" + _MED_FR,
        },
    ),
    "NAME_TYPE_SUITE": ("Accompanied by", "Accompagné(e) de", "", {}),
    "NAME_INCOME_TYPE": ("Income type", "Type de revenu", "", {}),
    "NAME_EDUCATION_TYPE": ("Education", "Niveau d'études", "", {}),
    "NAME_FAMILY_STATUS": ("Family status", "Situation familiale", "", {}),
    "NAME_HOUSING_TYPE": ("Housing", "Logement", "", {}),
    "REGION_POPULATION_RELATIVE": (
        "Region population density (normalised)",
        "Densité de population de la région (normalisée)",
        "normalised",
        {"min": 0, "max": 0.08},
    ),
    "DAYS_BIRTH": (
        "Age",
        "Âge",
        "days",
        {
            "dtype": "int",
            "min": -25_500,
            "max": -7_000,
            "display_scale": YEARS_AGO,
            **_YEARS,
            "describe_en": "Client is {value} old" + _MED_EN,
            "describe_fr": "Le client a {value}" + _MED_FR,
        },
    ),
    "DAYS_EMPLOYED": (
        "Employment length",
        "Ancienneté dans l'emploi",
        "days",
        {
            "dtype": "int",
            "min": -18_000,
            "max": 0,
            "editable": True,
            "step": 365.25 / 12,
            "display_scale": YEARS_AGO,
            **_YEARS,
            "description_en": "Time in the current job. The raw value 365243 means no employment (pensioners); the features store it as missing with the flag DAYS_EMPLOYED_ANOM.",
            "description_fr": "Ancienneté dans l'emploi actuel. La valeur brute 365243 signifie sans emploi (retraités) ; les variables la stockent comme manquante avec l'indicateur DAYS_EMPLOYED_ANOM.",
            "describe_en": "Employed for {value}" + _MED_EN,
            "describe_fr": "En emploi depuis {value}" + _MED_FR,
        },
    ),
    "DAYS_REGISTRATION": (
        "Time since registration changed",
        "Temps depuis le changement d'enregistrement",
        "days",
        {"min": -25_000, "max": 0, "display_scale": YEARS_AGO, **_YEARS},
    ),
    "DAYS_ID_PUBLISH": (
        "Time since identity document changed",
        "Temps depuis le changement de pièce d'identité",
        "days",
        {
            "dtype": "int",
            "min": -7_500,
            "max": 0,
            "display_scale": YEARS_AGO,
            **_YEARS,
            "describe_en": "Identity document changed {value} ago" + _MED_EN,
            "describe_fr": "Pièce d'identité changée il y a {value}" + _MED_FR,
        },
    ),
    "OWN_CAR_AGE": (
        "Age of the client's car",
        "Âge de la voiture du client",
        "years",
        {"min": 0, "max": 91, **_YEARS},
    ),
    "FLAG_MOBIL": ("Mobile phone given", "Téléphone mobile fourni", "flag", {"dtype": "int"}),
    "FLAG_EMP_PHONE": (
        "Employer's phone given",
        "Téléphone de l'employeur fourni",
        "flag",
        {"dtype": "int"},
    ),
    "FLAG_WORK_PHONE": (
        "Work phone given",
        "Téléphone professionnel fourni",
        "flag",
        {"dtype": "int"},
    ),
    "FLAG_CONT_MOBILE": (
        "Mobile phone reachable",
        "Téléphone mobile joignable",
        "flag",
        {"dtype": "int"},
    ),
    "FLAG_PHONE": ("Home phone given", "Téléphone fixe fourni", "flag", {"dtype": "int"}),
    "FLAG_EMAIL": ("E-mail given", "Adresse e-mail fournie", "flag", {"dtype": "int"}),
    "OCCUPATION_TYPE": ("Occupation", "Profession", "", {}),
    "CNT_FAM_MEMBERS": (
        "Family members",
        "Membres de la famille",
        "count",
        {"min": 1, "max": 20, "editable": True, "step": 1},
    ),
    "REGION_RATING_CLIENT": (
        "Region rating (1 best, 3 worst)",
        "Note de la région (1 meilleure, 3 pire)",
        "rating",
        {
            "dtype": "int",
            "min": 1,
            "max": 3,
            "describe_en": "Region rating is {value} (1 best, 3 worst)",
            "describe_fr": "La note de la région est {value} (1 meilleure, 3 pire)",
        },
    ),
    "REGION_RATING_CLIENT_W_CITY": (
        "Region rating with city (1 best, 3 worst)",
        "Note de la région et de la ville (1 meilleure, 3 pire)",
        "rating",
        {"dtype": "int", "min": 1, "max": 3},
    ),
    "WEEKDAY_APPR_PROCESS_START": ("Day of the application", "Jour de la demande", "", {}),
    "HOUR_APPR_PROCESS_START": (
        "Hour of the application",
        "Heure de la demande",
        "hour",
        {"dtype": "int", "min": 0, "max": 23, "display_unit_en": "h", "display_unit_fr": "h"},
    ),
    "REG_REGION_NOT_LIVE_REGION": (
        "Registered region differs from home region",
        "Région d'enregistrement différente de la région de résidence",
    ),
    "REG_REGION_NOT_WORK_REGION": (
        "Registered region differs from work region",
        "Région d'enregistrement différente de la région de travail",
    ),
    "LIVE_REGION_NOT_WORK_REGION": (
        "Home region differs from work region",
        "Région de résidence différente de la région de travail",
    ),
    "REG_CITY_NOT_LIVE_CITY": (
        "Registered city differs from home city",
        "Ville d'enregistrement différente de la ville de résidence",
    ),
    "REG_CITY_NOT_WORK_CITY": (
        "Registered city differs from work city",
        "Ville d'enregistrement différente de la ville de travail",
    ),
    "LIVE_CITY_NOT_WORK_CITY": (
        "Home city differs from work city",
        "Ville de résidence différente de la ville de travail",
    ),
    "ORGANIZATION_TYPE": ("Employer's sector", "Secteur de l'employeur", "", {}),
    "OBS_30_CNT_SOCIAL_CIRCLE": (
        "Social circle: contacts observed 30 days past due",
        "Entourage : contacts observés avec 30 jours de retard",
        "count",
        {"min": 0, "max": 400},
    ),
    "DEF_30_CNT_SOCIAL_CIRCLE": (
        "Social circle: contacts defaulted 30 days past due",
        "Entourage : contacts en défaut à 30 jours de retard",
        "count",
        {"min": 0, "max": 40},
    ),
    "OBS_60_CNT_SOCIAL_CIRCLE": (
        "Social circle: contacts observed 60 days past due",
        "Entourage : contacts observés avec 60 jours de retard",
        "count",
        {"min": 0, "max": 400},
    ),
    "DEF_60_CNT_SOCIAL_CIRCLE": (
        "Social circle: contacts defaulted 60 days past due",
        "Entourage : contacts en défaut à 60 jours de retard",
        "count",
        {"min": 0, "max": 30},
    ),
    "DAYS_LAST_PHONE_CHANGE": (
        "Time since phone changed",
        "Temps depuis le changement de téléphone",
        "days",
        {
            "min": -4_400,
            "max": 0,
            "display_scale": YEARS_AGO,
            **_YEARS,
            "describe_en": "Phone changed {value} ago" + _MED_EN,
            "describe_fr": "Téléphone changé il y a {value}" + _MED_FR,
        },
    ),
    "TOTALAREA_MODE": (
        "Building: total area (mode, normalised)",
        "Immeuble : surface totale (mode, normalisée)",
        "normalised",
        {"min": 0, "max": 1},
    ),
}
for _n in (1, 2, 3):
    APPLICATION_FIELDS[f"EXT_SOURCE_{_n}"] = (
        f"External score {_n}",
        f"Score externe {_n}",
        "score",
        {
            "min": 0,
            "max": 1,
            "description_en": f"Normalised score from external data source {_n} (higher is safer).",
            "description_fr": f"Score normalisé de la source de données externe {_n} (plus haut = plus sûr).",
            "describe_en": f"External score {_n} is {{value}}" + _MED_EN,
            "describe_fr": f"Le score externe {_n} vaut {{value}}" + _MED_FR,
        },
    )

BUILDING_MEASURES = {
    "APARTMENTS": ("apartment size", "taille des appartements"),
    "BASEMENTAREA": ("basement area", "surface du sous-sol"),
    "YEARS_BEGINEXPLUATATION": ("years in use", "années d'exploitation"),
    "YEARS_BUILD": ("building age", "âge du bâtiment"),
    "COMMONAREA": ("common area", "parties communes"),
    "ELEVATORS": ("lifts", "ascenseurs"),
    "ENTRANCES": ("entrances", "entrées"),
    "FLOORSMAX": ("highest floor", "étage le plus haut"),
    "FLOORSMIN": ("lowest floor", "étage le plus bas"),
    "LANDAREA": ("land area", "surface du terrain"),
    "LIVINGAPARTMENTS": ("living apartments", "appartements habités"),
    "LIVINGAREA": ("living area", "surface habitable"),
    "NONLIVINGAPARTMENTS": ("non-living apartments", "locaux non habités"),
    "NONLIVINGAREA": ("non-living area", "surface non habitable"),
}
BUILDING_STATS = {
    "AVG": ("average", "moyenne"),
    "MODE": ("mode", "mode"),
    "MEDI": ("median", "médiane"),
}
ENQUIRY_PERIODS = {
    "HOUR": ("last hour", "dernière heure"),
    "DAY": ("last day", "dernier jour"),
    "WEEK": ("last week", "dernière semaine"),
    "MON": ("last month", "dernier mois"),
    "QRT": ("last quarter", "dernier trimestre"),
    "YEAR": ("last year", "dernière année"),
}


# --------------------------------------------------------------------------- derived features
DERIVED_FIELDS: dict[str, tuple[str, str, str, dict]] = {
    "DAYS_EMPLOYED_ANOM": (
        "No employment recorded (pensioner, unemployed)",
        "Aucun emploi déclaré (retraité, sans emploi)",
        "flag",
        {
            "dtype": "int",
            "min": 0,
            "max": 1,
            "description_en": "1 when DAYS_EMPLOYED holds the code 365243 (no employment).",
            "description_fr": "1 quand DAYS_EMPLOYED vaut le code 365243 (sans emploi).",
        },
    ),
    "DAYS_EMPLOYED_PERC": (
        "Employment length / age",
        "Ancienneté dans l'emploi / âge",
        "ratio",
        {
            "describe_en": "Has worked {value} of their life in the current job" + _MED_EN,
            "describe_fr": "A passé {value} de sa vie dans l'emploi actuel" + _MED_FR,
        },
    ),
    "INCOME_CREDIT_PERC": (
        "Income / credit amount",
        "Revenu / montant du crédit",
        "ratio",
        {
            "describe_en": "Income is {value} of the credit amount" + _MED_EN,
            "describe_fr": "Le revenu représente {value} du montant du crédit" + _MED_FR,
        },
    ),
    "INCOME_PER_PERSON": (
        "Income per family member",
        "Revenu par membre de la famille",
        "money",
        {
            "describe_en": "Income per family member is {value}" + _MED_EN,
            "describe_fr": "Le revenu par membre de la famille est de {value}" + _MED_FR,
        },
    ),
    "ANNUITY_INCOME_PERC": (
        "Annuity / income",
        "Annuité / revenu",
        "ratio",
        {
            "describe_en": "Annuity is {value} of income" + _MED_EN,
            "describe_fr": "L'annuité représente {value} du revenu" + _MED_FR,
        },
    ),
    "PAYMENT_RATE": (
        "Annuity / credit amount (payment rate)",
        "Annuité / montant du crédit (taux de remboursement)",
        "ratio",
        {
            "describe_en": "Annuity is {value} of the credit amount" + _MED_EN,
            "describe_fr": "L'annuité représente {value} du montant du crédit" + _MED_FR,
        },
    ),
    "CREDIT_GOODS_RATIO": (
        "Credit amount / goods price",
        "Montant du crédit / prix du bien",
        "ratio",
        {
            "describe_en": "Credit amount is {value} of the goods price" + _MED_EN,
            "describe_fr": "Le crédit représente {value} du prix du bien" + _MED_FR,
        },
    ),
    "EXT_SOURCES_MEAN": (
        "External scores: average",
        "Scores externes : moyenne",
        "score",
        {
            "min": 0,
            "max": 1,
            "describe_en": "Average external score is {value}" + _MED_EN,
            "describe_fr": "La moyenne des scores externes vaut {value}" + _MED_FR,
        },
    ),
}

# --------------------------------------------------------------------------- aggregates
# family prefix -> (label_en, label_fr, count label en, count label fr)
FAMILY_LABELS: dict[str, tuple[str, str, str, str]] = {
    "BURO_": (
        "Credit bureau",
        "Bureau de crédit",
        "credits at other lenders",
        "crédits auprès d'autres prêteurs",
    ),
    "ACTIVE_": (
        "Credit bureau, active credits",
        "Bureau de crédit, crédits en cours",
        "count",
        "nombre",
    ),
    "CLOSED_": (
        "Credit bureau, closed credits",
        "Bureau de crédit, crédits clôturés",
        "count",
        "nombre",
    ),
    "PREV_": ("Previous applications", "Demandes précédentes", "count", "nombre"),
    "APPROVED_": (
        "Previous applications approved",
        "Demandes précédentes acceptées",
        "count",
        "nombre",
    ),
    "REFUSED_": (
        "Previous applications refused",
        "Demandes précédentes refusées",
        "count",
        "nombre",
    ),
    "POS_": (
        "Point-of-sale and cash loans",
        "Prêts au point de vente et en espèces",
        "monthly records",
        "relevés mensuels",
    ),
    "INSTAL_": ("Past instalments", "Échéances passées", "count", "nombre"),
    "CC_": ("Credit cards", "Cartes de crédit", "monthly records", "relevés mensuels"),
}

# (source table, column) -> (label_en, label_fr, unit, extra); the same column of
# another table falls back to the entry under "*".
COMPANION_COLUMNS: dict[tuple[str, str], tuple[str, str, str, dict]] = {
    ("bureau", "DAYS_CREDIT"): (
        "time since the credit opened",
        "ancienneté du crédit",
        "days",
        {"display_scale": YEARS_AGO, **_YEARS},
    ),
    ("bureau", "CREDIT_DAY_OVERDUE"): ("days overdue", "jours de retard", "days", {}),
    ("bureau", "DAYS_CREDIT_ENDDATE"): (
        "time left until the planned end",
        "durée restante prévue",
        "days",
        {"display_scale": YEARS_AHEAD, **_YEARS},
    ),
    ("bureau", "DAYS_ENDDATE_FACT"): (
        "time since the credit ended",
        "temps depuis la clôture",
        "days",
        {"display_scale": YEARS_AGO, **_YEARS},
    ),
    ("bureau", "DAYS_CREDIT_UPDATE"): (
        "time since the last update",
        "temps depuis la dernière mise à jour",
        "days",
        {"display_scale": -1.0, **DAYS_UNIT},
    ),
    ("bureau", "AMT_CREDIT_MAX_OVERDUE"): (
        "largest amount overdue",
        "plus gros montant en retard",
        "money",
        {},
    ),
    ("bureau", "CNT_CREDIT_PROLONG"): ("prolongations", "prolongations", "count", {}),
    ("bureau", "AMT_CREDIT_SUM"): ("credit amount", "montant du crédit", "money", {}),
    ("bureau", "AMT_CREDIT_SUM_DEBT"): ("outstanding debt", "dette restante", "money", {}),
    ("bureau", "AMT_CREDIT_SUM_LIMIT"): (
        "credit card limit",
        "plafond de carte de crédit",
        "money",
        {},
    ),
    ("bureau", "AMT_CREDIT_SUM_OVERDUE"): ("amount overdue", "montant en retard", "money", {}),
    ("bureau", "IS_ACTIVE"): ("share still active", "part encore en cours", "ratio", {}),
    ("bureau", "BB_MONTHS_BALANCE_MIN"): (
        "length of the monthly history",
        "durée de l'historique mensuel",
        "months",
        {"display_scale": MONTHS_AGO, **_YEARS},
    ),
    ("bureau", "BB_MONTHS_COUNT"): ("monthly records", "relevés mensuels", "count", {}),
    ("bureau", "BB_DPD_MONTHS"): ("months past due", "mois en retard de paiement", "count", {}),
    ("bureau", "BB_DPD_SHARE"): (
        "share of months past due",
        "part des mois en retard",
        "ratio",
        {},
    ),
    ("*", "AMT_ANNUITY"): ("annuity", "annuité", "money", {}),
    ("previous_application", "AMT_APPLICATION"): (
        "amount asked for",
        "montant demandé",
        "money",
        {},
    ),
    ("previous_application", "AMT_CREDIT"): ("amount granted", "montant accordé", "money", {}),
    ("previous_application", "APP_CREDIT_PERC"): (
        "amount asked / granted",
        "montant demandé / accordé",
        "ratio",
        {},
    ),
    ("previous_application", "AMT_DOWN_PAYMENT"): ("down payment", "apport", "money", {}),
    ("previous_application", "AMT_GOODS_PRICE"): ("goods price", "prix du bien", "money", {}),
    ("previous_application", "RATE_DOWN_PAYMENT"): (
        "down payment rate",
        "taux d'apport",
        "ratio",
        {},
    ),
    ("previous_application", "DAYS_DECISION"): (
        "time since the decision",
        "temps depuis la décision",
        "days",
        {"display_scale": YEARS_AGO, **_YEARS},
    ),
    ("previous_application", "CNT_PAYMENT"): (
        "term (instalments)",
        "durée (échéances)",
        "count",
        {},
    ),
    ("previous_application", "DAYS_LAST_DUE_1ST_VERSION"): (
        "planned end (from this application)",
        "fin prévue (depuis cette demande)",
        "days",
        {"display_scale": YEARS_AHEAD, **_YEARS},
    ),
    ("previous_application", "DAYS_TERMINATION"): (
        "expected termination (from this application)",
        "fin attendue (depuis cette demande)",
        "days",
        {"display_scale": YEARS_AHEAD, **_YEARS},
    ),
    ("previous_application", "IS_REFUSED"): (
        "share refused",
        "part refusée",
        "ratio",
        {
            "describe_en": "{value} of previous applications were refused" + _MED_EN,
            "describe_fr": "{value} des demandes précédentes ont été refusées" + _MED_FR,
        },
    ),
    ("*", "MONTHS_BALANCE"): (
        "age of the monthly record",
        "ancienneté du relevé mensuel",
        "months",
        {"display_scale": MONTHS_AGO, **_YEARS},
    ),
    ("*", "SK_DPD"): ("days past due", "jours de retard", "days", {}),
    ("*", "SK_DPD_DEF"): (
        "days past due (beyond tolerance)",
        "jours de retard (au-delà de la tolérance)",
        "days",
        {},
    ),
    ("POS_CASH_balance", "CNT_INSTALMENT_FUTURE"): (
        "instalments left to pay",
        "échéances restant à payer",
        "count",
        {},
    ),
    ("POS_CASH_balance", "IS_COMPLETED"): (
        "share of records with the loan completed",
        "part des relevés avec prêt soldé",
        "ratio",
        {},
    ),
    ("installments_payments", "DPD"): ("days paid late", "jours de retard de paiement", "days", {}),
    ("installments_payments", "DBD"): ("days paid early", "jours d'avance de paiement", "days", {}),
    ("installments_payments", "PAYMENT_PERC"): ("paid / due", "payé / dû", "ratio", {}),
    ("installments_payments", "PAYMENT_DIFF"): ("due minus paid", "dû moins payé", "money", {}),
    ("installments_payments", "AMT_INSTALMENT"): ("amount due", "montant dû", "money", {}),
    ("installments_payments", "AMT_PAYMENT"): ("amount paid", "montant payé", "money", {}),
    ("installments_payments", "DAYS_ENTRY_PAYMENT"): (
        "time since the payment",
        "temps depuis le paiement",
        "days",
        {"display_scale": YEARS_AGO, **_YEARS},
    ),
    ("installments_payments", "IS_LATE"): (
        "share paid late",
        "part payée en retard",
        "ratio",
        {
            "describe_en": "{value} of past instalments were paid late" + _MED_EN,
            "describe_fr": "{value} des échéances passées ont été payées en retard" + _MED_FR,
        },
    ),
    ("credit_card_balance", "AMT_BALANCE"): ("balance", "solde", "money", {}),
    ("credit_card_balance", "AMT_CREDIT_LIMIT_ACTUAL"): ("credit limit", "plafond", "money", {}),
    ("credit_card_balance", "BALANCE_LIMIT_RATIO"): (
        "balance / limit",
        "solde / plafond",
        "ratio",
        {},
    ),
    ("credit_card_balance", "AMT_DRAWINGS_CURRENT"): (
        "drawings",
        "retraits et achats",
        "money",
        {},
    ),
    ("credit_card_balance", "AMT_PAYMENT_CURRENT"): ("payment", "paiement", "money", {}),
    ("credit_card_balance", "AMT_INST_MIN_REGULARITY"): (
        "minimum instalment",
        "échéance minimale",
        "money",
        {},
    ),
    ("credit_card_balance", "CNT_DRAWINGS_CURRENT"): (
        "number of drawings",
        "nombre de retraits et achats",
        "count",
        {},
    ),
}

AGGREGATE_DESCRIBE: dict[str, tuple[str, str]] = {
    "REFUSED_COUNT": (
        "{value} previous applications refused" + _MED_EN,
        "{value} demandes précédentes refusées" + _MED_FR,
    ),
    "PREV_COUNT": (
        "{value} previous applications" + _MED_EN,
        "{value} demandes précédentes" + _MED_FR,
    ),
    "BURO_COUNT": (
        "{value} credits at other lenders" + _MED_EN,
        "{value} crédits auprès d'autres prêteurs" + _MED_FR,
    ),
    "ACTIVE_COUNT": (
        "{value} credits still running at other lenders" + _MED_EN,
        "{value} crédits en cours auprès d'autres prêteurs" + _MED_FR,
    ),
    "INSTAL_DPD_MEAN": (
        "Instalments paid on average {value} late" + _MED_EN,
        "Échéances payées en moyenne avec {value} de retard" + _MED_FR,
    ),
    "INSTAL_DPD_MAX": (
        "Up to {value} late on a past instalment" + _MED_EN,
        "Jusqu'à {value} de retard sur une échéance passée" + _MED_FR,
    ),
    "BURO_CREDIT_DAY_OVERDUE_MAX": (
        "Up to {value} overdue on credits at other lenders" + _MED_EN,
        "Jusqu'à {value} de retard sur les crédits d'autres prêteurs" + _MED_FR,
    ),
    "ACTIVE_AMT_CREDIT_SUM_DEBT_SUM": (
        "Debt outstanding at other lenders: {value}" + _MED_EN,
        "Dette restante auprès d'autres prêteurs : {value}" + _MED_FR,
    ),
    "BURO_BB_DPD_MONTHS_SUM": (
        "{value} months past due at other lenders" + _MED_EN,
        "{value} mois de retard auprès d'autres prêteurs" + _MED_FR,
    ),
    "POS_SK_DPD_MAX": (
        "Up to {value} past due on point-of-sale or cash loans" + _MED_EN,
        "Jusqu'à {value} de retard sur des prêts au point de vente ou en espèces" + _MED_FR,
    ),
    "CC_SK_DPD_MAX": (
        "Up to {value} past due on credit cards" + _MED_EN,
        "Jusqu'à {value} de retard sur les cartes de crédit" + _MED_FR,
    ),
}
