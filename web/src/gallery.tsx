import { useEffect, useState } from "preact/hooks";
import type { V1Product, V1ProductImage } from "./api/schema";

/** Sizes the main picture is drawn at: the browser picks the rendition from `srcset` with it. */
const SIZES = "(max-width: 700px) 100vw, 28rem";

/** A `srcset` of one format's renditions ("… 320w, … 640w"). */
function srcset(image: V1ProductImage, format: "FORMAT_WEBP" | "FORMAT_JPEG"): string {
  return (image.renditions ?? [])
    .filter((r) => r.format === format)
    .map((r) => `${r.uri} ${r.width}w`)
    .join(", ");
}

/** The narrowest JPEG: the `src` of browsers without `srcset`. */
function fallback(image: V1ProductImage): string | undefined {
  const jpegs = (image.renditions ?? []).filter((r) => r.format === "FORMAT_JPEG");
  return jpegs.sort((a, b) => (a.width ?? 0) - (b.width ?? 0))[0]?.uri;
}

/** One picture in WebP where the browser takes it, JPEG elsewhere, at the width its place needs. */
export function Picture({ image, sizes = SIZES, class: className }: { image: V1ProductImage; sizes?: string; class?: string }) {
  const widest = [...(image.renditions ?? [])].sort((a, b) => (b.width ?? 0) - (a.width ?? 0))[0];
  return (
    <picture class={className}>
      <source type="image/webp" srcset={srcset(image, "FORMAT_WEBP")} sizes={sizes} />
      <img
        src={fallback(image)}
        srcset={srcset(image, "FORMAT_JPEG")}
        sizes={sizes}
        alt={image.alt_text ?? ""}
        width={widest?.width}
        height={widest?.height}
        loading="lazy"
        decoding="async"
      />
    </picture>
  );
}

/** The pictures a shopper sees of `variant`: those of the variant, then those of the product as a whole. */
export function picturesOf(product: V1Product, variant?: string): V1ProductImage[] {
  const ready = (product.images ?? []).filter((i) => i.state === "STATE_READY" && (i.renditions ?? []).length > 0);
  const own = variant ? ready.filter((i) => (i.variants ?? []).includes(variant)) : [];
  const shared = ready.filter((i) => (i.variants ?? []).length === 0);
  return own.length || shared.length ? [...own, ...shared] : ready;
}

/** The product page's gallery: one large picture and a row of thumbnails; the product's initial without any. */
export function Gallery({ product, variant }: { product: V1Product; variant?: string }) {
  const pictures = picturesOf(product, variant);
  const [shown, setShown] = useState(0);
  useEffect(() => setShown(0), [product.name, variant]);
  const current = pictures[Math.min(shown, pictures.length - 1)];
  if (!current) {
    return (
      <div class="product-art" aria-hidden="true">
        {(product.display_name ?? "?").charAt(0)}
      </div>
    );
  }
  return (
    <div class="gallery" data-testid="gallery">
      <Picture image={current} class="gallery-main" />
      {pictures.length > 1 && (
        <ul class="gallery-thumbs" aria-label="More pictures">
          {pictures.map((image, n) => (
            <li key={image.name}>
              <button type="button" aria-pressed={n === shown} aria-label={`Show picture ${n + 1}: ${image.alt_text}`} onClick={() => setShown(n)}>
                <Picture image={image} sizes="4rem" />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
