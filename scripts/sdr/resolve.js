// Prints, for every file under the project folders given, the metadata type and full
// name that Salesforce's source-deploy-retrieve resolves it to, one tab-separated line
// each: `<path>\t<type>\t<fullName>`. A file SDR does not resolve prints `-` twice.
//
//   node resolve.js DIR...
'use strict';
const fs = require('fs');
const path = require('path');
const { ComponentSet } = require('@salesforce/source-deploy-retrieve');

function files(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...files(p));
    else if (entry.name.endsWith('.xml') || entry.name.includes('.eca')) out.push(p);
  }
  return out;
}

// One file at a time: a whole-folder resolve stops at the first file SDR cannot type,
// and fixtures hold such files on purpose (wrong suffixes).
function resolve(file) {
  try {
    const components = ComponentSet.fromSource(path.resolve(file)).getSourceComponents().toArray();
    const c = components.find((x) => x.xml === path.resolve(file) || x.content === path.resolve(file));
    return c ? [c.type.name, c.fullName] : ['-', '-'];
  } catch {
    return ['-', '-'];
  }
}

for (const dir of process.argv.slice(2)) {
  for (const file of files(dir).sort()) {
    const [type, name] = resolve(file);
    process.stdout.write(`${file}\t${type}\t${name}\n`);
  }
}
