/**
 * The files sfcheck checks, as glob patterns: the descriptions, and the External Client App
 * metadata files whose names sfcheck's metadata reader knows (`src/document/metadata/kinds.rs`:
 * each type's suffix, and the misspelt suffixes it reports as SF708).
 */

/** The suffixes of the metadata types, then the misspellings sfcheck names the right one for. */
export const METADATA_SUFFIXES: readonly string[] = [
  "eca",
  "ecaGlblOauth",
  "ecaOauth",
  "ecaPlcy",
  "ecaOauthPlcy",
  "ecaOauthSecurity",
  "ecaSamlPlcy",
  "ecaCanvas",
  "ecaMobile",
  "ecaMobilePlcy",
  "ecaNotifications",
  "ecaPush",
  "ecaPushPlcy",
  // Misspelt: sfcheck reports each with the suffix Salesforce uses.
  "ecaGlobalOauth",
  "ecaGlobalOAuth",
  "ecaPolicy",
  "ecaOauthPolicy",
  "ecaOAuth",
  "ecaSecurity",
  "externalClientApp",
  "externalClientApplication",
];

/** A description: `*.eca.yaml` or `*.eca.yml`. */
export const DESCRIPTION_PATTERN = "**/*.eca.{yaml,yml}";

/** A metadata file in source format: `<member>.<suffix>-meta.xml`. */
export const METADATA_PATTERN = `**/*.{${METADATA_SUFFIXES.join(",")}}-meta.xml`;

/** A document the language server is given: its language and the pattern of its path. */
export interface Selector {
  scheme: string;
  language: string;
  pattern: string;
}

/**
 * The documents sfcheck checks. Only `file` documents: the server reads an app's other
 * files and the nearest `sfcheck.toml` beside them from disk.
 */
export const DOCUMENT_SELECTOR: readonly Selector[] = [
  { scheme: "file", language: "yaml", pattern: DESCRIPTION_PATTERN },
  { scheme: "file", language: "xml", pattern: METADATA_PATTERN },
];
