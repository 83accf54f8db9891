import { defineConfig } from "vite";

// Served by the API at / (same origin as /api/v1), so relative asset paths work anywhere.
export default defineConfig({
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1000,
    // figure.html: the page the Python client's `figure` draws its files in (src/figure.ts)
    rollupOptions: { input: { main: "index.html", figure: "figure.html" } },
  },
  test: { environment: "node", include: ["src/**/*.test.ts"] },
});
