// TEMPORARY: iterate against an already running server (deleted before hand-off).
import base from "./playwright.config";
import { defineConfig } from "@playwright/test";
export default defineConfig({ ...base, webServer: undefined, use: { ...base.use, baseURL: "http://localhost:3911" } });
