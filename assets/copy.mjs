// Copies GOV.UK Frontend's JavaScript and the images/fonts it needs into static/dist.
import { cpSync, mkdirSync } from "node:fs";

const src = "node_modules/govuk-frontend/dist/govuk";
mkdirSync("static/dist", { recursive: true });
cpSync(`${src}/govuk-frontend.min.js`, "static/dist/govuk-frontend.min.js");
cpSync(`${src}/assets/images`, "static/dist/assets/images", { recursive: true });
cpSync(`${src}/assets/manifest.json`, "static/dist/assets/manifest.json");
