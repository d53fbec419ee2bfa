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
    // antd alone is close to 1 MB minified; the vendor groups keep it in long-cached chunks shared by every
    // lazily loaded page instead of repeating it per route.
    chunkSizeWarningLimit: 1200,
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
      "/api": { target: "http://localhost:3000", changeOrigin: false },
    },
  },
});
