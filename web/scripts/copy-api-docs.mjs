// The API's /docs (Swagger UI) and /redoc pages load their scripts from the server itself, never a
// CDN: a lab server may have no internet, and a third party's script would run with the user's token.
import { copyFileSync, mkdirSync } from "node:fs";

const files = [
  "node_modules/swagger-ui-dist/swagger-ui-bundle.js",
  "node_modules/swagger-ui-dist/swagger-ui.css",
  "node_modules/redoc/bundles/redoc.standalone.js",
];
mkdirSync("dist/api-docs", { recursive: true });
for (const file of files) copyFileSync(file, `dist/api-docs/${file.split("/").pop()}`);
console.log(`copied ${files.length} API documentation assets to dist/api-docs`);
