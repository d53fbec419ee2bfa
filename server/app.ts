/** buildApp: plugins, then every module's routes. Used by main.ts, the tests and the benchmark. */

import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import cookie from "@fastify/cookie";
import multipart from "@fastify/multipart";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance, LogController } from "fastify";
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { z } from "zod";
import { auditRoutes } from "./modules/audit/routes.ts";
import { careRoutes } from "./modules/care/index.ts";
import { claimRoutes } from "./modules/claims/index.ts";
import { complaintRoutes } from "./modules/complaints/index.ts";
import { customerRoutes } from "./modules/customers/index.ts";
import { identityRoutes, resolveSession, storeCalendarRoutes } from "./modules/identity/index.ts";
import { leadImportRoutes, leadRoutes, storeSettingsPolicy } from "./modules/leads/index.ts";
import { messagingRoutes } from "./modules/messaging/index.ts";
import { salesRoutes } from "./modules/sales/index.ts";
import { appointmentRoutes, repairOrderRoutes } from "./modules/service/index.ts";
import { stockRoutes } from "./modules/stock/index.ts";
import { testDriveRoutes } from "./modules/testdrives/index.ts";
import { trafficRoutes } from "./modules/traffic/index.ts";
import type { Deps } from "./platform/deps.ts";
import { installAuth, installErrorHandler } from "./platform/http.ts";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};
export const VERSION = pkg.version;
const webDist = fileURLToPath(new URL("../dist/web", import.meta.url));

export async function buildApp(
  deps: Deps,
  opts: { logger?: boolean | object } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    // one log line per request costs more than many of the requests themselves; LOG_REQUESTS=true turns it on
    logController: new LogController({ disableRequestLogging: !deps.config.logRequests }),
    trustProxy: deps.config.trustProxy,
    bodyLimit: 1024 * 1024,
    // ids in URLs are numbers; anything else is refused by the route schemas. Model names are URL
    // parameters too (PUT /model-rules/:model): a Chinese character is 9 bytes URL-encoded, so the
    // router's default of 100 would cut a model name at 11 characters.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1000 },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 50 * 1024 * 1024, files: 1, fields: 10 } });
  await app.register(swagger, {
    openapi: { info: { title: "4S DMS API", version: VERSION }, servers: [] },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs" });

  installAuth(
    app,
    (tokenHash, request) =>
      resolveSession(deps.db, tokenHash, deps.clock.now(), deps.config.session).then(
        (a) => a && { ...a, ip: request.ip },
      ),
    deps.config.allowedOrigins,
  );

  await app.register(
    async (api) => {
      api.get(
        "/health",
        {
          schema: {
            tags: ["health"],
            response: {
              200: z.object({
                status: z.literal("ok"),
                version: z.string(),
                database: z.enum(["embedded", "external"]),
              }),
            },
          },
        },
        async () => {
          await deps.db.execute("select 1");
          return { status: "ok" as const, version: VERSION, database: deps.database };
        },
      );
      await api.register(identityRoutes(deps, storeSettingsPolicy));
      await api.register(storeCalendarRoutes(deps));
      await api.register(customerRoutes(deps));
      await api.register(leadRoutes(deps));
      await api.register(leadImportRoutes(deps));
      await api.register(auditRoutes(deps));
      await api.register(salesRoutes(deps));
      await api.register(stockRoutes(deps));
      await api.register(trafficRoutes(deps));
      await api.register(testDriveRoutes(deps));
      await api.register(careRoutes(deps));
      await api.register(messagingRoutes(deps));
      await api.register(appointmentRoutes(deps));
      await api.register(repairOrderRoutes(deps));
      await api.register(complaintRoutes(deps));
      await api.register(claimRoutes(deps));
    },
    { prefix: "/api/v1" },
  );

  // The web app: built files, and index.html for every client-side route.
  if (existsSync(webDist)) {
    // The files are listed once at start-up (npm start rebuilds before starting). Hashed assets never
    // change, so browsers keep them; index.html is revalidated so a new release is picked up at once.
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      setHeaders: (reply, path) =>
        reply.header(
          "cache-control",
          path.includes("/assets/") ? "public, max-age=31536000, immutable" : "no-cache",
        ),
    });
    app.get("/*", (request, reply) => {
      if (request.url.startsWith("/api/") || request.url.startsWith("/assets/")) {
        return reply.status(404).send({ error: { code: "not_found", message: "no such file or route" } });
      }
      return reply.sendFile("index.html");
    });
  }
  return app;
}
