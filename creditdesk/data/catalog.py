"""Category levels and their shares in the real Home Credit files.

Weights are row counts (or shares) from public descriptions of
application_train.csv and the companion files; the generator draws from them
so that marginals look like the real data. ``None`` stands for a missing value.
"""

from __future__ import annotations

CONTRACT_TYPE = {"Cash loans": 0.905, "Revolving loans": 0.095}
GENDER = {"F": 202448, "M": 105059, "XNA": 4}
NAME_TYPE_SUITE = {
    "Unaccompanied": 248526, "Family": 40149, "Spouse, partner": 11370, "Children": 3267,
    "Other_B": 1770, "Other_A": 866, "Group of people": 271, None: 1292,
}
#: income types other than Pensioner (drawn separately from age)
INCOME_TYPE_WORKING = {
    "Working": 158774, "Commercial associate": 71617, "State servant": 21703,
    "Unemployed": 22, "Student": 18, "Businessman": 10, "Maternity leave": 5,
}
EDUCATION = {
    "Secondary / secondary special": 218391, "Higher education": 74863,
    "Incomplete higher": 10277, "Lower secondary": 3816, "Academic degree": 164,
}
FAMILY_STATUS = {
    "Married": 196432, "Single / not married": 45444, "Civil marriage": 29775,
    "Separated": 19770, "Widow": 16088, "Unknown": 2,
}
HOUSING = {
    "House / apartment": 272868, "With parents": 14840, "Municipal apartment": 11183,
    "Rented apartment": 4881, "Office apartment": 2617, "Co-op apartment": 1122,
}
#: occupation -> (rows, share of men in it); 31% of rows have no occupation
OCCUPATION = {
    "Laborers": (55186, 0.6), "Sales staff": (32102, 0.25), "Core staff": (27570, 0.2),
    "Managers": (21371, 0.45), "Drivers": (18603, 0.9), "High skill tech staff": (11380, 0.45),
    "Accountants": (9813, 0.05), "Medicine staff": (8537, 0.08), "Security staff": (6721, 0.6),
    "Cooking staff": (5946, 0.15), "Cleaning staff": (4653, 0.1),
    "Private service staff": (2652, 0.15), "Low-skill Laborers": (2093, 0.5),
    "Waiters/barmen staff": (1348, 0.2), "Secretaries": (1305, 0.05), "Realty agents": (751, 0.2),
    "HR staff": (563, 0.05), "IT staff": (526, 0.55),
}
WEEKDAY = {
    "MONDAY": 50714, "TUESDAY": 53901, "WEDNESDAY": 51934, "THURSDAY": 50591,
    "FRIDAY": 50338, "SATURDAY": 33852, "SUNDAY": 16181,
}
#: ORGANIZATION_TYPE rows (XNA, the pensioners' and unemployed's level, is added by the generator)
ORGANIZATION = {
    "Business Entity Type 3": 67992, "Self-employed": 38412, "Other": 16683,
    "Medicine": 11193, "Business Entity Type 2": 10553, "Government": 10404, "School": 8893,
    "Trade: type 7": 7831, "Kindergarten": 6880, "Construction": 6721,
    "Business Entity Type 1": 5984, "Transport: type 4": 5398, "Trade: type 3": 3492,
    "Industry: type 9": 3368, "Industry: type 3": 3278, "Security": 3247, "Housing": 2958,
    "Industry: type 11": 2704, "Military": 2634, "Bank": 2507, "Agriculture": 2454,
    "Police": 2341, "Transport: type 2": 2204, "Postal": 2157, "Security Ministries": 1974,
    "Trade: type 2": 1900, "Restaurant": 1811, "Services": 1575, "University": 1327,
    "Industry: type 7": 1307, "Transport: type 3": 1187, "Industry: type 1": 1039,
    "Hotel": 966, "Electricity": 950, "Industry: type 4": 877, "Trade: type 6": 631,
    "Industry: type 5": 599, "Insurance": 597, "Telecom": 577, "Emergency": 560,
    "Industry: type 2": 458, "Advertising": 429, "Realtor": 396, "Culture": 379,
    "Industry: type 12": 369, "Trade: type 1": 348, "Mobile": 317, "Legal Services": 305,
    "Cleaning": 260, "Transport: type 1": 201, "Industry: type 6": 112,
    "Industry: type 10": 109, "Religion": 85, "Industry: type 13": 67, "Trade: type 4": 64,
    "Trade: type 5": 49, "Industry: type 8": 24,
}
#: where state servants work
STATE_ORGANIZATIONS = (
    "Government", "Military", "Police", "School", "Medicine", "Kindergarten",
    "Security Ministries", "University", "Emergency", "Postal", "Culture", "Housing",
    "Electricity",
)
FONDKAPREMONT = {
    "reg oper account": 73830, "reg oper spec account": 12080, "not specified": 5687,
    "org spec account": 5619, None: 210295,
}
HOUSETYPE = {"block of flats": 150503, "specific housing": 1499, "terraced house": 1212, None: 154297}
WALLSMATERIAL = {
    "Panel": 66040, "Stone, brick": 64815, "Block": 9253, "Wooden": 5362, "Mixed": 2296,
    "Monolithic": 1779, "Others": 1625, None: 156341,
}
EMERGENCYSTATE = {"No": 159428, "Yes": 2328, None: 145755}

