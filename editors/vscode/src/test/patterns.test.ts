// The extension's file patterns against the names sfcheck's metadata reader knows.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { DESCRIPTION_PATTERN, DOCUMENT_SELECTOR, METADATA_PATTERN, METADATA_SUFFIXES } from "../patterns";

// out/test/ → the repository's root.
const kinds = readFileSync(
  join(__dirname, "..", "..", "..", "..", "src", "document", "metadata", "kinds.rs"),
  "utf8",
);

test("the metadata suffixes are the reader's, right ones and misspelt ones", () => {
  const suffixFn = /pub fn suffix\(self\)[^{]*\{([\s\S]*?)\n {4}\}/.exec(kinds)?.[1] ?? "";
  const right = [...suffixFn.matchAll(/=> "([^"]+)"/g)].map((m) => m[1]);
  const wrongTable = /const WRONG_SUFFIXES[^=]*= &\[([\s\S]*?)\];/.exec(kinds)?.[1] ?? "";
  const wrong = [...wrongTable.matchAll(/\("([^"]+)", "[^"]+"\)/g)].map((m) => m[1]);
  assert.ok(right.length >= 13 && wrong.length >= 1, "kinds.rs no longer reads as expected");
  assert.deepEqual([...METADATA_SUFFIXES], [...right, ...wrong]);
});

test("the patterns and selectors", () => {
  assert.equal(DESCRIPTION_PATTERN, "**/*.eca.{yaml,yml}");
  assert.ok(METADATA_PATTERN.startsWith("**/*.{eca,ecaGlblOauth,ecaOauth,ecaPlcy,ecaOauthPlcy,"));
  assert.ok(METADATA_PATTERN.endsWith("}-meta.xml"));
  assert.deepEqual(
    DOCUMENT_SELECTOR.map((s) => s.language),
    ["yaml", "xml"],
  );
});
