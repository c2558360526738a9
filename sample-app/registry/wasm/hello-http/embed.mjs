// Embeds the WIT world into the core module (wasm-tools component embed), passing the WIT as
// source text: `jco embed --wit` hands the tool a path it cannot open in this environment.
import { readFile, writeFile } from "node:fs/promises";
import { componentEmbed } from "/opt/jco/node_modules/@bytecodealliance/jco-transpile/dist/wasm-tools.js";

const [core, wit, out] = process.argv.slice(2, 5);
const binary = await readFile(core);
const witSource = await readFile(wit, "utf8");
const output = await componentEmbed({ binary, witSource, world: process.argv[5] });
await writeFile(out, output);