#: building measures: name -> (missing share, median, IQR-derived log spread, zero share)
BUILDING_MEASURES = {
    "APARTMENTS": (0.507, 0.0876, 0.70, 0.0),
    "BASEMENTAREA": (0.585, 0.0763, 0.69, 0.0),
    "YEARS_BEGINEXPLUATATION": (0.488, 0.9816, 0.41, 0.0),  # spread of 1 - value
    "YEARS_BUILD": (0.665, 0.7552, 0.42, 0.0),  # spread of 1 - value
    "COMMONAREA": (0.699, 0.0211, 1.30, 0.0),
    "ELEVATORS": (0.533, 0.0800, 0.80, 0.5),
    "ENTRANCES": (0.503, 0.1379, 0.80, 0.0),
    "FLOORSMAX": (0.498, 0.1667, 0.0, 0.0),  # floors / 24
    "FLOORSMIN": (0.678, 0.2083, 0.0, 0.0),  # floors / 24
    "LANDAREA": (0.594, 0.0481, 1.13, 0.0),
    "LIVINGAPARTMENTS": (0.684, 0.0756, 0.65, 0.0),
    "LIVINGAREA": (0.502, 0.0745, 0.78, 0.0),
    "NONLIVINGAPARTMENTS": (0.694, 0.0039, 1.00, 0.55),
    "NONLIVINGAREA": (0.552, 0.0100, 1.20, 0.30),
}
#: share of clients with any building information (EMERGENCYSTATE_MODE is the least missing)
BUILDING_PRESENT = 0.526
FLOORS = {1: 3, 2: 6, 3: 5, 4: 42, 5: 4, 6: 3, 8: 20, 9: 3, 10: 3, 12: 4, 14: 3, 16: 3, 24: 1}

#: FLAG_DOCUMENT_k share of 1 for the rare documents (3, 5, 6 and 8 are drawn as the main document)
RARE_DOCUMENTS = {
    2: 0.00004, 4: 0.00008, 7: 0.0002, 9: 0.0039, 10: 0.00002, 11: 0.0039, 12: 0.000007,
    13: 0.0035, 14: 0.0029, 15: 0.0012, 16: 0.0099, 17: 0.00027, 18: 0.0081, 19: 0.0006,
    20: 0.0005, 21: 0.0003,
}

# ----- bureau -------------------------------------------------------------------------------
CREDIT_CURRENCY = {"currency 1": 0.99918, "currency 2": 0.00071, "currency 3": 0.0001, "currency 4": 0.00001}
CREDIT_TYPE = {
    "Consumer credit": 1251615, "Credit card": 402195, "Car loan": 27690, "Mortgage": 18391,
    "Microloan": 12413, "Loan for business development": 1975, "Another type of loan": 1017,
    "Unknown type of loan": 555, "Loan for working capital replenishment": 469,
    "Cash loan (non-earmarked)": 56, "Real estate loan": 27,
    "Loan for the purchase of equipment": 19, "Loan for purchase of shares (margin lending)": 4,
    "Mobile operator loan": 1, "Interbank credit": 1,
}
BUREAU_STATUS = ("C", "X", "0", "1", "2", "3", "4", "5")

