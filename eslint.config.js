// ESLint for the project's own browser modules (make test runs it).
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/", ".venv/", "staticfiles/", "media/"] },
  js.configs.recommended,
  {
    files: ["**/static/**/*.js"],
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: "module",
      globals: {
        ...globals.browser,
        L: "readonly", // Leaflet, from django-leaflet's static files
        proj4: "readonly", // proj4js, from django-leaflet's static files
        protomapsL: "readonly", // protomaps-leaflet, from node_modules (tiles/)
        Chart: "readonly", // Chart.js (npm), for the Perda dashboard's charts
      },
    },
    rules: {
      "no-unused-vars": ["error", { args: "after-used", argsIgnorePattern: "^_" }],
      eqeqeq: ["error", "always"],
      "no-var": "error",
      "prefer-const": "error",
    },
  },
];
