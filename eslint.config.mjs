// ESLint over the UI (flat config). Run by scripts/test.sh (scripts/lint-ui.sh):
//   npm ci --prefix tools/eslint && tools/eslint/node_modules/.bin/eslint ui
// The UI is plain ES modules in the window's WebView: browser globals, and
// the Tauri bridge the shell injects (window.__TAURI__), nothing else.
import js from "./tools/eslint/node_modules/@eslint/js/src/index.js";
import globals from "./tools/eslint/node_modules/globals/index.js";

export default [
  js.configs.recommended,
  {
    files: ["ui/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.browser },
    },
    rules: {
      "no-unused-vars": ["error", { args: "after-used", argsIgnorePattern: "^_", caughtErrors: "none" }],
      eqeqeq: ["error", "always", { null: "ignore" }],
      "no-var": "error",
      "prefer-const": "error",
      "no-implicit-globals": "error",
      "no-restricted-properties": [
        "error",
        { property: "innerHTML", message: "Build nodes with lib/dom.js (el, text): no HTML from strings." },
        { property: "outerHTML", message: "Build nodes with lib/dom.js (el, text): no HTML from strings." },
      ],
      "no-restricted-globals": [
        "error",
        { name: "fetch", message: "Enza has no network: reach the core through lib/ipc.js." },
        { name: "XMLHttpRequest", message: "Enza has no network." },
        { name: "WebSocket", message: "Enza has no network." },
        { name: "eval", message: "No code from strings." },
      ],
    },
  },
];
