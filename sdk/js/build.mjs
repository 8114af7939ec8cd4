#!/usr/bin/env node
// Builds the single-file SDK from the ES modules in src/, with no dependency: each module becomes a function scope
// whose exports are handed to the modules importing it. Understands the subset of module syntax src/ uses:
// `import { a, b as c } from './x.js';`, `export function|class|const|let name`, `export { a, b };`.
// Writes <outDir>/playtrace.js (IIFE, sets window.playtrace) and <outDir>/playtrace.mjs (ES module).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const IMPORT = /^import\s*\{([^}]*)\}\s*from\s*'([^']+)';?[ \t]*$/gm;
const EXPORT_DECLARATION = /^export\s+((?:async\s+)?function\*?|class|const|let)\s+([A-Za-z_$][\w$]*)/gm;
const EXPORT_LIST = /^export\s*\{([^}]*)\};?[ \t]*$/gm;
const ANY_OTHER_MODULE_SYNTAX = /^\s*(import|export)\b/m;

export function bundle(entry = join(root, 'src/index.js')) {
  const modules = new Map(); // absolute path -> { name, code }
  const visit = (file, stack) => {
    if (modules.has(file)) return;
    if (stack.includes(file)) throw new Error(`circular import: ${[...stack, file].join(' -> ')}`);
    const source = readFileSync(file, 'utf8');
    const imports = [];
    let body = source.replace(IMPORT, (match, names, from) => {
      const target = resolve(dirname(file), from);
      visit(target, [...stack, file]);
      imports.push({ names, target });
      return '';
    });
    const exported = [];
    const exportedNames = [];
    body = body.replace(EXPORT_DECLARATION, (match, kind, name) => {
      exported.push(`${name}: ${name}`);
      exportedNames.push(name);
      return `${kind} ${name}`;
    });
    body = body.replace(EXPORT_LIST, (match, names) => {
      for (const entryName of splitNames(names)) {
        const [local, as] = entryName.split(/\s+as\s+/);
        exported.push(`${as || local}: ${local}`);
        exportedNames.push(as || local);
      }
      return '';
    });
    if (ANY_OTHER_MODULE_SYNTAX.test(body)) {
      throw new Error(`${relative(root, file)}: module syntax build.mjs does not understand`);
    }
    const name = `__module${modules.size}`;
    const header = imports.map(({ names, target }) => {
      const bindings = splitNames(names).map((n) => n.replace(/\s+as\s+/, ': ')).join(', ');
      return `  const { ${bindings} } = ${modules.get(target).name};`;
    }).join('\n');
    const code = `// ${relative(root, file)}\nconst ${name} = (function () {\n${header}\n${body.trim()}\n`
      + `  return Object.freeze({ ${exported.join(', ')} });\n})();\n`;
    modules.set(file, { name, code, exportedNames });
  };
  visit(entry, []);
  const version = /SDK_VERSION = '([^']+)'/.exec(readFileSync(join(root, 'src/version.js'), 'utf8'))[1];
  const code = [...modules.values()].map((module) => module.code).join('\n');
  return { code, entryName: modules.get(entry).name, entryExports: modules.get(entry).exportedNames, version };
}

function splitNames(names) {
  return names.split(',').map((n) => n.trim()).filter(Boolean);
}

export function iife({ code, entryName, version }) {
  return `/*! Playtrace JS SDK ${version}: single-file build of sdk/js/src (build.mjs) */\n(function () {\n'use strict';\n`
    + `${code}\nvar api = ${entryName};\n`
    // served by a Playtrace server, the SDK posts to that server unless the page says otherwise
    + 'try {\n  var script = document.currentScript;\n'
    + "  if (script && script.src) api.setDefaultBeaconUrl(new URL('/v1/beacons', script.src).href);\n"
    + '} catch (ignored) { /* not in a browser page */ }\n'
    + "(typeof window !== 'undefined' ? window : globalThis).playtrace = api;\n})();\n";
}

export function esm({ code, entryName, entryExports, version }) {
  return `/*! Playtrace JS SDK ${version}: single-file ES module build of sdk/js/src (build.mjs) */\n${code}\n`
    + "try {\n  if (/^https?:/.test(import.meta.url)) "
    + `${entryName}.setDefaultBeaconUrl(new URL('/v1/beacons', import.meta.url).href);\n`
    + '} catch (ignored) { /* not served over HTTP */ }\n'
    + `export const { ${entryExports.join(', ')} } = ${entryName};\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = resolve(process.argv[2] || join(root, 'target/classes/sdk'));
  const built = bundle();
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'playtrace.js'), iife(built));
  writeFileSync(join(outDir, 'playtrace.mjs'), esm(built));
  console.log(`playtrace SDK ${built.version} built into ${relative(process.cwd(), outDir) || '.'}`);
}
