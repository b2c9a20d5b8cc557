"""A realistic demo catalog: 12 categories, 25 products each (300), with prices and attributes.

Deterministic (same SKUs, names and prices on every machine), so that ``make up`` can load it again
without duplicates and examples in the README stay true.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime

from services.catalog.adapters.events import CatalogEvents
from services.catalog.adapters.repository import CategoryRepository, ProductRepository
from services.catalog.domain import Category, ProductFields
from services.runtime.database import Database
from services.runtime.money import Money

# category id → (display name, description, nouns, price range in dollars, attribute choices)
CATEGORIES: dict[str, tuple[str, str, list[str], tuple[int, int], dict[str, list[str]]]] = {
    "kitchen": (
        "Kitchen",
        "Cookware and tools for everyday cooking.",
        ["Skillet", "Chef Knife", "Dutch Oven", "Cutting Board", "Saucepan", "Whisk", "Mixing Bowl"],
        (9, 240),
        {"material": ["stainless steel", "cast iron", "bamboo", "ceramic"], "color": ["black", "red", "natural"]},
    ),
    "coffee": (
        "Coffee & Tea",
        "Beans, brewers and everything for the morning cup.",
        ["Pour-Over Dripper", "Burr Grinder", "French Press", "Espresso Beans", "Tea Kettle", "Milk Frother"],
        (8, 320),
        {"roast": ["light", "medium", "dark"], "origin": ["Ethiopia", "Colombia", "Kenya", "Brazil"]},
    ),
    "outdoor": (
        "Outdoor",
        "Gear for camping, hiking and long days outside.",
        ["Tent", "Sleeping Bag", "Headlamp", "Trekking Poles", "Camp Stove", "Water Filter", "Daypack"],
        (15, 480),
        {"capacity": ["1 person", "2 person", "4 person"], "season": ["3-season", "4-season"]},
    ),
    "audio": (
        "Audio",
        "Headphones, speakers and turntables.",
        ["Wireless Headphones", "Bookshelf Speaker", "Turntable", "Earbuds", "Soundbar", "DAC"],
        (25, 900),
        {"connectivity": ["Bluetooth", "wired", "Wi-Fi"], "color": ["black", "white", "walnut"]},
    ),
    "books": (
        "Books",
        "Fiction, non-fiction and cookbooks.",
        ["Novel", "Cookbook", "Field Guide", "Atlas", "Poetry Collection", "Biography"],
        (6, 60),
        {"format": ["hardcover", "paperback"], "language": ["English", "French", "Spanish"]},
    ),
    "fitness": (
        "Fitness",
        "Equipment for training at home.",
        ["Yoga Mat", "Kettlebell", "Resistance Bands", "Jump Rope", "Foam Roller", "Dumbbell Set"],
        (10, 350),
        {"weight": ["4 kg", "8 kg", "12 kg", "16 kg"], "color": ["black", "blue", "green"]},
    ),
    "home-office": (
        "Home Office",
        "Desks, chairs and the small things that make work pleasant.",
        ["Standing Desk", "Desk Lamp", "Monitor Arm", "Ergonomic Chair", "Notebook", "Desk Organizer"],
        (12, 750),
        {"finish": ["oak", "walnut", "white"], "size": ["S", "M", "L"]},
    ),
    "garden": (
        "Garden",
        "Tools, pots and seeds.",
        ["Pruning Shears", "Watering Can", "Planter", "Seed Kit", "Garden Hose", "Trowel"],
        (5, 140),
        {"material": ["terracotta", "steel", "recycled plastic"]},
    ),
    "toys": (
        "Toys & Games",
        "Board games, puzzles and building sets.",
        ["Board Game", "Jigsaw Puzzle", "Building Set", "Card Game", "Wooden Train"],
        (8, 130),
        {"age": ["3+", "8+", "12+"], "players": ["1-2", "2-4", "2-6"]},
    ),
    "apparel": (
        "Apparel",
        "Everyday clothing made to last.",
        ["Wool Sweater", "Rain Jacket", "Canvas Trousers", "Linen Shirt", "Merino Socks", "Beanie"],
        (12, 260),
        {"size": ["XS", "S", "M", "L", "XL"], "color": ["navy", "olive", "grey", "rust"]},
    ),
    "bath": (
        "Bath",
        "Towels, soaps and small luxuries.",
        ["Bath Towel", "Bar Soap", "Shower Gel", "Bath Robe", "Toothbrush Set"],
        (4, 120),
        {"scent": ["cedar", "lavender", "unscented"], "color": ["white", "sand", "slate"]},
    ),
    "lighting": (
        "Lighting",
        "Lamps and bulbs for every room.",
        ["Floor Lamp", "Pendant Light", "LED Bulb Pack", "Table Lamp", "String Lights"],
        (7, 420),
        {"color temperature": ["2700K", "3000K", "4000K"], "finish": ["brass", "black", "white"]},
    ),
}
ADJECTIVES = [
    "Classic",
    "Compact",
    "Everyday",
    "Pro",
    "Heritage",
    "Nordic",
    "Urban",
    "Trail",
    "Studio",
    "Essential",
    "Premium",
    "Minimal",
    "Rustic",
    "Modern",
    "Field",
]
PRODUCTS_PER_CATEGORY = 25


def demo_products() -> Iterator[tuple[str, ProductFields]]:
    rng = random.Random(20261121)
    for category_id, (_, _, nouns, (low, high), choices) in CATEGORIES.items():
        for index in range(PRODUCTS_PER_CATEGORY):
            noun = nouns[index % len(nouns)]
            # index // len(nouns) differs wherever the noun repeats: every name in a category is unique.
            adjective = ADJECTIVES[(index // len(nouns) * 4 + len(category_id)) % len(ADJECTIVES)]
            cents = rng.randint(low * 100, high * 100) // 100 * 100 + rng.choice([0, 49, 95, 99])
            attributes = {key: rng.choice(values) for key, values in choices.items()}
            sku = f"{category_id[:4].upper()}-{index + 1:03d}"
            yield (
                sku,
                ProductFields(
                    display_name=f"{adjective} {noun}",
                    description=f"The {adjective.lower()} {noun.lower()}: "
                    f"{', '.join(f'{k} {v}' for k, v in attributes.items())}.",
                    category_id=category_id,
                    price=Money("USD", cents),
                    attributes=attributes,
                    image_uris=[f"https://images.shopmesh.dev/{sku.lower()}/1.jpg"],
                ),
            )


async def load(database: Database) -> tuple[int, int]:
    """Loads what is missing; returns (categories added, products added)."""
    now = datetime.now(UTC)
    async with database.transaction() as session:
        category_repo = CategoryRepository(session)
        added_categories = 0
        for category_id, (display_name, description, *_) in CATEGORIES.items():
            added_categories += await category_repo.add(
                Category(id=category_id, display_name=display_name, description=description, create_time=now)
            )
        added_products = await ProductRepository(session).add_many(list(demo_products()), now)
        # Announced like any new product, so every read model of the catalog (search, wishlists) learns them.
        events = CatalogEvents(session)
        for product in added_products:
            await events.created(product)
    return added_categories, len(added_products)
