/**
 * Reading an uploaded file (the lead and the stock imports): exactly one part named `file`, plus form
 * fields checked by the caller's schema. Errors are the API's usual 400s.
 */
import type { FastifyRequest } from "fastify";
import type { z } from "zod";
import { badRequest } from "./errors.ts";

export interface UploadedFile {
  name: string;
  bytes: Buffer;
}

const invalid = (message: string, details?: unknown) => badRequest("validation_failed", message, details);

export async function readUpload<F extends z.ZodType>(
  request: FastifyRequest,
  fieldsSchema: F,
  opts: { maxBytes?: number } = {},
): Promise<{ file: UploadedFile; fields: z.infer<F> }> {
  if (!request.isMultipart()) {
    throw badRequest(
      "multipart_required",
      "上传文件请用 multipart/form-data / send the file as multipart/form-data",
    );
  }
  let file: UploadedFile | undefined;
  const raw: Record<string, string> = {};
  for await (const part of request.parts()) {
    if (part.type === "file") {
      const bytes = await part.toBuffer();
      if (part.fieldname !== "file" || file) throw invalid("one file, in the part named `file`");
      file = { name: part.filename ?? "", bytes };
    } else {
      raw[part.fieldname] = String(part.value);
    }
  }
  if (!file)
    throw invalid("请选择文件 / the part `file` is missing", [{ path: "body/file", message: "required" }]);
  if (opts.maxBytes !== undefined && file.bytes.length > opts.maxBytes) {
    const mb = Math.round(opts.maxBytes / 1024 / 1024);
    throw badRequest("payload_too_large", `文件过大 / the file is larger than ${mb} MB`);
  }
  const fields = fieldsSchema.safeParse(raw);
  if (!fields.success) {
    throw invalid(
      "invalid form fields",
      fields.error.issues.map((i) => ({ path: `body/${i.path.join("/")}`, message: i.message })),
    );
  }
  return { file, fields: fields.data };
}