# ----- previous applications ----------------------------------------------------------------
PREV_CONTRACT_TYPE = {"Cash loans": 0.448, "Consumer loans": 0.4365, "Revolving loans": 0.1158, "XNA": 0.0002}
PREV_STATUS = ("Approved", "Canceled", "Refused", "Unused offer")
REJECT_REASON_REFUSED = {
    "HC": 175231, "LIMIT": 55680, "SCO": 37467, "SCOFR": 12811, "XNA": 5244, "VERIF": 3535,
    "SYSTEM": 717,
}
CASH_LOAN_PURPOSE = {
    "XNA": 677918, "Repairs": 23765, "Other": 15608, "Urgent needs": 8412,
    "Buying a used car": 2888, "Building a house or an annex": 2693, "Everyday expenses": 2416,
    "Medicine": 2174, "Payments on other loans": 1931, "Education": 1573, "Journey": 1239,
    "Purchase of electronic equipment": 1061, "Buying a new car": 1012,
    "Wedding / gift / holiday": 962, "Buying a home": 865, "Car repairs": 797, "Furniture": 749,
    "Buying a holiday home / land": 533, "Business development": 426,
    "Gasification / water supply": 300, "Buying a garage": 136, "Hobby": 55,
    "Money for a third person": 25, "Refusal to name the goal": 15,
}
PREV_TYPE_SUITE = {
    None: 820405, "Unaccompanied": 508970, "Family": 213263, "Spouse, partner": 67069,
    "Children": 31566, "Other_B": 17624, "Other_A": 9077, "Group of people": 2240,
}
PAYMENT_TYPE = {
    "Cash through the bank": 1033552, "XNA": 627384, "Non-cash from your account": 8193,
    "Cashless from the account of the employer": 1085,
}
#: goods category -> (weight among consumer loans, seller industry, POS product family)
GOODS_CATEGORY = {
    "Mobile": (224708, "Connectivity", "mobile"),
    "Consumer Electronics": (121576, "Consumer electronics", "household"),
    "Computers": (105769, "Consumer electronics", "household"),
    "Audio/Video": (99441, "Consumer electronics", "household"),
    "Furniture": (53656, "Furniture", "household"),
    "Photo / Cinema Equipment": (25021, "Consumer electronics", "household"),
    "Construction Materials": (24995, "Construction", "industry"),
    "Clothing and Accessories": (23554, "Clothing", "other"),
    "Auto Accessories": (7381, "Auto technology", "industry"),
    "Jewelry": (6290, "Jewelry", "other"),
    "Homewares": (5023, "Furniture", "household"),
    "Medical Supplies": (3843, "Industry", "other"),
    "Vehicles": (3370, "Auto technology", "industry"),
    "Sport and Leisure": (2981, "Industry", "other"),
    "Gardening": (2668, "Construction", "industry"),
    "Other": (2554, "Industry", "other"),
    "Office Appliances": (2333, "Consumer electronics", "household"),
    "Tourism": (1659, "Tourism", "other"),
    "Medicine": (1550, "Industry", "other"),
    "Direct Sales": (446, "MLM partners", "other"),
    "Fitness": (209, "Industry", "other"),
    "Additional Service": (128, "Industry", "other"),
    "Education": (107, "Industry", "other"),
    "Weapon": (77, "Industry", "other"),
    "Insurance": (64, "Industry", "other"),
    "House Construction": (1, "Construction", "industry"),
    "Animals": (1, "Industry", "other"),
}
CHANNEL_CONSUMER = {
    "Country-wide": 0.53, "Stone": 0.29, "Regional / Local": 0.15, "Car dealer": 0.002,
    "Channel of corporate sales": 0.003, "AP+ (Cash loan)": 0.005, "Contact center": 0.02,
}
CHANNEL_CASH = {
    "Credit and cash offices": 0.72, "Contact center": 0.1, "AP+ (Cash loan)": 0.075,
    "Channel of corporate sales": 0.01, "Country-wide": 0.05, "Stone": 0.025,
    "Regional / Local": 0.02,
}
CHANNEL_CARD = {
    "Credit and cash offices": 0.6, "Country-wide": 0.2, "Stone": 0.1, "Regional / Local": 0.1,
}
YIELD_GROUP = {"middle": 0.33, "high": 0.31, "low_normal": 0.28, "low_action": 0.08}
CLIENT_TYPE = ("Repeater", "New", "Refreshed", "XNA")
PRODUCT_COMBINATION = (
    "Cash", "POS household with interest", "POS mobile with interest", "Cash X-Sell: middle",
    "Cash X-Sell: low", "Card Street", "POS industry with interest",
    "POS household without interest", "Card X-Sell", "Cash Street: high", "Cash X-Sell: high",
    "Cash Street: middle", "Cash Street: low", "POS mobile without interest",
    "POS other with interest", "POS industry without interest", "POS others without interest",
)

# ----- monthly balances ---------------------------------------------------------------------
POS_STATUS = ("Active", "Completed", "Signed", "Approved", "Returned to the store", "Demand")
CARD_STATUS = ("Active", "Completed", "Signed", "Demand", "Sent proposal", "Refused", "Approved")
CARD_LIMITS = (45000, 67500, 90000, 112500, 135000, 180000, 225000, 270000, 315000, 360000,
               450000, 675000)
