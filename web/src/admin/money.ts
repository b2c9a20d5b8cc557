// What admins type as a price, for the API.

/** "12.50" → Money in whole cents (the catalog refuses fractions of a cent). */
export function price(text: string) {
  const [whole, fraction = ""] = text.trim().replace(/^\$/, "").split(".");
  return { currency_code: "USD", units: whole || "0", nanos: Number((fraction + "00").slice(0, 2)) * 10_000_000 };
}
