"""A demo catalog a shop could have: 12 categories of 25 products (300), whose names, descriptions, prices,
attributes and variants go together; apparel in sizes and colours, coffee beans in bag sizes, books in two
formats, kettlebells in weights; each category declares its typed attributes (the filterable ones are search
facets). Pictures are drawn when the demo is loaded (demo_pictures.py), nothing is downloaded.

Deterministic (same SKUs, names and prices on every machine), so that ``make up`` can load it again without
duplicates and examples in the README stay true.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from services.catalog.adapters.events import CatalogEvents
from services.catalog.adapters.repository import CategoryRepository, ProductRepository, VariantRepository
from services.catalog.attributes import BOOLEAN, CHOICE, NUMBER, AttributeDefinition
from services.catalog.domain import Category, Option, ProductFields, VariantFields, generated_sku
from services.runtime.database import Database
from services.runtime.money import Money


@dataclass(frozen=True)
class Kind:
    """One kind of product in a category: its noun, what it costs, what it is, and what it may vary by."""

    noun: str
    price: tuple[int, int]  # dollars, cheapest and dearest of its kind
    blurb: str  # completes "The <name> is ..."
    attributes: dict[str, list[str]] = field(default_factory=dict)  # key → the values it may have
    options: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # An option value → the price factor of a variant with it (a 1 kg bag costs more than 250 g).
    factors: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoCategory:
    display_name: str
    description: str
    attributes: tuple[AttributeDefinition, ...]
    kinds: tuple[Kind, ...]
    adjectives: tuple[str, ...]


def _choice(key: str, name: str, values: list[str], *, filterable: bool = True) -> AttributeDefinition:
    return AttributeDefinition(key, name, CHOICE, choices=tuple(values), filterable=filterable)


MATERIALS_KITCHEN = ["stainless steel", "cast iron", "carbon steel", "enamelled steel", "beech wood", "stoneware"]
APPAREL_SIZES = ("S", "M", "L", "XL")

CATEGORIES: dict[str, DemoCategory] = {
    "kitchen": DemoCategory(
        "Kitchen",
        "Cookware and tools for everyday cooking.",
        (
            _choice("material", "Material", MATERIALS_KITCHEN),
            _choice("colour", "Colour", ["black", "red", "natural", "white"]),
            AttributeDefinition("dishwasher_safe", "Dishwasher safe", BOOLEAN, filterable=True),
        ),
        (
            Kind(
                "Skillet",
                (29, 89),
                "a pan that sears hot and goes from hob to oven",
                {"material": MATERIALS_KITCHEN[:3]},
            ),
            Kind(
                "Chef Knife",
                (39, 149),
                "a 20 cm blade for chopping, slicing and dicing",
                {"material": ["stainless steel", "carbon steel"]},
            ),
            Kind(
                "Dutch Oven",
                (59, 249),
                "a heavy pot for stews, braises and bread",
                {"material": ["cast iron", "enamelled steel"]},
            ),
            Kind("Cutting Board", (19, 59), "a board that is kind to knife edges", {"material": ["beech wood"]}),
            Kind(
                "Saucepan",
                (29, 99),
                "a lidded pan for sauces, grains and soups",
                {"material": ["stainless steel", "enamelled steel"]},
            ),
            Kind("Whisk", (6, 19), "a balloon whisk for eggs, cream and batters", {"material": ["stainless steel"]}),
            Kind(
                "Mixing Bowl",
                (12, 39),
                "a deep bowl that nests with its siblings",
                {"material": ["stainless steel", "stoneware"]},
            ),
        ),
        ("Classic", "Everyday", "Pro", "Heritage"),
    ),
    "coffee": DemoCategory(
        "Coffee & Tea",
        "Beans, brewers and everything for the morning cup.",
        (
            _choice("roast", "Roast", ["light", "medium", "dark"]),
            _choice("origin", "Origin", ["Ethiopia", "Colombia", "Kenya", "Brazil", "Guatemala"]),
            AttributeDefinition("capacity", "Capacity", NUMBER, unit="ml", filterable=True),
        ),
        (
            Kind(
                "Espresso Beans",
                (11, 19),
                "whole beans roasted for espresso and moka pots",
                {"roast": ["medium", "dark"], "origin": ["Ethiopia", "Colombia", "Brazil"]},
                (("Bag size", ("250 g", "1 kg")),),
                {"1 kg": 3.4},
            ),
            Kind(
                "Filter Beans",
                (10, 18),
                "whole beans roasted light for pour-over and filter",
                {"roast": ["light"], "origin": ["Ethiopia", "Kenya", "Guatemala"]},
                (("Bag size", ("250 g", "1 kg")),),
                {"1 kg": 3.4},
            ),
            Kind(
                "Pour-Over Dripper", (18, 45), "a cone that brews one clean, bright cup", {"capacity": ["300", "600"]}
            ),
            Kind("Burr Grinder", (49, 249), "a grinder with steel burrs and 40 settings", {"capacity": ["250"]}),
            Kind(
                "French Press",
                (25, 69),
                "a press for full-bodied coffee in four minutes",
                {"capacity": ["350", "800", "1000"]},
            ),
            Kind(
                "Tea Kettle", (35, 129), "a gooseneck kettle that holds its temperature", {"capacity": ["900", "1200"]}
            ),
        ),
        ("House", "Morning", "Slow", "Weekend", "Daily"),
    ),
    "outdoor": DemoCategory(
        "Outdoor",
        "Gear for camping, hiking and long days outside.",
        (
            AttributeDefinition("weight", "Weight", NUMBER, unit="g", filterable=False),
            _choice("season", "Season", ["3-season", "4-season"]),
        ),
        (
            Kind(
                "Tent",
                (149, 479),
                "a freestanding tent that pitches in five minutes",
                {"season": ["3-season", "4-season"], "weight": ["1450", "2100", "2900"]},
            ),
            Kind(
                "Sleeping Bag",
                (89, 329),
                "a down bag that packs to the size of a loaf",
                {"season": ["3-season", "4-season"], "weight": ["780", "1100"]},
            ),
            Kind("Headlamp", (19, 59), "a 400-lumen lamp with a red night mode", {"weight": ["68", "85"]}),
            Kind("Trekking Poles", (39, 129), "a pair of poles that fold to 38 cm", {"weight": ["340", "480"]}),
            Kind("Camp Stove", (29, 119), "a stove that boils a litre in three minutes", {"weight": ["83", "210"]}),
            Kind("Water Filter", (24, 49), "a squeeze filter good for 4 000 litres", {"weight": ["85"]}),
            Kind("Daypack", (49, 139), "a 24-litre pack with a rain cover", {"weight": ["720", "950"]}),
        ),
        ("Trail", "Alpine", "Ridge", "Summit"),
    ),
    "audio": DemoCategory(
        "Audio",
        "Headphones, speakers and turntables.",
        (
            _choice("connectivity", "Connectivity", ["Bluetooth", "wired", "Wi-Fi"]),
            _choice("colour", "Colour", ["black", "white", "walnut"]),
        ),
        (
            Kind(
                "Wireless Headphones",
                (79, 349),
                "over-ear headphones with 30 hours of battery",
                {"connectivity": ["Bluetooth"], "colour": ["black", "white"]},
            ),
            Kind(
                "Bookshelf Speaker",
                (149, 599),
                "a pair of speakers that fill a living room",
                {"connectivity": ["wired", "Wi-Fi"], "colour": ["black", "walnut"]},
            ),
            Kind(
                "Turntable",
                (199, 699),
                "a belt-drive turntable with a built-in preamp",
                {"connectivity": ["wired"], "colour": ["black", "walnut"]},
            ),
            Kind(
                "Earbuds",
                (49, 199),
                "earbuds with noise cancelling and a pocket case",
                {"connectivity": ["Bluetooth"], "colour": ["black", "white"]},
            ),
            Kind(
                "Soundbar",
                (129, 499),
                "a soundbar that makes dialogue clear",
                {"connectivity": ["Wi-Fi", "Bluetooth"], "colour": ["black"]},
            ),
        ),
        ("Studio", "Compact", "Signature", "Reference", "Home"),
    ),
    "books": DemoCategory(
        "Books",
        "Fiction, non-fiction and cookbooks.",
        (_choice("language", "Language", ["English", "French", "Spanish"]),),
        (
            Kind(
                "Novel",
                (12, 26),
                "a novel readers could not put down",
                {"language": ["English", "French"]},
                (("Format", ("Paperback", "Hardcover")),),
                {"Hardcover": 1.7},
            ),
            Kind(
                "Cookbook",
                (22, 39),
                "a cookbook of weeknight dinners",
                {"language": ["English"]},
                (("Format", ("Paperback", "Hardcover")),),
                {"Hardcover": 1.5},
            ),
            Kind(
                "Field Guide",
                (16, 29),
                "a guide to birds, trees and tracks",
                {"language": ["English", "Spanish"]},
                (("Format", ("Paperback", "Hardcover")),),
                {"Hardcover": 1.6},
            ),
            Kind(
                "Atlas",
                (29, 59),
                "an atlas of maps old and new",
                {"language": ["English"]},
                (("Format", ("Paperback", "Hardcover")),),
                {"Hardcover": 1.5},
            ),
            Kind(
                "Poetry Collection",
                (11, 22),
                "a collection of short poems",
                {"language": ["English", "Spanish", "French"]},
                (("Format", ("Paperback", "Hardcover")),),
                {"Hardcover": 1.8},
            ),
        ),
        ("Northern", "Quiet", "Wild", "Modern", "Long"),
    ),
    "fitness": DemoCategory(
        "Fitness",
        "Equipment for training at home.",
        (_choice("colour", "Colour", ["black", "blue", "green", "grey"]),),
        (
            Kind("Yoga Mat", (25, 79), "a 5 mm mat that grips when it is wet", {"colour": ["blue", "green", "grey"]}),
            Kind(
                "Kettlebell",
                (29, 39),
                "a cast-iron kettlebell with a wide handle",
                {"colour": ["black"]},
                (("Weight", ("8 kg", "12 kg", "16 kg")),),
                {"12 kg": 1.4, "16 kg": 1.8},
            ),
            Kind(
                "Resistance Bands", (15, 35), "a set of five bands from light to heavy", {"colour": ["black", "green"]}
            ),
            Kind("Jump Rope", (9, 25), "a speed rope with ball-bearing handles", {"colour": ["black", "blue"]}),
            Kind("Foam Roller", (19, 45), "a firm roller for tired legs", {"colour": ["black", "blue", "grey"]}),
        ),
        ("Core", "Studio", "Daily", "Active", "Home"),
    ),
    "home-office": DemoCategory(
        "Home Office",
        "Desks, chairs and the small things that make work pleasant.",
        (_choice("finish", "Finish", ["oak", "walnut", "white", "black"]),),
        (
            Kind(
                "Standing Desk",
                (349, 749),
                "a desk that rises at the press of a button",
                {"finish": ["oak", "walnut", "white"]},
            ),
            Kind("Desk Lamp", (39, 129), "a dimmable lamp with an arm that stays put", {"finish": ["black", "white"]}),
            Kind("Monitor Arm", (59, 149), "an arm that floats a screen at eye level", {"finish": ["black", "white"]}),
            Kind("Ergonomic Chair", (249, 699), "a chair that supports a long day's work", {"finish": ["black"]}),
            Kind("Notebook", (9, 24), "a dotted A5 notebook that lies flat", {"finish": ["black", "white"]}),
            Kind("Desk Organizer", (19, 49), "a tray for pens, cables and keys", {"finish": ["oak", "walnut"]}),
        ),
        ("Focus", "Nordic", "Minimal", "Studio", "Compact"),
    ),
    "garden": DemoCategory(
        "Garden",
        "Tools, pots and seeds.",
        (_choice("material", "Material", ["terracotta", "steel", "recycled plastic", "ash wood"]),),
        (
            Kind("Pruning Shears", (19, 59), "bypass shears that cut clean to 2 cm", {"material": ["steel"]}),
            Kind(
                "Watering Can", (15, 45), "a 9-litre can with a fine rose", {"material": ["steel", "recycled plastic"]}
            ),
            Kind(
                "Planter",
                (12, 69),
                "a planter with a drainage hole and saucer",
                {"material": ["terracotta", "recycled plastic"]},
            ),
            Kind("Seed Kit", (8, 19), "seeds for a summer of herbs", {"material": ["recycled plastic"]}),
            Kind("Garden Hose", (25, 79), "a 25 m hose that does not kink", {"material": ["recycled plastic"]}),
            Kind("Trowel", (9, 29), "a trowel with a depth scale", {"material": ["steel", "ash wood"]}),
        ),
        ("Balcony", "Allotment", "Cottage", "Urban", "Potting Shed"),
    ),
    "toys": DemoCategory(
        "Toys & Games",
        "Board games, puzzles and building sets.",
        (_choice("age", "Age", ["3+", "8+", "12+"]), _choice("players", "Players", ["1-2", "2-4", "2-6"])),
        (
            Kind(
                "Board Game",
                (24, 59),
                "a game of trading and building for a long evening",
                {"age": ["8+", "12+"], "players": ["2-4", "2-6"]},
            ),
            Kind("Jigsaw Puzzle", (14, 29), "a 1 000-piece puzzle of an old map", {"age": ["12+"], "players": ["1-2"]}),
            Kind("Building Set", (19, 89), "a set of 500 bricks and ideas", {"age": ["8+"], "players": ["1-2"]}),
            Kind("Card Game", (9, 19), "a card game learnt in five minutes", {"age": ["8+"], "players": ["2-6"]}),
            Kind(
                "Wooden Train", (29, 79), "a train set with bridges and a tunnel", {"age": ["3+"], "players": ["1-2"]}
            ),
        ),
        ("Family", "Rainy Day", "Classic", "Travel", "Little"),
    ),
    "apparel": DemoCategory(
        "Apparel",
        "Everyday clothing made to last.",
        (
            _choice(
                "material", "Material", ["merino wool", "organic cotton", "linen", "recycled polyester", "waxed cotton"]
            ),
        ),
        (
            Kind(
                "Wool Sweater",
                (79, 149),
                "a crew-neck sweater knitted from merino",
                {"material": ["merino wool"]},
                (("Size", APPAREL_SIZES), ("Colour", ("Navy", "Oatmeal"))),
            ),
            Kind(
                "Rain Jacket",
                (99, 229),
                "a jacket that keeps out a downpour and breathes",
                {"material": ["recycled polyester", "waxed cotton"]},
                (("Size", APPAREL_SIZES), ("Colour", ("Olive", "Black"))),
            ),
            Kind(
                "Canvas Trousers",
                (59, 99),
                "trousers cut roomy for work and weekends",
                {"material": ["organic cotton"]},
                (("Size", APPAREL_SIZES), ("Colour", ("Khaki", "Charcoal"))),
            ),
            Kind(
                "Linen Shirt",
                (49, 89),
                "a shirt that stays cool in summer",
                {"material": ["linen"]},
                (("Size", APPAREL_SIZES), ("Colour", ("White", "Sky"))),
            ),
            Kind(
                "Merino Socks",
                (14, 24),
                "socks that keep feet warm and dry",
                {"material": ["merino wool"]},
                (("Size", ("S", "M", "L")), ("Colour", ("Grey", "Rust"))),
            ),
            Kind(
                "Beanie",
                (19, 35),
                "a ribbed beanie that keeps its shape",
                {"material": ["merino wool", "organic cotton"]},
                (("Colour", ("Rust", "Navy", "Grey")),),
            ),
        ),
        ("Everyday", "Field", "Heritage", "Coast", "City"),
    ),
    "bath": DemoCategory(
        "Bath",
        "Towels, soaps and small luxuries.",
        (
            _choice("scent", "Scent", ["cedar", "lavender", "unscented"]),
            _choice("colour", "Colour", ["white", "sand", "slate"]),
        ),
        (
            Kind("Bath Towel", (19, 45), "a towel of long-staple cotton", {"colour": ["white", "sand", "slate"]}),
            Kind(
                "Bar Soap",
                (5, 12),
                "a cold-process soap with shea butter",
                {"scent": ["cedar", "lavender", "unscented"]},
            ),
            Kind("Shower Gel", (7, 16), "a gentle gel in a refillable bottle", {"scent": ["cedar", "lavender"]}),
            Kind("Bath Robe", (49, 119), "a waffle robe that dries fast", {"colour": ["white", "slate"]}),
            Kind("Toothbrush Set", (9, 19), "four bamboo toothbrushes", {"colour": ["white"]}),
        ),
        ("Spa", "Simple", "Hotel", "Soft", "Fresh"),
    ),
    "lighting": DemoCategory(
        "Lighting",
        "Lamps and bulbs for every room.",
        (
            AttributeDefinition("colour_temperature", "Colour temperature", NUMBER, unit="K", filterable=True),
            _choice("finish", "Finish", ["brass", "black", "white"]),
        ),
        (
            Kind(
                "Floor Lamp",
                (89, 329),
                "a lamp that lights a reading corner",
                {"finish": ["brass", "black"], "colour_temperature": ["2700"]},
            ),
            Kind(
                "Pendant Light",
                (59, 249),
                "a shade that hangs over a dining table",
                {"finish": ["brass", "white"], "colour_temperature": ["2700", "3000"]},
            ),
            Kind(
                "LED Bulb Pack",
                (9, 29),
                "four dimmable LED bulbs",
                {"finish": ["white"], "colour_temperature": ["2700", "3000", "4000"]},
            ),
            Kind(
                "Table Lamp",
                (39, 149),
                "a small lamp with a linen shade",
                {"finish": ["brass", "black", "white"], "colour_temperature": ["2700"]},
            ),
            Kind(
                "String Lights",
                (15, 39),
                "ten metres of warm lights for a garden",
                {"finish": ["black"], "colour_temperature": ["2700"]},
            ),
        ),
        ("Warm", "Globe", "Arc", "Lantern", "Studio"),
    ),
}
PRODUCTS_PER_CATEGORY = 25


@dataclass(frozen=True)
class DemoProduct:
    sku: str
    fields: ProductFields
    kind: Kind
    # Variants beyond the first: (option values, price).
    variants: tuple[tuple[tuple[tuple[str, str], ...], Money], ...] = ()


def _cents(rng: random.Random, low: int, high: int) -> int:
    """A price a shop would ask: whole dollars minus a cent or five (19.99, 24.95), or round (30.00)."""
    dollars = rng.randint(low, high)
    return dollars * 100 - rng.choice([1, 1, 5, 100]) if dollars > 1 else 99


def _shop_price(cents: int) -> int:
    """A factor's result rounded to a price a shop would ask (.99)."""
    return max(99, round(cents / 100) * 100 - 1)


