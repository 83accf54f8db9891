import { defineConfig } from "vite";

// The notebook widgets' bundle (src/widgets/main.ts): one ES module with the styles inside, written
// where the Python client ships it (rnnvis_client/widgets/) by `make widgets`. It is committed, so
// that `pip install ./rnnvis_client[notebook]` needs no Node; `npm run build` builds it again into
// dist/widgets/, and tests/unit/test_widget_bundle.py checks that the committed one is that build.
export default defineConfig({
  build: {
    outDir: "../rnnvis_client/widgets",
    emptyOutDir: false,
    lib: { entry: "src/widgets/main.ts", formats: ["es"], fileName: () => "rnnvis-widgets.js" },
    chunkSizeWarningLimit: 1000,
    copyPublicDir: false,
  },
});
