import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Built from the repository root (`npx vite build --config web/vite.config.ts`), so every path is anchored to
// this file rather than to the working directory.
const webRoot = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: {
    outDir: "../dist/web",
    emptyOutDir: true,
    // antd is left to automatic splitting on purpose: a single antd chunk made the first page load ~25 % heavier,
    // while shared chunks let pages that need the date picker or the drawer fetch them on first use.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: "echarts", test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 30 },
            {
              name: "react",
              test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/,
              priority: 20,
            },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      // Keep the browser's Host header: the server compares Origin with Host to refuse cross-site writes
      // (`bad_origin`), and both must name the dev server for that check to pass through the proxy.
      // API_PROXY_TARGET points the dev server at an API on another port (e.g. a second instance).
      "/api": { target: process.env.API_PROXY_TARGET ?? "http://localhost:3000", changeOrigin: false },
    },
  },
});