def demo_products() -> Iterator[DemoProduct]:
    rng = random.Random(20261207)
    for category_id, category in CATEGORIES.items():
        for index in range(PRODUCTS_PER_CATEGORY):
            kind = category.kinds[index % len(category.kinds)]
            # index // len(kinds) differs wherever the kind repeats: every name in a category is unique.
            adjective = category.adjectives[index // len(category.kinds) % len(category.adjectives)]
            cents = _cents(rng, *kind.price)
            attributes = {key: rng.choice(values) for key, values in kind.attributes.items()}
            units = {d.key: d.unit for d in category.attributes}
            said = ", ".join(
                f"{key.replace('_', ' ')} {value}" + (f" {units[key]}" if units.get(key) else "")
                for key, value in attributes.items()
            )
            name = f"{adjective} {kind.noun}"
            sku = f"{category_id[:4].upper()}-{index + 1:03d}"
            options = tuple(Option(option, values) for option, values in kind.options)
            fields = ProductFields(
                display_name=name,
                description=f"The {name} is {kind.blurb}." + (f" {said[0].upper()}{said[1:]}." if said else ""),
                category_id=category_id,
                price=Money("USD", cents),
                attributes=attributes,
                image_uris=[],
                options=options,
            )
            combinations = _combinations(kind.options)
            variants = tuple((values, Money("USD", _variant_price(cents, kind, values))) for values in combinations[1:])
            yield DemoProduct(sku, fields, kind, variants)


def _combinations(options: tuple[tuple[str, tuple[str, ...]], ...]) -> list[tuple[tuple[str, str], ...]]:
    combos: list[tuple[tuple[str, str], ...]] = [()]
    for option, values in options:
        combos = [(*combo, (option, value)) for combo in combos for value in values]
    return combos


def _variant_price(cents: int, kind: Kind, values: tuple[tuple[str, str], ...]) -> int:
    factor = 1.0
    for _, value in values:
        factor *= kind.factors.get(value, 1.0)
    return cents if factor == 1.0 else _shop_price(int(cents * factor))


async def load(database: Database) -> tuple[int, int]:
    """Loads what is missing; returns (categories added, products added)."""
    now = datetime.now(UTC)
    demo = list(demo_products())
    async with database.transaction() as session:
        category_repo = CategoryRepository(session)
        events = CatalogEvents(session)
        added_categories = 0
        for category_id, category in CATEGORIES.items():
            made = Category(
                id=category_id,
                display_name=category.display_name,
                description=category.description,
                create_time=now,
                attributes=category.attributes,
            )
            if await category_repo.add(made):
                added_categories += 1
                await events.category_changed(made)
        added = await ProductRepository(session).add_many([(p.sku, p.fields) for p in demo], now)
        by_sku = {p.sku: p for p in demo}
        variants = VariantRepository(session)
        products = ProductRepository(session)
        announced = []
        for product in added:
            extra = by_sku[product.sku].variants
            for n, (values, price) in enumerate(extra, 1):  # a microsecond apart: they list in matrix order
                own = price if price != product.price else None
                await variants.add(
                    product.id,
                    sku=generated_sku(product.sku, values),
                    fields=VariantFields(option_values=values, price=own),
                    now=now + timedelta(microseconds=n),
                    request_id=None,
                )
            announced.append(await products.get(product.id) if extra else product)
        # Announced like any new product, so every read model of the catalog (search, wishlists) learns them.
        for product in announced:
            assert product is not None
            await events.created(product)
    return added_categories, len(added)
