/**
 * HTTP routes of lead import and export (API.md "Import", `GET /leads/export.xlsx`).
 *
 * Uploads are multipart: the part `file` plus the optional fields `mapping` (JSON `{field: header}`)
 * and `storeId` (the group admin's store). The parts are read with `request.parts()` rather than
 * `request.file()` so that the fields count whichever order the client appends them in.
 */
import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { requirePermission } from "../../platform/access.ts";
import type { Deps } from "../../platform/deps.ts";
import { badRequest } from "../../platform/errors.ts";
import { IdParams, requireActor } from "../../platform/http.ts";
import { readUpload } from "../../platform/upload.ts";
import { exportLeadsXlsx } from "./export.ts";
import { errorReport, getImport, IMPORT_STATUSES, listImports, startImport } from "./import.ts";
import { parseTable } from "./import-parse.ts";
import { IMPORT_FIELDS, type ImportField, type Mapping, suggestMapping } from "./import-values.ts";
import { LeadListQuery } from "./routes.ts";

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const zHeader = z.string().trim().max(200).nullable().optional();
/**
 * `{field: header}`; an empty or null header leaves the field unmapped. `note` is accepted as another
 * name of `focusPoints` (备注 and 关注点 land in the same lead field).
 */
const MappingBody = z.strictObject({
  ...(Object.fromEntries(IMPORT_FIELDS.map((f) => [f, zHeader])) as Record<ImportField, typeof zHeader>),
  note: zHeader,
});
const UploadFields = z.strictObject({
  mapping: z.string().max(20_000).optional(),
  storeId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
});

const MappingOut = z.partialRecord(z.enum(IMPORT_FIELDS), z.string());

const ImportOut = z.object({
  id: z.number(),
  storeId: z.number(),
  status: z.enum(IMPORT_STATUSES),
  fileName: z.string(),
  duplicateOf: z.number().nullable(),
  mapping: MappingOut,
  total: z.number(),
  processed: z.number(),
  created: z.number(),
  merged: z.number(),
  failed: z.number(),
  createdBy: z.number(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
});

const ExportQuery = LeadListQuery.omit({ page: true, pageSize: true });

function invalid(message: string, details?: unknown) {
  return badRequest("validation_failed", message, details);
}

function parseMapping(json: string | undefined): Mapping | undefined {
  if (json === undefined || json.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw invalid("mapping is not valid JSON", [{ path: "body/mapping", message: "invalid JSON" }]);
  }
  const m = MappingBody.safeParse(value);
  if (!m.success) {
    throw invalid(
      "invalid mapping",
      m.error.issues.map((i) => ({ path: `body/mapping/${i.path.join("/")}`, message: i.message })),
    );
  }
  const { note, ...fields } = m.data;
  const mapping: Mapping = {};
  for (const [field, header] of Object.entries(fields)) if (header) mapping[field as ImportField] = header;
  if (note && !mapping.focusPoints) mapping.focusPoints = note;
  return mapping;
}

function sendXlsx(reply: FastifyReply, fileName: string, xlsx: Buffer) {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return reply
    .header("content-type", XLSX_TYPE)
    .header(
      "content-disposition",
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    )
    .header("cache-control", "no-store")
    .send(xlsx);
}

export function leadImportRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db, clock } = deps;
  return async (app) => {
    app.post(
      "/leads/import/preview",
      {
        schema: {
          tags: ["imports"],
          consumes: ["multipart/form-data"],
          response: {
            200: z.object({
              headers: z.array(z.string()),
              sampleRows: z.array(z.array(z.string())),
              suggestedMapping: MappingOut,
            }),
          },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        requirePermission(actor, "lead.import");
        const { file } = await readUpload(request, UploadFields);
        const table = await parseTable(file.name, file.bytes, { limit: 10 });
        return {
          headers: table.headers,
          sampleRows: table.rows,
          suggestedMapping: suggestMapping(table.headers),
        };
      },
    );

    app.post(
      "/leads/import",
      {
        schema: {
          tags: ["imports"],
          consumes: ["multipart/form-data"],
          response: { 202: z.object({ importId: z.number() }) },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        requirePermission(actor, "lead.import");
        const { file, fields } = await readUpload(request, UploadFields);
        const { importId } = await startImport(db, actor, file, parseMapping(fields.mapping), clock.now(), {
          storeId: fields.storeId,
          clock,
          onError: (err, id) => app.log.error({ err, importId: id }, "lead import failed"),
        });
        return reply.status(202).send({ importId });
      },
    );

    app.get(
      "/imports",
      {
        schema: {
          tags: ["imports"],
          querystring: z.strictObject({ storeId: z.coerce.number().int().positive().optional() }),
          response: { 200: z.object({ items: z.array(ImportOut) }) },
        },
      },
      async (request) => ({
        items: await listImports(db, requireActor(request), { storeId: request.query.storeId }),
      }),
    );

    app.get(
      "/imports/:id",
      { schema: { tags: ["imports"], params: IdParams, response: { 200: ImportOut } } },
      async (request) => getImport(db, requireActor(request), request.params.id),
    );

    app.get(
      "/imports/:id/errors.xlsx",
      { schema: { tags: ["imports"], params: IdParams } },
      async (request, reply) => {
        const { fileName, xlsx } = await errorReport(db, requireActor(request), request.params.id);
        return sendXlsx(reply, fileName, xlsx);
      },
    );

    app.get(
      "/leads/export.xlsx",
      { schema: { tags: ["leads"], querystring: ExportQuery } },
      async (request, reply) => {
        const now = clock.now();
        const { xlsx } = await exportLeadsXlsx(db, requireActor(request), request.query, now);
        const day = now.toISOString().slice(0, 10).replace(/-/g, "");
        return sendXlsx(reply, `潜客-${day}.xlsx`, xlsx);
      },
    );
  };
}
