// Embeds the WIT world into the core module (wasm-tools component embed through jco's bundled
// wasm-tools), passing the WIT as source text.
import { readFile, writeFile } from "node:fs/promises";
import { componentEmbed } from "/opt/jco/node_modules/@bytecodealliance/jco-transpile/dist/wasm-tools.js";

const [core, wit, out] = process.argv.slice(2);
const binary = await readFile(core);
const witSource = await readFile(wit, "utf8");
await writeFile(out, await componentEmbed({ binary, witSource, world: "files" }));
