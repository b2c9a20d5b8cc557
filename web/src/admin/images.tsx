import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import { ApiError, ok } from "../api/errors";
import type { V1Product, V1ProductImage } from "../api/schema";
import { Picture } from "../gallery";
import { ErrorMessage, Field, Notice, useAction } from "../ui";

const TYPES = ["image/jpeg", "image/png", "image/webp", "image/gif"];
const STATES: Record<string, string> = {
  STATE_PROCESSING: "Making its sizes…",
  STATE_FAILED: "Could not be read: delete it and upload another file",
};

const path = (image: V1ProductImage) => {
  const [, product, , id] = (image.name ?? "").split("/");
  return { product, image: id };
};

/** Uploads `file` in the two steps of the API: the bytes straight to the store, then the image with its alt text. */
async function uploadImage(product: string, file: File, altText: string): Promise<void> {
  const started = await ok(
    api.POST("/v1/products/{product}/images:startUpload", {
      params: { path: { product } },
      body: { content_type: file.type },
    }),
  );
  let stored: Response;
  try {
    stored = await fetch(started.upload_uri ?? "", {
      method: "PUT",
      body: file,
      headers: { "content-type": started.content_type ?? file.type },
    });
  } catch {
    throw new ApiError(0, undefined);
  }
  if (!stored.ok) throw new ApiError(stored.status, { message: "the upload was refused; start again" });
  await ok(
    api.POST("/v1/products/{product}/images", {
      params: { path: { product } },
      body: { upload_token: started.upload_token ?? "", image: { alt_text: altText } },
    }),
  );
}

/** The product's pictures in the admin console: upload (drop a file or choose one, with alt text), order, delete. */
export function ProductImages({ product, reload }: { product: V1Product; reload: () => Promise<void> }) {
  const id = (product.name ?? "").split("/")[1] ?? "";
  const images = product.images ?? [];
  const [file, setFile] = useState<File>();
  const [alt, setAlt] = useState("");
  const [dragging, setDragging] = useState(false);
  const [done, setDone] = useState("");
  const action = useAction();
  const processing = images.some((i) => i.state === "STATE_PROCESSING");
  useEffect(() => {
    if (!processing) return;
    const timer = setTimeout(() => void reload().catch(() => undefined), 1000); // until its sizes are made
    return () => clearTimeout(timer);
  }, [product.etag, processing]);
  const choose = (files: FileList | null | undefined) => {
    const picked = files?.[0];
    setDone("");
    action.clear();
    if (picked) setFile(picked);
  };
  const submit = (event: Event) => {
    event.preventDefault();
    if (!file) return;
    action.run(async () => {
      await uploadImage(id, file, alt);
      setFile(undefined);
      setAlt("");
      setDone("Uploaded. Its sizes for the shop are being made.");
      await reload();
    });
  };
  const move = (image: V1ProductImage, position: number) =>
    action.run(async () => {
      await ok(
        api.PATCH("/v1/products/{product}/images/{image}", {
          params: { path: path(image), query: { update_mask: "position" } },
          body: { position, etag: image.etag },
        }),
      );
      await reload();
    });
  const remove = (image: V1ProductImage) =>
    action.run(async () => {
      await ok(api.DELETE("/v1/products/{product}/images/{image}", { params: { path: path(image) } }));
      await reload();
    });
  const wrongType = file && !TYPES.includes(file.type);
  return (
    <section class="card" aria-labelledby="images-heading">
      <h2 id="images-heading">Pictures</h2>
      {images.length === 0 && <p>No pictures yet: the shop shows the product's initial.</p>}
      <ol class="admin-images">
        {images.map((image, n) => (
          <li key={image.name} data-testid="admin-image">
            {image.state === "STATE_READY" ? <Picture image={image} sizes="6rem" /> : <span class="note">{STATES[image.state ?? ""] ?? ""}</span>}
            <span>{image.alt_text}</span>
            <span class="actions">
              <button type="button" disabled={n === 0 || action.busy} onClick={() => move(image, n - 1)} aria-label={`Move “${image.alt_text}” earlier`}>
                ↑
              </button>
              <button type="button" disabled={n === images.length - 1 || action.busy} onClick={() => move(image, n + 1)} aria-label={`Move “${image.alt_text}” later`}>
                ↓
              </button>
              <button type="button" disabled={action.busy} onClick={() => remove(image)}>
                Delete
              </button>
            </span>
          </li>
        ))}
      </ol>
      <form onSubmit={submit}>
        <label
          class={dragging ? "drop-zone dragging" : "drop-zone"}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            choose(e.dataTransfer?.files);
          }}
        >
          <input type="file" name="picture" accept={TYPES.join(",")} onChange={(e) => choose(e.currentTarget.files)} />
          <span>{file ? `${file.name} (${Math.ceil(file.size / 1024)} KiB)` : "Drop a JPEG, PNG, WebP or GIF here, or choose one"}</span>
        </label>
        {wrongType && <p class="message error">That file is not a JPEG, PNG, WebP or GIF.</p>}
        <Field label="Alt text" name="alt_text" field="image.alt_text" value={alt} onInput={(e) => setAlt(e.currentTarget.value)} error={action.error} hint="What the picture shows, for shoppers who cannot see it" required />
        <ErrorMessage error={action.error?.fields["image.alt_text"] ? undefined : action.error} />
        {done && <Notice kind="success">{done}</Notice>}
        <button type="submit" class="primary" disabled={!file || wrongType || action.busy}>
          Upload picture
        </button>
      </form>
    </section>
  );
}
